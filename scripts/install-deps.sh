#!/bin/sh
# Installs the Debian packages the build needs, only when they are missing.
# Usage: scripts/install-deps.sh [extra-package ...]
set -eu

packages="libedit-dev pkg-config zlib1g-dev $*"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "policy-advisor: these Debian packages are missing:$missing" >&2
if [ "$(id -u)" = "0" ]; then
    run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run="sudo"
else
    echo "policy-advisor: cannot install packages (not root, and sudo is not available without a password)." >&2
    echo "Run this once, then try again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "policy-advisor: apt-get not found; install these packages with your system's package manager:$missing" >&2
    exit 1
fi
echo "policy-advisor: installing them with apt-get..." >&2
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq >/dev/null
$run apt-get install -y -qq $missing >/dev/null
