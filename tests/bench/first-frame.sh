#!/usr/bin/env bash
# Benchmark (not part of the test suite): time from launching a viewer to the
# first guest frame on screen, measured from outside the viewer, the same way
# for Oriel and for virt-viewer, on the local lab guests (tests/lab/lab.sh).
#
#   tests/bench/first-frame.sh [--out FILE.md] [--keep]
#
# Environment:
#   RUNS=7          measured runs per viewer and guest (after WARMUP runs)
#   WARMUP=1        uncounted runs per viewer and guest first. Keep >= 1: the
#                   first GTK client on a fresh X server probes OpenGL (loads
#                   Mesa/LLVM: tens of ms, about +50 MB RSS) and caches the
#                   result in the root window's GDK_VISUALS property; Xvfb
#                   runs with -noreset so every later client finds it, as on
#                   a desktop session.
#   DOMAINS="oriel-lab-spice oriel-lab-vnc"
#   PROBE_TIMEOUT=20  seconds to wait for a frame before a run counts as failed
#   RSS_DELAY=1     seconds after the first frame at which RSS is read
#   SETTLE=0.5      pause between runs (the server drops the old client)
#   BUILD_DIR=build Oriel's meson build directory (set up if missing)
#
# How one run goes: a private Xvfb (1600x1000x24, no window manager) is
# running; the start time is taken (bash $EPOCHREALTIME), the viewer is
# started in its own session, then frame-probe (built from frame-probe.c next
# to this script) grabs the X root window every 5 ms until a 64x16 patch of
# `virsh screenshot DOMAIN` shows up pixel-exactly, and prints the elapsed
# time. RSS_DELAY later the VmRSS of the viewer and all its descendants is
# summed; then the whole process group is killed and reaped. The viewers
# take turns in alternating order (A B C, then C B A, ...).
#
# Viewers:
#   oriel       build/src/oriel -c qemu:///system DOMAIN
#                 (read-write libvirt connection; display over the libvirt
#                 connection, virDomainOpenGraphicsFD)
#   vv-attach   virt-viewer --attach -c qemu:///system DOMAIN
#                 (same way in: read-write connection + OpenGraphicsFD)
#   vv          virt-viewer -c qemu:///system DOMAIN
#                 (its default: read-only libvirt connection, then TCP to the
#                 display's listen address)
#
# Needs root (qemu:///system lab), Xvfb, virt-viewer, cc, pkg-config with
# x11, xext and gdk-pixbuf-2.0 development files, meson and ninja.
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
URI=qemu:///system
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-1}
read -r -a DOMAINS <<<"${DOMAINS:-oriel-lab-spice oriel-lab-vnc}"
PROBE_TIMEOUT=${PROBE_TIMEOUT:-20}
RSS_DELAY=${RSS_DELAY:-1}
SETTLE=${SETTLE:-0.5}
BUILD_DIR=${BUILD_DIR:-build}
VIEWERS=(oriel vv-attach vv)

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

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for t in Xvfb virsh virt-viewer cc pkg-config ps; do
  command -v "$t" >/dev/null || die "$t not found"
done
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be a positive number"

WORK=$(mktemp -d /tmp/oriel-bench.XXXXXX)
XVFB_PID='' VIEWER_PID=''

# ------------------------------------------------------------ processes ---

# PID and all its descendants (by parent pid; children that called setsid
# are found too).
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

# Kill a viewer started by run_viewer: its process group (= its pid, from
# setsid) and any descendant that left the group, then reap it.
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

log "building Oriel ($BUILD_DIR)"
cd "$TOP"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  meson setup "$BUILD_DIR" >"$WORK/meson-setup.log" 2>&1 \
    || { cat "$WORK/meson-setup.log" >&2; die "meson setup failed"; }
fi
ninja -C "$BUILD_DIR" >"$WORK/ninja.log" 2>&1 || { tail -n 30 "$WORK/ninja.log" >&2; die "build failed"; }
ORIEL=$TOP/$BUILD_DIR/src/oriel
[ -x "$ORIEL" ] || die "$ORIEL not built"

log "starting the lab (${DOMAINS[*]})"
bash "$TOP/tests/lab/lab.sh" start "${DOMAINS[@]}" </dev/null >&2 || die "lab.sh start failed"

# Xvfb picks a free display itself and writes its number once it accepts
# clients (-displayfd).
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

