#!/usr/bin/env bash
# Runs a command with DISPLAY pointing at a private Xorg (dummy driver) with
# N side-by-side 1600x1200 monitors, ended with the command. Unlike Xvfb,
# whose screens GDK sees as one monitor, RandR outputs here are monitors.
#   xorg-session.sh [--monitors N] [--wm] -- COMMAND [ARGS...]
# --wm also runs a window manager (openbox): fullscreen, and fullscreen on
# a given monitor, are the window manager's to grant.
# Needs xserver-xorg-core, xserver-xorg-video-dummy, x11-xserver-utils
# (xrandr); run as root (Xorg takes -config FILE from anywhere only then).
set -euo pipefail

monitors=2
wm=
while [ $# -gt 0 ]; do
  case "$1" in
    --monitors) monitors=$2; shift 2 ;;
    --wm) wm=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
case $monitors in ''|*[!0-9]*|0) echo "xorg-session: --monitors wants a number >= 1" >&2; exit 2 ;; esac

# a display number nobody uses
n=90
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done

dir=$(mktemp -d "${TMPDIR:-/tmp}/xorg-session.XXXXXX")
xorg_pid=
wm_pid=
cleanup() {
  if [ -n "$wm_pid" ]; then kill "$wm_pid" 2>/dev/null; wait "$wm_pid" 2>/dev/null || true; fi
  if [ -n "$xorg_pid" ]; then kill "$xorg_pid" 2>/dev/null; wait "$xorg_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The dummy driver's framebuffer must hold the whole desktop (VideoRam, in
# KiB, and Virtual); the wide sync ranges let it accept any mode.
cat >"$dir/xorg.conf" <<EOF
Section "ServerFlags"
  Option "AutoAddDevices" "false"
EndSection
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual $((monitors * 1600)) 1200
    Modes "1600x1200"
  EndSubSection
EndSection
EOF

Xorg ":$n" -config "$dir/xorg.conf" -noreset -nolisten tcp -logfile "$dir/Xorg.log" \
  </dev/null >/dev/null 2>&1 &
xorg_pid=$!

fail() {
  echo "xorg-session: $*" >&2
  tail -n 20 "$dir/Xorg.log" >&2 2>/dev/null || true
  exit 1
}

for _ in $(seq 200); do
  [ -e "/tmp/.X11-unix/X$n" ] && xrandr -d ":$n" -q >/dev/null 2>&1 && break
  kill -0 "$xorg_pid" 2>/dev/null || fail "Xorg did not start"
  sleep 0.05
done

# Output DUMMYi shows the next 1600x1200 to the right of DUMMYi-1.
for ((i = 1; i < monitors; i++)); do
  if ! xrandr -d ":$n" --addmode "DUMMY$i" 1600x1200 \
     || ! xrandr -d ":$n" --output "DUMMY$i" --mode 1600x1200 --right-of "DUMMY$((i - 1))"; then
    fail "could not turn on output DUMMY$i"
  fi
done
for _ in $(seq 100); do
  [ "$(xrandr -d ":$n" --listactivemonitors 2>/dev/null | sed -n 's/^Monitors: //p')" = "$monitors" ] && break
  sleep 0.05
done
[ "$(xrandr -d ":$n" --listactivemonitors | sed -n 's/^Monitors: //p')" = "$monitors" ] \
  || fail "Xorg :$n does not list $monitors monitors"

if [ -n "$wm" ]; then
  # openbox runs its --startup command once it manages the screen
  DISPLAY=":$n" openbox --sm-disable --startup "touch $dir/wm-ready" \
    </dev/null >"$dir/openbox.log" 2>&1 &
  wm_pid=$!
  for _ in $(seq 200); do
    [ -e "$dir/wm-ready" ] && break
    kill -0 "$wm_pid" 2>/dev/null || fail "openbox did not start: $(cat "$dir/openbox.log")"
    sleep 0.05
  done
  [ -e "$dir/wm-ready" ] || fail "openbox did not start in time"
fi

DISPLAY=":$n" "$@"
