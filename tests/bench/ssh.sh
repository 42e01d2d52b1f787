#!/usr/bin/env bash
# Benchmark (not part of the test suite): Oriel vs virt-viewer over
# qemu+ssh:// to the lab's private sshd on 127.0.0.1 (tests/lab/sshd.sh),
# side by side in one run:
#
#   1. launch to first guest frame on screen, SPICE and VNC (frame-probe,
#      as in first-frame.sh)
#   2. SSH TCP connections and child processes per open SPICE console
#   3. bulk throughput and 64-byte round trips through one SSH channel:
#      Oriel's tunnel vs OpenSSH (`ssh -W`) to the same sshd (tunnel-bench)
#   4. RSS of the viewer's whole process tree, one SPICE console open
#   5. CPU of the whole tree over CPU_SECS with a static SPICE console
#
#   tests/bench/ssh.sh [--out FILE.md] [--keep]
#
# Prints a table of ratios (Oriel / the other) with the targets; --out
# writes it as a Markdown section for RESULTS.md.
#
# Environment:
#   RUNS=5          measured runs per viewer and guest (1), per tunnel (3)
#   WARMUP=1        uncounted launches per viewer and guest first (the first
#                   GTK client on a fresh X server probes OpenGL)
#   HOLD=2          seconds after the first frame at which connections,
#                   processes and RSS are read (all SPICE channels are up)
#   CPU_SECS=30     CPU measured over this long (5), in windows of
#   CPU_WINDOW=10   seconds each, with the same viewer while it stays valid
#   BULK_MB=256     MiB per direction and run (3)
#   RTT_MSGS=1000   echoes of 64 bytes per run (3)
#   PROBE_TIMEOUT=30  seconds to wait for a frame before a launch fails
#   BUILD_DIR=build Oriel's meson build directory
#   CORES=0         1: viewers may dump core (ulimit -c unlimited; they run
#                   in WORK/logs, kept then)
#
# How the viewers log in, without prompts and with strict host-key checks,
# as root@127.0.0.1 with the lab's root key:
#   Oriel        qemu+ssh://root@127.0.0.1:PORT/system?keyfile=KEY&known_hosts=KH
#                (one libssh2 connection; HOME is a private empty directory,
#                so no ~/.ssh/config of anyone's is read)
#   virt-viewer  qemu+ssh://root@127.0.0.1:PORT/system, with PATH starting at
#                a private bin/ whose `ssh` is `exec /usr/bin/ssh -F CONFIG`;
#                CONFIG names the same key and known_hosts, BatchMode yes,
#                StrictHostKeyChecking yes. libvirt (its RPC link) and
#                virt-viewer (its `ssh -p PORT -l root 127.0.0.1 ... nc
#                127.0.0.1 5900` per display channel) both find `ssh` on
#                PATH; `exec` leaves no extra process. Nothing in /root or
#                /home is touched. The displays listen on 127.0.0.1, so
#                virt-viewer tunnels them over ssh (checked: ssh children
#                are counted); it needs `nc` on the host (netcat-openbsd).
#
# Other people's tests share the lab (they restart guests and run
# `sshd.sh kill-children`): each launch first waits until the guest shows
# its static reference screen, and a launch whose guest was restarted or
# whose viewer died is retried (up to 3 tries); a CPU window in which the
# viewer's processes or SSH connections changed or the guest restarted is
# dropped and the viewer started afresh; a failed tunnel run is retried
# once. The sshd listener pid, the guests' domain ids and the load average
# are recorded before and after.
#
# Needs root (the lab), Xvfb, virt-viewer, ssh, nc, ss, cc, pkg-config with
# x11, xext and gdk-pixbuf-2.0 development files, meson and ninja.
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
HOLD=${HOLD:-2}
CPU_SECS=${CPU_SECS:-30}
CPU_WINDOW=${CPU_WINDOW:-10}
BULK_MB=${BULK_MB:-256}
RTT_MSGS=${RTT_MSGS:-1000}
PROBE_TIMEOUT=${PROBE_TIMEOUT:-30}
SETTLE=${SETTLE:-0.5}
BUILD_DIR=${BUILD_DIR:-build}
DOMAINS=(oriel-lab-spice oriel-lab-vnc)
SPICE=oriel-lab-spice
VIEWERS=(oriel vv)
LOCAL_URI=qemu:///system

