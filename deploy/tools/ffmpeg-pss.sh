#!/bin/sh
# What linking FFmpeg costs every player, clips or not: the shared libraries only FFmpeg's
# closure brings (not already brought by SDL, ICU, libxml2, curl…), and their PSS in a player
# playing the sample feed headless. Run from a clone after a release build:
#   deploy/tools/ffmpeg-pss.sh [path/to/machinaka]
set -eu
binary=${1:-.build/release/machinaka}
lib=/usr/lib/x86_64-linux-gnu
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
closure() { for l in "$@"; do echo "$l"; ldd "$l" | awk '{print $3}'; done | grep -v '^$' | xargs -n1 readlink -f | sort -u; }
closure $lib/libavcodec.so.59 $lib/libavformat.so.59 $lib/libswscale.so.6 $lib/libavutil.so.57 > "$tmp/ffmpeg"
others=$(readelf -d "$binary" | awk -F'[][]' '/NEEDED/{print $2}' | grep -v -E 'libav|libsw' |
  while read -r n; do ldconfig -p | awk -v n="$n" '$1==n{print $NF; exit}'; done)
closure $others > "$tmp/others"
comm -23 "$tmp/ffmpeg" "$tmp/others" > "$tmp/extra"
SDL_VIDEODRIVER=offscreen "$binary" play --headless --feed Content --frame-out "" >/dev/null 2>&1 &
pid=$!
sleep 6
awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Pss:/{p[name]+=$2} END{for(n in p) print p[n], n}' /proc/$pid/smaps > "$tmp/pss"
awk 'NR==FNR{e[$1]=1; next} ($2 in e){s+=$1; n++} END{printf "libraries only FFmpeg brings: %d loaded, PSS %.1f MB\n", n, s/1024}' "$tmp/extra" "$tmp/pss"
grep -E '^Pss:' /proc/$pid/smaps_rollup
