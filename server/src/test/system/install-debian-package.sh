#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the console's browser test (ConsoleBrowserIT).
# Run by the Maven build (exec-maven-plugin, pre-integration-test); does nothing when it is already there.
# Playwright's own browser download cannot work here, so the browser comes from the distribution's packages.
set -euo pipefail
browser=/usr/bin/chromium
if [ -x "$browser" ]; then
  echo "chromium: $("$browser" --version 2>/dev/null || echo present) at $browser"
  exit 0
fi
fail() {
  echo "install-chromium: $1" >&2
  echo "install-chromium: the browser test needs Debian's chromium at $browser; install it with" >&2
  echo "install-chromium:   apt-get update && apt-get install -y --no-install-recommends chromium" >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || fail "apt-get not found (not a Debian-based machine)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || fail "not root and no password-less sudo"
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300"   # wait for another apt/dpkg run rather than fail on its lock
echo "chromium: not installed; installing Debian's package (apt-get)..."
# A fresh machine may have no package lists yet: try the install, update the lists once if it fails, retry.
log=/tmp/resx-chromium-apt.log
if ! $apt install -y --no-install-recommends chromium >"$log" 2>&1; then
  $apt update >>"$log" 2>&1 || fail "apt-get update failed (last lines of $log: $(tail -n 3 "$log" | tr '\n' ' '))"
  $apt install -y --no-install-recommends chromium >>"$log" 2>&1 \
    || fail "apt-get install chromium failed (last lines of $log: $(tail -n 3 "$log" | tr '\n' ' '))"
fi
[ -x "$browser" ] || fail "the chromium package installed but $browser is missing"
echo "chromium: installed $("$browser" --version 2>/dev/null || true)"
