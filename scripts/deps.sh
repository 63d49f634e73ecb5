#!/bin/sh
# Installs the Debian packages Bantu needs to build, test and run, when any is missing.
# Called by `make` (deps target); safe to run again: it does nothing when all are present.
# Usage: scripts/deps.sh [--check]   (--check: only report what is missing, exit 1 if any)
set -eu

PKGS="build-essential pkg-config libncursesw5-dev libsqlite3-dev sqlite3 libyaml-dev \
libsodium-dev libcmocka-dev gettext tmux libxlsxwriter-dev time python3 unzip valgrind"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "${1:-}" = "--check" ]; then
	echo "missing Debian packages:$missing" >&2
	exit 1
fi

echo "bantu: installing Debian packages:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "bantu: need root (or sudo) to install:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
# apt-get update only when the package lists are empty or the install fails without it.
if ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	$SUDO apt-get update -q >/dev/null
	$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
