#!/usr/bin/env bash
# Instruction counts of the release binary, for docs/performance.md: each
# case below is run once under valgrind's callgrind, and its count is the
# whole process's total `Ir` (instructions executed, in every thread, from
# the dynamic loader to the exit). Unlike wall time these do not depend on
# how busy or fast the machine is: the same binary on the same inputs in
# the same environment executes the same instructions, give or take the
# order in which its threads happen to run (see docs/performance.md).
#
#   scripts/bench-instructions.sh                  # every case (about 1 minute)
#   scripts/bench-instructions.sh --quick          # the cases at scale 1 only (CI)
#   scripts/bench-instructions.sh --bin PATH       # this binary, not a fresh build
#   scripts/bench-instructions.sh --runs 3         # each case 3 times: median, range
#   scripts/bench-instructions.sh --tsv FILE       # the counts also to FILE
#
# Standard output: a line `case<TAB>instructions` per case (the median with
# --runs), then a Markdown table. Progress goes to standard error. Every run
# gets the same environment (`env -i`, fixed PATH, HOME, LANG, TZ), the same
# argument list (the binary is copied to target/bench-instructions/avgift),
# and writes to the same paths under target/bench-instructions/, each
# output removed (the register: copied afresh) before each run. The inputs
# are this checkout's: data/, and the 10× tariff and the register fixture
# that its examples make. Needs valgrind (Debian: apt-get install -y valgrind).
set -euo pipefail
shopt -s inherit_errexit # a failure inside $( ) stops the script too
cd "$(dirname "$0")/.."

quick=0 runs=1 bin="" tsv=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs=$2; shift ;;
    --bin) bin=$(realpath "$2"); shift ;;
    --tsv) tsv=$2; shift ;;
    *) sed -n '2,23p' "$0" >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a positive number" >&2; exit 2; }
valgrind=$(command -v valgrind) || { echo "missing valgrind: apt-get install -y valgrind" >&2; exit 1; }

# The cases, in order: name|what is run|a note (for the table; `measure`
# below has the exact arguments).
cases=(
  "calc-csv-1x|avgift calc data/national/tariff.toml --format csv|"
  "notes-csv-1x|avgift notes data/national/tariff.toml --format csv|"
  "report-1x|avgift report data/national/tariff.toml -o F.html|"
  "calc-xlsx-1x|avgift calc data/national/tariff.toml -o F.xlsx|"
  "model-1x|avgift model data/national/tariff.toml -o F.xlsx|"
  "invoice-final-sjuharad|avgift invoice data/sjuharad/2023.toml -o DIR --final --set invoice.issuer.…|into a new folder, with a payable issuer"
)
if [ "$quick" = 0 ]; then
  cases+=(
    "calc-csv-10x|avgift calc target/bench-instructions/national-10/tariff.toml --format csv|"
    "register-10000-final|avgift invoice data/national/tariff.toml -o DIR --final --only 0180|on a fresh copy of a register of 10 000 documents"
  )
fi

target="${CARGO_TARGET_DIR:-target}"
out="$target/bench-instructions"
work="$out/work"
mkdir -p "$work"

# The binary: the one given, or a release build of this checkout. Either
# way a copy at a fixed path, so that every binary runs with the same argv.
# It is built on its own, as `cargo build --release` builds it: built in one
# command with the examples, its dependencies get the features the
# dev-dependencies ask for as well, and it is another binary.
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet --bin avgift
  bin=$(realpath "$target/release/avgift")
fi
[ "$quick" = 1 ] || cargo build --release --locked --quiet --example national --example register_fixture
cp "$bin" "$out/avgift.new" && mv "$out/avgift.new" "$out/avgift"

# The inputs of the full form, made afresh (both generators are
# deterministic: the same bytes every time).
if [ "$quick" = 0 ]; then
  rm -rf "$out/national-10" "$out/register-10000"
  "$target/release/examples/national" --scale 10 --out "$out/national-10" >/dev/null
  "$target/release/examples/register_fixture" --documents 10000 --out "$out/register-10000" >/dev/null
fi

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')" >&2
echo "checkout: $(git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')" >&2
echo "binary: $bin (sha256 $(sha256sum "$out/avgift" | cut -c1-12))" >&2
echo "$("$valgrind" --version), $(rustc --version 2>/dev/null || echo 'rustc unknown')" >&2

