#!/usr/bin/env bash
# Installs Oriel into a temporary prefix (a build of its own, configured for
# that prefix, as a packager would) and checks that the installed tree is a
# working application: every file in place, and the installed binary starts,
# finds its schema, resources and translations, and shows its window.
#   check-install.sh [BUILDDIR]     (needs DISPLAY for the window check)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/build-install}
prefix=$(mktemp -d "${TMPDIR:-/tmp}/oriel-prefix.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/oriel-install.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$prefix" "$log"
}
trap cleanup EXIT

fail() { echo "check-install: $*" >&2; exit 1; }

if [ -f "$builddir/build.ninja" ]; then
  meson configure "$builddir" --prefix="$prefix" >/dev/null
else
  meson setup "$builddir" --prefix="$prefix" -De2e=false --buildtype=debugoptimized >/dev/null
fi
ninja -C "$builddir" >/dev/null
meson install -C "$builddir" --no-rebuild --quiet

app=io.github.oriel.Oriel
share=$prefix/share
missing=0
for f in bin/oriel bin/oriel-edit \
         "share/applications/$app.desktop" "share/metainfo/$app.metainfo.xml" \
         "share/icons/hicolor/scalable/apps/$app.svg" \
         "share/icons/hicolor/symbolic/apps/$app-symbolic.svg" \
         "share/glib-2.0/schemas/$app.gschema.xml" "share/mime/packages/$app.mime.xml" \
         share/man/man1/oriel.1 share/man/man1/oriel-edit.1 \
         share/bash-completion/completions/oriel share/bash-completion/completions/oriel-edit; do
  [ -e "$prefix/$f" ] || { echo "check-install: not installed: $f" >&2; missing=1; }
done
for lang in $(cat "$top/po/LINGUAS"); do
  [ -e "$share/locale/$lang/LC_MESSAGES/oriel.mo" ] \
    || { echo "check-install: no $lang translation installed" >&2; missing=1; }
done
[ $missing -eq 0 ] || exit 1

# What a distribution's triggers do after installing.
glib-compile-schemas --strict "$share/glib-2.0/schemas"
export GSETTINGS_SCHEMA_DIR=$share/glib-2.0/schemas GSETTINGS_BACKEND=memory
export XDG_DATA_DIRS=$share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}

"$prefix/bin/oriel" --version | grep -qx "oriel $(meson introspect "$builddir" --projectinfo \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')" \
  || fail "the installed oriel does not print its version"
"$prefix/bin/oriel-edit" --version >/dev/null || fail "the installed oriel-edit does not start"
desktop-file-validate "$share/applications/$app.desktop"
appstreamcli validate --no-net "$share/metainfo/$app.metainfo.xml" >/dev/null \
  || fail "the installed metainfo does not validate"

# The installed translations are found (LOCALEDIR is the prefix's).
for lang in $(cat "$top/po/LINGUAS"); do
  english=$(LANGUAGE=en LC_ALL=C.UTF-8 "$prefix/bin/oriel" --help | grep -- '--connect')
  translated=$(LANGUAGE=$lang LC_ALL=C.UTF-8 "$prefix/bin/oriel" --help | grep -- '--connect')
  [ "$english" != "$translated" ] || fail "LANGUAGE=$lang: oriel --help is not translated"
done

# Starts oriel (the command given) and waits for its window; fails on an
# exit, no window, or a complaint matching PATTERN in its output.
shows_window() {  # WHAT PATTERN COMMAND...
  local what=$1 pattern=$2
  shift 2
  NO_AT_BRIDGE=1 "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "$what exited"; }
    sleep 0.1
  done
  xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1 \
    || { cat "$log" >&2; fail "$what showed no window"; }
  sleep 0.5    # the start-up work after the window is mapped
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "$what exited after showing its window"; }
  if grep -E "$pattern" "$log" >&2; then fail "$what complained"; fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  pid=
}

if [ -n "${DISPLAY:-}" ]; then
  # The window comes up from the installed tree: resources, schema, icon theme.
  shows_window "the installed oriel" "CRITICAL|WARNING" "$prefix/bin/oriel" -c test:///default
  # Run in place without the schema (a build tree, without
  # GSETTINGS_SCHEMA_DIR): the defaults in the code apply, said once. The
  # system's data (GTK's schemas, the MIME database) stays in sight.
  if GSETTINGS_SCHEMA_DIR= XDG_DATA_DIRS=/usr/share gsettings list-schemas | grep -qx "$app"; then
    echo "check-install: $app is installed in /usr/share; not checking a start without it"
  else
    shows_window "oriel without its settings schema" "CRITICAL" \
      env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS=/usr/share "$builddir/src/oriel" -c test:///default
    grep -q "schema $app is not installed; using defaults" "$log" \
      || fail "oriel without its settings schema did not say it uses the defaults"
  fi
fi

echo "check-install: installed and started from $prefix:"
(cd "$prefix" && find . -type f | sed 's|^\./|  |' | sort)
