#!/usr/bin/env bash
# Installs what Oriel needs to build, run its demo lab and run its tests, on
# Debian 12. Idempotent: packages already present are skipped quickly.
set -euo pipefail

BUILD_PKGS=(
  meson ninja-build pkg-config gcc gettext libglib2.0-dev libgtk-3-dev
  libspice-client-gtk-3.0-dev libgtk-vnc-2.0-dev libvirt-glib-1.0-dev
  libvirt-dev libssh2-1-dev libvte-2.91-dev libxml2-dev libsecret-1-dev help2man
)
LAB_PKGS=(
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
  qemu-utils openssh-server openssh-client busybox-static cpio xvfb xauth
  imagemagick appstream desktop-file-utils libxml2-utils x11-utils xdotool iproute2
  procps python3 clang libclang-rt-14-dev
  xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils openbox
  # TLS and credentials: the lab's certificates; libvirtd's SASL (saslpasswd2,
  # the SCRAM/DIGEST-MD5 plugins); keyring-session.sh's private Secret Service
  # (dbus-daemon + dbus-bin, not `dbus`: its init script would start a system bus).
  openssl sasl2-bin libsasl2-modules gnome-keyring libsecret-tools dbus-daemon dbus-bin
)
BENCH_PKGS=(virt-viewer netcat-openbsd)

want=("${BUILD_PKGS[@]}" "${LAB_PKGS[@]}")
case "${1:-}" in
  --bench) want+=("${BENCH_PKGS[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root, or install them with apt-get first." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
