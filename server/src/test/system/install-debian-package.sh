#!/usr/bin/env bash
# Makes sure a Debian package's program is on the machine for the system tests, such as Chromium for the console's
# browser test (ConsoleBrowserIT).
# Run by the Maven build (exec-maven-plugin, pre-integration-test); does nothing when the program is already there.
# Usage: install-debian-package.sh PACKAGE PROGRAM   e.g. install-debian-package.sh chromium /usr/bin/chromium
# Downloads of a tool's own binaries cannot work here, so these come from the distribution's packages.
set -euo pipefail
package=$1
program=$2
if [ -x "$program" ]; then
  echo "$package: present at $program"
  exit 0
fi
fail() {
  echo "install-debian-package: $1" >&2
  echo "install-debian-package: the system tests need Debian's $package at $program; install it with" >&2
  echo "install-debian-package:   apt-get update && apt-get install -y --no-install-recommends $package" >&2
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
echo "$package: not installed; installing Debian's package (apt-get)..."
# A fresh machine may have no package lists yet: try the install, update the lists once if it fails, retry.
log=/tmp/resx-$package-apt.log
if ! $apt install -y --no-install-recommends "$package" >"$log" 2>&1; then
  $apt update >>"$log" 2>&1 || fail "apt-get update failed (last lines of $log: $(tail -n 3 "$log" | tr '\n' ' '))"
  $apt install -y --no-install-recommends "$package" >>"$log" 2>&1 \
    || fail "apt-get install $package failed (last lines of $log: $(tail -n 3 "$log" | tr '\n' ' '))"
fi
[ -x "$program" ] || fail "the $package package installed but $program is missing"
echo "$package: installed at $program"
