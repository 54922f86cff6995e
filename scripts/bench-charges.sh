#!/usr/bin/env bash
# The charge-count measurements of docs/performance.md: `avgift invoice
# --final` and `avgift model` on the e-invoice example
# (tests/fixtures/einvoice/) with N identical charges added, so that each
# of the three members' invoices has N + 2 lines. Wall time, CPU time and
# peak resident memory of one run each, by GNU time, on a fresh folder.
#
#   scripts/bench-charges.sh                 # 5000 20000 100000
#   scripts/bench-charges.sh 5000 20000      # only these
#
# Needs GNU time (Debian: apt-get install -y time). Measure on an otherwise
# idle machine: the script prints the load first.
set -euo pipefail
cd "$(dirname "$0")/.."

counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(5000 20000 100000)
command -v /usr/bin/time >/dev/null || { echo "missing GNU time: apt-get install -y time" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin avgift
avgift="$(pwd)/$target/release/avgift"
out="$target/bench-charges"
mkdir -p "$out"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# One run: wall s, user+system s, peak MiB, exit code.
measure() {
  local log="$1"
  shift
  local code=0
  /usr/bin/time -f '%e %U %S %M' -o "$log.time" "$@" >"$log.out" 2>"$log.err" || code=$?
  awk -v code="$code" '{ printf "%.2f s | %.2f s | %d MiB | %s", $1, $2 + $3, $4 / 1024, code }' "$log.time"
}

printf '| Charges | Lines | Command | Wall | CPU | Peak memory | Exit |\n'
printf '|---|---|---|---|---|---|---|\n'
for n in "${counts[@]}"; do
  dir="$out/charges-$n"
  rm -rf "$dir" && mkdir -p "$dir"
  cp tests/fixtures/einvoice/folkmangd.csv tests/fixtures/einvoice/mottagare.csv "$dir/"
  # The example, then N charges of one activity: every member pays 1 kr
  # per inhabitant for each.
  {
    sed -n '1,/^\[invoice\]/p' tests/fixtures/einvoice/2023.toml | sed '$d'
    awk -v n="$n" 'BEGIN {
      for (i = 1; i <= n; i++) {
        printf "[charges.extra%d]\nrule = \"per_inhabitant\"\nactivity = \"dso\"\nparticipants = \"members\"\nrate = 1\n\n", i
      }
    }'
    sed -n '/^\[invoice\]/,$p' tests/fixtures/einvoice/2023.toml
  } >"$dir/2023.toml"
  lines=$((3 * (n + 2) + 1))
  printf '| %s | %s | `invoice --final` | %s |\n' "$n" "$lines" \
    "$(measure "$dir/final" "$avgift" invoice "$dir/2023.toml" -o "$dir/fakturor" --final --date 2023-01-16)"
  printf '| %s | %s | `model` | %s |\n' "$n" "$lines" \
    "$(measure "$dir/model" "$avgift" model "$dir/2023.toml" -o "$dir/modell.xlsx")"
done
