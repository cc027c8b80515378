#!/bin/sh
# Plays a counter ticket machine for a demonstration: every few seconds it calls the next
# number at one of four counters and rewrites the feed's data/counters.json the way a real
# system must — the whole file written beside it, then renamed into place — so a screen with
# a counters panel (Content/screens/counter-hall.yml) shows each call at once.
#
#   sh deploy/tools/ticket-machine.sh [FEED] [SECONDS]     # defaults: Content, 4
#
# Stop it with Ctrl-C: the panel then says 更新停止中 (not updating) after three minutes.
set -eu
feed=${1:-Content}
interval=${2:-4}
mkdir -p "$feed/data"
serving_1=124; serving_2=57; serving_3=211; serving_4=88
waiting_1=8;   waiting_2=3;  waiting_3=12;  waiting_4=5
status_4=open
round=0
while :; do
  round=$((round + 1))
  # One counter calls its next ticket; people keep arriving at another.
  counter=$((round % 4 + 1))
  eval "serving_$counter=\$((serving_$counter + 1))"
  eval "if [ \$waiting_$counter -gt 0 ]; then waiting_$counter=\$((waiting_$counter - 1)); fi"
  arriving=$(( (round * 7) % 4 + 1 ))
  eval "waiting_$arriving=\$((waiting_$arriving + 1))"
  # The pension counter pauses for a while every twenty calls.
  if [ $((round % 20)) -lt 3 ]; then status_4=paused; else status_4=open; fi
  updated=$(date +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
  cat > "$feed/data/.counters.json.tmp" <<JSON
{"updated": "$updated",
 "counters": [
  {"id": "1", "name": "市民課 住民票・戸籍", "name_en": "Resident Records", "serving": $serving_1, "waiting": $waiting_1, "wait_minutes": $((waiting_1 * 2)), "status": "open"},
  {"id": "2", "name": "市民課 転入・転出", "name_en": "Moving In and Out", "serving": $serving_2, "waiting": $waiting_2, "wait_minutes": $((waiting_2 * 2)), "status": "open"},
  {"id": "3", "name": "保険年金課 国民健康保険", "name_en": "National Health Insurance", "serving": $serving_3, "waiting": $waiting_3, "wait_minutes": $((waiting_3 * 2)), "status": "open"},
  {"id": "4", "name": "保険年金課 国民年金", "name_en": "National Pension", "serving": $serving_4, "waiting": $waiting_4, "wait_minutes": $((waiting_4 * 3)), "status": "$status_4"}]}
JSON
  mv "$feed/data/.counters.json.tmp" "$feed/data/counters.json"
  echo "$(date +%T) counter $counter calls $(eval echo \$serving_$counter)"
  sleep "$interval"
done
