#!/usr/bin/env bash
# Oriel test lab: a local libvirtd (qemu:///system) with tiny busybox guests
# that show a SPICE or VNC console, for end-to-end tests of the viewer.
#
#   lab.sh start [NAME...]        daemon up, guests defined, NAMEs (default:
#                                 oriel-lab-spice oriel-lab-vnc) booted + ready
#   lab.sh stop                   remove every oriel-lab-* domain; stop the
#                                 daemons only if this lab started them
#   lab.sh wait-ready NAME [S]    wait (default 60 s) for NAME's ready marker
#   lab.sh status                 list the lab domains and their state
#   lab.sh restart-daemon         restart the lab's libvirtd; guests keep running
#   lab.sh tls-env                print STATE/tls-env (ORIEL_LAB_TLS_*, _SASL_*,
#                                 _SPICE_* lines); fails when there is none
#
# Needs root (qemu:///system). State (kernel, initramfs, logs, marks) lives in
# ${ORIEL_LAB_DIR:-/var/tmp/oriel-lab}; ORIEL_LAB_TIMEOUT (120 s) bounds each
# guest's boot in `start`. Readiness: the guest prints ORIEL-LAB-READY on its
# serial port once its screen is final; libvirt logs that port to
# STATE/NAME-serial.log, truncated at each domain start (not at a guest reset).
#
# Guests: oriel-lab-spice (SPICE, qxl), oriel-lab-vnc (VNC, vga), and the same
# with the display password labpass1: oriel-lab-spice-pw, oriel-lab-vnc-pw.
# oriel-lab-edit is a copy of oriel-lab-spice for tests that change a domain's
# definition (tests/e2e/test-edit.c, test-settings.c); oriel-lab-vnc-load is
# a sixth guest for tests/bench/load.sh. oriel-lab-multi (SPICE, virtio-gpu
# with two heads) is for multi-monitor tests: it loads the GPU driver and runs
# a minimal SPICE agent, so a client's monitors config turns its second head
# on. oriel-lab-spice-tls is oriel-lab-spice with TLS only (defaultMode
# secure: a tls-port and no plain port). oriel-lab-power (VNC) powers off on
# ACPI's power button, for tests of shut down (tests/e2e/test-domains.c). Like every guest they are
# (re)defined from their pristine XML at each `start`, but only booted when
# named.
#
# TLS and credentials: the lab makes a PKI once in STATE/pki (openssl): a lab
# CA, an unrelated "other" CA, a libvirtd server certificate and a SPICE one
# (STATE/pki/spice, QEMU's layout; subject in STATE/pki/spice-subject, in
# spice-gtk's cert-subject form), and client pkipath folders (pki/client:
# cacert.pem = lab CA; pki/client-other: the other CA). A libvirtd the lab
# starts gets --listen and --config STATE/libvirtd.conf: the machine's
# libvirtd.conf plus the lab's socket settings and a TLS listener on
# 127.0.0.1:TLS_PORT (16614, or ORIEL_LAB_TLS_PORT) that wants no client
# certificate but SASL (SCRAM-SHA-256 or DIGEST-MD5): user oriel-lab,
# password lab-sasl-pass (SASL_CONF_PATH=STATE/sasl: config and sasldb). QEMU
# gets SPICE TLS from /etc/libvirt/qemu.conf, which the lab writes only when
# absent or written by it; a user's own file is left alone, and then there is
# no SPICE TLS (oriel-lab-spice-tls cannot boot). STATE/tls-env (one
# KEY=VALUE a line, values raw, not shell-quoted: the SPICE subject has
# spaces) is written only when the listener accepted the lab's credentials;
# the SPICE lines and ORIEL_LAB_SPICE_TLS=1 only when QEMU has SPICE TLS.
set -euo pipefail

