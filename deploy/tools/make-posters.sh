#!/bin/sh
# Draws the two sample posters in Content/media/ with ImageMagick and BIZ UD Gothic.
# The PNGs are committed; run this again only to change them:
#   apt-get install -y imagemagick fonts-morisawa-bizud-gothic && sh deploy/tools/make-posters.sh
set -eu
cd "$(dirname "$0")/../.."
bold=/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Bold.ttf
regular=/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Regular.ttf
out=Content/media

# 1. Recycling poster, landscape 1920x1080.
convert -size 1920x1080 xc:'#0E6B3A' \
  -fill '#FFFFFF' -font "$bold" -pointsize 110 -gravity north -annotate +0+90 '資源とごみの分け方' \
  -font "$regular" -pointsize 48 -annotate +0+245 '正しく分けて、決められた日の朝8時30分までに出しましょう' \
  -fill '#E8452C' -draw 'roundrectangle 100,380 500,900 30,30' \
  -fill '#F2B705' -draw 'roundrectangle 560,380 960,900 30,30' \
  -fill '#1F7FD1' -draw 'roundrectangle 1020,380 1420,900 30,30' \
  -fill '#7A5230' -draw 'roundrectangle 1480,380 1880,900 30,30' \
  -gravity north -font "$bold" -pointsize 64 \
  -fill '#FFFFFF' -annotate -660+440 '燃やす' -annotate -660+520 'ごみ' \
  -fill '#1A1A1A' -annotate -200+440 'プラ製' -annotate -200+520 '容器包装' \
  -fill '#FFFFFF' -annotate +260+440 'びん・缶・' -annotate +260+520 'ペット' -annotate +260+600 'ボトル' \
  -annotate +720+440 '古紙・' -annotate +720+520 '布類' \
  -font "$regular" -pointsize 48 \
  -annotate -660+780 '週2回' -fill '#1A1A1A' -annotate -200+780 '週1回' -fill '#FFFFFF' -annotate +260+780 '週1回' -annotate +720+780 '週1回' \
  -gravity south -font "$bold" -pointsize 44 -annotate +0+70 '相模原市 資源循環推進課' \
  "$out/poster-gomi-bunbetsu.png"

# 2. Library poster, portrait 1080x1528 (A-series proportions).
convert -size 1080x1528 xc:'#1B2A4A' \
  -fill '#FFFFFF' -draw 'circle 160,200 178,200' -draw 'circle 920,150 932,150' -draw 'circle 820,420 836,420' \
  -draw 'circle 240,560 250,560' -draw 'circle 960,700 976,700' -draw 'circle 120,1000 134,1000' \
  -fill '#FFD45C' -font "$bold" -pointsize 72 -gravity north -annotate +0+260 '冬休みは' \
  -fill '#FFFFFF' -pointsize 150 -annotate +0+380 '図書館へ' \
  -pointsize 150 -annotate +0+560 '行こう' \
  -fill '#F5EBD0' -draw 'roundrectangle 140,820 940,1240 40,40' \
  -fill '#1B2A4A' -font "$bold" -pointsize 60 -annotate +0+880 'ひとり 20冊まで' \
  -font "$regular" -pointsize 46 -annotate +0+990 '12月19日（土）〜 1月11日（月・祝）' \
  -annotate +0+1080 '子どもの本コーナーで' -annotate +0+1150 '「冬に読みたい本」を紹介中' \
  -fill '#FFFFFF' -font "$bold" -pointsize 44 -gravity south -annotate +0+90 '相模原市立図書館' \
  "$out/poster-toshokan-fuyu.png"

echo "wrote $out/poster-gomi-bunbetsu.png and $out/poster-toshokan-fuyu.png"

# 3. The header mark used by the sample city-hall screen (a generic mark, not the city's emblem).
mkdir -p Content/logos
convert -size 240x240 xc:none -fill white -draw "roundrectangle 8,8 232,232 48,48" \
  -fill '#0E6B3A' -font "$bold" -pointsize 170 -gravity center -annotate +0+8 'ま' \
  Content/logos/machinaka-mark.png
