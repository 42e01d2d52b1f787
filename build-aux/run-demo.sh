#!/usr/bin/env bash
# The demo command: installs what is missing, builds, starts the lab (a SPICE
# and a VNC guest on loopback) and opens Oriel on it. Extra arguments go to
# oriel, e.g. `build-aux/run-demo.sh oriel-lab-spice`.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=${ORIEL_BUILDDIR:-build}

bash build-aux/install-deps.sh
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=debugoptimized
fi
ninja -C "$builddir"
bash tests/lab/lab.sh start

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "run-demo: no display (DISPLAY is not set). Run this from a desktop session," >&2
  echo "run-demo: or over 'ssh -X', to see Oriel; the lab stays up for that." >&2
  exit 1
fi
# run in place: the settings schema compiled in the build tree
export GSETTINGS_SCHEMA_DIR="$top/$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$builddir/src/oriel" -c qemu:///system "$@"
