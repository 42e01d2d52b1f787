#!/usr/bin/env bash
# Fails when a file with translatable strings is missing from po/POTFILES.in,
# or when POTFILES.in names a file that does not exist.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
while read -r f; do
  grep -qxF "$f" po/POTFILES.in || { echo "not in po/POTFILES.in: $f"; status=1; }
done < <({ grep -rlE '\b(_|N_|C_)\("' src; grep -rl 'translatable="yes"' ui; } | sort -u)
while read -r f; do
  case "$f" in ''|'#'*) continue ;; esac
  [ -e "$f" ] || { echo "po/POTFILES.in names a missing file: $f"; status=1; }
done < po/POTFILES.in
exit "$status"
