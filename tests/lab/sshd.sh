#!/usr/bin/env bash
# Oriel test lab: a private OpenSSH server on 127.0.0.1 for the SSH end-to-end
# tests. Everything lives in STATE/ssh (STATE as in lab.sh); the machine's own
# sshd settings and /root/.ssh are never touched.
#
#   sshd.sh start            keys, user, config (cached), sshd up; idempotent
#   sshd.sh stop             stop our sshd and its per-connection children
#   sshd.sh env              print STATE/ssh/env (ORIEL_LAB_SSH_* lines)
#   sshd.sh stop-children    freeze them instead (a link that stalls)
#   sshd.sh kill-children    kill the sshd processes serving clients (a dropped
#                            link); the listener keeps running
#   sshd.sh rotate-hostkey [TYPE...]  new host keys (ed25519 ecdsa rsa;
#                            default all), sshd restarted
#   sshd.sh restore-hostkey  the original host keys back, sshd restarted
#   sshd.sh status           listener pid, port, connection count
#
# Logins: root by key only (id_ed25519, or id_ed25519_enc with passphrase
# lab-key-pass); user oriel-lab by password lab-ssh-pass (password or
# keyboard-interactive), who may use qemu:///system through libvirtd's socket
# group "libvirt" (set up by lab.sh when it starts libvirtd). known_hosts holds
# the original host keys, so after rotate-hostkey clients must refuse.
set -euo pipefail