OUT='' KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    --out=*) OUT=${1#--out=}; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "usage: $0 [--out FILE.md] [--keep]" >&2; exit 2 ;;
  esac
done
case $OUT in ''|/*) ;; *) OUT=$PWD/$OUT ;; esac

T0=$SECONDS
log() { printf 'ssh-bench: [%3ds] %s\n' $((SECONDS - T0)) "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (the lab needs it)"
for t in Xvfb virsh virt-viewer cc pkg-config ss ssh nc ps awk; do
  command -v "$t" >/dev/null || die "$t not found (nc: netcat-openbsd; see build-aux/install-deps.sh --bench)"
done
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be a positive number"

WORK=$(mktemp -d /tmp/oriel-ssh-bench.XXXXXX)
XVFB_PID='' VIEWER_PID='' SERVER_PID=''

# ------------------------------------------------------------ processes ---

# PID and all its descendants.
tree_pids() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      keep[root] = 1; print root
      do {
        more = 0
        for (i in pids) { p = pids[i]
          if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; print p; more = 1 } }
      } while (more)
    }'
}

stop_viewer() {
  local pid=$1 pids i
  [ -n "$pid" ] || return 0
  mapfile -t pids < <(tree_pids "$pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  stop_viewer "$VIEWER_PID"
  VIEWER_PID=
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$XVFB_PID" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'log interrupted; cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# ---------------------------------------------------------------- setup ---

log "building frame-probe"
# shellcheck disable=SC2046
cc -O2 -Wall -o "$WORK/frame-probe" "$HERE/frame-probe.c" \
  $(pkg-config --cflags --libs x11 xext gdk-pixbuf-2.0) || die "cannot build frame-probe"
PROBE=$WORK/frame-probe

log "building Oriel and tunnel-bench ($BUILD_DIR)"
cd "$TOP"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  meson setup "$BUILD_DIR" >"$WORK/meson-setup.log" 2>&1 \
    || { cat "$WORK/meson-setup.log" >&2; die "meson setup failed"; }
fi
ninja -C "$BUILD_DIR" >"$WORK/ninja.log" 2>&1 || { tail -n 30 "$WORK/ninja.log" >&2; die "build failed"; }
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
ORIEL=$BUILD_DIR/src/oriel
TBENCH=$BUILD_DIR/tests/bench/tunnel-bench
[ -x "$ORIEL" ] || die "$ORIEL not built"
[ -x "$TBENCH" ] || die "$TBENCH not built (tests/meson.build needs subdir('bench'))"

log "starting the lab (${DOMAINS[*]}) and its sshd"
bash "$TOP/tests/lab/lab.sh" start "${DOMAINS[@]}" </dev/null >&2 || die "lab.sh start failed"
bash "$TOP/tests/lab/sshd.sh" start </dev/null >&2 || die "sshd.sh start failed"
eval "$(bash "$TOP/tests/lab/sshd.sh" env)"
SSH_PORT=$ORIEL_LAB_SSH_PORT
SSHD_PIDFILE=$(dirname "$ORIEL_LAB_SSH_KNOWN_HOSTS")/sshd.pid
sshd_pid() { cat "$SSHD_PIDFILE" 2>/dev/null || echo none; }

# OpenSSH for libvirt and virt-viewer: our config through PATH (see top).
mkdir -p "$WORK/bin" "$WORK/home"
cat >"$WORK/ssh_config" <<EOF
# tests/bench/ssh.sh: the lab sshd's key and host keys, no prompts.
Host *
  UserKnownHostsFile "$ORIEL_LAB_SSH_KNOWN_HOSTS"
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  IdentityFile "$ORIEL_LAB_SSH_KEY"
  IdentitiesOnly yes
  BatchMode yes
  ControlMaster no
  ControlPath none
EOF
printf '#!/bin/sh\nexec /usr/bin/ssh -F %q "$@"\n' "$WORK/ssh_config" >"$WORK/bin/ssh"
chmod 755 "$WORK/bin/ssh"
export PATH="$WORK/bin:$PATH"
ssh -p "$SSH_PORT" root@127.0.0.1 'command -v nc >/dev/null && command -v virt-ssh-helper >/dev/null' </dev/null \
  || die "ssh root@127.0.0.1:$SSH_PORT with the lab key failed, or the host lacks nc/virt-ssh-helper"

KEYQ=$ORIEL_LAB_SSH_KEY KHQ=$ORIEL_LAB_SSH_KNOWN_HOSTS
ORIEL_URI="qemu+ssh://root@127.0.0.1:$SSH_PORT/system?keyfile=$KEYQ&known_hosts=$KHQ"
VV_URI="qemu+ssh://root@127.0.0.1:$SSH_PORT/system"

Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp -noreset \
  3>"$WORK/displayfd" >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do
  [ -s "$WORK/displayfd" ] && break
  kill -0 "$XVFB_PID" 2>/dev/null || { cat "$WORK/xvfb.log" >&2; die "Xvfb exited"; }
  sleep 0.05
done
[ -s "$WORK/displayfd" ] || die "Xvfb did not start"
DISPLAY=:$(tr -dc 0-9 <"$WORK/displayfd")
export DISPLAY
log "Xvfb on $DISPLAY (pid $XVFB_PID)"

mkdir -p "$WORK/xdg/config" "$WORK/xdg/cache" "$WORK/xdg/data" "$WORK/xdg/runtime"
chmod 700 "$WORK/xdg/runtime"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY GDK_SCALE GDK_DPI_SCALE SSH_AUTH_SOCK
export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory HOME=$WORK/home \
  XDG_CONFIG_HOME=$WORK/xdg/config XDG_CACHE_HOME=$WORK/xdg/cache \
  XDG_DATA_HOME=$WORK/xdg/data XDG_RUNTIME_DIR=$WORK/xdg/runtime

declare -A PATCH
for d in "${DOMAINS[@]}"; do
  ok=0
  for _ in $(seq 10); do
    virsh -q -c "$LOCAL_URI" screenshot "$d" "$WORK/$d.ref" >/dev/null
    sleep 0.3
    virsh -q -c "$LOCAL_URI" screenshot "$d" "$WORK/$d.ref2" >/dev/null
    if cmp -s "$WORK/$d.ref" "$WORK/$d.ref2"; then ok=1; break; fi
  done
  [ "$ok" = 1 ] || die "$d: the guest screen keeps changing; the benchmark needs a static one"
  PATCH[$d]=$("$PROBE" --ref "$WORK/$d.ref" --select-only 2>"$WORK/$d.select") \
    || { cat "$WORK/$d.select" >&2; die "$d: no usable patch in the reference"; }
done

domid_of() { virsh -q -c "$LOCAL_URI" domid "$1" 2>/dev/null || echo none; }
domids() { local d; for d in "${DOMAINS[@]}"; do printf '%s=%s ' "$d" "$(virsh -q -c "$LOCAL_URI" domid "$d" 2>/dev/null || echo none)"; done; }
IDS_BEFORE=$(domids)
SSHD_BEFORE=$(sshd_pid)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------- measures ---

viewer_cmd() {  # VIEWER DOMAIN: sets CMD
  case $1 in
    oriel) CMD=("$ORIEL" -c "$ORIEL_URI" "$2") ;;
    vv) CMD=(virt-viewer -c "$VV_URI" "$2") ;;
  esac
}

# Client side of the viewer's SSH connections: "PID LOCALPORT" per
# established connection to the sshd port owned by a process in PIDS.
ssh_conns() {  # PIDS...
  ss -Htnp state established "( dport = :$SSH_PORT )" 2>/dev/null | awk -v list="$*" '
    BEGIN { n = split(list, a, " "); for (i = 1; i <= n; i++) mine[a[i]] = 1 }
    { port = $3; sub(/.*:/, "", port)
      s = $0
      while (match(s, /pid=[0-9]+/)) {
        p = substr(s, RSTART + 4, RLENGTH - 4); s = substr(s, RSTART + RLENGTH)
        if (p in mine) { print p, port; break }
      } }'
}

# The host's side of those connections: the per-connection sshd (the
# listener's child) and everything below it, for the client ports given.
host_pids() {  # LOCALPORTS...
  local listener ports="$*"
  listener=$(sshd_pid)
  [ -n "$ports" ] || return 0
  ss -Htnp state established "( sport = :$SSH_PORT )" 2>/dev/null | awk -v list="$ports" '
    BEGIN { n = split(list, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
    { peer = $4; sub(/.*:/, "", peer)
      if (peer in want && match($0, /pid=[0-9]+/)) print substr($0, RSTART + 4, RLENGTH - 4) }' \
  | sort -u | while read -r p; do
      # climb to the listener's child
      while [ -n "$p" ] && [ "$p" != 1 ]; do
        pp=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null || true)
        [ "$pp" = "$listener" ] && { echo "$p"; break; }
        p=$pp
      done
    done | sort -u | while read -r top; do tree_pids "$top"; done | sort -u
}

sum_status() {  # FIELD PIDS...: sum of a /proc/PID/status kB field
  local f=$1 p sum=0 kb
  shift
  for p in "$@"; do
    kb=$(awk -v f="$f:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null || true)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}

sum_pss() {  # PIDS...: kB
  local p sum=0 kb
  for p in "$@"; do
    kb=$(awk '$1 == "Pss:" { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}

# CPU of PIDS: "TICKS NS": utime+stime (clock ticks) and the scheduler's
# run time of every thread (ns, finer).
cpu_of() {
  local p t ticks=0 ns=0 v
  for p in "$@"; do
    v=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    ticks=$((ticks + v))
    for t in /proc/"$p"/task/*/schedstat; do
      v=$(awk '{ print $1 }' "$t" 2>/dev/null || echo 0)
      ns=$((ns + v))
    done
  done
  echo "$ticks $ns"
}

