#!/bin/sh
# Turns a Debian 12 machine into a Machinaka kiosk. Run as root from a clone of the repository,
# after building the player (see deploy/README.md):
#
#   sh deploy/kiosk-setup.sh --screen city-hall-lobby [--feed /srv/machinaka/feed] [--cage]
#                            [--mqtt mqtts://broker.city.example:8883] [--metrics]
#
# What it does, each step safe to repeat:
#   1. installs the runtime libraries and fonts;
#   2. creates the accounts: `signage` runs the player; members of `signage-staff` publish
#      notices, events, posters and playlists; only `machinaka-alerts` (the alert system's
#      account) may write alerts/ — the player and staff can read it, nobody else can write it;
#   3. lays out the feed folder with those permissions (setgid folders, so files written by
#      any staff member stay writable by the others) and copies the sample feed if it is empty;
#   4. installs the player, the fonts and the systemd unit for this screen, and enables it.
# --mqtt: alerts also come from the city's broker (deploy/mosquitto); the screen logs in as
#   its screen id with the password in /etc/machinaka/mqtt.password (mode 600, owner signage)
#   and checks the broker against /etc/machinaka/mqtt-ca.crt when those files exist. The
#   player then writes what it receives into alerts/, so its group may write there.
# --metrics: keeps a Prometheus text file for node_exporter (deploy/prometheus).
set -eu

screen="" feed="/srv/machinaka/feed" cage=0 mqtt="" metrics=0
while [ $# -gt 0 ]; do
  case "$1" in
    --screen) screen="$2"; shift 2 ;;
    --feed) feed="$2"; shift 2 ;;
    --cage) cage=1; shift ;;
    --mqtt) mqtt="$2"; shift 2 ;;
    --metrics) metrics=1; shift ;;
    *) echo "kiosk-setup: unknown option $1" >&2; exit 64 ;;
  esac
done
[ -n "$screen" ] || { echo "kiosk-setup: say which screen this kiosk is: --screen ID (a file name in screens/ without .yml)" >&2; exit 64; }
[ "$(id -u)" -eq 0 ] || { echo "kiosk-setup: run as root" >&2; exit 1; }
cd "$(dirname "$0")/.."
# The newest release build, static or not.
binary=$(ls -t .build-static/release/machinaka .build/release/machinaka 2>/dev/null | head -n 1 || true)
[ -n "$binary" ] || { echo "kiosk-setup: build the player first: swift build -c release --static-swift-stdlib" >&2; exit 1; }

echo "1. runtime packages"
packages="libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libicu72 libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libxml2 libxmlsec1 libxmlsec1-openssl libsqlite3-0 libqrencode4 fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-noto-color-emoji"
[ "$cage" -eq 1 ] && packages="$packages cage"
[ -n "$mqtt" ] && packages="$packages libmosquitto1"
[ "$metrics" -eq 1 ] && packages="$packages prometheus-node-exporter"
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

echo "2. accounts"
getent group signage-staff >/dev/null || groupadd --system signage-staff
getent group signage-alerts >/dev/null || groupadd --system signage-alerts
id signage >/dev/null 2>&1 || useradd --system --home-dir /var/lib/machinaka --shell /usr/sbin/nologin --user-group signage
id machinaka-alerts >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin --gid signage-alerts machinaka-alerts
usermod -a -G signage-alerts,video,render,input signage 2>/dev/null || usermod -a -G signage-alerts,video signage

echo "3. feed folder $feed"
mkdir -p "$feed"
for folder in screens playlists news events media data; do
  mkdir -p "$feed/$folder"
  chown root:signage-staff "$feed/$folder"
  chmod 2775 "$feed/$folder"
done
mkdir -p "$feed/alerts"
chown machinaka-alerts:signage-alerts "$feed/alerts"
chmod 2750 "$feed/alerts"
# With MQTT the player itself writes the alerts it receives; still nobody else may.
[ -n "$mqtt" ] && chmod 2770 "$feed/alerts"
chown root:signage-staff "$feed" && chmod 0755 "$feed"
if [ -z "$(ls -A "$feed/news")" ] && [ -z "$(ls -A "$feed/screens")" ]; then
  for folder in screens playlists news events media data; do
    cp -r Content/$folder/. "$feed/$folder/"
    chgrp -R signage-staff "$feed/$folder" && chmod -R g+w "$feed/$folder"
  done
fi
[ -f "$feed/screens/$screen.yml" ] || echo "   note: $feed/screens/$screen.yml does not exist yet; the player will refuse to start until it does" >&2

echo "4. player, fonts, unit"
install -D -m 755 "$binary" /opt/machinaka/bin/machinaka
mkdir -p /opt/machinaka/Fonts && cp Fonts/* /opt/machinaka/Fonts/ && cp README.md /opt/machinaka/
sed -e "s#--screen city-hall-lobby#--screen $screen#" -e "s#--feed /srv/machinaka/feed#--feed $feed#" deploy/machinaka.service > /etc/systemd/system/machinaka.service
extra=""
if [ -n "$mqtt" ]; then
  extra="$extra --mqtt $mqtt"
  [ -f /etc/machinaka/mqtt.password ] && extra="$extra --mqtt-user $screen --mqtt-password-file /etc/machinaka/mqtt.password"
  [ -f /etc/machinaka/mqtt-ca.crt ] && extra="$extra --mqtt-ca /etc/machinaka/mqtt-ca.crt"
  sed -i "s#^ProtectSystem=strict#ProtectSystem=strict\nReadWritePaths=$feed/alerts#" /etc/systemd/system/machinaka.service
fi
if [ "$metrics" -eq 1 ]; then
  install -d -m 755 /var/lib/prometheus/node-exporter
  chown signage /var/lib/prometheus/node-exporter
  extra="$extra --metrics-file /var/lib/prometheus/node-exporter/machinaka.prom"
  sed -i "s#^ProtectSystem=strict#ProtectSystem=strict\nReadWritePaths=/var/lib/prometheus/node-exporter#" /etc/systemd/system/machinaka.service
fi
[ -n "$extra" ] && sed -i "s#^\(ExecStart=.*--play-log /var/lib/machinaka/plays.sqlite3\)#\1$extra#" /etc/systemd/system/machinaka.service
if [ "$cage" -eq 1 ]; then
  sed -i -e 's#^Environment=SDL_VIDEODRIVER=kmsdrm#Environment=SDL_VIDEODRIVER=wayland#' \
         -e 's#^ExecStart=/opt/machinaka/bin/machinaka#ExecStart=/usr/bin/cage -s -- /opt/machinaka/bin/machinaka#' /etc/systemd/system/machinaka.service
fi
/opt/machinaka/bin/machinaka check --feed "$feed" --fonts /opt/machinaka/Fonts || echo "   note: the feed has errors (listed above); the player leaves those files out" >&2
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable machinaka.service
  echo "   enabled; start it now with: systemctl start machinaka"
else
  echo "   systemd is not running here: the unit is installed but not enabled" >&2
fi
echo "   keep the console from blanking: add consoleblank=0 to GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub"
echo "done: screen '$screen' plays $feed"