STATE=${ORIEL_LAB_DIR:-/var/tmp/oriel-lab}
case $STATE in /*) ;; *) STATE=$PWD/$STATE ;; esac   # domain XML needs absolute paths
URI=qemu:///system
MARKER=ORIEL-LAB-READY
PASSWORD=labpass1
ALL_DOMAINS=(oriel-lab-spice oriel-lab-vnc oriel-lab-vnc-pw oriel-lab-spice-pw oriel-lab-edit
             oriel-lab-vnc-load oriel-lab-multi oriel-lab-spice-tls oriel-lab-power)
DEFAULT_DOMAINS=(oriel-lab-spice oriel-lab-vnc)
START_TIMEOUT=${ORIEL_LAB_TIMEOUT:-120}   # per guest, seconds
# What oriel-lab-multi's /init loads (dependencies are added): the GPU driver
# for its heads, and virtio_console for the SPICE agent's port; button and
# evdev are oriel-lab-power's, whose /init powers off on ACPI's power button.
MULTI_MODULES=(virtio_pci virtio_gpu virtio_console button evdev)
# libvirtd's TLS listener: loopback only, a port clear of libvirt's 16514.
TLS_HOST=127.0.0.1
TLS_PORT=${ORIEL_LAB_TLS_PORT:-16614}
TLS_URI=qemu+tls://$TLS_HOST:$TLS_PORT/system
SASL_USER=oriel-lab
SASL_PASS=lab-sasl-pass
# What libvirtd offers, by libvirt's names (a client may force one with
# ?auth=sasl.NAME); libvirt's client picks SCRAM-SHA-256 by itself.
SASL_MECHS=(SCRAM-SHA-256 DIGEST-MD5)
PKI=$STATE/pki
# As spice-gtk's cert-subject wants it: RDNs in the certificate's order,
# comma-separated, no spaces around the commas.
SPICE_SUBJECT='C=XX,O=Oriel Lab,CN=oriel-lab-spice'
QEMU_CONF=/etc/libvirt/qemu.conf
QEMU_CONF_HEADER="# Written by Oriel's tests/lab/lab.sh"

T0=${EPOCHREALTIME/[.,]/}
# Messages carry the seconds since this lab.sh began.
log() {
  local us=$(( ${EPOCHREALTIME/[.,]/} - T0 ))
  printf 'lab: [%d.%01ds] %s\n' $((us / 1000000)) $((us / 100000 % 10)) "$*" >&2
}
die() { log "error: $*"; exit 1; }
virsh_() { virsh -q -c "$URI" "$@"; }

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (qemu:///system)"; }

is_lab_domain() {
  local d
  for d in "${ALL_DOMAINS[@]}"; do [ "$d" = "$1" ] && return 0; done
  return 1
}

# "running", "shut off", ... or "" when the domain does not exist.
domstate() { virsh_ domstate "$1" 2>/dev/null | head -n1 || true; }

# One start/stop at a time (fd 9, closed for the daemons we spawn).
take_lock() {
  exec 9>"$STATE/lab.lock"
  flock -w 600 9 || die "another lab.sh start/stop holds $STATE/lab.lock"
}

# True if PID is alive and its command name is NAME (guards against pid reuse).
pid_is() { [ -n "$1" ] && [ -r "/proc/$1/comm" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }

# Writes stdin to FILE unless FILE already holds exactly that (mode 0644);
# true if it wrote.
put_file() {
  local new
  new=$(mktemp "$1.XXXXXX")
  cat >"$new"
  if cmp -s "$new" "$1"; then rm -f "$new"; return 1; fi
  chmod 644 "$new" && mv "$new" "$1"
}

# ------------------------------------------------------------------ PKI -----

# An openssl config: SUBJECT (spice-gtk form: RDNs in order, comma-separated)
# as the distinguished name, and the extension lines EXT... in section [ext].
# Our own, so the machine's openssl.cnf adds nothing.
pki_conf() {
  local subject=$1 rdn
  shift
  printf '[req]\nprompt = no\ndistinguished_name = dn\n[dn]\n'
  IFS=, read -ra rdn <<<"$subject"
  printf '%s\n' "${rdn[@]}"
  printf '[ext]\n'
  printf '%s\n' "$@"
}

# DIR/NAME-key.pem (RSA, 0600) and DIR/NAME-cert.pem for SUBJECT with the
# extension lines EXT..., signed by CA (a path prefix: CA-key.pem and
# CA-cert.pem) or, with CA empty, self-signed. Valid for ten years.
pki_cert() {
  local dir=$1 name=$2 ca=$3 subject=$4 conf
  shift 4
  conf=$(mktemp "$dir/conf.XXXXXX")
  pki_conf "$subject" "$@" >"$conf"
  (umask 077 && openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
     -out "$dir/$name-key.pem") || die "openssl genpkey failed"
  if [ -z "$ca" ]; then
    openssl req -new -x509 -config "$conf" -extensions ext -key "$dir/$name-key.pem" \
      -days 3650 -set_serial "0x$(openssl rand -hex 8)" -out "$dir/$name-cert.pem" \
      || die "openssl req -x509 ($name) failed"
  else
    openssl req -new -config "$conf" -key "$dir/$name-key.pem" \
      | openssl x509 -req -CA "$ca-cert.pem" -CAkey "$ca-key.pem" -extfile "$conf" -extensions ext \
          -days 3650 -set_serial "0x$(openssl rand -hex 8)" -out "$dir/$name-cert.pem" 2>/dev/null \
      || die "openssl x509 -req ($name) failed"
  fi
  rm -f "$conf"
}

PKI_FILES=(ca-cert.pem ca-key.pem other-ca-cert.pem other-ca-key.pem server-cert.pem server-key.pem
           spice/ca-cert.pem spice/server-cert.pem spice/server-key.pem spice-subject
           client/cacert.pem client-other/cacert.pem)

# STATE/pki, made once (all of it again if a file is missing: the certificates
# must share their CA). Built in a temporary folder, then renamed into place.
# libvirtd checks its certificate's extensions at start (server: not a CA,
# digitalSignature + keyEncipherment, serverAuth), and clients match 127.0.0.1
# or localhost against the subjectAltName. QEMU wants the SPICE folder's file
# names; libvirt's clients want pkipath/cacert.pem (with no client
# certificate asked for, nothing else).
make_pki() {
  local f tmp ca server
  for f in "${PKI_FILES[@]}"; do
    [ -s "$PKI/$f" ] || break
  done
  [ -s "$PKI/$f" ] && return 0
  command -v openssl >/dev/null || die "the lab's certificates need openssl: install it"
  log "generating the lab PKI in $PKI"
  rm -rf "$STATE"/pki.??????   # an earlier run's, cut short: keys inside
  tmp=$(mktemp -d "$STATE/pki.XXXXXX")
  chmod 755 "$tmp"
  ca=("basicConstraints = critical, CA:TRUE" "keyUsage = critical, keyCertSign, cRLSign"
      "subjectKeyIdentifier = hash")
  server=("basicConstraints = critical, CA:FALSE"
          "keyUsage = critical, digitalSignature, keyEncipherment"
          "extendedKeyUsage = serverAuth" "subjectAltName = IP:127.0.0.1, DNS:localhost"
          "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid")
  pki_cert "$tmp" ca '' 'C=XX,O=Oriel Lab,CN=Oriel Lab CA' "${ca[@]}"
  pki_cert "$tmp" other-ca '' 'C=XX,O=Oriel Lab Other,CN=Oriel Lab Other CA' "${ca[@]}"
  pki_cert "$tmp" server "$tmp/ca" 'C=XX,O=Oriel Lab,CN=oriel-lab-libvirtd' "${server[@]}"
  mkdir -p "$tmp/spice" "$tmp/client" "$tmp/client-other"
  pki_cert "$tmp/spice" server "$tmp/ca" "$SPICE_SUBJECT" "${server[@]}"
  cp "$tmp/ca-cert.pem" "$tmp/spice/ca-cert.pem"
  cp "$tmp/ca-cert.pem" "$tmp/client/cacert.pem"
  cp "$tmp/other-ca-cert.pem" "$tmp/client-other/cacert.pem"
  printf '%s' "$SPICE_SUBJECT" >"$tmp/spice-subject"   # exactly the string: no newline
  chmod 755 "$tmp"/*/
  chmod 644 "$tmp"/*-cert.pem "$tmp"/*/cacert.pem "$tmp"/spice/*-cert.pem "$tmp/spice-subject"
  rm -rf "$PKI" && mv "$tmp" "$PKI"
}

# ---------------------------------------------------------------- daemons ---

# Starts DAEMON (virtlogd or libvirtd) in the background and records its pid in
# $STATE/DAEMON.started so that `stop` only ever stops what the lab started.
# COMMAND is the daemon's command line (env and taskset prefixes, --config),
# sans -d.
start_daemon() {
  local name=$1 pidfile=/run/$1.pid pid
  shift
  log "starting $name"
  # Own log file; stdio detached so callers reading our output never hang, and
  # the lock fd 9 closed, or the daemon would hold the lab lock forever.
  LIBVIRT_LOG_OUTPUTS="3:file:$STATE/$name.log" "$@" -d </dev/null >/dev/null 2>&1 9>&- \
    || die "$name -d failed (see $STATE/$name.log)"
  for _ in $(seq 50); do
    pid=$(cat "$pidfile" 2>/dev/null || true)
    pid_is "$pid" "$name" && { echo "$pid" >"$STATE/$name.started"; return 0; }
    sleep 0.1
  done
  die "$name did not write $pidfile"
}

# Socket access for local users in group "libvirt" (sshd.sh's oriel-lab, who
# reaches qemu:///system over SSH), with no polkit: there is no D-Bus here.
LIBVIRTD_SETTINGS='unix_sock_group = "libvirt"
unix_sock_rw_perms = "0770"
auth_unix_rw = "none"
auth_unix_ro = "none"'

# The TLS listener: the lab's server certificate; no client certificate
# wanted (clients need only the CA), SASL for the user instead.
libvirtd_tls_settings() {
  cat <<EOF
listen_tls = 1
listen_tcp = 0
listen_addr = "$TLS_HOST"
tls_port = "$TLS_PORT"
key_file = "$PKI/server-key.pem"
cert_file = "$PKI/server-cert.pem"
ca_file = "$PKI/ca-cert.pem"
tls_no_verify_certificate = 1
auth_tls = "sasl"
EOF
}

# A libvirtd.conf without the keys the lab sets (and the TLS ones it must not
# inherit: a CRL, allowed-DN or -username lists), a list spanning lines
# included.
libvirtd_conf_strip() {
  awk '
    skip { if ($0 ~ /\]/) skip = 0; next }
    /^[[:space:]]*(unix_sock_group|unix_sock_rw_perms|auth_unix_rw|auth_unix_ro|listen_tls|listen_tcp|listen_addr|key_file|cert_file|ca_file|crl_file|tls_[a-z_]+|auth_tls|sasl_allowed_username_list)[[:space:]]*=/ {
      if ($0 ~ /\[/ && $0 !~ /\]/) skip = 1
      next
    }
    { print }' "$1"
}

# Cyrus SASL's config for the application "libvirt" in a folder of ours
# (libvirtd gets SASL_CONF_PATH, so /etc/sasl2/libvirt.conf stays as it is),
# and the lab user's sasldb. Its entries carry a realm, by default the host's
# name, in saslpasswd2 as in libvirtd: the db is remade when the name changes.
sasl_config() {
  local dir=$STATE/sasl host
  command -v saslpasswd2 >/dev/null || die "the TLS listener's SASL needs saslpasswd2: install sasl2-bin"
  mkdir -p "$dir"
  printf 'mech_list: %s\nsasldb_path: %s\n' "${SASL_MECHS[*]}" "$dir/sasldb2" | put_file "$dir/libvirt.conf" || true
  host=$(hostname)
  if [ ! -s "$dir/sasldb2" ] || [ "$(cat "$dir/sasldb2.host" 2>/dev/null)" != "$host" ]; then
    rm -f "$dir/sasldb2"
    (umask 077 && printf '%s' "$SASL_PASS" \
       | SASL_CONF_PATH=$dir saslpasswd2 -p -a libvirt -f "$dir/sasldb2" -c "$SASL_USER") \
      || die "saslpasswd2 failed"
    echo "$host" >"$dir/sasldb2.host"
  fi
}

# Sets LIBVIRTD_ARGS: --listen, and --config with STATE/libvirtd.conf, a copy
# of /etc/libvirt/libvirtd.conf with the lab's socket and TLS settings in
# place of its own: a user's file is never changed. (Absent, it is written
# with the socket settings, for a libvirtd started by hand.)
LIBVIRTD_ARGS=()
libvirtd_config() {
  local etc=/etc/libvirt/libvirtd.conf
  if [ ! -e "$etc" ]; then
    mkdir -p /etc/libvirt
    printf '%s\n%s\n' "# Written by Oriel's tests/lab/lab.sh (file was absent): local users in group
# libvirt may use the read-write socket, without polkit (no D-Bus here)." "$LIBVIRTD_SETTINGS" >"$etc"
  fi
  { libvirtd_conf_strip "$etc"
    printf '# Oriel lab (tests/lab/lab.sh) settings:\n%s\n' "$LIBVIRTD_SETTINGS"
    libvirtd_tls_settings
  } | put_file "$STATE/libvirtd.conf" || true
  sasl_config
  LIBVIRTD_ARGS=(--listen --config "$STATE/libvirtd.conf")
}

# /etc/libvirt/qemu.conf, which libvirtd reads at start and only there: the
# lab writes it when absent or when its first line is still the lab's header
# (so it follows the lab's changes), never a user's own. Sets SPICE_TLS=1
# when the file is the lab's: SPICE guests get a tls-port with STATE/pki/spice.
SPICE_TLS=0
qemu_config() {
  local first=
  SPICE_TLS=0
  if [ -e "$QEMU_CONF" ]; then
    IFS= read -r first <"$QEMU_CONF" || true
    case $first in
      "$QEMU_CONF_HEADER"*) ;;
      *) log "$QEMU_CONF is not the lab's: left alone, so no SPICE TLS (oriel-lab-spice-tls cannot boot)"
         return 0 ;;
    esac
  fi
  mkdir -p /etc/libvirt
  if put_file "$QEMU_CONF" <<EOF
$QEMU_CONF_HEADER (file was absent), and kept up to date
# by it while this line comes first: run guests as root, no security driver
# (no systemd, no SELinux/AppArmor here); SPICE with TLS, the lab's certificates.
user = "root"
group = "root"
security_driver = "none"
remember_owner = 0
spice_tls = 1
spice_tls_x509_cert_dir = "$PKI/spice"
EOF
  then log "wrote $QEMU_CONF"; fi
  SPICE_TLS=1
}

# True if the running libvirtd is the one the lab started.
lab_libvirtd() { pid_is "$(cat "$STATE/libvirtd.started" 2>/dev/null || true)" libvirtd; }

# What a libvirtd started now would run with: its arguments, config files
# and certificates. Kept in STATE/libvirtd.stamp at its start, so `start`
# sees a lab daemon with older settings (an older lab.sh, a changed
# qemu.conf, new certificates) and restarts it.
libvirtd_stamp() {
  { printf '%s\n' "${LIBVIRTD_ARGS[@]}"
    cat "$STATE/libvirtd.conf" "$STATE/sasl/libvirt.conf" "$QEMU_CONF" \
      "$PKI/server-cert.pem" "$PKI/spice/server-cert.pem" 2>/dev/null || true
  } | sha256sum | cut -d' ' -f1
}

# Starts libvirtd with LIBVIRTD_ARGS (libvirtd_config first) and waits for
# it to answer.
launch_libvirtd() {
  # libvirtd keeps QEMU's probed capabilities in /var/cache/libvirt but throws
  # them away when the CPUID it reads differs from the cached one; on this VM
  # the CPUs differ (APIC ids), so a libvirtd started on another CPU than last
  # time re-probes QEMU: 8 s before it answers. Start it on one fixed CPU, then
  # give its threads all CPUs back (guests get all CPUs from libvirt anyway).
  local cpus first cmd=(libvirtd "${LIBVIRTD_ARGS[@]}")
  cpus=$(taskset -pc $$ 2>/dev/null | sed 's/.*: //') || cpus=
  first=${cpus%%[,-]*}
  [ -z "$first" ] || cmd=(taskset -c "$first" "${cmd[@]}")
  # Cyrus SASL reads the "libvirt" application's config from SASL_CONF_PATH.
  start_daemon libvirtd env SASL_CONF_PATH="$STATE/sasl" "${cmd[@]}"
  libvirtd_stamp >"$STATE/libvirtd.stamp"
  for _ in $(seq 100); do
    if virsh -c "$URI" version >/dev/null 2>&1; then
      [ -z "$first" ] || taskset -a -p -c "$cpus" "$(cat "$STATE/libvirtd.started")" >/dev/null 2>&1 || true
      return 0
    fi
    sleep 0.2
  done
  die "libvirtd started but $URI does not answer (see $STATE/libvirtd.log)"
}

# STATE/tls-env, once the TLS listener has let the lab's user in (TLS with
# the lab CA, then SASL); else none, and the tests that need it skip. The
# check's credentials sit in a temporary auth file, gone right after.
publish_tls_env() {
  local env=$STATE/tls-env tmp rc=0
  if ! lab_libvirtd; then
    rm -f "$env"
    log "libvirtd was not started by the lab: no TLS listener, no $env"
    return 0
  fi
  tmp=$(mktemp -d "$STATE/tls-check.XXXXXX")
  printf '[credentials-lab]\nauthname=%s\npassword=%s\n\n[auth-libvirt-%s]\ncredentials=lab\n' \
    "$SASL_USER" "$SASL_PASS" "$TLS_HOST" >"$tmp/auth.conf"
  LIBVIRT_AUTH_FILE=$tmp/auth.conf timeout 30 virsh -c "$TLS_URI?pkipath=$PKI/client" uri \
    </dev/null >/dev/null 2>"$tmp/err" || rc=$?
  if [ $rc -ne 0 ]; then
    rm -f "$env"
    log "warning: $TLS_URI refused the lab's CA or credentials, no $env: $(grep -m1 . "$tmp/err" || true)"
    rm -rf "$tmp"
    return 0
  fi
  rm -rf "$tmp"
  {
    echo "ORIEL_LAB_TLS_URI=$TLS_URI"
    echo "ORIEL_LAB_TLS_HOST=$TLS_HOST"
    echo "ORIEL_LAB_TLS_PORT=$TLS_PORT"
    echo "ORIEL_LAB_TLS_PKI=$PKI/client"
    echo "ORIEL_LAB_TLS_PKI_OTHER=$PKI/client-other"
    echo "ORIEL_LAB_CA=$PKI/ca-cert.pem"
    echo "ORIEL_LAB_OTHER_CA=$PKI/other-ca-cert.pem"
    echo "ORIEL_LAB_SASL_USER=$SASL_USER"
    echo "ORIEL_LAB_SASL_PASS=$SASL_PASS"
    echo "ORIEL_LAB_SASL_MECHS=$(IFS=,; echo "${SASL_MECHS[*]}")"
    echo "ORIEL_LAB_LIBVIRTD_LOG=$STATE/libvirtd.log"
    if [ "$SPICE_TLS" = 1 ]; then
      echo "ORIEL_LAB_SPICE_TLS=1"
      echo "ORIEL_LAB_SPICE_CA=$PKI/spice/ca-cert.pem"
      echo "ORIEL_LAB_SPICE_SUBJECT=$SPICE_SUBJECT"
    fi
  } >"$env.tmp"
  mv "$env.tmp" "$env"
}

ensure_libvirtd() {
  need_root
  make_pki
  qemu_config
  libvirtd_config
  if virsh -c "$URI" version >/dev/null 2>&1; then
    # Somebody's daemon answers: used untouched, unless it is the lab's and
    # was started with other settings than the lab's current ones.
    if lab_libvirtd && [ "$(libvirtd_stamp)" != "$(cat "$STATE/libvirtd.stamp" 2>/dev/null || true)" ]; then
      log "the lab's libvirtd was started with other settings (TLS listener, qemu.conf, certificates): restarting it; guests keep running"
      stop_daemons libvirtd
      launch_libvirtd
    fi
    publish_tls_env
    return 0
  fi
  log "libvirtd for $URI does not answer; setting it up"
  # The QEMU driver refuses to load without the libvirt-qemu user.
  getent group kvm >/dev/null || groupadd -r kvm
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  getent passwd libvirt-qemu >/dev/null \
    || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
  getent group libvirt >/dev/null || groupadd -r libvirt   # libvirtd's socket group
  mkdir -p /run/libvirt /var/log/libvirt /var/lib/libvirt/images /var/cache/libvirt
  # Guests' serial logs go through virtlogd; start it unless one is running.
  if ! pid_is "$(cat /run/virtlogd.pid 2>/dev/null || true)" virtlogd; then
    start_daemon virtlogd virtlogd
  fi
  launch_libvirtd
  publish_tls_env
}

# Stops the daemons NAME... that the lab started (pid in $STATE/NAME.started),
# all at once (each takes about 2 s to exit); SIGKILL after 10 s.
stop_daemons() {
  local name pid i alive names=() pids=()
  for name in "$@"; do
    [ -e "$STATE/$name.started" ] || continue
    pid=$(cat "$STATE/$name.started")
    if pid_is "$pid" "$name"; then
      log "stopping $name ($pid)"
      kill "$pid" 2>/dev/null || true
      names+=("$name"); pids+=("$pid")
    fi
  done
  for _ in $(seq 100); do
    alive=0
    for i in "${!pids[@]}"; do pid_is "${pids[$i]}" "${names[$i]}" && alive=1; done
    [ $alive -eq 1 ] || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if pid_is "${pids[$i]}" "${names[$i]}"; then kill -KILL "${pids[$i]}" 2>/dev/null || true; fi
  done
  for name in "$@"; do rm -f "$STATE/$name.started"; done
}

# ---------------------------------------------------------- guest images ----

# PID 1 of the guest. The kernel cmdline carries oriel_lab=NAME so the screen
# can say which guest it is, and oriel-lab-multi does its extra setup.
guest_init() {
  cat <<'EOF'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
dmesg -n 1    # keep late kernel messages (TCG clock warnings...) off the screen

# The modules in /lib/modules/order (dependencies first); the GPU driver's
# framebuffer console takes tty1 over once fb0 is there.
load_modules() {
  for m in $(cat /lib/modules/order); do insmod "/lib/modules/$m.ko"; done
}

wait_for_fb() {
  i=0
  while [ ! -e /sys/class/graphics/fb0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

# ACPI's power button (libvirt's "shut down" without a guest agent): power
# off on its first event, as a system with acpid does.
power_button() {
  i=0
  while [ $i -lt 100 ]; do
    for d in /sys/class/input/event*; do
      [ "$(cat "$d/device/name" 2>/dev/null)" = "Power Button" ] || continue
      dd if="/dev/input/${d##*/}" bs=24 count=1 >/dev/null 2>&1
      printf '\nORIEL-LAB-POWER-BUTTON\n' >/dev/ttyS0
      poweroff -f
    done
    sleep 0.05; i=$((i + 1))
  done
}

