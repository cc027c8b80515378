#!/bin/sh
# What FFmpeg costs a player: the shared libraries only FFmpeg's closure brings (not already
# brought by SDL, ICU, libxml2…), and their PSS in a player playing a feed headless. FFmpeg is
# loaded by the first clip, so on the sample feed (no clips) none are loaded. With a clip the
# cost shows: 91 libraries, 21.8 MB of PSS 6 s after starting on the sample feed with a 5 s
# clip added (2026-12-07); when FFmpeg was linked, 76 and 12.8 MB before any clip.
# Run from a clone after a release build:
#   deploy/tools/ffmpeg-pss.sh [path/to/machinaka [feed]]
set -eu
binary=${1:-.build/release/machinaka}
feed=${2:-Content}
lib=/usr/lib/x86_64-linux-gnu
tmp=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
closure() { for l in "$@"; do echo "$l"; ldd "$l" | awk '{print $3}'; done | grep -v '^$' | xargs -n1 readlink -f | sort -u; }
closure $lib/libavcodec.so.59 $lib/libavformat.so.59 $lib/libswscale.so.6 $lib/libavutil.so.57 > "$tmp/ffmpeg"
others=$(readelf -d "$binary" | awk -F'[][]' '/NEEDED/{print $2}' | grep -v -E 'libav|libsw' |
  while read -r n; do ldconfig -p | awk -v n="$n" '$1==n{print $NF; exit}'; done)
closure $others > "$tmp/others"
comm -23 "$tmp/ffmpeg" "$tmp/others" > "$tmp/extra"
SDL_VIDEODRIVER=offscreen "$binary" play --headless --feed "$feed" --frame-out "" >/dev/null 2>&1 &
pid=$!
sleep 6
awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Pss:/{p[name]+=$2} END{for(n in p) print p[n], n}' /proc/$pid/smaps > "$tmp/pss"
awk 'NR==FNR{e[$1]=1; next} ($2 in e){s+=$1; n++} END{printf "libraries only FFmpeg brings: %d loaded, PSS %.1f MB\n", n, s/1024}' "$tmp/extra" "$tmp/pss"
grep -E '^Pss:' /proc/$pid/smaps_rollup
