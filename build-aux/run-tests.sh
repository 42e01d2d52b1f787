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

# The unit and e2e suites again under AddressSanitizer and
# UndefinedBehaviorSanitizer: any report fails the run. Leaks are checked
# in the unit suite; in e2e every process ends holding GTK's, fontconfig's,
# pango's and spice-gtk's one-time caches, which Debian's stripped libraries
# do not let a suppression tell from Oriel's own, so there only memory
# errors and undefined behaviour count (the fuzzers check leaks too).
sandir=${ORIEL_SANITIZE_BUILDDIR:-build-sanitize}
if [ ! -f "$sandir/build.ninja" ]; then
  meson setup "$sandir" -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debugoptimized >/dev/null
fi
ninja -C "$sandir" >/dev/null
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1 \
  meson test -C "$sandir" --no-rebuild --print-errorlogs --logbase unitlog --suite unit \
  || status=$?
ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1 \
  bash build-aux/xvfb-session.sh -- \
  meson test -C "$sandir" --no-rebuild --print-errorlogs --suite e2e "$@" || status=$?
python3 build-aux/test-summary.py "$sandir/meson-logs/unitlog.json" || true
python3 build-aux/test-summary.py "$sandir/meson-logs/testlog.json" || true

# Every parser Oriel owns, fuzzed briefly under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang and libFuzzer: a build of its own).
fuzzdir=${ORIEL_FUZZ_BUILDDIR:-build-fuzz}
if [ ! -f "$fuzzdir/build.ninja" ]; then
  CC=clang meson setup "$fuzzdir" -Dfuzzing=true -De2e=false \
    -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized >/dev/null
fi
ninja -C "$fuzzdir" tests/fuzz/fuzz-uri tests/fuzz/fuzz-known-hosts tests/fuzz/fuzz-ssh-config \
  tests/fuzz/fuzz-domain-xml tests/fuzz/fuzz-domain-config >/dev/null
meson test -C "$fuzzdir" --no-rebuild --print-errorlogs --suite fuzz || status=$?
python3 build-aux/test-summary.py "$fuzzdir/meson-logs/testlog.json" || true
exit "$status"
