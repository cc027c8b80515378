#!/bin/sh
# Installs what Machinaka needs on Debian 12 (as root, or through sudo when not root):
# SDL2, SDL2_ttf, SDL2_image, ICU and cmark headers, libcurl, pkg-config, the fonts it plays with,
# and the voices that say alerts (Open JTalk with its dictionary, espeak-ng; the Japanese HTS
# voice itself is kept in deploy/voices); sox checks the sound in tests;
# and for the tests, the real parts they start: mosquitto, rsync, node_exporter, promtool, and
# Xvfb with Mesa (a real X server and its software OpenGL) for the window tests; FFmpeg's
# libraries for clips, and ffmpeg and mpv: tests make their clips, bench --window compares with mpv.
# Safe to run again: it installs only what is missing. The Swift 6 toolchain itself must be on PATH.
set -eu

packages="pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libicu-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libsqlite3-dev libqrencode-dev \
libxmlsec1-dev libxmlsec1-openssl libmosquitto-dev libcurl4-openssl-dev libxext-dev libavformat-dev libavcodec-dev libswscale-dev ffmpeg mpv open-jtalk open-jtalk-mecab-naist-jdic espeak-ng sox chromium mosquitto mosquitto-clients rsync curl prometheus-node-exporter prometheus dpkg-dev \
xvfb x11-apps libgl1-mesa-dri \
fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-noto-color-emoji"

missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done

if [ -n "$missing" ]; then
  echo "bootstrap: installing$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "bootstrap: no 'swift' on PATH; install the Swift 6 toolchain for Debian 12 from swift.org first." >&2
  exit 1
fi
