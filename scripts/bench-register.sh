#!/usr/bin/env bash
# The register measurements of docs/performance.md: `avgift invoice
# --final --only` and `--credit` on invoice folders whose register holds
# 10 000 and 100 000 documents (examples/register_fixture.rs: the national
# tariff in 12 installments, 3 528 documents a year), wall time by
# hyperfine, on one working copy of the fixture per size: each timed run
# adds a document (or two) to a register of N.
#
#   scripts/bench-register.sh              # 10000 100000
#   scripts/bench-register.sh 10000        # only these
#
# Needs hyperfine (Debian: apt-get install -y hyperfine) and about 1 GB of
# disk under target/ for the 100 000. Measure on an otherwise idle machine:
# the script prints the load first.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
command -v hyperfine >/dev/null || { echo "missing hyperfine: apt-get install -y hyperfine" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin avgift --example register_fixture
avgift="$target/release/avgift"
out="$target/bench-register"
mkdir -p "$out"
tariff=data/national/tariff.toml

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"

for n in "${sizes[@]}"; do
  pristine="$out/pristine-$n"
  work="$out/work-$n"
  if [ ! -f "$pristine/register.sqlite" ]; then
    "$target/release/examples/register_fixture" --documents "$n" --out "$pristine"
  fi
  echo "register of $n documents: $(du -sh "$pristine/register.sqlite" | cut -f1), $(ls "$pristine" | wc -l) files"
  rm -rf "$work" && cp -a "$pristine" "$work"
  # --credit: a credit note for another invoice of the last year each run
  # (a counter file picks it; the shell's start is in the time).
  echo $((n - 100)) > "$work.next"
  hyperfine -N --runs 15 --warmup 1 --export-markdown "$out/credit-$n.md" \
    "sh -c 'k=\$(cat $work.next); echo \$((k - 1)) > $work.next; exec $avgift invoice $tariff -o $work --credit \$k'"
  # --final --only 0180: Stockholm numbered anew each run; before each
  # (not timed) the register's last document is credited, so that the
  # invoice the previous run made no longer stands in the way.
  credit_last="$avgift invoice $tariff -o $work --credit \$(tail -n 1 $work/register-2023.csv | cut -d, -f1) >/dev/null 2>&1 || true"
  hyperfine -N --runs 15 --warmup 0 --prepare "sh -c \"$credit_last\"" --export-markdown "$out/final-$n.md" \
    "$avgift invoice $tariff -o $work --final --only 0180"
  # The same final run again: it numbers nothing.
  hyperfine -N --runs 15 --warmup 1 --export-markdown "$out/again-$n.md" \
    "$avgift invoice $tariff -o $work --final --only 0180"
done
