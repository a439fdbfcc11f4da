#!/usr/bin/env bash
# Installs the system packages narrator needs (as root), or prints the exact command to run.
# Usage: scripts/system-deps.sh [extra-package ...]
set -euo pipefail
# wbritish: the word list `narrator pronunciations` tells common words from names with.
packages=(espeak-ng ffmpeg wbritish "$@")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "narrator needs these system packages; run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
