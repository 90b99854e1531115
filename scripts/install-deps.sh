#!/usr/bin/env bash
# Installs what ELicense needs on a fresh Debian 12 machine, and nothing when it is all there.
# Safe to run again and again. Needs root (or sudo) only when something is missing.
set -euo pipefail

# command → Debian package that provides it
declare -A needed=(
  [openssl]=openssl
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [pdfsig]=poppler-utils
  [zbarimg]=zbar-tools
  [fc-list]=fontconfig
  [chromium]=chromium
  [npm]=npm
)

# file → Debian package that provides it
declare -A needed_files=(
  [/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc]=fonts-wqy-zenhei
)

missing=()
for command in "${!needed[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${needed[$command]}")
done
for file in "${!needed_files[@]}"; do
  [[ -e "$file" ]] || missing+=("${needed_files[$file]}")
done

if ((${#missing[@]} > 0)); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi
