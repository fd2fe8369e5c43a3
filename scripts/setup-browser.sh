#!/usr/bin/env bash
# Installs what the view tests drive: Debian's chromium and chromium-driver, and CJK fonts (fonts-noto-cjk) so
# that screenshots show Chinese. Does nothing when they are already there. Without apt (or root) it says why and
# exits 0: the browser tests then skip with that reason instead of failing the run.
set -euo pipefail

installed() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] &&
        { ! command -v dpkg >/dev/null 2>&1 || dpkg -s fonts-noto-cjk >/dev/null 2>&1; }
}

if installed; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-browser: no apt-get here; the browser tests will be skipped" >&2
    exit 0
fi
SUDO=()
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        echo "setup-browser: not root and no password-less sudo; the browser tests will be skipped" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || echo "setup-browser: apt-get update failed; trying the install anyway" >&2
if "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-cjk >/dev/null; then
    echo "setup-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
else
    echo "setup-browser: could not install chromium; the browser tests will be skipped" >&2
fi