mkdir -p "$WORK/logs"
: >"$WORK/results"
# Viewers (and any core files of theirs) work in WORK/logs.
cd "$WORK/logs"
if [ "${CORES:-0}" = 1 ]; then ulimit -c unlimited; fi

# Waits (up to 60 s) until DOMAIN shows its static reference screen: after
# a restart by someone else the guest boots for a while first.
wait_static() {  # DOMAIN
  local i
  for i in $(seq 60); do
    if virsh -q -c "$LOCAL_URI" screenshot "$1" "$WORK/now.ppm" >/dev/null 2>&1 \
       && cmp -s "$WORK/now.ppm" "$WORK/$1.ref"; then
      [ "$i" = 1 ] || log "$1 shows its static screen again (waited ~$((i - 1)) s)"
      return 0
    fi
    sleep 1
  done
  log "warning: $1 does not show its reference screen"
}

# Launches VIEWER on DOMAIN and waits for its first frame: sets VIEWER_PID
# and SECS (or SECS=fail).
launch() {  # VIEWER DOMAIN LOGNAME
  local v=$1 d=$2 t0 out rc x y CMD
  if "$PROBE" --ref "$WORK/$d.ref" --patch-at "${PATCH[$d]}" --timeout 0 --quiet \
       >/dev/null 2>&1; then
    die "the guest is already on screen before launching $v (leftover window?)"
  fi
  viewer_cmd "$v" "$d"
  t0=${EPOCHREALTIME//[!0-9]/}000
  setsid "${CMD[@]}" </dev/null >"$WORK/logs/$3.log" 2>&1 &
  VIEWER_PID=$!
  rc=0
  out=$("$PROBE" --ref "$WORK/$d.ref" --patch-at "${PATCH[$d]}" --since "$t0" \
          --timeout "$PROBE_TIMEOUT" 2>>"$WORK/logs/probe.log") || rc=$?
  if [ "$rc" = 0 ]; then read -r SECS x y <<<"$out"; else SECS=fail; fi
}

# One measured launch (parts 1, 2, 4): appends
# "launch VIEWER DOMAIN RUN SECS RSS_KB PSS_KB NPROC NSSH NCONN HOSTPROC HOSTRSS_KB"
run_one() {  # VIEWER DOMAIN RUN LABEL
  local v=$1 d=$2 run=$3 label=$4 try pids=() conns=() ports=() hpids=() line rc id0
  for try in 1 2 3; do
    wait_static "$d"
    id0=$(domid_of "$d")
    launch "$v" "$d" "$v-$d-$run-$try"
    if [ "$SECS" != fail ]; then
      sleep "$HOLD"
      if [ "$(domid_of "$d")" != "$id0" ]; then
        log "$label $d $v: the guest was restarted (by someone else) during the run (try $try)"
        SECS=fail
      elif kill -0 "$VIEWER_PID" 2>/dev/null; then
        mapfile -t pids < <(tree_pids "$VIEWER_PID")
        mapfile -t conns < <(ssh_conns "${pids[@]}")
        ports=()
        for line in "${conns[@]}"; do ports+=("${line#* }"); done
        mapfile -t hpids < <(host_pids "${ports[@]}")
        line="launch $v $d $run $SECS $(sum_status VmRSS "${pids[@]}") $(sum_pss "${pids[@]}")"
        line+=" ${#pids[@]} $(for p in "${pids[@]}"; do cat "/proc/$p/comm" 2>/dev/null; done | grep -cx ssh || true)"
        line+=" ${#conns[@]} ${#hpids[@]} $(sum_status VmRSS "${hpids[@]}")"
      else
        wait "$VIEWER_PID" 2>/dev/null && rc=0 || rc=$?
        log "$v $d: the viewer exited by itself after its first frame (status $rc; log $WORK/logs/$v-$d-$run-$try.log)"
        SECS=fail
      fi
    fi
    stop_viewer "$VIEWER_PID"
    VIEWER_PID=
    sleep "$SETTLE"
    [ "$SECS" = fail ] || break
    log "$label $d $v: failed (no frame within ${PROBE_TIMEOUT} s, or the viewer died; try $try; log $WORK/logs/$v-$d-$run-$try.log)"
    KEEP=1
  done
  [ "$SECS" != fail ] || line="launch $v $d $run fail 0 0 0 0 0 0 0"
  set -- $line
  if [ "$5" != fail ] && [ "$v" = vv ] && [ "$9" -lt 2 ]; then
    log "warning: virt-viewer has only $9 ssh child(ren) (expected libvirt's + one per display channel; someone's kill-children?)"
  fi
  echo "$line" >>"$WORK/results"
  log "$(printf '%-5s %-16s %-5s %7s s  RSS %6.1f MB  procs %s (ssh %s)  ssh conns %s  host procs %s' \
    "$label" "$d" "$v" "$5" "$(awk -v k="$6" 'BEGIN { print k / 1024 }')" "$8" "$9" "${10}" "${11}")"
}

# ---------------------------------------------- parts 1, 2, 4: launches ---

total=$(( (WARMUP + RUNS) * ${#DOMAINS[@]} * ${#VIEWERS[@]} ))
log "part 1/2/4: $total launches (${#VIEWERS[@]} viewers x ${#DOMAINS[@]} guests x ($WARMUP warm-up + $RUNS runs))"
for ((r = 1 - WARMUP; r <= RUNS; r++)); do
  order=("${VIEWERS[@]}")
  if (( (r + WARMUP) % 2 == 0 )); then order=(vv oriel); fi
  for d in "${DOMAINS[@]}"; do
    for v in "${order[@]}"; do
      if ((r < 1)); then run_one "$v" "$d" "w$((r + WARMUP))" warm; else run_one "$v" "$d" "$r" "#$r"; fi
    done
  done
done

# ----------------------------------------------------- part 5: CPU idle ---

# Part 5: CPU_SECS of CPU time measurement in windows of CPU_WINDOW
# seconds, summed over the valid ones. A window counts only if the viewer
# lived through it with the same processes and SSH connections and the guest
# was not restarted; otherwise the viewer is started afresh (the shared lab
# sees `sshd.sh kill-children` and guest restarts from other tests).
# Appends "cpu VIEWER TREE_TICKS TREE_NS HOST_TICKS HOST_NS NPROC NCONN
# WINDOWS DROPPED".
cpu_one() {  # VIEWER
  local v=$1 pids=() pids2=() conns=() conns2=() ports=() hpids=() a b ha hb line rc id0 why
  local need=$(( (CPU_SECS + CPU_WINDOW - 1) / CPU_WINDOW )) got=0 dropped=0 launches=0
  local t_ticks=0 t_ns=0 h_ticks=0 h_ns=0 nproc=0 nconn=0
  while [ "$got" -lt "$need" ] && [ "$dropped" -lt $((need + 3)) ]; do
    if [ -z "$VIEWER_PID" ]; then
      launches=$((launches + 1))
      wait_static "$SPICE"
      launch "$v" "$SPICE" "cpu-$v-$launches"
      if [ "$SECS" = fail ]; then
        stop_viewer "$VIEWER_PID"; VIEWER_PID=; dropped=$((dropped + 1)); sleep "$SETTLE"; continue
      fi
      sleep 3    # the last channels open, the window settles
    fi
    if ! kill -0 "$VIEWER_PID" 2>/dev/null; then
      wait "$VIEWER_PID" 2>/dev/null && rc=0 || rc=$?
      log "cpu $v: the viewer exited by itself (status $rc)"
      VIEWER_PID=; KEEP=1; dropped=$((dropped + 1)); continue
    fi
    id0=$(domid_of "$SPICE")
    mapfile -t pids < <(tree_pids "$VIEWER_PID" | sort -n)
    mapfile -t conns < <(ssh_conns "${pids[@]}" | sort)
    ports=()
    for line in "${conns[@]}"; do ports+=("${line#* }"); done
    mapfile -t hpids < <(host_pids "${ports[@]}")
    a=$(cpu_of "${pids[@]}"); ha=$(cpu_of "${hpids[@]}")
    sleep "$CPU_WINDOW"
    b=$(cpu_of "${pids[@]}"); hb=$(cpu_of "${hpids[@]}")
    why=
    kill -0 "$VIEWER_PID" 2>/dev/null || why="the viewer died"
    mapfile -t pids2 < <(tree_pids "$VIEWER_PID" | sort -n)
    mapfile -t conns2 < <(ssh_conns "${pids2[@]}" | sort)
    [ -n "$why" ] || [ ${#conns[@]} -gt 0 ] || why="no SSH connection"
    [ -n "$why" ] || [ "${pids[*]}" = "${pids2[*]}" ] || why="its process tree changed"
    [ -n "$why" ] || [ "${conns[*]}" = "${conns2[*]}" ] || why="its SSH connections changed"
    [ -n "$why" ] || [ "$(domid_of "$SPICE")" = "$id0" ] || why="the guest was restarted (by someone else)"
    if [ -n "$why" ]; then
      log "cpu $v: window dropped: $why"
      dropped=$((dropped + 1))
      stop_viewer "$VIEWER_PID"; VIEWER_PID=; sleep "$SETTLE"
      continue
    fi
    set -- $a $b $ha $hb
    t_ticks=$((t_ticks + $3 - $1)); t_ns=$((t_ns + $4 - $2))
    h_ticks=$((h_ticks + $7 - $5)); h_ns=$((h_ns + $8 - $6))
    nproc=${#pids[@]} nconn=${#conns[@]} got=$((got + 1))
    log "$(printf 'cpu   %-16s %-5s window %d/%d: tree %.4f s, host side %.4f s' "$SPICE" "$v" "$got" "$need" \
      "$(awk -v n=$(($4 - $2)) 'BEGIN { print n / 1e9 }')" "$(awk -v n=$(($8 - $6)) 'BEGIN { print n / 1e9 }')")"
  done
  stop_viewer "$VIEWER_PID"; VIEWER_PID=; sleep "$SETTLE"
  if [ "$got" -lt "$need" ]; then
    log "cpu $v: only $got of $need valid windows"
    echo "cpu $v fail fail fail fail 0 0 $got $dropped" >>"$WORK/results"
    return 0
  fi
  echo "cpu $v $t_ticks $t_ns $h_ticks $h_ns $nproc $nconn $got $dropped" >>"$WORK/results"
}

log "part 5: CPU over $CPU_SECS s (windows of $CPU_WINDOW s) with a static SPICE console, each viewer"
cpu_one oriel
cpu_one vv

# ------------------------------------------------------ part 3: tunnels ---

log "part 3: one channel, $BULK_MB MiB each way + $RTT_MSGS x 64-byte echoes, $RUNS runs per tunnel"
"$TBENCH" serve --lifetime 600 >"$WORK/server.port" 2>"$WORK/logs/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/server.port" ] && break; sleep 0.05; done
SINK_PORT=$(head -n1 "$WORK/server.port")
[ -n "$SINK_PORT" ] || die "tunnel-bench serve did not start"
BYTES=$((BULK_MB * 1024 * 1024))
MEASURE=(--bytes "$BYTES" --msgs "$RTT_MSGS" --msg-size 64 --timeout 120)
TUNNELS=(oriel openssh openssh-ctr)
tunnel_cmd() {  # TUNNEL: sets CMD
  case $1 in
    oriel) CMD=("$TBENCH" oriel --uri "$ORIEL_URI" --to "127.0.0.1:$SINK_PORT" "${MEASURE[@]}") ;;
    openssh) CMD=("$TBENCH" cmd "${MEASURE[@]}" -- /usr/bin/ssh -F "$WORK/ssh_config"
                  -p "$SSH_PORT" -W "127.0.0.1:$SINK_PORT" root@127.0.0.1) ;;
    # OpenSSH held to what Oriel negotiates (libssh2 1.10: no chacha20/GCM)
    openssh-ctr) CMD=("$TBENCH" cmd "${MEASURE[@]}" -- /usr/bin/ssh -F "$WORK/ssh_config"
                  -c aes256-ctr -m hmac-sha2-256 -p "$SSH_PORT" -W "127.0.0.1:$SINK_PORT" root@127.0.0.1) ;;
  esac
}
for ((r = 1; r <= RUNS; r++)); do
  order=("${TUNNELS[@]}")
  if ((r % 2 == 0)); then order=(openssh-ctr openssh oriel); fi
  for t in "${order[@]}"; do
    tunnel_cmd "$t"
    out=''
    for try in 1 2; do
      if out=$("${CMD[@]}" 2>>"$WORK/logs/tunnel-$t.log" </dev/null) && [ -n "$out" ]; then break; fi
      out=''
      log "tunnel $t run $r failed (try $try; see $WORK/logs/tunnel-$t.log)"
      KEEP=1
      sleep 1
    done
    echo "tunnel $t $r ${out:-failed=1}" >>"$WORK/results"
    log "$(printf '#%-4s %-11s %s' "$r" "$t" "${out:-failed}")"
  done
done
kill "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

OPENSSH_CIPHER=$(/usr/bin/ssh -v -F "$WORK/ssh_config" -p "$SSH_PORT" root@127.0.0.1 true 2>&1 </dev/null \
  | sed -n 's/.*kex: client->server cipher: \([^ ]*\) MAC: \([^ ]*\).*/\1 + \2/p' | head -n1)
ORIEL_CIPHER=$(awk '$1 == "tunnel" && $2 == "oriel" { for (i = 4; i <= NF; i++) {
    if ($i ~ /^cipher=/) c = substr($i, 8); if ($i ~ /^mac=/) m = substr($i, 5) } }
  END { print c " + " m }' "$WORK/results")

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
IDS_AFTER=$(domids)
SSHD_AFTER=$(sshd_pid)
LAB_NOTE=
if [ "$IDS_BEFORE" != "$IDS_AFTER" ]; then
  LAB_NOTE+="WARNING: a lab guest was restarted during the runs (domain ids before: $IDS_BEFORE after: $IDS_AFTER). "
fi
if [ "$SSHD_BEFORE" != "$SSHD_AFTER" ]; then
  LAB_NOTE+="WARNING: the lab sshd was restarted during the runs (listener pid $SSHD_BEFORE -> $SSHD_AFTER). "
fi
[ -z "$LAB_NOTE" ] || log "$LAB_NOTE"
CORE_NOTE=
if compgen -G "$WORK/logs/core*" >/dev/null; then
  CORE_NOTE="viewer core dumps: $(cd "$WORK/logs" && ls core* | tr '\n' ' ')(in $WORK/logs)"
  log "$CORE_NOTE"
  KEEP=1
fi
log "measuring took $((SECONDS - T0)) s; load average before: $LOAD_BEFORE, after: $LOAD_AFTER"

# ---------------------------------------------------------------- report ---

med() { sort -g | awk '{ a[NR] = $1 } END {
  if (NR == 0) { print "nan"; exit }
  print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# launch field (5 secs, 6 rss, 7 pss, 8 nproc, 9 nssh, 10 nconn, 11 hostproc, 12 hostrss)
lmed() { awk -v v="$1" -v d="$2" -v f="$3" '$1 == "launch" && $2 == v && $3 == d && $4 !~ /^w/ && $5 != "fail" { print $f }' "$WORK/results" | med; }
lok() { awk -v v="$1" -v d="$2" '$1 == "launch" && $2 == v && $3 == d && $4 !~ /^w/ && $5 != "fail"' "$WORK/results" | wc -l; }
tmed() { awk -v t="$1" -v k="$2" '$1 == "tunnel" && $2 == t { for (i = 4; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }' "$WORK/results" | med; }
tok() { awk -v t="$1" '$1 == "tunnel" && $2 == t && $4 !~ /^failed/' "$WORK/results" | wc -l; }
cpuf() { awk -v v="$1" -v f="$2" '$1 == "cpu" && $2 == v { print $f }' "$WORK/results" | tail -n1; }
fmt() { awk -v x="$1" -v f="$2" 'BEGIN { if (x == "nan" || x == "fail" || x == "") print "n/a"; else printf f, x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || a == "" || b == "" || a == "fail" || b == "fail" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
# verdict RATIO OP LIMIT
verdict() { awk -v r="$1" -v op="$2" -v l="$3" 'BEGIN {
  if (r == "n/a") { print "n/a"; exit }
  ok = (op == "<=") ? (r <= l + 1e-9) : (r >= l - 1e-9)
  print ok ? "met" : "MISSED" }'; }
kb2mb() { awk -v k="$1" 'BEGIN { if (k == "nan") print "nan"; else printf "%.1f", k / 1024 }'; }
ns2ms() { awk -v n="$1" 'BEGIN { if (n == "" || n == "fail") print "nan"; else printf "%.1f", n / 1e6 }'; }

ROWS=()
row() { ROWS+=("$1|$2|$3|$4|$5|$6"); }  # metric|Oriel|other|ratio|target|verdict

for d in "${DOMAINS[@]}"; do
  kind=${d#oriel-lab-}; lim=0.5; [ "$kind" = vnc ] && lim=0.6
  a=$(lmed oriel "$d" 5); b=$(lmed vv "$d" 5); r=$(ratio "$a" "$b")
  row "1. launch to first frame, ${kind^^} (s, median; frames $(lok oriel "$d")/$RUNS, $(lok vv "$d")/$RUNS)" \
    "$(fmt "$a" %.3f)" "$(fmt "$b" %.3f)" "$r" "<= $lim" "$(verdict "$r" '<=' "$lim")"
done
a=$(lmed oriel "$SPICE" 10); b=$(lmed vv "$SPICE" 10)
row "2. SSH TCP connections, one SPICE console" "$(fmt "$a" %g)" "$(fmt "$b" %g)" "$(ratio "$a" "$b")" "Oriel = 1" \
  "$(awk -v a="$a" 'BEGIN { print (a == 1) ? "met" : "MISSED" }')"
a=$(lmed oriel "$SPICE" 8); b=$(lmed vv "$SPICE" 8)
a=$(awk -v x="$a" 'BEGIN { print x - 1 }'); b=$(awk -v x="$b" 'BEGIN { print x - 1 }')
row "2. child processes, one SPICE console (ssh: $(fmt "$(lmed oriel "$SPICE" 9)" %g) vs $(fmt "$(lmed vv "$SPICE" 9)" %g))" \
  "$(fmt "$a" %g)" "$(fmt "$b" %g)" "-" "Oriel = 0" "$(awk -v a="$a" 'BEGIN { print (a == 0) ? "met" : "MISSED" }')"
for k in up down; do
  a=$(tmed oriel ${k}_MBps); b=$(tmed openssh ${k}_MBps); r=$(ratio "$a" "$b")
  row "3. bulk ${k}load, one channel (MB/s, median of $(tok oriel)/$(tok openssh) runs)" \
    "$(fmt "$a" %.0f)" "$(fmt "$b" %.0f)" "$r" ">= 0.8" "$(verdict "$r" '>=' 0.8)"
done
a=$(tmed oriel rtt_p50_us); b=$(tmed openssh rtt_p50_us); r=$(ratio "$a" "$b")
row "3. 64-byte echo round trip p50 (us, median of per-run p50)" "$(fmt "$a" %.0f)" "$(fmt "$b" %.0f)" "$r" "<= 1.2" "$(verdict "$r" '<=' 1.2)"
a=$(kb2mb "$(lmed oriel "$SPICE" 6)"); b=$(kb2mb "$(lmed vv "$SPICE" 6)"); r=$(ratio "$a" "$b")
row "4. RSS of the process tree, one SPICE console (MB)" "$a" "$b" "$r" "<= 0.7" "$(verdict "$r" '<=' 0.7)"
a=$(awk -v t="$(cpuf oriel 3)" 'BEGIN { if (t == "fail" || t == "") print "nan"; else print t / 100 }')
b=$(awk -v t="$(cpuf vv 3)" 'BEGIN { if (t == "fail" || t == "") print "nan"; else print t / 100 }')
# in ms: an idle tree runs for a few ms per 30 s, and the ratio is of the ns
r=$(ratio "$(cpuf oriel 4)" "$(cpuf vv 4)")
row "5. CPU of the tree over ${CPU_SECS} s, static SPICE (ms of run time; utime+stime $(fmt "$a" %.2f) vs $(fmt "$b" %.2f) s)" \
  "$(ns2ms "$(cpuf oriel 4)")" "$(ns2ms "$(cpuf vv 4)")" "$r" "<= 1.0" "$(verdict "$r" '<=' 1.0)"

# context, no targets
INFO=()
info() { INFO+=("$1|$2|$3|$4"); }
a=$(kb2mb "$(lmed oriel "$SPICE" 7)"); b=$(kb2mb "$(lmed vv "$SPICE" 7)")
info "PSS of the process tree, one SPICE console (MB)" "$a" "$b" "$(ratio "$a" "$b")"
for d in "${DOMAINS[@]}"; do
  kind=${d#oriel-lab-}
  info "host side: sshd processes serving one ${kind^^} console" "$(fmt "$(lmed oriel "$d" 11)" %g)" "$(fmt "$(lmed vv "$d" 11)" %g)" "-"
done
a=$(kb2mb "$(lmed oriel "$SPICE" 12)"); b=$(kb2mb "$(lmed vv "$SPICE" 12)")
info "host side: RSS of those, SPICE (MB)" "$a" "$b" "$(ratio "$a" "$b")"
info "host side: CPU over ${CPU_SECS} s, static SPICE (ms)" "$(ns2ms "$(cpuf oriel 6)")" \
  "$(ns2ms "$(cpuf vv 6)")" "$(ratio "$(cpuf oriel 6)" "$(cpuf vv 6)")"
a=$(lmed oriel oriel-lab-vnc 10); b=$(lmed vv oriel-lab-vnc 10)
info "SSH TCP connections, one VNC console" "$(fmt "$a" %g)" "$(fmt "$b" %g)" "-"
a=$(kb2mb "$(lmed oriel oriel-lab-vnc 6)"); b=$(kb2mb "$(lmed vv oriel-lab-vnc 6)")
info "RSS of the process tree, one VNC console (MB)" "$a" "$b" "$(ratio "$a" "$b")"
a=$(tmed oriel ready_s); b=$(tmed openssh ready_s)
info "tunnel: start to first echo (connect, log in, channel; s)" "$(fmt "$a" %.3f)" "$(fmt "$b" %.3f)" "$(ratio "$a" "$b")"
for k in up down; do
  a=$(tmed oriel ${k}_MBps); b=$(tmed openssh-ctr ${k}_MBps)
  info "bulk ${k}load vs OpenSSH held to aes256-ctr + hmac-sha2-256 (MB/s)" "$(fmt "$a" %.0f)" "$(fmt "$b" %.0f)" "$(ratio "$a" "$b")"
done
for k in up down; do
  a=$(tmed oriel ${k}_cpu_s); b=$(tmed openssh ${k}_cpu_s); c=$(tmed openssh-ctr ${k}_cpu_s)
  info "client CPU for the ${k}load (s; OpenSSH: ssh + helper; aes-ctr OpenSSH $(fmt "$c" %.2f))" "$(fmt "$a" %.2f)" "$(fmt "$b" %.2f)" "$(ratio "$a" "$b")"
done
a=$(tmed oriel rtt_p90_us); b=$(tmed openssh rtt_p90_us)
info "64-byte echo round trip p90 (us)" "$(fmt "$a" %.0f)" "$(fmt "$b" %.0f)" "$(ratio "$a" "$b")"

HDR="metric|Oriel|virt-viewer / OpenSSH|ratio Oriel/other|target|verdict"
table() {  # rows on stdin, aligned columns
  awk -F'|' '
    { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }; if (NF > nf) nf = NF }
    END { for (r = 1; r <= NR; r++) { line = ""
            for (i = 1; i <= nf; i++) line = line sprintf(i == 1 ? "%-*s" : "  %*s", w[i], c[r, i])
            print line } }'
}
echo
{ echo "$HDR"; printf '%s\n' "${ROWS[@]}"; } | table
echo
{ echo "context (no target)|Oriel|virt-viewer / OpenSSH|ratio"; printf '%s\n' "${INFO[@]}"; } | table
echo
echo "ciphers: Oriel $ORIEL_CIPHER; OpenSSH default $OPENSSH_CIPHER"
[ -z "$LAB_NOTE" ] || echo "$LAB_NOTE"

VERSIONS="Oriel $(git -C "$TOP" describe --always --dirty 2>/dev/null || echo '?') (${BUILD_DIR#"$TOP"/}, $(meson introspect --buildoptions "$BUILD_DIR" 2>/dev/null | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')); libssh2 $(pkg-config --modversion libssh2 2>/dev/null || echo '?'); $(ssh -V 2>&1 | cut -d, -f1); $(virt-viewer --version 2>&1 | head -n1); spice-gtk $(pkg-config --modversion spice-client-gtk-3.0 2>/dev/null || echo '?'); gtk-vnc $(pkg-config --modversion gtk-vnc-2.0 2>/dev/null || echo '?'); $(nproc) CPUs"

if [ -n "$OUT" ]; then
  {
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n). $VERSIONS."
    echo "\`qemu+ssh://root@127.0.0.1:$SSH_PORT/system\` to the lab sshd (\`tests/lab/sshd.sh\`), lab guests from \`tests/lab/lab.sh\` (TCG, static text screen 720x400)."
    echo "Measured by \`tests/bench/ssh.sh\` with RUNS=$RUNS (+$WARMUP warm-up launch per viewer and guest), HOLD=$HOLD, CPU_SECS=$CPU_SECS, BULK_MB=$BULK_MB, RTT_MSGS=$RTT_MSGS;"
    echo "load average before the runs $LOAD_BEFORE, after $LOAD_AFTER."
    [ -z "$LAB_NOTE" ] || { echo; echo "**$LAB_NOTE**"; }
    echo
    echo "| ${HDR//|/ | } |"
    echo "|---|---:|---:|---:|---|---|"
    printf '%s\n' "${ROWS[@]}" | sed 's/|/ | /g; s/^/| /; s/$/ |/'
    echo
    echo "| context (no target) | Oriel | virt-viewer / OpenSSH | ratio |"
    echo "|---|---:|---:|---:|"
    printf '%s\n' "${INFO[@]}" | sed 's/|/ | /g; s/^/| /; s/$/ |/'
    echo
    echo "Ciphers (client to server): Oriel $ORIEL_CIPHER; OpenSSH default $OPENSSH_CIPHER."
    echo
    echo "Per-run values (measured runs, in order):"
    echo
    for d in "${DOMAINS[@]}"; do
      for v in "${VIEWERS[@]}"; do
        echo "- $d, $v: first frame s: $(awk -v v="$v" -v d="$d" '$1 == "launch" && $2 == v && $3 == d && $4 !~ /^w/ { printf "%s ", $5 }' "$WORK/results");" \
          "RSS MB: $(awk -v v="$v" -v d="$d" '$1 == "launch" && $2 == v && $3 == d && $4 !~ /^w/ { printf "%.1f ", $6 / 1024 }' "$WORK/results");" \
          "procs/ssh/conns: $(awk -v v="$v" -v d="$d" '$1 == "launch" && $2 == v && $3 == d && $4 !~ /^w/ { printf "%s/%s/%s ", $8, $9, $10 }' "$WORK/results")"
      done
    done
    for t in "${TUNNELS[@]}"; do
      echo "- tunnel $t: up MB/s $(awk -v t="$t" '$1 == "tunnel" && $2 == t { for (i = 4; i <= NF; i++) if ($i ~ /^up_MBps=/) printf "%s ", substr($i, 9) }' "$WORK/results");" \
        "down MB/s $(awk -v t="$t" '$1 == "tunnel" && $2 == t { for (i = 4; i <= NF; i++) if ($i ~ /^down_MBps=/) printf "%s ", substr($i, 11) }' "$WORK/results");" \
        "rtt p50 us $(awk -v t="$t" '$1 == "tunnel" && $2 == t { for (i = 4; i <= NF; i++) if ($i ~ /^rtt_p50_us=/) printf "%s ", substr($i, 12) }' "$WORK/results")"
    done
    for v in "${VIEWERS[@]}"; do
      echo "- cpu $v: $(awk -v v="$v" -v w="$CPU_WINDOW" '$1 == "cpu" && $2 == v { printf "tree %s ticks / %.4f s run time, host side %s ticks / %.4f s, %s procs, %s conns; %s valid windows of %s s, %s dropped", $3, $4 / 1e9, $5, $6 / 1e9, $7, $8, $9, w, $10 }' "$WORK/results")"
    done
  } >"$OUT"
  log "wrote $OUT"
fi
