#!/usr/bin/env bash
# Soak: a lab guest stopped and started CYCLES times (50 by default) under
# one Oriel window with its graphical and serial consoles open. Checks each
# cycle's reattach time (target: within 2 s of the guest starting), RSS
# growth (at most 5 MiB), fd and thread counts (back to their starting
# values) and zombie children (none). Cycle 0 is a warm-up.
#   CYCLES=50 DOMAIN=oriel-lab-spice tests/bench/soak.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
builddir=${BUILD_DIR:-build}
cycles=${CYCLES:-50}
domain=${DOMAIN:-oriel-lab-spice}

[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
ninja -C "$builddir" tests/bench/soak-probe >/dev/null
bash tests/lab/lab.sh start "$domain" >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
ORIEL_LAB_SH=$top/tests/lab/lab.sh GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
  bash build-aux/xvfb-session.sh -- "$builddir/tests/bench/soak-probe" "$domain" "$cycles" \
  | grep '^cycle ' | tee "$out"

python3 - "$out" <<'PY'
import statistics, sys
rows = []
for line in open(sys.argv[1]):
    f = line.split()
    rows.append({f[i]: float(f[i + 1]) for i in range(0, len(f) - 1, 2)})
warm, runs = rows[0], rows[1:]
back = [r["reattach_s"] for r in runs]
growth = (runs[-1]["rss_kib"] - warm["rss_kib"]) / 1024
peak_growth = (max(r["rss_kib"] for r in runs) - warm["rss_kib"]) / 1024
checks = [
    ("reattach after the guest starts, worst (s)", max(back), "<= 2.0", max(back) <= 2.0),
    ("reattach, median (s)", statistics.median(back), "", True),
    ("RSS growth after warm-up, end (MiB)", growth, "<= 5", growth <= 5),
    ("RSS growth after warm-up, peak (MiB)", peak_growth, "", True),
    ("fds: warm-up -> end", f"{warm['fds']:.0f} -> {runs[-1]['fds']:.0f}", "equal",
     runs[-1]["fds"] <= warm["fds"]),
    ("threads: warm-up -> end", f"{warm['threads']:.0f} -> {runs[-1]['threads']:.0f}", "equal",
     runs[-1]["threads"] <= warm["threads"]),
    ("zombie children, most", f"{max(r['zombies'] for r in runs):.0f}", "0",
     max(r["zombies"] for r in runs) == 0),
    ("main loop's longest stall while reattaching (ms)", max(r["stall_ms"] for r in runs), "< 100",
     max(r["stall_ms"] for r in runs) < 100),
]
print(f"\n{len(runs)} cycles after a warm-up")
print("| measure | value | target | |")
print("|---|---:|---|---|")
for name, value, target, ok in checks:
    v = f"{value:.3f}" if isinstance(value, float) else value
    verdict = ("met" if ok else "MISSED") if target else ""
    print(f"| {name} | {v} | {target} | {verdict} |")
PY