# Same clean, private desktop-less environment for every viewer: X11 only,
# no session bus, no accessibility bus, scale 1, empty config and caches.
mkdir -p "$WORK/xdg/config" "$WORK/xdg/cache" "$WORK/xdg/data" "$WORK/xdg/runtime"
chmod 700 "$WORK/xdg/runtime"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY GDK_SCALE GDK_DPI_SCALE
export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
  XDG_CONFIG_HOME=$WORK/xdg/config XDG_CACHE_HOME=$WORK/xdg/cache \
  XDG_DATA_HOME=$WORK/xdg/data XDG_RUNTIME_DIR=$WORK/xdg/runtime

# Reference picture per guest; it must be static (two shots equal).
declare -A PATCH
for d in "${DOMAINS[@]}"; do
  ok=0
  for _ in $(seq 10); do
    virsh -q -c "$URI" screenshot "$d" "$WORK/$d.ref" >/dev/null
    sleep 0.3
    virsh -q -c "$URI" screenshot "$d" "$WORK/$d.ref2" >/dev/null
    if cmp -s "$WORK/$d.ref" "$WORK/$d.ref2"; then ok=1; break; fi
  done
  [ "$ok" = 1 ] || die "$d: the guest screen keeps changing; the benchmark needs a static one"
  PATCH[$d]=$("$PROBE" --ref "$WORK/$d.ref" --select-only 2>"$WORK/$d.select") \
    || { cat "$WORK/$d.select" >&2; die "$d: no usable patch in the reference"; }
  log "$d: $(sed 's/^frame-probe: //' "$WORK/$d.select")"
done

# ------------------------------------------------------------------ runs ---

viewer_cmd() {  # VIEWER DOMAIN: sets CMD
  case $1 in
    oriel) CMD=("$ORIEL" -c "$URI" "$2") ;;
    vv) CMD=(virt-viewer -c "$URI" "$2") ;;
    vv-attach) CMD=(virt-viewer --attach -c "$URI" "$2") ;;
  esac
}

# Sum of VmRSS (kB) of PID and its descendants.
tree_rss_kb() {
  local p sum=0 kb
  for p in $(tree_pids "$1"); do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}

# One launch; appends "VIEWER DOMAIN RUN SECONDS RSS_KB X Y" to results
# (SECONDS "fail" when no frame came).
run_one() {  # VIEWER DOMAIN RUN LABEL
  local v=$1 d=$2 run=$3 label=$4 t0 out rc rss=0 secs x y CMD
  local vlog="$WORK/logs/$v-$d-$run.log"
  # Nothing of the guest may be on screen before the launch.
  if "$PROBE" --ref "$WORK/$d.ref" --patch-at "${PATCH[$d]}" --timeout 0 --quiet \
       >/dev/null 2>&1; then
    die "the guest is already on screen before launching $v (leftover window?)"
  fi
  viewer_cmd "$v" "$d"
  t0=${EPOCHREALTIME//[!0-9]/}000
  # Own session and process group (setsid does not fork here: a background
  # job of a non-interactive shell is no group leader), so $! is the viewer.
  setsid "${CMD[@]}" </dev/null >"$vlog" 2>&1 &
  VIEWER_PID=$!
  rc=0
  out=$("$PROBE" --ref "$WORK/$d.ref" --patch-at "${PATCH[$d]}" --since "$t0" \
          --timeout "$PROBE_TIMEOUT" 2>>"$WORK/logs/probe.log") || rc=$?
  if [ "$rc" = 0 ]; then
    read -r secs x y <<<"$out"
    sleep "$RSS_DELAY"
    kill -0 "$VIEWER_PID" 2>/dev/null || log "$v $d: viewer exited after its first frame"
    rss=$(tree_rss_kb "$VIEWER_PID")
  else
    secs=fail x=- y=-
    # What was on screen, for a look afterwards.
    if command -v import >/dev/null; then
      import -window root "$WORK/logs/$v-$d-$run-fail.png" 2>/dev/null || true
    fi
  fi
  stop_viewer "$VIEWER_PID"
  VIEWER_PID=
  printf '%s %s %s %s %s %s %s\n' "$v" "$d" "$run" "$secs" "$rss" "$x" "$y" >>"$WORK/results"
  log "$(printf '%-5s %-16s %-10s %8s s  %7.1f MB  guest at +%s+%s' \
    "$label" "$d" "$v" "$secs" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$x" "$y")"
  sleep "$SETTLE"
}

