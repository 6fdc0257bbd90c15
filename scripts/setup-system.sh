#!/usr/bin/env bash
# Installs the OS packages AI Media Search needs on Debian/Ubuntu, only those missing.
# Idempotent and quick when everything is present. Run as root (or it uses sudo).
set -euo pipefail

# program-on-PATH  debian-package
REQUIRED=(
  "rabbitmq-server rabbitmq-server"
  "redis-server redis-server"
  "ffprobe ffmpeg"
)

missing=()
for entry in "${REQUIRED[@]}"; do
  program=${entry%% *}
  package=${entry##* }
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ] && [ ! -x "/usr/lib/rabbitmq/bin/$program" ]; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "[setup] system packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "[setup] need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

echo "[setup] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Installing a server package must not leave it running as a system service we did not ask for:
# npm start / npm test start and stop their own instances.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[setup] installed: ${missing[*]}"
