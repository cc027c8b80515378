#!/bin/sh
# Turns a Debian 12 machine into a Machinaka kiosk, from the package. Run as root from a clone
# of the repository:
#
#   sh deploy/kiosk-setup.sh --screen city-hall-lobby [--deb machinaka_….deb] [--feed /srv/machinaka/feed]
#                            [--cage] [--mqtt mqtts://broker.city.example:8883] [--metrics]
#
# What it does, each step safe to repeat:
#   1. installs the package (given with --deb, or built here with deploy/make-deb.sh) with apt,
#      which brings the libraries and fonts it depends on; its postinst makes the accounts
#      (`signage` runs the player, `signage-staff` publishes, only `machinaka-alerts` writes
#      alerts/) and the feed folder with those permissions, with the sample feed if it is new;
#   2. writes this kiosk's settings into /etc/default/machinaka (screen id, feed, options);
#   3. --mqtt: alerts also come from the city's broker (deploy/mosquitto); the screen logs in as
#      its screen id with the password in /etc/machinaka/mqtt.password (mode 600, owner
#      signage) and checks the broker against /etc/machinaka/mqtt-ca.crt when those files
#      exist; the player then writes what it receives into alerts/, so its group may write
#      there. --metrics: keeps a Prometheus text file for node_exporter (deploy/prometheus).
#      --cage: runs the player under the cage Wayland compositor. Each goes into a systemd
#      drop-in, /etc/systemd/system/machinaka.service.d/kiosk.conf;
#   4. checks the feed and enables the service.
set -eu

screen="" deb="" feed="/srv/machinaka/feed" cage=0 mqtt="" metrics=0
while [ $# -gt 0 ]; do
  case "$1" in
    --screen) screen="$2"; shift 2 ;;
    --deb) deb="$2"; shift 2 ;;
    --feed) feed="$2"; shift 2 ;;
    --cage) cage=1; shift ;;
    --mqtt) mqtt="$2"; shift 2 ;;
    --metrics) metrics=1; shift ;;
    *) echo "kiosk-setup: unknown option $1" >&2; exit 64 ;;
  esac
done
[ -n "$screen" ] || { echo "kiosk-setup: say which screen this kiosk is: --screen ID (a file name in screens/ without .yml)" >&2; exit 64; }
[ "$(id -u)" -eq 0 ] || { echo "kiosk-setup: run as root" >&2; exit 1; }
# The values go into /etc/default/machinaka and a unit drop-in: keep them to characters that
# mean the same to the shell, sed and systemd.
for value in "$screen" "$feed" "$mqtt"; do
  case "$value" in
    *[!A-Za-z0-9/._:@-]*) echo "kiosk-setup: '$value' has characters a setting cannot hold (use letters, digits and / . _ : @ -)" >&2; exit 64 ;;
  esac
done
cd "$(dirname "$0")/.."

echo "1. package"
if [ -z "$deb" ]; then
  deb=$(sh deploy/make-deb.sh --no-build --out /tmp 2>/dev/null) || { echo "kiosk-setup: build the player first (swift build -c release --static-swift-stdlib), or give --deb" >&2; exit 1; }
fi
extra_packages=""
[ "$cage" -eq 1 ] && extra_packages="$extra_packages cage"
[ "$metrics" -eq 1 ] && extra_packages="$extra_packages prometheus-node-exporter"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold "$(readlink -f "$deb")" $extra_packages

echo "2. settings in /etc/default/machinaka"
options=""
if [ -n "$mqtt" ]; then
  options="$options --mqtt $mqtt"
  [ -f /etc/machinaka/mqtt.password ] && options="$options --mqtt-user $screen --mqtt-password-file /etc/machinaka/mqtt.password"
  [ -f /etc/machinaka/mqtt-ca.crt ] && options="$options --mqtt-ca /etc/machinaka/mqtt-ca.crt"
fi
[ "$metrics" -eq 1 ] && options="$options --metrics-file /var/lib/prometheus/node-exporter/machinaka.prom"
sed -i -e "s#^MACHINAKA_SCREEN=.*#MACHINAKA_SCREEN=$screen#" -e "s#^MACHINAKA_FEED=.*#MACHINAKA_FEED=$feed#" \
       -e "s#^MACHINAKA_OPTIONS=.*#MACHINAKA_OPTIONS=\"${options# }\"#" /etc/default/machinaka
# Lay the feed out as the package does — only what is missing, never over files — also for
# another folder than the package's default, or one made before the package.
sh /var/lib/dpkg/info/machinaka.postinst configure "" >/dev/null
[ -f "$feed/screens/$screen.yml" ] || echo "   note: $feed/screens/$screen.yml does not exist yet; the player will refuse to start until it does" >&2

echo "3. drop-in for this kiosk"
dropin=/etc/systemd/system/machinaka.service.d
mkdir -p "$dropin"
# With MQTT the player itself writes the alerts it receives; still nobody else may.
if [ -n "$mqtt" ]; then chmod 2770 "$feed/alerts"; else chmod 2750 "$feed/alerts"; fi
if [ "$metrics" -eq 1 ]; then
  install -d -m 755 /var/lib/prometheus/node-exporter
  # node_exporter's folder stays its own; the player may write its file there.
  if command -v setfacl >/dev/null 2>&1; then setfacl -m u:signage:rwx /var/lib/prometheus/node-exporter; else chown signage /var/lib/prometheus/node-exporter; fi
fi
{
  echo "# Written by deploy/kiosk-setup.sh; the package's unit stays as shipped."
  echo "[Service]"
  [ -n "$mqtt" ] && echo "ReadWritePaths=$feed/alerts"
  [ "$metrics" -eq 1 ] && echo "ReadWritePaths=/var/lib/prometheus/node-exporter"
  if [ "$cage" -eq 1 ]; then
    # The main process is cage now: the player's READY and watchdog pings come from its child.
    echo "NotifyAccess=all"
    echo "Environment=SDL_VIDEODRIVER=wayland"
    echo "ExecStart="
    grep '^ExecStart=' /lib/systemd/system/machinaka.service | sed 's#^ExecStart=#ExecStart=/usr/bin/cage -s -- #'
  fi
  true
} > "$dropin/kiosk.conf"

echo "4. check and enable"
machinaka check --feed "$feed" || echo "   note: the feed has errors (listed above); the player leaves those files out" >&2
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable machinaka.service
  echo "   enabled; start it now with: systemctl start machinaka"
else
  echo "   systemd is not running here: the unit is installed but not enabled" >&2
fi
echo "   keep the console from blanking: add consoleblank=0 to GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub"
echo "done: screen '$screen' plays $feed"