# The SPICE agent's port device, once virtio_console has named it (the host
# announces ports after the module has loaded).
spice_port() {
  i=0
  while [ $i -lt 100 ]; do
    for p in /sys/class/virtio-ports/*; do
      [ "$(cat "$p/name" 2>/dev/null)" = com.redhat.spice.0 ] && { echo "/dev/${p##*/}"; return 0; }
    done
    sleep 0.05; i=$((i + 1))
  done
  return 1
}

# A stand-in for the SPICE agent. spice-server reports an agent while the
# guest holds the port open, and only then does a client send its monitors
# config (QEMU turns virtio-gpu heads on/off and sizes them by it). A client's
# capability announcement (message type 6) gets ours, all else is dropped.
# Ours: chunk {port 1, size 28}, message {protocol 1, type 6, opaque 0,
# size 8}, {request 0, caps MONITORS_CONFIG|SPARSE_MONITORS_CONFIG}. SPARSE
# makes spice-gtk send each display at its own index (else only the enabled
# ones, packed: display 2 alone would land on head 0). The answer waits 1 s:
# spice-gtk resends its config on it, and virt-viewer's displays count as
# disabled from their channel's start to their first frame; a config sent in
# between turns every head off.
spice_agent() {
  caps='\001\0\0\0\034\0\0\0\001\0\0\0\006\0\0\0\0\0\0\0\0\0\0\0\010\0\0\0\0\0\0\0\202\0\0\0'
  port=$(spice_port) || return 0
  exec 3<>"$port"
  while :; do
    # One read is one message from the host: port, size, protocol, type.
    set -- $(dd bs=4096 count=1 <&3 2>/dev/null | od -An -tu4 -N16)
    case ${4:-} in
      6) sleep 1; printf "$caps" >&3 ;;
      '') sleep 1 ;;   # end of file: nothing on the host side yet
    esac
  done
}

