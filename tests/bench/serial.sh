#!/usr/bin/env bash
# Text console throughput, guest to terminal: Oriel (libvirt console stream
# into VTE on a private Xvfb) against `virsh console` in a pty, the same
# guest output each round, alternating. Prints medians and the ratio.
#   RUNS=7 KIB=512 DOMAIN=oriel-lab-vnc tests/bench/serial.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
builddir=${BUILD_DIR:-build}
runs=${RUNS:-7}
kib=${KIB:-512}
domain=${DOMAIN:-oriel-lab-vnc}

[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
ninja -C "$builddir" tests/bench/serial-bench >/dev/null
bash tests/lab/lab.sh start "$domain" >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
  bash build-aux/xvfb-session.sh -- "$builddir/tests/bench/serial-bench" "$domain" "$runs" "$kib" \
  | grep -E '^(oriel|virsh) ' >"$out"

python3 - "$out" "$kib" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
t = {v: [float(r[1]) for r in rows if r[0] == v] for v in ("oriel", "virsh")}
size = int(rows[0][2])
mo, mv = statistics.median(t["oriel"]), statistics.median(t["virsh"])
print(f"| viewer | median s | KiB/s | runs |")
print(f"|---|---:|---:|---:|")
print(f"| Oriel (VTE) | {mo:.3f} | {size / 1024 / mo:.0f} | {len(t['oriel'])} |")
print(f"| virsh console | {mv:.3f} | {size / 1024 / mv:.0f} | {len(t['virsh'])} |")
print(f"\nThroughput ratio Oriel / virsh console: {mv / mo:.2f} ({size} bytes of base64 per run)")
PY
