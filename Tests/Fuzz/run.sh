#!/bin/sh
# Builds the libFuzzer targets (-sanitize=fuzzer,address) and runs each for SECONDS (default
# 60), seeded from the sample feed, the CAP corpus in Tests/Fixtures/cap and the tests' hostile files.
# A crash leaves its input in Tests/Fuzz/crashes/<target>/; once fixed, keep it in
# Tests/Fuzz/regressions/<target>/ (run first, every time) and make it a unit test too.
#   sh Tests/Fuzz/run.sh 600          # ten minutes a target
#   sh Tests/Fuzz/run.sh 60 FuzzCAP   # one target
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
seconds=${1:-60}
shift || true
targets=${*:-"FuzzNotice FuzzConfig FuzzImageHeader FuzzCAP FuzzLayout"}
scratch="$repo/.build-fuzz"
cd "$here"
swift build -c release --scratch-path "$scratch" -Xswiftc -use-ld=lld \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
  -Xcc -fsanitize=fuzzer-no-link,address >&2
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

seed() {  # target → seed folder, made fresh from the repository's own files
  dir="$scratch/seeds/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  case $1 in
    FuzzNotice) cp "$repo"/Content/news/*.md "$repo"/Content/events/*.md "$dir"/ ;;
    FuzzConfig) cp "$repo"/Content/screens/*.yml "$repo"/Content/playlists/*.yml "$repo"/Content/media/*.yml "$dir"/ ;;
    FuzzImageHeader) cp "$repo"/Content/media/*.png "$repo"/Content/logos/*.png "$repo"/Tests/Fixtures/hostile/* "$dir"/ ;;
    FuzzCAP) find "$repo/Tests/Fixtures/cap" "$repo/Tests/Fixtures/alerts" -name '*.xml' -exec cp {} "$dir"/ \; 2>/dev/null || true ;;
    FuzzLayout) for f in "$repo"/Content/news/*.md; do tail -n +4 "$f" | head -c 2000 > "$dir/$(basename "$f").txt"; done ;;
  esac
  echo "$dir"
}

status=0
for target in $targets; do
  corpus="$scratch/corpus/$target"
  crashes="$here/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  # Every input that once crashed a target is run again first.
  if [ -d "$here/regressions/$target" ]; then
    "$bin/$target" "$here"/regressions/"$target"/* >"$scratch/$target.regressions.log" 2>&1 \
      || { status=1; echo "$target FAILS A REGRESSION INPUT (log: $scratch/$target.regressions.log)" >&2; }
  fi
  echo "== $target: $seconds s" >&2
  if ! "$bin/$target" "$corpus" "$(seed "$target")" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" -print_final_stats=1 2>"$scratch/$target.log"; then
    status=1
    echo "$target FOUND A CRASH: $(ls "$crashes" | head -1) (log: $scratch/$target.log)" >&2
  fi
  grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE|cov:" "$scratch/$target.log" | tail -2 >&2
done
exit $status
