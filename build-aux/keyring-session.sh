#!/usr/bin/env bash
# Runs a command with a private Secret Service, for tests that store and look
# up passwords through libsecret:
#
#   keyring-session.sh -- CMD ARGS...
#
# CMD runs on a private D-Bus session bus (dbus-run-session) where a
# gnome-keyring-daemon (secrets component only) owns org.freedesktop.secrets.
# The daemon alone gets a fresh temporary XDG_DATA_HOME (its keyrings) and
# XDG_RUNTIME_DIR (its control socket): the user's own keyring and daemon are
# never seen. CMD keeps the caller's environment, but for the bus address.
# The "login" collection is created and unlocked with the throwaway password
# lab-keyring-pass (exported to CMD as ORIEL_KEYRING_PASSWORD) and is the
# "default" alias, so secret_password_store_sync()/lookup_sync() on the
# default collection work with no prompt and no display. The daemon and the
# folder go when CMD ends; the exit status is CMD's.
# Needs: dbus-run-session and dbus-send (dbus-daemon, dbus-bin), gnome-keyring.
set -euo pipefail

PASSWORD=lab-keyring-pass

log() { printf 'keyring-session: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: keyring-session.sh -- CMD [ARGS...]" >&2; exit 2; }

# ------------------------------------------------ outside the private bus ---

if [ -z "${ORIEL_KEYRING_SESSION_DIR:-}" ]; then
  for c in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$c" >/dev/null || die "$c is missing (build-aux/install-deps.sh installs it)"
  done
  dir=$(mktemp -d "${TMPDIR:-/tmp}/oriel-keyring.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -m 700 "$dir/data" "$dir/run" "$dir/config" "$dir/cache"
  # The bus daemon's own chatter (as root: "Failed to set fd limit") to a log
  # of ours rather than CMD's stderr.
  printf '#!/bin/sh\nexec dbus-daemon "$@" 2>>%q\n' "$dir/dbus-daemon.log" >"$dir/dbus-daemon"
  chmod 755 "$dir/dbus-daemon"
  rc=0
  ORIEL_KEYRING_SESSION_DIR=$dir dbus-run-session --dbus-daemon="$dir/dbus-daemon" -- bash "$0" -- "$@" || rc=$?
  exit "$rc"
fi

# ------------------------------------------------- inside the private bus ---

dir=$ORIEL_KEYRING_SESSION_DIR
unset ORIEL_KEYRING_SESSION_DIR

has_secrets() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
    | grep -q 'boolean true'
}

# --unlock reads the password from stdin and, the keyring folder being empty,
# creates the "login" collection with it, unlocked; gnome-keyring takes
# "login" as the "default" alias when no alias file says otherwise. Creating
# the default collection any other way needs a prompter (a display, a
# person). In the foreground so that we know its pid; it takes the bus name
# before anything in CMD could get the bus to start an unlocked one.
# A desktop's GNOME_KEYRING_CONTROL would lead it to the user's running daemon.
printf '%s' "$PASSWORD" \
  | env -u GNOME_KEYRING_CONTROL -u GNOME_KEYRING_PID XDG_DATA_HOME="$dir/data" \
      XDG_RUNTIME_DIR="$dir/run" XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" \
      gnome-keyring-daemon --foreground --components=secrets --unlock >"$dir/daemon.log" 2>&1 &
daemon=$!
# shellcheck disable=SC2317   # called by the trap
stop_daemon() {
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
}
trap stop_daemon EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 100); do
  has_secrets && break
  kill -0 "$daemon" 2>/dev/null || { cat "$dir/daemon.log" >&2; die "gnome-keyring-daemon exited"; }
  sleep 0.05
done
has_secrets || { cat "$dir/daemon.log" >&2; die "gnome-keyring-daemon did not take org.freedesktop.secrets"; }

rc=0
ORIEL_KEYRING_PASSWORD=$PASSWORD "$@" || rc=$?
exit "$rc"