name=unknown
for a in $(cat /proc/cmdline); do
  case $a in oriel_lab=*) name=${a#oriel_lab=} ;; esac
done
if [ "$name" = oriel-lab-multi ]; then
  load_modules
  wait_for_fb
  spice_agent &
fi
if [ "$name" = oriel-lab-power ]; then
  load_modules
  power_button &
fi
# Static screen: clear, hide the cursor, marker, guest name, then a shell.
# `setsid -c` makes the redirected stdin the controlling tty. (`cttyhack` is no
# use here: it picks the last console in /sys/class/tty/console/active, i.e.
# ttyS0, whatever its stdin is, so both shells would land on the serial port.)
printf '\033[H\033[J\033[?25l' >/dev/tty1
printf 'ORIEL-LAB-READY\nOriel lab guest: %s\n' "$name" >/dev/tty1
# A second console with a line on it: the kernel only switches to allocated
# consoles, and Ctrl+Alt+F2 / F1 from a viewer's Send Key menu then show.
printf '\033[H\033[J\033[?25lOriel lab guest %s: second console (tty2)\n' "$name" >/dev/tty2
(while :; do setsid -c sh -i </dev/tty1 >/dev/tty1 2>&1; sleep 1; done) &
sleep 0.5     # let the screen's prompt appear before announcing readiness
printf '\nORIEL-LAB-READY\n' >/dev/ttyS0
while :; do setsid -c sh -i </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done
EOF
}

