#!/usr/bin/env bash
# Installs the OS packages AI Media Search needs on Debian/Ubuntu, only those missing.
# Idempotent and quick when everything is present. Run as root (or it uses sudo).
set -euo pipefail

# program-on-PATH (or an absolute path the package installs)  debian-package
REQUIRED=(
  "rabbitmq-server rabbitmq-server"
  "redis-server redis-server"
  "ffprobe ffmpeg"
  # Local analysis: speech to text with its English model, OCR fallback.
  "pocketsphinx_continuous pocketsphinx"
  "/usr/share/pocketsphinx/model/en-us/en-us pocketsphinx-en-us"
  "tesseract tesseract-ocr"
  "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata tesseract-ocr-eng"
  # Tests and benchmarks: festival speaks test sentences clearly enough for pocketsphinx;
  # DejaVu renders text into test images.
  "text2wave festival"
  "/usr/share/festival/voices/english/kal_diphone festvox-kallpc16k"
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core"
  # bench/relevance draws its text images with ImageMagick (checked by path: a sandbox may put a
  # PNG-only `convert` stand-in first on PATH) in a few more typefaces.
  "/usr/bin/convert imagemagick"
  "/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf fonts-urw-base35"
  # The web client's end-to-end tests drive Debian's Chromium with playwright-core.
  "/usr/bin/chromium chromium"
)

present() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/lib/rabbitmq/bin/$1" ] ;;
  esac
}

missing=()
for entry in "${REQUIRED[@]}"; do
  check=${entry%% *}
  package=${entry##* }
  present "$check" || missing+=("$package")
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
