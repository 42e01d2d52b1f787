#!/usr/bin/env bash
# Runs one libFuzzer target for a while from its seeds.
#   run-fuzzer.sh EXE SECONDS WORKDIR SEED_DIR...
# New inputs go to WORKDIR/corpus (the committed seeds stay as they are);
# a crash leaves WORKDIR/crash-* and fails the run.
set -euo pipefail
exe=$1 seconds=$2 work=$3
shift 3
mkdir -p "$work/corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
exec "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" "$@"
