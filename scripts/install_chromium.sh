#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/e2e), unless it is already there.
# Playwright's own browser download cannot work on this project's machines, so the tests
# drive /usr/bin/chromium. Idempotent, non-interactive; needs root (or sudo) for apt-get.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_chromium.sh: $CHROMIUM is missing and this user cannot run apt-get;" >&2
        echo "  install it as root: apt-get install -y chromium" >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium.sh: no apt-get here; install Chromium so that $CHROMIUM exists" >&2
    exit 1
fi

echo "Installing Debian's chromium (about 40 s) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x "$CHROMIUM"
"$CHROMIUM" --version 2>/dev/null
