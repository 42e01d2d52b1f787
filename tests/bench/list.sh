#!/usr/bin/env bash
# The domain list at scale: a libvirt test-driver node of 10,000 domains,
# served by the lab's libvirtd (test+unix://, so the domains live in the
# daemon as on a real host and Oriel's process holds only its own). Measures
# in a real window, medians of RUNS (5) runs:
#   - connect to the whole list drawn, from libvirt's answer (the test
#     driver first parses the node file for about a second; that is shown
#     apart, it is not Oriel's), target 1 s;
#   - a filter keystroke to the list updated (the list's own work) and to
#     the next frame drawn, target 16 ms;
#   - memory above Oriel showing an empty host, target 50 MB;
#   (all with thumbnails off: the list's own cost; then memory and stall
#   again with thumbnails on, as for this computer's domains by default)
#   - the main loop's longest stall while loading, target 50 ms;
#   - libvirt round trips to list N domains (100, 1,000, 10,000), which
#     must not grow with N.
#   RUNS=5 tests/bench/list.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
builddir=${BUILD_DIR:-build}
runs=${RUNS:-5}

[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
ninja -C "$builddir" tests/bench/list-probe >/dev/null
probe=$top/$builddir/tests/bench/list-probe
bash tests/lab/lab.sh start >/dev/null 2>&1   # its libvirtd serves the test driver too

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"    # libvirtd (root) reads the node files
for n in 0 100 1000 10000; do
  "$probe" --write-node "$n" "$tmp/node-$n.xml"
done

run_probe() {
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$top/$builddir/data NO_AT_BRIDGE=1 \
    bash build-aux/xvfb-session.sh -- "$probe" "$@" 2>/dev/null \
    | grep -E '^(shown_ms|listed_ms|stall_ms|rss_kb|domains|filter_ms|filter_drawn_ms) '
}

: >"$tmp/full" ; : >"$tmp/empty" ; : >"$tmp/thumbs"
for i in $(seq "$runs"); do
  LIST_PROBE_THUMBNAILS=never run_probe "test+unix://$tmp/node-10000.xml" 10000 \
    | sed "s/^/run$i /" >>"$tmp/full"
  LIST_PROBE_THUMBNAILS=never run_probe "test+unix://$tmp/node-0.xml" 0 \
    | sed "s/^/run$i /" >>"$tmp/empty"
  LIST_PROBE_THUMBNAILS=local run_probe "test+unix://$tmp/node-10000.xml" 10000 \
    | sed "s/^/run$i /" >>"$tmp/thumbs"
done

# Round trips: libvirt's RPC client logs each call it makes; the window is
# never shown, so no row asks for its details: listing alone.
for n in 100 1000 10000; do
  LIBVIRT_LOG_FILTERS="1:rpc.netclient" LIBVIRT_LOG_OUTPUTS="1:file:$tmp/rpc-$n.log" \
    run_probe "test+unix://$tmp/node-$n.xml" "$n" --listing-only >/dev/null
  echo "rpc $n $(grep -c 'virNetClientCallNew' "$tmp/rpc-$n.log" || true)" >>"$tmp/rpc"
done

python3 - "$tmp/full" "$tmp/empty" "$tmp/rpc" "$runs" "$tmp/thumbs" <<'PY'
import sys, statistics
def table(path):
    rows = {}
    for line in open(path):
        f = line.split()
        rows.setdefault(f[1], []).append([float(x) for x in f[2:] if x.replace('.', '', 1).isdigit()])
    return rows
full, empty, thumbs = table(sys.argv[1]), table(sys.argv[2]), table(sys.argv[5])
runs = sys.argv[4]
med = lambda rows, key, i=0: statistics.median(r[i] for r in rows[key])
shown, listed = med(full, "shown_ms"), med(full, "listed_ms")
stall = med(full, "stall_ms")
rss = (med(full, "rss_kb") - med(empty, "rss_kb")) / 1024
fmed, fmax = med(full, "filter_ms", 0), max(r[1] for r in full["filter_ms"])
dmed, dmax = med(full, "filter_drawn_ms", 0), max(r[1] for r in full["filter_drawn_ms"])
rpc = [l.split() for l in open(sys.argv[3])]
ok = lambda c: "met" if c else "MISSED"
print(f"\n10,000 domains, medians of {runs} runs\n")
print("| measure | value | target | |")
print("|---|---:|---|---|")
print(f"| libvirt's answer to the whole list drawn (ms) | {listed:.0f} | ≤ 1000 | {ok(listed <= 1000)} |")
print(f"| window start to the list drawn, test driver's parse included (ms) | {shown:.0f} | | |")
print(f"| filter keystroke to the list updated, median / worst (ms) | {fmed:.1f} / {fmax:.1f} | ≤ 16 | {ok(fmax <= 16)} |")
print(f"| filter keystroke to the next frame drawn, median / worst (ms) | {dmed:.1f} / {dmax:.1f} | | |")
print(f"| memory above Oriel showing an empty host (MB) | {rss:.1f} | ≤ 50 | {ok(rss <= 50)} |")
print(f"| main loop's longest stall while loading (ms) | {stall:.1f} | ≤ 50 | {ok(stall <= 50)} |")
trss = (med(thumbs, "rss_kb") - med(empty, "rss_kb")) / 1024
print(f"| with thumbnails on: memory above the empty host (MB) | {trss:.1f} | | |")
print(f"| with thumbnails on: main loop's longest stall (ms) | {med(thumbs, 'stall_ms'):.1f} | | |")
calls = [int(c) for _, _, c in rpc]
print(f"| libvirt round trips to list {', '.join(n for _, n, _ in rpc)} domains | {' / '.join(map(str, calls))} | constant | {ok(len(set(calls)) == 1)} |")
PY
