#!/usr/bin/env bash
# The Debian packages ccec needs: `run` for the app, `test` for the app and its suite.
# Installs the missing ones when run as root; otherwise prints the one command to run and fails.
set -euo pipefail

RUN_PACKAGES=(
  gettext         # msgfmt, for compilemessages
  fonts-noto-cjk  # Chinese text in the report's charts and the embedded PDF font
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint (the PDF report)
)
TEST_PACKAGES=(
  chromium        # the browser tests drive Debian's Chromium with Playwright
)

packages=("${RUN_PACKAGES[@]}")
[ "${1:-test}" = "test" ] && packages+=("${TEST_PACKAGES[@]}")

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "These Debian packages are missing: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
