#!/usr/bin/env bash
# The payments measurements of docs/performance.md: `avgift payments
# import` of a BgMax file of N payments into an invoice folder whose
# register holds N documents, and `avgift receivables` on the result, for
# N = 10 000 and 100 000 (examples/register_fixture.rs --payments: one
# payment to each document by its OCR reference; in every twenty sixteen
# pay in full, two in part, one too much and one quotes a wrong check
# digit).
#
# Each import runs on a fresh copy of the fixture (copied by hyperfine's
# --prepare, not timed); `receivables` runs on the folder one import
# filled. Wall time by hyperfine; peak memory (maximum resident set) and
# CPU by /usr/bin/time -v on one more run of each.
#
#   scripts/bench-payments.sh              # 10000 100000
#   scripts/bench-payments.sh 10000        # only these
#   RUNS=5 scripts/bench-payments.sh       # runs per measurement (10)
#
# Needs hyperfine (Debian: apt-get install -y hyperfine), GNU time
# (/usr/bin/time) and about 1 GB of disk under target/ for the 100 000.
# Measure on an otherwise idle machine: the script prints the load first.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
runs="${RUNS:-10}"
command -v hyperfine >/dev/null || { echo "missing hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing GNU time: apt-get install -y time" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin avgift --example register_fixture
avgift="$target/release/avgift"
out="$target/bench-payments"
mkdir -p "$out"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"

# One run under GNU time: wall, CPU and peak memory, one line.
peak() {
  local label="$1"
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$out/time.txt"
  awk -F': ' -v label="$label" '
    /Elapsed \(wall clock\)/ { wall = $2 }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%s: wall %s, CPU %.2f s, peak memory %.0f MiB\n", label, wall, user + sys, rss / 1024 }
  ' "$out/time.txt"
}

for n in "${sizes[@]}"; do
  pristine="$out/pristine-$n"
  bgmax="$out/payments-$n.bgmax"
  work="$out/work-$n"
  if [ ! -f "$pristine/register.sqlite" ] || [ ! -f "$bgmax" ]; then
    rm -rf "$pristine"
    "$target/release/examples/register_fixture" --documents "$n" --out "$pristine" \
      --payments "$n" --bgmax "$bgmax"
  fi
  echo "register of $n documents: $(du -sh "$pristine/register.sqlite" | cut -f1); BgMax file of $n payments: $(du -sh "$bgmax" | cut -f1)"
  hyperfine -N --runs "$runs" --warmup 0 --prepare "sh -c 'rm -rf $work && cp -a $pristine $work && sync'" \
    --export-markdown "$out/import-$n.md" \
    "$avgift payments import $bgmax -o $work"
  rm -rf "$work" && cp -a "$pristine" "$work"
  peak "import $n" "$avgift" payments import "$bgmax" -o "$work"
  hyperfine -N --runs "$runs" --warmup 1 --export-markdown "$out/receivables-$n.md" \
    "$avgift receivables $work --format csv"
  peak "receivables $n" "$avgift" receivables "$work" --format csv
done
