#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, one after another,
# and logs each run to logs/<target>.log.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
mkdir -p logs
./seed.sh
for t in tariff population actuals scb_import recipients register sie payments; do
  cargo fuzz run "$t" --sanitizer none -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"logs/$t.log" 2>&1
  echo "$t: exit $?" >>logs/summary.txt
done
