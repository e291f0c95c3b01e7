#!/usr/bin/env bash
# Builds, once, a Debian 13 (trixie) chroot with today's SSH peers for the interop tests:
# OpenSSH 10.0, Dropbear 2025, PuTTY 0.83 and tshark 4.4. The Debian 12 peers stay on the host,
# so the tests cover both generations. The chroot lives outside the repository, in a cache dir:
#   ${SSHSCOPE_TRIXIE:-$HOME/.cache/sshscope/trixie}
# It is complete when its marker file exists (listing the peers' versions); a half-built one
# (interrupted run) is rebuilt.
# Needs root and debootstrap (apt-get install debootstrap).
set -euo pipefail

DIR="${SSHSCOPE_TRIXIE:-$HOME/.cache/sshscope/trixie}"
MARKER="$DIR/.sshscope-trixie-complete"
PACKAGES=openssh-server,openssh-client,dropbear-bin,putty-tools,tshark

if [ -f "$MARKER" ]; then
  echo "trixie chroot: $DIR is ready"
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
  echo "trixie chroot: debootstrap is missing (apt-get install debootstrap)" >&2
  exit 1
fi
PATH="$PATH:/usr/sbin:/sbin"

# A previous run that stopped half-way leaves a tree debootstrap cannot resume: start over.
if [ -e "$DIR" ]; then
  echo "trixie chroot: removing the incomplete $DIR"
  rm -rf --one-file-system "$DIR"
fi
mkdir -p "$(dirname "$DIR")"
TMP="$DIR.partial"
rm -rf --one-file-system "$TMP"

echo "trixie chroot: debootstrap into $TMP (about a minute and 460 MB)"
# debootstrap replaces start-stop-daemon while it installs, so the sshd and dropbear packages do
# not start a daemon on the host's network.
debootstrap --variant=minbase --include="$PACKAGES" trixie "$TMP" http://deb.debian.org/debian >"$TMP.log" 2>&1 || {
  echo "trixie chroot: debootstrap failed; the last lines of its log:" >&2
  tail -n 20 "$TMP.log" >&2
  exit 1
}
rm -f "$TMP.log"

# sshd's privilege separation directory, as the host's /run/sshd (the chroot has no systemd).
mkdir -p "$TMP/run/sshd"
chmod 0755 "$TMP/run/sshd"
# The packages' postinst generated host keys; tests make their own, so these are not needed.
rm -f "$TMP"/etc/ssh/ssh_host_*_key "$TMP"/etc/ssh/ssh_host_*_key.pub "$TMP"/etc/dropbear/dropbear_*_host_key

mv "$TMP" "$DIR"
{
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  chroot "$DIR" dpkg-query -W -f '${Package} ${Version}\n' openssh-server openssh-client dropbear-bin putty-tools tshark
} >"$MARKER"
cat "$MARKER"
echo "trixie chroot: $DIR is ready"