# A module file's contents, uncompressed (busybox insmod reads plain .ko only).
ko_cat() {
  case $1 in
    *.xz) xz -dc "$1" ;;
    *.zst) zstd -qdc "$1" ;;
    *) cat "$1" ;;
  esac
}

# Copies NAME (a module name, `_` for the file's `-`), its dependencies
# first, from KO (name -> file) into directory OUT as NAME.ko, and appends
# the names in load order to OUT/order. There is no modules.dep in the .deb
# (depmod makes it at install) and no kmod here: the deps come from the
# module's own .modinfo strings.
copy_module() {
  local name=$1 out=$2 dep
  grep -qx "$name" "$out/order" 2>/dev/null && return 0
  [ -n "${KO[$name]:-}" ] || die "the guest kernel has no module $name"
  ko_cat "${KO[$name]}" >"$out/$name.ko"
  for dep in $(tr '\0' '\n' <"$out/$name.ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
    copy_module "$dep" "$out"
  done
  echo "$name" >>"$out/order"
}

# MULTI_MODULES and their dependencies from the unpacked kernel package DIR
# into directory OUT.
extract_modules() {
  local f n
  declare -gA KO=()
  while IFS= read -r f; do
    n=${f##*/}; n=${n%%.ko*}; KO[${n//-/_}]=$f
  done < <(find "$1"/lib/modules/*/kernel -name '*.ko*')
  mkdir -p "$2"
  for n in "${MULTI_MODULES[@]}"; do copy_module "$n" "$2"; done
  echo "${MULTI_MODULES[*]}" >"$2/wanted"
}

# The kernel and the modules oriel-lab-multi loads, from one package (a
# module only loads into its own kernel build).
build_kernel() {
  [ -s "$STATE/vmlinuz" ] && [ "$(cat "$STATE/modules/wanted" 2>/dev/null)" = "${MULTI_MODULES[*]}" ] \
    && return 0
  local pkg tmp
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null \
          | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
  if [ -z "$pkg" ]; then
    apt-get update -qq
    pkg=$(apt-cache depends linux-image-amd64 \
            | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
  fi
  [ -n "$pkg" ] || die "cannot find the kernel package behind linux-image-amd64"
  log "downloading guest kernel $pkg"
  tmp=$(mktemp -d "$STATE/kernel.XXXXXX")
  (cd "$tmp" && apt-get download -qq "$pkg" 2>/dev/null) || { rm -rf "$tmp"; die "apt-get download $pkg failed"; }
  dpkg-deb -x "$tmp"/*.deb "$tmp/x"
  extract_modules "$tmp/x" "$tmp/modules"
  cp "$tmp"/x/boot/vmlinuz-* "$STATE/vmlinuz.tmp" && mv "$STATE/vmlinuz.tmp" "$STATE/vmlinuz"
  rm -rf "$STATE/modules" && mv "$tmp/modules" "$STATE/modules"   # its `wanted`: complete
  echo "$pkg" >"$STATE/vmlinuz.pkg"
  rm -rf "$tmp"
}

# Rebuilt whenever the /init text above changes (its copy is kept next to it).
build_initrd() {
  local bb=/bin/busybox root a
  if [ -s "$STATE/initrd.img" ] && [ -e "$STATE/initrd.init" ] \
     && guest_init | cmp -s - "$STATE/initrd.init"; then
    return 0
  fi
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' \
    || die "the guest needs a static /bin/busybox: install busybox-static"
  log "building guest initramfs"
  root=$(mktemp -d "$STATE/initrd.XXXXXX")
  mkdir -p "$root"/{bin,dev,proc,sys,tmp,root}
  cp "$bb" "$root/bin/busybox"
  for a in $("$bb" --list); do
    [ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"
  done
  mknod -m 600 "$root/dev/console" c 5 1   # init's stdio before devtmpfs
  guest_init >"$root/init"
  chmod 755 "$root/init"
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) >"$STATE/initrd.img.tmp"
  mv "$STATE/initrd.img.tmp" "$STATE/initrd.img"
  guest_init >"$STATE/initrd.init"
  rm -rf "$root"
}

# The initramfs of every guest, then oriel-lab-multi's: the same plus a
# second archive with the modules in /lib/modules (the kernel unpacks
# concatenated archives), so the other guests do not unpack modules.
build_initrds() {
  build_initrd
  [ "$STATE/initrd-multi.img" -nt "$STATE/initrd.img" ] \
    && [ "$STATE/initrd-multi.img" -nt "$STATE/modules/wanted" ] && return 0
  local root
  root=$(mktemp -d "$STATE/initrd.XXXXXX")
  mkdir -p "$root/lib"
  cp -r "$STATE/modules" "$root/lib/modules"
  { cat "$STATE/initrd.img"
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -9)
  } >"$STATE/initrd-multi.img.tmp"
  mv "$STATE/initrd-multi.img.tmp" "$STATE/initrd-multi.img"
  rm -rf "$root"
}

# ------------------------------------------------------------- domains ------

domain_xml() {
  local name=$1 uuid=${2:-} graphics video passwd='' initrd=$STATE/initrd.img extra='' features=''
  case $name in *-pw) passwd=" passwd='$PASSWORD'" ;; esac
  case $name in
    oriel-lab-multi)
      graphics="<graphics type='spice' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>"
      # The guest's framebuffer console keeps the size of head 0's first mode
      # (QEMU's xres x yres) and no head gets a larger mode: with 1600x1200
      # (xorg-session.sh's monitors) heads follow a client's sizes up to that.
      video="<model type='virtio' heads='2'>
        <resolution x='1600' y='1200'/>
      </model>"
      initrd=$STATE/initrd-multi.img
      # The agent's port: clients send monitors configs through it.
      extra="<channel type='spicevmc'>
      <target type='virtio' name='com.redhat.spice.0'/>
    </channel>" ;;
    oriel-lab-power)
      # VNC, and the modules for ACPI's power button: it shuts down when asked.
      graphics="<graphics type='vnc' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>"
      video="<model type='vga'/>"
      initrd=$STATE/initrd-multi.img
      features="
  <features><acpi/></features>" ;;
    oriel-lab-spice-tls)
      # TLS only: libvirt gives it a tls-port and no plain port.
      graphics="<graphics type='spice' autoport='yes' defaultMode='secure' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>"
      video="<model type='qxl' heads='1'/>" ;;
    oriel-lab-spice*|oriel-lab-edit)
      graphics="<graphics type='spice' autoport='yes' listen='127.0.0.1'$passwd>
      <listen type='address' address='127.0.0.1'/>
    </graphics>"
      video="<model type='qxl' heads='1'/>" ;;
    oriel-lab-vnc*)
      graphics="<graphics type='vnc' autoport='yes' listen='127.0.0.1'$passwd>
      <listen type='address' address='127.0.0.1'/>
    </graphics>"
      video="<model type='vga'/>" ;;
    *) die "unknown lab domain $name" ;;
  esac
  cat <<EOF
<domain type='qemu'>
  <name>$name</name>${uuid:+
  <uuid>$uuid</uuid>}
  <description>Oriel test lab guest (tests/lab/lab.sh)</description>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$STATE/vmlinuz</kernel>
    <initrd>$initrd</initrd>
    <cmdline>console=tty1 console=ttyS0 quiet consoleblank=0 vt.global_cursor_default=0 oriel_lab=$name</cmdline>
  </os>$features
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type='pty'>
      <log file='$STATE/$name-serial.log' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    $graphics${extra:+
    $extra}
    <video>
      $video
    </video>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

define_domains() {
  local d xml
  for d in "${ALL_DOMAINS[@]}"; do
    xml=$(mktemp "$STATE/$d.XXXXXX.xml")
    # Redefining an existing domain needs its UUID, or libvirt sees a clash.
    domain_xml "$d" "$(virsh_ domuuid "$d" 2>/dev/null || true)" >"$xml"
    virsh_ define "$xml" >/dev/null || { rm -f "$xml"; die "virsh define $d failed"; }
    rm -f "$xml"
  done
}

# ------------------------------------------------------------ commands -------

# A boot seen ready is remembered by the domain's id (new at every start):
# much serial output makes virtlogd rotate the log and lose the marker.
boot_is_ready() {
  local name=$1 log=$STATE/$1-serial.log id stamp=$STATE/$1.ready
  id=$(virsh_ domid "$name" 2>/dev/null | head -n1 || true)
  [ -n "$id" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$id" ] && return 0
  if grep -aqs "$MARKER" "$log"; then
    [ -n "$id" ] && echo "$id" >"$stamp"
    return 0
  fi
  return 1
}

wait_ready() {
  local name=$1 timeout=${2:-60} log=$STATE/$1-serial.log st deadline
  case $timeout in ''|*[!0-9]*) die "timeout must be whole seconds: $timeout" ;; esac
  deadline=$(( ${EPOCHREALTIME/[.,]/} + timeout * 1000000 ))
  while :; do
    st=$(domstate "$name")
    case $st in
      running) boot_is_ready "$name" && return 0 ;;
      '') die "$name: no such domain" ;;
      'shut off'|crashed) die "$name is not running (state: $st); see $log" ;;
    esac
    if [ "${EPOCHREALTIME/[.,]/}" -ge "$deadline" ]; then
      log "error: $name not ready after ${timeout}s (state: ${st:-?}; no $MARKER in $log)"
      exit 1
    fi
    sleep 0.2
  done
}

cmd_start() {
  local want=("$@") d st pids=() rc=0
  [ ${#want[@]} -gt 0 ] || want=("${DEFAULT_DOMAINS[@]}")
  for d in "${want[@]}"; do is_lab_domain "$d" || die "unknown domain $d (have: ${ALL_DOMAINS[*]})"; done
  need_root
  mkdir -p "$STATE"
  take_lock
  ensure_libvirtd
  for d in "${want[@]}"; do
    [ "$d" != oriel-lab-spice-tls ] || [ "$SPICE_TLS" = 1 ] \
      || die "$d needs SPICE TLS, which only a $QEMU_CONF written by the lab turns on"
  done
  build_kernel
  build_initrds
  define_domains
  for d in "${want[@]}"; do
    st=$(domstate "$d")
    case $st in
      running) ;;
      paused) virsh_ resume "$d" >/dev/null ;;
      *) log "starting $d"; virsh_ start "$d" >/dev/null ;;
    esac
  done
  exec 9>&-   # waiting needs no lock: let a parallel start go on
  for d in "${want[@]}"; do
    (wait_ready "$d" "$START_TIMEOUT" && log "$d is ready") & pids+=($!)
  done
  for d in "${pids[@]}"; do wait "$d" || rc=1; done
  [ $rc -eq 0 ] || die "some guests did not become ready"
  log "ready: ${want[*]}"
}

cmd_stop() {
  local d pid
  mkdir -p "$STATE"
  take_lock
  if virsh -c "$URI" version >/dev/null 2>&1; then
    # In parallel: a destroy takes 1-2 s.
    for d in $(virsh_ list --all --name | grep '^oriel-lab-' || true); do
      (
        [ "$(domstate "$d")" = "shut off" ] || virsh_ destroy "$d" >/dev/null 2>&1 || true
        virsh_ undefine "$d" >/dev/null 2>&1 || log "warning: could not undefine $d"
      ) &
    done
    wait
  fi
  stop_daemons libvirtd virtlogd
  rm -f "$STATE/tls-env" "$STATE/libvirtd.stamp"
  # With no libvirtd left, a QEMU of a lab guest is an orphan (daemon crashed
  # or was killed): end it by pid, and drop the daemon's stale records of it.
  if ! pgrep -x libvirtd >/dev/null; then
    for pid in $(pgrep -f -- '-name guest=oriel-lab-' || true); do
      log "killing orphaned lab qemu $pid"
      kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf /run/libvirt/qemu/oriel-lab-*
  fi
  # Runtime leftovers; the kernel/initramfs cache and daemon logs stay.
  rm -f "$STATE"/oriel-lab-*-serial.log* "$STATE"/oriel-lab-*.xml "$STATE"/oriel-lab-*.ready \
    "$STATE"/*.tmp
}

# Stops and starts the lab's own libvirtd, leaving the guests running (a
# QEMU outlives its daemon, which finds it again on start): the fault a
# viewer sees when an administrator restarts libvirt.
cmd_restart_daemon() {
  mkdir -p "$STATE"
  take_lock
  [ -e "$STATE/libvirtd.started" ] \
    || die "restart-daemon: libvirtd was not started by the lab; restart it yourself"
  need_root
  # The same settings as at `start` (TLS listener, qemu.conf).
  make_pki
  qemu_config
  libvirtd_config
  stop_daemons libvirtd
  launch_libvirtd
  publish_tls_env
  log "libvirtd restarted"
}

cmd_status() {
  local d st ready disp
  if ! virsh -c "$URI" version >/dev/null 2>&1; then
    echo "libvirtd ($URI): not answering"; return 0
  fi
  printf '%-20s %-10s %-6s %s\n' DOMAIN STATE READY DISPLAY
  for d in $(virsh_ list --all --name | grep '^oriel-lab-' || true); do
    st=$(domstate "$d"); ready=no; disp=-
    if [ "$st" = running ]; then
      boot_is_ready "$d" && ready=yes
      disp=$(virsh_ domdisplay "$d" 2>/dev/null || echo -)
    fi
    printf '%-20s %-10s %-6s %s\n' "$d" "$st" "$ready" "$disp"
  done
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  wait-ready) [ $# -ge 2 ] || die "usage: lab.sh wait-ready NAME [TIMEOUT_S]"; wait_ready "$2" "${3:-60}" ;;
  status) cmd_status ;;
  restart-daemon) cmd_restart_daemon ;;
  tls-env) [ -s "$STATE/tls-env" ] \
             || die "no $STATE/tls-env: the TLS listener is in a libvirtd started by lab.sh start (as root)"
           cat "$STATE/tls-env" ;;
  *) echo "usage: lab.sh {start [NAME...]|stop|wait-ready NAME [TIMEOUT_S]|status|restart-daemon|tls-env}" >&2; exit 2 ;;
esac
