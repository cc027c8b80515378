#!/bin/sh
# Tries the package as a new kiosk would, on a clean Debian 12 root (debootstrap minbase):
#
#   sh deploy/try-deb.sh machinaka_<version>_<arch>.deb [ROOT]
#
# installs it with apt alone, checks that every library resolves (those it links and those it
# loads when first needed), checks and plays the
# sample feed headless for a few seconds as the service's user, edits a screen file,
# reinstalls and upgrades (the feed, the edit and the play log must survive), then removes
# the package (the feed and the play log must stay). Needs root, debootstrap and Debian's
# mirror; it downloads a root of ~300 MB, so CI does not run it.
set -eu
deb=$(readlink -f "$1")
root=${2:-/tmp/machinaka-clean-root}
mirror=${MIRROR:-http://deb.debian.org/debian}
step() { printf '\n== %s\n' "$*"; }
inroot() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
  step "debootstrap --variant=minbase bookworm $root"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
fi
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
cp "$deb" "$root/tmp/"
name=$(basename "$deb")

step "apt install ./$name (on a root with $(inroot dpkg-query -W -f='${Package}\n' | wc -l) packages)"
inroot apt-get update -qq
inroot apt-get install -y -qq "./tmp/$name" > "$root/tmp/apt.log" 2>&1 || { tail -n 20 "$root/tmp/apt.log"; echo "FAIL: apt install"; exit 1; }
grep '^machinaka:' "$root/tmp/apt.log" || true
inroot dpkg-query -W -f='${Package} ${Version} ${Status}\n' machinaka

step "ldd /usr/bin/machinaka"
inroot ldd /usr/bin/machinaka > "$root/tmp/ldd.txt"
if grep -q "not found" "$root/tmp/ldd.txt"; then
  grep "not found" "$root/tmp/ldd.txt"
  echo "FAIL: libraries missing"
  exit 1
fi
echo "all $(wc -l < "$root/tmp/ldd.txt") libraries found"

step "the libraries loaded when first needed (FFmpeg for a clip, libcurl for jma-pull)"
# ldd cannot see them: the player opens them by these sonames (make-deb.sh depends on them).
inroot ldconfig -p > "$root/tmp/ldconfig.txt"
for so in libavformat.so.59 libavcodec.so.59 libswscale.so.6 libavutil.so.57 libcurl.so.4; do
  grep -q "^[[:space:]]*$so " "$root/tmp/ldconfig.txt" || { echo "FAIL: $so not installed"; exit 1; }
done
echo "all found"

step "the feed postinst made"
inroot sh -c 'stat -c "%A %U:%G %n" /srv/machinaka/feed /srv/machinaka/feed/*'

step "machinaka check"
inroot machinaka check --at 2026-12-03T10:00 | tail -n 1

step "machinaka play, headless, 6 s, as the service's user"
inroot runuser -u signage -- env SDL_VIDEODRIVER=offscreen timeout -s TERM 6 machinaka play --headless --screen city-hall-lobby \
  --frame-out /tmp/frame.png --play-log /var/lib/machinaka/plays.sqlite3 --status /tmp/status.json 2>&1 | tail -n 4 || true
[ -s "$root/tmp/frame.png" ] && echo "frame: $(stat -c %s "$root/tmp/frame.png") bytes" || { echo "FAIL: no frame"; exit 1; }
grep -q '"frames_presented"' "$root/tmp/status.json" && echo "status: $(grep -o '"frames_presented" : [0-9]*' "$root/tmp/status.json")" || { echo "FAIL: no status"; exit 1; }
[ -s "$root/var/lib/machinaka/plays.sqlite3" ] && echo "play log: $(stat -c %s "$root/var/lib/machinaka/plays.sqlite3") bytes" || { echo "FAIL: no play log"; exit 1; }

step "edit a screen file, then reinstall and upgrade"
echo "# edited on this kiosk" >> "$root/srv/machinaka/feed/screens/city-hall-lobby.yml"
sed -i 's/^MACHINAKA_SCREEN=.*/MACHINAKA_SCREEN=library-entrance/' "$root/etc/default/machinaka"
inroot apt-get install -y -qq --reinstall "./tmp/$name" >/dev/null 2>&1
# An upgrade: the same package with a higher version.
rm -rf "$root/tmp/up" && dpkg-deb -R "$deb" "$root/tmp/up"
sed -i 's/^Version: \(.*\)$/Version: \1.1/' "$root/tmp/up/DEBIAN/control"
dpkg-deb --root-owner-group -b "$root/tmp/up" "$root/tmp/upgrade.deb" >/dev/null
inroot apt-get install -y -qq ./tmp/upgrade.deb >/dev/null 2>&1
inroot dpkg-query -W -f='now ${Version}\n' machinaka
tail -n 1 "$root/srv/machinaka/feed/screens/city-hall-lobby.yml" | grep -q "edited on this kiosk" && echo "the edited screen file is kept" || { echo "FAIL: the screen file was overwritten"; exit 1; }
grep -q "^MACHINAKA_SCREEN=library-entrance" "$root/etc/default/machinaka" && echo "/etc/default/machinaka keeps its edit" || { echo "FAIL: /etc/default/machinaka overwritten"; exit 1; }
[ -s "$root/var/lib/machinaka/plays.sqlite3" ] && echo "the play log is kept" || { echo "FAIL: the play log is gone"; exit 1; }

step "apt remove machinaka"
inroot apt-get remove -y -qq machinaka >/dev/null 2>&1
inroot dpkg-query -W -f='${Package} ${Status}\n' machinaka || true
[ ! -e "$root/usr/bin/machinaka" ] && echo "the binary is gone" || { echo "FAIL: the binary is still there"; exit 1; }
[ -f "$root/srv/machinaka/feed/screens/city-hall-lobby.yml" ] && echo "the feed is kept: $(find "$root/srv/machinaka/feed" -type f | wc -l) files" || { echo "FAIL: the feed is gone"; exit 1; }
[ -s "$root/var/lib/machinaka/plays.sqlite3" ] && echo "the play log is kept" || { echo "FAIL: the play log is gone"; exit 1; }
echo
echo "PASS"