STATE=${ORIEL_LAB_DIR:-/var/tmp/oriel-lab}
case $STATE in /*) ;; *) STATE=$PWD/$STATE ;; esac
DIR=$STATE/ssh
CONF=$DIR/sshd_config
PIDFILE=$DIR/sshd.pid
LOG=$DIR/sshd.log
PORTFILE=$DIR/port
ENVFILE=$DIR/env
KNOWN=$DIR/known_hosts
HOST=127.0.0.1
FIRST_PORT=2222
SSHD=/usr/sbin/sshd       # sshd re-executes itself: needs an absolute path
LAB_USER=oriel-lab
LAB_USER_PASS=lab-ssh-pass
KEY_PASS=lab-key-pass
HOSTKEY_TYPES=(ed25519 ecdsa rsa)

T0=${EPOCHREALTIME/[.,]/}
log() {
  local us=$(( ${EPOCHREALTIME/[.,]/} - T0 ))
  printf 'sshd: [%d.%02ds] %s\n' $((us / 1000000)) $((us / 10000 % 100)) "$*" >&2
}
die() { log "error: $*"; exit 1; }

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (sshd, useradd)"; }

# True if PID is alive and its command name is NAME (guards against pid reuse).
pid_is() { [ -n "$1" ] && [ -r "/proc/$1/comm" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }

# The listener's pid, or nothing.
listener_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if pid_is "$pid" sshd && alive "$pid"; then echo "$pid"; fi
}

port_listening() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

running() {
  local pid port
  pid=$(listener_pid); port=$(cat "$PORTFILE" 2>/dev/null || true)
  [ -n "$pid" ] && [ -n "$port" ] && port_listening "$port"
}

# All processes below PID (per-connection sshd children, their sessions).
descendants() {
  local c
  for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done
}

# True if PID runs (a zombie does not: here PID 1 may be slow to reap orphans).
alive() {
  local st
  st=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]
}

# Waits (up to 5 s, then SIGKILL) until none of the PIDs is alive.
wait_gone() {
  local p any
  for _ in $(seq 50); do
    any=0
    for p in "$@"; do alive "$p" && any=1; done
    [ $any -eq 1 ] || return 0
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null || true
}

# One start/stop at a time (fd 8, closed for the sshd we spawn).
take_lock() {
  exec 8>"$DIR/lock"
  flock -w 120 8 || die "another sshd.sh holds $DIR/lock"
}

# ------------------------------------------------------------------ setup ---

# Host keys and client keys, made once. Each first host key is kept as .orig
# for restore-hostkey; known_hosts always lists the original keys.
make_keys() {
  local t f
  for t in "${HOSTKEY_TYPES[@]}"; do
    f=$DIR/ssh_host_${t}_key
    if [ ! -s "$f" ] || [ ! -s "$f.pub" ]; then
      rm -f "$f" "$f.pub"
      log "generating $t host key"
      ssh-keygen -q -t "$t" -N '' -C "oriel-lab-host-$t" -f "$f"
    fi
    if [ ! -s "$f.orig" ] || [ ! -s "$f.orig.pub" ]; then
      cp -p "$f" "$f.orig.tmp" && mv "$f.orig.tmp" "$f.orig"
      cp "$f.pub" "$f.orig.pub"
    fi
  done
  if [ ! -s "$DIR/id_ed25519" ] || [ ! -s "$DIR/id_ed25519.pub" ]; then
    rm -f "$DIR/id_ed25519" "$DIR/id_ed25519.pub"
    ssh-keygen -q -t ed25519 -N '' -C oriel-lab-client -f "$DIR/id_ed25519"
  fi
  if [ ! -s "$DIR/id_ed25519_enc" ] || [ ! -s "$DIR/id_ed25519_enc.pub" ]; then
    rm -f "$DIR/id_ed25519_enc" "$DIR/id_ed25519_enc.pub"
    ssh-keygen -q -t ed25519 -N "$KEY_PASS" -C oriel-lab-client-enc -f "$DIR/id_ed25519_enc"
  fi
  cat "$DIR/id_ed25519.pub" "$DIR/id_ed25519_enc.pub" >"$DIR/authorized_keys"
}

# The password user, in group libvirt (libvirtd's read-write socket group).
ensure_user() {
  getent group libvirt >/dev/null || groupadd -r libvirt
  if ! getent passwd "$LAB_USER" >/dev/null; then
    log "creating user $LAB_USER"
    useradd -r -m -d "/home/$LAB_USER" -s /bin/sh -G libvirt "$LAB_USER"
  fi
  id -nG "$LAB_USER" | tr ' ' '\n' | grep -qx libvirt || usermod -aG libvirt "$LAB_USER"
  [ "$(getent passwd "$LAB_USER" | cut -d: -f7)" = /bin/sh ] || usermod -s /bin/sh "$LAB_USER"
  local home
  home=$(getent passwd "$LAB_USER" | cut -d: -f6)
  if [ ! -d "$home" ]; then
    mkdir -p "$home" && chown "$LAB_USER:" "$home"
  fi
  echo "$LAB_USER:$LAB_USER_PASS" | chpasswd
}

# The saved port if nothing else listens there, else the first free one from
# FIRST_PORT (our sshd is not running when this is called).
choose_port() {
  local p
  p=$(cat "$PORTFILE" 2>/dev/null || true)
  if [ -n "$p" ] && ! port_listening "$p"; then echo "$p"; return 0; fi
  for p in $(seq "$FIRST_PORT" $((FIRST_PORT + 500))); do
    port_listening "$p" || { echo "$p" >"$PORTFILE"; echo "$p"; return 0; }
  done
  die "no free port in $FIRST_PORT..$((FIRST_PORT + 500))"
}

write_config() {
  local port=$1 t
  {
    echo "# Written by Oriel's tests/lab/sshd.sh: private sshd for the SSH tests."
    echo "ListenAddress $HOST"
    echo "Port $port"
    for t in "${HOSTKEY_TYPES[@]}"; do echo "HostKey \"$DIR/ssh_host_${t}_key\""; done
    cat <<EOF
PidFile "$PIDFILE"
LogLevel VERBOSE
PubkeyAuthentication yes
PasswordAuthentication yes
# Debian's sshd offers passwords over keyboard-interactive only through PAM.
KbdInteractiveAuthentication yes
UsePAM yes
PermitRootLogin prohibit-password
# Keys for root only (oriel-lab logs in by password). The file sits in the
# state dir, whose parents (/var/tmp: mode 1777) StrictModes would refuse.
AuthorizedKeysFile none
StrictModes no
# Clients open many connections and channels (one per SPICE channel).
MaxStartups 100
MaxSessions 100
AllowTcpForwarding yes
ClientAliveInterval 0
PrintMotd no
PrintLastLog no
X11Forwarding no
Subsystem sftp /usr/lib/openssh/sftp-server
Match User root
  AuthorizedKeysFile "$DIR/authorized_keys"
EOF
  } >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
}

# known_hosts (original host keys), a client config using it, and env.
write_client_files() {
  local port=$1 t pub name=$HOST
  [ "$port" = 22 ] || name="[$HOST]:$port"
  for t in "${HOSTKEY_TYPES[@]}"; do
    pub=$DIR/ssh_host_${t}_key.orig.pub
    awk -v h="$name" '{print h, $1, $2}' "$pub"
  done >"$KNOWN.tmp"
  mv "$KNOWN.tmp" "$KNOWN"
  # For `ssh -F` or libvirt's `?command=STATE/ssh/ssh` (qemu+ssh otherwise
  # checks the host key against /root/.ssh/known_hosts).
  cat >"$DIR/ssh_config" <<EOF
# Written by Oriel's tests/lab/sshd.sh: the lab sshd's host keys, never ~/.ssh.
Host *
  Port $port
  UserKnownHostsFile "$KNOWN"
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  IdentityFile "$DIR/id_ed25519"
  IdentitiesOnly yes
EOF
  printf '#!/bin/sh\nexec ssh -F %q "$@"\n' "$DIR/ssh_config" >"$DIR/ssh"
  chmod 755 "$DIR/ssh"
  {
    printf 'ORIEL_LAB_SSH_HOST=%q\n' "$HOST"
    printf 'ORIEL_LAB_SSH_PORT=%q\n' "$port"
    printf 'ORIEL_LAB_SSH_KEY=%q\n' "$DIR/id_ed25519"
    printf 'ORIEL_LAB_SSH_KEY_ENC=%q\n' "$DIR/id_ed25519_enc"
    printf 'ORIEL_LAB_SSH_KEY_PASS=%q\n' "$KEY_PASS"
    printf 'ORIEL_LAB_SSH_USER=%q\n' "$LAB_USER"
    printf 'ORIEL_LAB_SSH_PASSWORD=%q\n' "$LAB_USER_PASS"
    printf 'ORIEL_LAB_SSH_KNOWN_HOSTS=%q\n' "$KNOWN"
    printf 'ORIEL_LAB_SSH_LOG=%q\n' "$LOG"
    printf 'ORIEL_LAB_SSH_CONFIG=%q\n' "$DIR/ssh_config"
    printf 'ORIEL_LAB_SSH_COMMAND=%q\n' "$DIR/ssh"
  } >"$ENVFILE.tmp"
  mv "$ENVFILE.tmp" "$ENVFILE"
}

# Warns when oriel-lab cannot use qemu:///system (libvirtd started without
# lab.sh's socket settings: it needs a cold start by lab.sh to pick them up).
check_user_libvirt() {
  virsh -c qemu:///system version >/dev/null 2>&1 || return 0   # no daemon yet
  if ! timeout 20 su -s /bin/sh "$LAB_USER" -c 'virsh -c qemu:///system uri' >/dev/null 2>&1; then
    log "warning: $LAB_USER cannot use qemu:///system: libvirtd lacks unix_sock_group=libvirt/auth_unix_rw=none (see lab.sh); it gets them at its next start by lab.sh"
  fi
}

start_sshd() {
  local port=$1 pid
  mkdir -p /run/sshd && chmod 755 /run/sshd   # privilege separation dir
  "$SSHD" -t -f "$CONF" || die "sshd -t rejects $CONF"
  # Stdio detached, lock fd closed: sshd forks into the background.
  # shellcheck disable=SC2094   # sshd appends to LOG, as does its stderr
  "$SSHD" -f "$CONF" -E "$LOG" </dev/null >/dev/null 2>>"$LOG" 8>&- \
    || die "sshd failed to start (see $LOG)"
  for _ in $(seq 100); do
    pid=$(listener_pid)
    if [ -n "$pid" ] && port_listening "$port"; then return 0; fi
    sleep 0.05
  done
  die "sshd did not listen on $HOST:$port (see $LOG)"
}

# Stops the listener (TERM); its per-connection children live on (they are
# in their own sessions) unless ALL is set.
stop_sshd() {
  local all=${1:-} pid kids=()
  pid=$(listener_pid)
  [ -n "$pid" ] || { rm -f "$PIDFILE"; return 0; }
  [ -z "$all" ] || mapfile -t kids < <(descendants "$pid")
  kill "$pid" 2>/dev/null || true
  [ ${#kids[@]} -eq 0 ] || kill "${kids[@]}" 2>/dev/null || true
  wait_gone "$pid" "${kids[@]}"
  rm -f "$PIDFILE"
}

# ------------------------------------------------------------- commands ----

# Brings sshd up (lock held by the caller).
start_locked() {
  local port
  if running; then
    log "already running on $HOST:$(cat "$PORTFILE") (pid $(listener_pid))"
    return 0
  fi
  command -v "$SSHD" >/dev/null || die "$SSHD missing: install openssh-server"
  stop_sshd   # a listener that lost its port, if any
  make_keys
  ensure_user
  port=$(choose_port)
  write_config "$port"
  start_sshd "$port"
  write_client_files "$port"
  check_user_libvirt
  log "listening on $HOST:$port (pid $(listener_pid)); env in $ENVFILE"
}

cmd_start() {
  need_root
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  take_lock
  start_locked
}

cmd_stop() {
  [ -d "$DIR" ] || return 0
  take_lock
  if [ -n "$(listener_pid)" ]; then log "stopping sshd ($(listener_pid))"; fi
  stop_sshd all
}

cmd_kill_children() {
  local pid kids=()
  pid=$(listener_pid)
  [ -n "$pid" ] || die "sshd is not running"
  mapfile -t kids < <(descendants "$pid")
  if [ ${#kids[@]} -eq 0 ]; then log "no connections"; return 0; fi
  log "killing ${#kids[@]} processes under the listener ($pid)"
  kill -KILL "${kids[@]}" 2>/dev/null || true
  wait_gone "${kids[@]}"
}

# Freezes (SIGSTOP) the processes serving clients: a link that stalls
# without closing, as a dead router leaves it. kill-children ends them.
cmd_stop_children() {
  local pid kids=()
  pid=$(listener_pid)
  [ -n "$pid" ] || die "sshd is not running"
  mapfile -t kids < <(descendants "$pid")
  if [ ${#kids[@]} -eq 0 ]; then log "no connections"; return 0; fi
  log "stopping ${#kids[@]} processes under the listener ($pid)"
  kill -STOP "${kids[@]}" 2>/dev/null || true
}

# New host keys of TYPEs (default: all; libssh2 1.10 prefers ECDSA, so an
# ed25519 change alone goes unnoticed by it), or all the original keys back;
# then the listener restarts. Open connections live on.
cmd_hostkey() {
  local what=$1 t f types=()
  shift
  need_root
  mkdir -p "$DIR"
  take_lock
  make_keys
  if [ "$what" = rotate ]; then
    types=("$@")
    [ ${#types[@]} -gt 0 ] || types=("${HOSTKEY_TYPES[@]}")
    for t in "${types[@]}"; do
      f=$DIR/ssh_host_${t}_key
      [ -e "$f" ] || die "unknown host key type $t (have: ${HOSTKEY_TYPES[*]})"
      rm -f "$f" "$f.pub"
      ssh-keygen -q -t "$t" -N '' -C "oriel-lab-host-$t-rotated" -f "$f"
      log "new $t host key $(ssh-keygen -l -f "$f.pub" | awk '{print $2}')"
    done
  else
    for t in "${HOSTKEY_TYPES[@]}"; do
      f=$DIR/ssh_host_${t}_key
      cp -p "$f.orig" "$f.tmp" && mv "$f.tmp" "$f"
      cp "$f.orig.pub" "$f.pub"
    done
    log "original host keys back"
  fi
  stop_sshd
  start_locked
}

cmd_status() {
  local pid
  pid=$(listener_pid)
  if [ -z "$pid" ]; then echo "sshd: not running"; return 0; fi
  echo "sshd: pid $pid on $HOST:$(cat "$PORTFILE"), $(pgrep -c -P "$pid" || true) connection(s)"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) [ -s "$ENVFILE" ] || die "no $ENVFILE: run sshd.sh start"; cat "$ENVFILE" ;;
  kill-children) cmd_kill_children ;;
  stop-children) cmd_stop_children ;;
  rotate-hostkey) shift; cmd_hostkey rotate "$@" ;;
  restore-hostkey) cmd_hostkey restore ;;
  status) cmd_status ;;
  *) echo "usage: sshd.sh {start|stop|env|kill-children|stop-children|rotate-hostkey [TYPE...]|restore-hostkey|status}" >&2; exit 2 ;;
esac
