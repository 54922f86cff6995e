#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the project's own test inputs.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/tariff corpus/population corpus/actuals corpus/scb_import corpus/recipients corpus/register corpus/sie corpus/payments
# Payment files: BgMax, camt.054 and CSV fixtures, good and bad.
find "$root"/tests/fixtures/payments -type f ! -name "*.md" ! -name "*.py" -exec cp {} corpus/payments/ \;
cp "$root"/data/sjuharad/*.toml corpus/tariff/
for f in "$root"/tests/cases/*/*.toml; do cp "$f" "corpus/tariff/$(basename "$(dirname "$f")").toml"; done
cp "$root"/data/sjuharad/*.csv corpus/population/ 2>/dev/null || true
for f in "$root"/tests/cases/*/pop.csv; do cp "$f" "corpus/population/$(basename "$(dirname "$f")").csv"; done
cp "$root"/data/sjuharad/actuals/*.csv corpus/actuals/
for f in "$root"/tests/cases/*/2023.csv; do cp "$f" "corpus/actuals/$(basename "$(dirname "$f")").csv"; done
cp "$root"/data/sjuharad/2024.previous-2023.csv corpus/actuals/
find "$root"/tests/fixtures/scb -type f -exec cp {} corpus/scb_import/ \;
cp "$root"/data/sjuharad/scb-folkmangd-2021-12-31.csv corpus/scb_import/
# Recipients: the example's file and those of the golden cases.
cp "$root"/data/sjuharad/mottagare.csv corpus/recipients/
for f in "$root"/tests/cases/*/mottagare.csv; do if [ -e "$f" ]; then cp "$f" "corpus/recipients/$(basename "$(dirname "$f")").csv"; fi; done
# The register and the SIE file of the example's final invoices (the
# register target reads register.csv, a NUL byte, then register-lines.csv).
out=$(mktemp -d)
(cd "$root" && cargo run --quiet -- invoice data/sjuharad/2023.toml -o "$out" --final --date 2023-01-16 >/dev/null)
first=$(sed -n 2p "$out"/register.csv | cut -d, -f1)
(cd "$root" && cargo run --quiet -- invoice data/sjuharad/2023.toml -o "$out" --credit "$first" --date 2023-02-01 >/dev/null)
cp "$out"/register.csv corpus/register/entries-only.csv
{ cat "$out"/register.csv; printf '\0'; cat "$out"/register-lines.csv; } >corpus/register/with-lines.csv
cp "$out"/*.si corpus/sie/
rm -rf "$out"
