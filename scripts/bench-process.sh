#!/usr/bin/env bash
# The whole-process measurements of docs/performance.md: the release binary's
# `avgift calc TARIFF --format csv` on the national tariff at scales 1 (the
# shipped data/national), 10 and 100 (from examples/national.rs), median
# wall time by hyperfine and peak resident memory by GNU time.
#
#   scripts/bench-process.sh            # scales 1 10 100
#   scripts/bench-process.sh 1 10       # only these
#
# Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine time).
# Measure on an otherwise idle machine: the script prints the load first.
set -euo pipefail
cd "$(dirname "$0")/.."

scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10 100)

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine time" >&2; exit 1; }
done

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin avgift --example national
avgift="$target/release/avgift"
out="$target/bench-process"
mkdir -p "$out"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "busiest other processes:"
ps -eo pcpu,comm --sort=-pcpu | sed -n '2,4p'
echo

rows=()
for scale in "${scales[@]}"; do
  if [ "$scale" = 1 ]; then
    tariff=data/national/tariff.toml
  else
    dir="$target/national-$scale"
    "$target/release/examples/national" --scale "$scale" --out "$dir" >/dev/null
    tariff="$dir/tariff.toml"
  fi
  # What the scale holds, as `check` counts it.
  summary=$("$avgift" check "$tariff")
  charges=$(grep -o 'charges: [0-9]*' <<<"$summary" | grep -o '[0-9]*')
  municipalities=$(grep -o 'municipalities: [0-9]*' <<<"$summary" | grep -o '[0-9]*')
  lines=$(grep -o 'computed [0-9]* lines' <<<"$summary" | grep -o '[0-9]*')

  case "$scale" in
    1) warmup=5 runs=50 ;;
    10) warmup=2 runs=10 ;;
    *) warmup=1 runs=3 ;;
  esac
  command="$avgift calc $tariff --format csv"
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
    --export-csv "$out/hyperfine-$scale.csv" "$command" >&2
  # Columns: command,mean,stddev,median,user,system,min,max (seconds).
  median=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$out/hyperfine-$scale.csv")

  # Peak resident set size: the median of three runs, in MiB.
  peaks=()
  for _ in 1 2 3; do
    /usr/bin/time -v -o "$out/time-$scale.txt" $command >/dev/null
    peaks+=("$(awk -F: '/Maximum resident set size/ { print $2 + 0 }' "$out/time-$scale.txt")")
  done
  peak_kb=$(printf '%s\n' "${peaks[@]}" | sort -n | sed -n 2p)
  peak=$(awk -v kb="$peak_kb" 'BEGIN { printf "%.1f", kb / 1024 }')

  rows+=("| \`avgift calc $tariff --format csv\` | ${scale}× | $municipalities × $charges | $lines | $median ms | $peak MiB |")
done

echo "| Command | Scale | Municipalities × charges | Lines | Median wall | Peak memory |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
