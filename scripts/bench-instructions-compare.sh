#!/usr/bin/env bash
# Instruction counts of two commits, case by case (scripts/bench-instructions.sh
# on each one's release binary), and a gate: exits 1 when any case of B
# executes more than the threshold (default 2 %) more instructions than A.
#
#   scripts/bench-instructions-compare.sh main HEAD                  # every case
#   scripts/bench-instructions-compare.sh main HEAD --quick          # scale 1 only
#   scripts/bench-instructions-compare.sh A B --threshold 0.5        # a tighter gate
#   scripts/bench-instructions-compare.sh A B --runs 3               # medians of 3
#
# Each commit is exported with `git archive` into its own folder under
# target/bench-compare/ and built there (`cargo build --release --bin
# avgift`); the working tree, its target/release and the branches are not
# touched. The two builds share one target folder there, so that the
# dependencies are built once; a commit's binary is kept by its hash and
# not built again. Both binaries are measured on the same inputs: this
# checkout's data/ and the inputs its examples make (a commit whose binary
# cannot read them fails the case, and the script with it).
#
# Output: a line `case<TAB>A<TAB>B<TAB>change %` per case, then a Markdown
# table. Exit status: 0, or 1 if a case regressed beyond the threshold.
set -euo pipefail
shopt -s inherit_errexit # a failure inside $( ) stops the script too
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { sed -n '2,21p' "$0" >&2; exit 2; }
rev_a=$1 rev_b=$2
shift 2
threshold=2 pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) pass+=(--quick) ;;
    --runs) pass+=(--runs "$2"); shift ;;
    --threshold) threshold=$2; shift ;;
    *) sed -n '2,21p' "$0" >&2; exit 2 ;;
  esac
  shift
done
[[ "$threshold" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--threshold takes a percentage, e.g. 2 or 0.5" >&2; exit 2; }

target="${CARGO_TARGET_DIR:-target}"
out=$(realpath -m "$target/bench-compare")
mkdir -p "$out/bin"

# The release binary of a commit, built once (by its full hash); prints its path.
binary() { # revision
  local sha
  sha=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "not a commit: $1" >&2; exit 2; }
  local bin="$out/bin/avgift-$sha"
  if [ ! -x "$bin" ]; then
    local src="$out/src-$sha"
    echo "building $1 ($(git rev-parse --short "$sha")) in $src" >&2
    rm -rf "$src" && mkdir -p "$src"
    git archive --format=tar "$sha" | tar -x -C "$src"
    # Cleaned first: cargo would take the other commit's build for this
    # one's (the same package by name and version, and its dep-info paths
    # are relative to the package, whose files git archive dates back to
    # the commit).
    (cd "$src" && export CARGO_TARGET_DIR="$out/target" &&
      cargo clean --release --quiet --package avgift &&
      cargo build --release --locked --quiet --bin avgift)
    cp "$out/target/release/avgift" "$bin.new" && mv "$bin.new" "$bin"
    rm -rf "$src"
  fi
  echo "$bin"
}

bin_a=$(binary "$rev_a")
bin_b=$(binary "$rev_b")
echo "A: $rev_a ($(git rev-parse --short "$rev_a^{commit}")), B: $rev_b ($(git rev-parse --short "$rev_b^{commit}"))" >&2
echo "measuring A" >&2
scripts/bench-instructions.sh --bin "$bin_a" --tsv "$out/a.tsv" "${pass[@]}" >/dev/null
echo "measuring B" >&2
scripts/bench-instructions.sh --bin "$bin_b" --tsv "$out/b.tsv" "${pass[@]}" >/dev/null

# Per case: A, B, the change in per cent, and whether it is beyond the threshold.
awk -F'\t' -v OFS='\t' 'NR == FNR { a[$1] = $2; next }
  { printf "%s\t%s\t%s\t%+.2f\n", $1, a[$1], $2, ($2 - a[$1]) * 100 / a[$1] }' \
  "$out/a.tsv" "$out/b.tsv" >"$out/compare.tsv"
cat "$out/compare.tsv"

group() { sed -E ':a; s/([0-9])([0-9]{3})($| )/\1 \2\3/; ta'; }
echo
echo "| Case | A: $rev_a | B: $rev_b | Change |"
echo "|---|---|---|---|"
while IFS=$'\t' read -r name a b change; do
  echo "| \`$name\` | $(echo "$a" | group) | $(echo "$b" | group) | ${change/./,} % |"
done <"$out/compare.tsv"

echo
worse=$(awk -F'\t' -v t="$threshold" '($3 - $2) * 100 / $2 > t { print "  " $1 " (" $4 " %)" }' "$out/compare.tsv")
if [ -n "$worse" ]; then
  echo "REGRESSION: B runs more than $threshold % more instructions than A in"
  echo "$worse"
  exit 1
fi
echo "no case regressed by more than $threshold %"
