#!/usr/bin/env bash
# Runs a command with DISPLAY pointing at a private Xvfb that ends with it.
#   xvfb-session.sh [--size WxH] -- COMMAND [ARGS...]
set -euo pipefail

size=1600x1000
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done

# a display number nobody uses
n=90
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done

Xvfb ":$n" -screen 0 "${size}x24" -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 100); do
  [ -e "/tmp/.X11-unix/X$n" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { echo "xvfb-session: Xvfb did not start" >&2; exit 1; }
  sleep 0.05
done

DISPLAY=":$n" "$@"
