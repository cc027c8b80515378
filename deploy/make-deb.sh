#!/bin/sh
# Builds the Debian package of the player from a release build:
#
#   sh deploy/make-deb.sh [--no-build] [--out DIR]      → DIR/machinaka_<version>_<arch>.deb
#
# The binary links the Swift runtime statically; its Debian dependencies are computed from it
# with dpkg-shlibdeps (nothing listed by hand that the binary already says), plus the packages
# of the libraries it loads when first needed, and the fonts it plays with. Needs dpkg-dev (bootstrap.sh installs it).
set -eu
# dpkg-deb refuses control folders others cannot read (an admin's umask 077).
umask 022
cd "$(dirname "$0")/.."
build=1 out=$(pwd)
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "make-deb: unknown option $1" >&2; exit 64 ;;
  esac
done
[ "$build" -eq 1 ] && swift build -c release --static-swift-stdlib >&2
binary=.build/release/machinaka
[ -x "$binary" ] || { echo "make-deb: no release build at $binary" >&2; exit 1; }

arch=$(dpkg --print-architecture)
# The player's version, and the commit count so that each build upgrades the one before.
version="$("$binary" --version)+$(git rev-list --count HEAD 2>/dev/null || echo 0)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"

install -D -m 755 "$binary" "$root/usr/bin/machinaka"
strip --strip-debug "$root/usr/bin/machinaka"
install -D -m 644 Fonts/fonts.yml "$root/usr/share/machinaka/Fonts/fonts.yml"
# The sample feed, all of it but alerts/ (a new kiosk must not start with an alert).
mkdir -p "$root/usr/share/machinaka/sample-feed"
for entry in Content/*; do
  [ "$(basename "$entry")" = alerts ] || cp -r "$entry" "$root/usr/share/machinaka/sample-feed/"
done
install -D -m 644 deploy/machinaka.service "$root/lib/systemd/system/machinaka.service"
install -D -m 644 deploy/machinaka-jma-pull.service "$root/lib/systemd/system/machinaka-jma-pull.service"
# The Japanese voice (MMDAgent's mei_normal, CC BY 3.0) with its licence.
install -D -m 644 deploy/voices/mei_normal.htsvoice "$root/usr/share/machinaka/voices/mei_normal.htsvoice"
install -D -m 644 deploy/voices/LICENSE_mei_normal.htsvoice "$root/usr/share/doc/machinaka/voices/LICENSE_mei_normal.htsvoice"
install -D -m 644 deploy/voices/README.md "$root/usr/share/doc/machinaka/voices/README.md"
install -D -m 644 deploy/debian/default "$root/etc/default/machinaka"
install -D -m 644 README.md "$root/usr/share/doc/machinaka/README.md"
install -D -m 644 deploy/README.md "$root/usr/share/doc/machinaka/kiosk.md"
mkdir -p "$root/usr/share/doc/machinaka/examples"
cp -r deploy/mosquitto deploy/prometheus "$root/usr/share/doc/machinaka/examples/"
chmod -R u=rwX,go=rX "$root/usr/share"

# Depends: what the binary links, as Debian's shlibs files say.
mkdir -p "$stage/debian"
printf 'Source: machinaka\n\nPackage: machinaka\nArchitecture: any\n' > "$stage/debian/control"
shlibs=$(cd "$stage" && dpkg-shlibdeps -O -e"$root/usr/bin/machinaka" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "make-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# The relocations lld packs need glibc 2.36 (the binary requires GLIBC_ABI_DT_RELR), which
# dpkg-shlibdeps does not count.
if readelf -V "$root/usr/bin/machinaka" | grep -q GLIBC_ABI_DT_RELR; then
  libc=$(echo "$shlibs" | sed -n 's/.*libc6 (>= \([^)]*\)).*/\1/p')
  if [ -n "$libc" ] && dpkg --compare-versions "$libc" lt 2.36; then
    shlibs=$(echo "$shlibs" | sed "s/libc6 (>= $libc)/libc6 (>= 2.36)/")
  fi
fi
# And what it loads when first needed, so does not link: FFmpeg's libraries for the first clip
# (Sources/CClip/FFmpegLibrary.c) and libcurl for `jma-pull` (Sources/CHTTPGet/CHTTPGet.c), by
# the sonames those files open: the packages that ship them here, with the version floor their
# shlibs files give, as dpkg-shlibdeps would have.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
loaded=""
for so in libavformat.so.59 libavcodec.so.59 libswscale.so.6 libavutil.so.57 libcurl.so.4; do
  owner=$(dpkg -S "/usr/lib/$multiarch/$so") || { echo "make-deb: no package ships $so" >&2; exit 1; }
  package=${owner%%:*}
  floor=$(awk -v n="${so%%.so.*}" -v m="${so##*.so.}" '$1 == n && $2 == m { $1 = $2 = ""; sub(/^ +/, ""); print; exit }' \
    "/var/lib/dpkg/info/$package:$arch.shlibs" 2>/dev/null || true)
  loaded="$loaded${loaded:+, }${floor:-$package}"
done

mkdir -p "$root/DEBIAN"
install -m 755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$root/DEBIAN/"
echo /etc/default/machinaka > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: machinaka
Version: $version
Architecture: $arch
Maintainer: Machinaka developers <machinaka@city.sagamihara.example>
Installed-Size: $(du -sk "$root" | cut -f1)
Depends: $shlibs, $loaded, fonts-morisawa-bizud-gothic, fonts-noto-cjk, passwd
Recommends: fonts-noto-color-emoji, open-jtalk, open-jtalk-mecab-naist-jdic, espeak-ng
Suggests: mosquitto-clients, prometheus-node-exporter, cage
Section: misc
Priority: optional
Description: digital signage player for public facilities, emergency alerts first
 Machinaka plays a feed folder of notices, events, posters and live data boards on a
 kiosk screen (SDL2, KMS/DRM or Wayland), and shows emergency alerts (CAP, JMA XML,
 over a folder or MQTT) over everything the moment they arrive.
CONTROL

mkdir -p "$out"
deb="$out/machinaka_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >&2
echo "$deb"