mkdir -p "$WORK/logs"
: >"$WORK/results"
total=$(( (WARMUP + RUNS) * ${#DOMAINS[@]} * ${#VIEWERS[@]} ))
log "$total launches: ${#VIEWERS[@]} viewers x ${#DOMAINS[@]} guests x ($WARMUP warm-up + $RUNS runs)"
started=$SECONDS
# The lab is shared: notice if a guest gets restarted under us.
domids() { local d; for d in "${DOMAINS[@]}"; do printf '%s=%s ' "$d" "$(virsh -q -c "$URI" domid "$d" 2>/dev/null || echo none)"; done; }
IDS_BEFORE=$(domids)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1 - WARMUP; r <= RUNS; r++)); do
  order=("${VIEWERS[@]}")
  if (( (r + WARMUP) % 2 == 0 )); then   # reverse every other round
    order=()
    for ((i = ${#VIEWERS[@]} - 1; i >= 0; i--)); do order+=("${VIEWERS[i]}"); done
  fi
  for d in "${DOMAINS[@]}"; do
    for v in "${order[@]}"; do
      if ((r < 1)); then run_one "$v" "$d" "w$((r + WARMUP))" warm; else run_one "$v" "$d" "$r" "#$r"; fi
    done
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
IDS_AFTER=$(domids)
LAB_NOTE=
if [ "$IDS_BEFORE" != "$IDS_AFTER" ]; then
  LAB_NOTE="WARNING: a lab guest was restarted during the runs (domain ids before: $IDS_BEFORE after: $IDS_AFTER); numbers are suspect."
  log "$LAB_NOTE"
fi
log "runs took $((SECONDS - started)) s; load average before: $LOAD_BEFORE, after: $LOAD_AFTER"

# ---------------------------------------------------------------- report ---

# median VIEWER DOMAIN FIELD(4=s, 5=rss kB) over the measured runs (not w*)
median() {
  awk -v v="$1" -v d="$2" -v f="$3" '
    $1 == v && $2 == d && $3 !~ /^w/ && $4 != "fail" { print $f }' "$WORK/results" \
  | sort -g | awk '{ a[NR] = $1 } END {
      if (NR == 0) { print "nan"; exit }
      print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
ok_runs() {
  awk -v v="$1" -v d="$2" '$1 == v && $2 == d && $3 !~ /^w/ && $4 != "fail"' "$WORK/results" | wc -l
}

declare -A MED_S MED_MB N_OK
for d in "${DOMAINS[@]}"; do
  for v in "${VIEWERS[@]}"; do
    MED_S[$v,$d]=$(median "$v" "$d" 4)
    MED_MB[$v,$d]=$(awk -v k="$(median "$v" "$d" 5)" 'BEGIN { printf "%.1f", k / 1024 }')
    N_OK[$v,$d]=$(ok_runs "$v" "$d")
  done
done

vv_label() {
  case $1 in
    vv-attach) echo "virt-viewer --attach" ;;
    vv) echo "virt-viewer (default: read-only, TCP)" ;;
  esac
}

# rows: scenario|oriel s|vv s|ratio|oriel MB|vv MB|runs ok
rows() {
  local d v kind ratio
  for d in "${DOMAINS[@]}"; do
    kind=${d#oriel-lab-}
    for v in vv-attach vv; do
      ratio=$(awk -v a="${MED_S[oriel,$d]}" -v b="${MED_S[$v,$d]}" \
        'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "n/a"; else printf "%.2f", a / b }')
      printf '%s|%s|%s|%s|%s|%s|%s\n' \
        "$d ($kind) vs $(vv_label "$v")" \
        "$(awk -v s="${MED_S[oriel,$d]}" 'BEGIN { printf "%.3f", s }')" \
        "$(awk -v s="${MED_S[$v,$d]}" 'BEGIN { printf "%.3f", s }')" \
        "$ratio" "${MED_MB[oriel,$d]}" "${MED_MB[$v,$d]}" \
        "${N_OK[oriel,$d]}/$RUNS, ${N_OK[$v,$d]}/$RUNS"
    done
  done
}

HDR="scenario|Oriel median s|virt-viewer median s|ratio Oriel/virt-viewer|Oriel RSS MB|virt-viewer RSS MB|runs with a frame (Oriel, vv)"
{
  echo
  echo "Launch to first guest frame on screen (medians of $RUNS runs; RSS = viewer process tree, ${RSS_DELAY} s after the first frame)"
  echo
  { echo "$HDR"; rows; } | awk -F'|' '
    { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
    END { for (r = 1; r <= NR; r++) { line = ""
            for (i = 1; i <= NF; i++) line = line sprintf(i == 1 ? "%-*s" : "  %*s", w[i], c[r, i])
            print line } }'
  echo
} 

VERSIONS="Oriel $(git -C "$TOP" describe --always --dirty 2>/dev/null || echo '?') ($BUILD_DIR, $(meson introspect --buildoptions "$BUILD_DIR" 2>/dev/null | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')); $(virt-viewer --version 2>&1 | head -n1); spice-gtk $(pkg-config --modversion spice-client-gtk-3.0 2>/dev/null || echo '?'); gtk-vnc $(pkg-config --modversion gtk-vnc-2.0 2>/dev/null || echo '?'); GTK $(pkg-config --modversion gtk+-3.0 2>/dev/null || echo '?'); $(nproc) CPUs"

WHOLE=$(grep -h 'whole' "$WORK/logs/probe.log" | sed 's/.*reference at +[0-9]*+[0-9]*: //' \
  | sort | uniq -c | awk '{ $1 = $1 " x"; print }' | paste -sd ';' -)

if [ -n "$OUT" ]; then
  {
    echo "# Oriel vs virt-viewer: launch to first guest frame"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n). $VERSIONS."
    echo "Local \`$URI\`, lab guests from \`tests/lab/lab.sh\` (TCG, static text screen 720x400)."
    echo "Measured by \`tests/bench/first-frame.sh\` with RUNS=$RUNS (+$WARMUP warm-up per viewer and guest, not counted);"
    echo "load average before the runs $LOAD_BEFORE, after $LOAD_AFTER."
    [ -z "$LAB_NOTE" ] || { echo; echo "**$LAB_NOTE**"; }
    echo
    echo "| ${HDR//|/ | } |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    rows | sed 's/|/ | /g; s/^/| /; s/$/ |/'
    echo
    echo "- Time: from just before the viewer is started (bash \`\$EPOCHREALTIME\`) to the end of the"
    echo "  first X root-window grab (MIT-SHM, every 5 ms) that holds a 64x16 patch of"
    echo "  \`virsh screenshot\` pixel-exactly (no tolerance). Private Xvfb 1600x1000x24, no window manager."
    echo "- Oriel and \`virt-viewer --attach\` both take a read-write libvirt connection and get the display"
    echo "  socket from libvirt (OpenGraphicsFD); plain \`virt-viewer\` opens a read-only connection and"
    echo "  connects to the display's TCP address (127.0.0.1)."
    echo "- RSS: sum of VmRSS of the viewer and its descendants (shared pages counted per process)."
    echo "- Same environment for all: GDK_BACKEND=x11, NO_AT_BRIDGE=1, GSETTINGS_BACKEND=memory, no session bus,"
    echo "  empty XDG config/cache dirs."
    echo
    echo "Per-run seconds (measured runs, in order):"
    echo
    for d in "${DOMAINS[@]}"; do
      for v in "${VIEWERS[@]}"; do
        echo "- $d, $v: $(awk -v v="$v" -v d="$d" '$1 == v && $2 == d && $3 !~ /^w/ { printf "%s ", $4 }' "$WORK/results")"
      done
    done
    echo
    echo "Whole 720x400 reference compared at the place of the first match (all runs, warm-up too): $WHOLE."
    echo
    echo "Where the guest's (0,0) was found on screen: $(awk '$3 !~ /^w/ && $6 != "-" { print $1 "/" $2 " +" $6 "+" $7 }' "$WORK/results" | sort -u | tr '\n' ' ')"
  } >"$OUT"
  log "wrote $OUT"
fi

nfail=$(awk '$4 == "fail"' "$WORK/results" | wc -l)
[ "$nfail" = 0 ] || { log "$nfail launch(es) showed no frame within ${PROBE_TIMEOUT} s (logs: $WORK/logs, kept)"; KEEP=1; }
log "whole reference compared where the patch was first found: $WHOLE"
