#!/usr/bin/env bash
# Two release binaries of avgift, run paired on the national tariff at scales
# 1, 10, 30 and 100: `calc --format csv`, `notes --format csv`, `report` and
# `calc` to a workbook (not above a worksheet's rows). For each, hyperfine's
# median wall time and mean user + system CPU (both binaries in one
# invocation, so both see the same machine), GNU time's peak memory (the
# median of three runs each, alternated; one each at 100×), and whether the
# two outputs are the same bytes. The table of docs/performance.md.
#
#   scripts/bench-paired.sh BEFORE AFTER            # scales 1 10 30 100
#   scripts/bench-paired.sh BEFORE AFTER 1 10       # only these
#
# BEFORE and AFTER are copies of `target/release/avgift` built from two
# commits. Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine
# time). Measure on an otherwise idle machine: the load is printed per row.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
before=$(realpath "$1") after=$(realpath "$2")
shift 2
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10 30 100)

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine time" >&2; exit 1; }
done

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --example national
out="$target/bench-paired"
mkdir -p "$out"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "before: $before"
echo "after:  $after"
echo
echo "| Command | Scale | Lines | Load | Median wall before → after | CPU before → after | Peak memory before → after | Wall per line after | Same bytes |"
echo "|---|---|---|---|---|---|---|---|---|"

# The peak resident memory of a command, in MiB: the median of $runs runs.
peak() {
  local runs=$1 binary=$2
  shift 2
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%M' "$binary" "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
}

for scale in "${scales[@]}"; do
  if [ "$scale" = 1 ]; then
    tariff=data/national/tariff.toml
  else
    dir="$target/national-$scale"
    [ -f "$dir/tariff.toml" ] || "$target/release/examples/national" --scale "$scale" --out "$dir" >/dev/null
    tariff="$dir/tariff.toml"
  fi
  lines=$("$after" check "$tariff" | grep -o 'computed [0-9]* lines' | grep -o '[0-9]*')
  case "$scale" in
    1) warmup=3 runs=30 mem=3 ;;
    10) warmup=1 runs=10 mem=3 ;;
    30) warmup=1 runs=5 mem=3 ;;
    *) warmup=0 runs=3 mem=1 ;;
  esac
  for what in csv notes report xlsx; do
    case "$what" in
      csv) name="calc T --format csv" args=(calc "$tariff" --format csv) file=- ;;
      notes) name="notes T --format csv" args=(notes "$tariff" --format csv) file=- ;;
      report) name="report T -o F.html" args=(report "$tariff" -o) file=html ;;
      xlsx) name="calc T -o F.xlsx" args=(calc "$tariff" -o) file=xlsx ;;
    esac
    # A worksheet holds 1 048 576 rows.
    if [ "$what" = xlsx ] && [ "$lines" -ge 1048576 ]; then
      continue
    fi
    run_runs=$runs run_warmup=$warmup
    # A workbook takes seconds at 10× with the earlier binary.
    if [ "$what" = xlsx ] && [ "$scale" != 1 ]; then run_runs=5 run_warmup=0; fi
    cmd() { # binary, output name
      if [ "$file" = - ]; then echo "$1 ${args[*]}"; else echo "$1 ${args[*]} $out/$2.$file"; fi
    }
    load=$(cut -d' ' -f1 /proc/loadavg)
    hyperfine -N --style none --warmup "$run_warmup" --runs "$run_runs" \
      --export-csv "$out/h.csv" "$(cmd "$before" b)" "$(cmd "$after" a)" >/dev/null 2>&1
    # Columns: command,mean,stddev,median,user,system,min,max (seconds).
    read -r wb wa cb ca < <(awk -F, 'NR == 2 { wb = $4; cb = $5 + $6 } NR == 3 { wa = $4; ca = $5 + $6 }
      END { printf "%s %s %s %s\n", wb, wa, cb, ca }' "$out/h.csv")
    if [ "$file" = - ]; then
      mb=$(peak "$mem" "$before" "${args[@]}") ma=$(peak "$mem" "$after" "${args[@]}")
      "$before" "${args[@]}" >"$out/b.out" 2>/dev/null
      "$after" "${args[@]}" >"$out/a.out" 2>/dev/null
      same=$(cmp -s "$out/b.out" "$out/a.out" && echo yes || echo no)
    else
      mb=$(peak "$mem" "$before" "${args[@]}" "$out/mb.$file")
      ma=$(peak "$mem" "$after" "${args[@]}" "$out/ma.$file")
      same=$(cmp -s "$out/b.$file" "$out/a.$file" && echo yes || echo no)
    fi
    awk -v n="$name" -v s="$scale×" -v l="$lines" -v load="$load" -v wb="$wb" -v wa="$wa" \
      -v cb="$cb" -v ca="$ca" -v mb="$mb" -v ma="$ma" -v same="$same" 'BEGIN {
        printf "| `%s` | %s | %d | %s | %s → %s | %s → %s | %s → %s MiB | %.2f µs | %s |\n",
          n, s, l, load, fmt(wb), fmt(wa), fmt(cb), fmt(ca), mb, ma, wa / l * 1e6, same
      }
      function fmt(x) { return x < 1 ? sprintf("%.1f ms", x * 1000) : sprintf("%.2f s", x) }' |
      sed -E 's/([0-9])\.([0-9])/\1,\2/g' # decimal commas, as the document writes them
  done
done
