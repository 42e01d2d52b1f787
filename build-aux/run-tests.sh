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

bash tests/lab/lab.sh start oriel-lab-spice oriel-lab-vnc oriel-lab-spice-pw oriel-lab-vnc-pw oriel-lab-multi
lab_started=1
bash tests/lab/sshd.sh start

status=0
bash build-aux/xvfb-session.sh -- \
  meson test -C "$builddir" --print-errorlogs --suite unit --suite data --suite e2e "$@" \
  || status=$?

# One closing line that counts every test case (TAP subtests included).
python3 build-aux/test-summary.py "$builddir/meson-logs/testlog.json" || true

# meson install into a temporary prefix; the installed binary must start.
bash build-aux/xvfb-session.sh -- bash build-aux/check-install.sh || status=$?

# The unit and e2e suites again under AddressSanitizer and
# UndefinedBehaviorSanitizer, leaks checked in both: any report fails the
# run. ORIEL_E2E_LEAKS=0 skips the (slower) leak checking in e2e.
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
e2e_asan=detect_leaks=0:halt_on_error=1:abort_on_error=1
if [ "${ORIEL_E2E_LEAKS:-1}" != 0 ]; then
  # Leak checking in e2e too, third-party caches suppressed (see the file);
  # slow unwinding gives the full stacks the suppressions need (about 1.5x
  # slower), and GLib's slice allocator would hide leaked GObjects.
  e2e_asan=detect_leaks=1:halt_on_error=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=30
  export LSAN_OPTIONS=suppressions=$top/build-aux/lsan-e2e.supp:print_suppressions=0
  export G_SLICE=always-malloc
fi
ASAN_OPTIONS=$e2e_asan \
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
  tests/fuzz/fuzz-domain-xml tests/fuzz/fuzz-domain-config tests/fuzz/fuzz-vv-file >/dev/null
meson test -C "$fuzzdir" --no-rebuild --print-errorlogs --suite fuzz || status=$?
python3 build-aux/test-summary.py "$fuzzdir/meson-logs/testlog.json" || true
exit "$status"