# One run of the binary under callgrind in the fixed environment, with the
# case's output cleared first; prints the total instruction count. A run
# that fails stops the script with its standard error.
measure() { # case name
  local name=$1 args
  case "$name" in
    calc-csv-1x) args=(calc data/national/tariff.toml --format csv) ;;
    notes-csv-1x) args=(notes data/national/tariff.toml --format csv) ;;
    report-1x) args=(report data/national/tariff.toml -o "$work/report.html") ;;
    calc-xlsx-1x) args=(calc data/national/tariff.toml -o "$work/calc.xlsx") ;;
    model-1x) args=(model data/national/tariff.toml -o "$work/model.xlsx") ;;
    # The example leaves the issuer's payment details out; a final invoice
    # needs them (placeholders, as the README's tour gives them).
    invoice-final-sjuharad) args=(invoice data/sjuharad/2023.toml -o "$work/fakturor" --final
      --set invoice.issuer.org_nr=222222-2222 --set invoice.issuer.bankgiro=5050-1055
      --set 'invoice.issuer.address=["Box 123", "501 10 Borås"]') ;;
    calc-csv-10x) args=(calc "$out/national-10/tariff.toml" --format csv) ;;
    register-10000-final) args=(invoice data/national/tariff.toml -o "$work/register" --final --only 0180) ;;
    *) echo "unknown case $name" >&2; exit 2 ;;
  esac
  rm -rf "$work/report.html" "$work/calc.xlsx" "$work/model.xlsx" "$work/fakturor" "$work/register"
  [ "$name" != register-10000-final ] || cp -a "$out/register-10000" "$work/register"
  local file="$out/callgrind.$name.out"
  rm -f "$file"
  if ! env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C.UTF-8 TZ=UTC \
    "$valgrind" --tool=callgrind --callgrind-out-file="$file" "$out/avgift" "${args[@]}" \
    >"$out/$name.stdout" 2>"$out/$name.stderr"; then
    echo "$name: the run failed:" >&2
    grep -v '^==' "$out/$name.stderr" >&2 || true
    exit 1
  fi
  awk '$1 == "totals:" { print $2; found = 1 } END { exit !found }' "$file"
}

# Digits in groups of three, as the documents write them: 56 788 703.
group() { sed -E ':a; s/([0-9])([0-9]{3})($| )/\1 \2\3/; ta'; }

results=()
for entry in "${cases[@]}"; do
  name=${entry%%|*}
  start=$SECONDS
  counts=()
  for _ in $(seq "$runs"); do counts+=("$(measure "$name")"); done
  # The median (the lower middle one of an even number), the least, the most.
  read -r median least most < <(printf '%s\n' "${counts[@]}" | sort -n |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }')
  results+=("$name|$median|$least|$most")
  echo "$name: $(echo "$median" | group) instructions ($((SECONDS - start)) s, $runs run(s): $(printf '%s\n' "${counts[@]}" | group | paste -sd, - | sed 's/,/, /g'))" >&2
done

: >"$out/counts.tsv"
for r in "${results[@]}"; do
  IFS='|' read -r name median _ _ <<<"$r"
  printf '%s\t%s\n' "$name" "$median" | tee -a "$out/counts.tsv"
done
[ -z "$tsv" ] || cp "$out/counts.tsv" "$tsv"

echo
if [ "$runs" = 1 ]; then
  echo "| Case | Command | Instructions |"
  echo "|---|---|---|"
else
  echo "| Case | Command | Instructions (median of $runs) | Range (max − min) |"
  echo "|---|---|---|---|"
fi
for i in "${!results[@]}"; do
  IFS='|' read -r name median least most <<<"${results[$i]}"
  IFS='|' read -r _ command note <<<"${cases[$i]}"
  row="| \`$name\` | \`$command\`${note:+ ($note)} | $(echo "$median" | group) |"
  if [ "$runs" != 1 ]; then
    row+=" $(echo $((most - least)) | group) ($(awk -v d=$((most - least)) -v m="$median" 'BEGIN { printf "%.3f", d * 100 / m }' | tr . ,) %) |"
  fi
  echo "$row"
done
