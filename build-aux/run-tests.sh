#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts the lab
# (libvirtd and tiny QEMU guests on loopback, an sshd), and runs every suite:
# unit (no display), data (validators), e2e (Xvfb + lab).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=${ORIEL_BUILDDIR:-build}

bash build-aux/install-deps.sh

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=debugoptimized
fi
ninja -C "$builddir"

lab_started=
cleanup() {
  if [ -n "$lab_started" ] && [ -z "${ORIEL_KEEP_LAB:-}" ]; then
    bash tests/lab/sshd.sh stop || true
    bash tests/lab/lab.sh stop || true
  fi
}
trap cleanup EXIT INT TERM

bash tests/lab/lab.sh start oriel-lab-spice oriel-lab-vnc oriel-lab-spice-pw oriel-lab-vnc-pw
lab_started=1
bash tests/lab/sshd.sh start

status=0
bash build-aux/xvfb-session.sh -- \
  meson test -C "$builddir" --print-errorlogs --suite unit --suite data --suite e2e "$@" \
  || status=$?

# One closing line that counts every test case (TAP subtests included).
python3 build-aux/test-summary.py "$builddir/meson-logs/testlog.json" || true
exit "$status"
