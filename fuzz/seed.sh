#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the project's own test inputs.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/tariff corpus/population corpus/actuals corpus/scb_import
cp "$root"/data/sjuharad/*.toml corpus/tariff/
for f in "$root"/tests/cases/*/*.toml; do cp "$f" "corpus/tariff/$(basename "$(dirname "$f")").toml"; done
cp "$root"/data/sjuharad/*.csv corpus/population/ 2>/dev/null || true
for f in "$root"/tests/cases/*/pop.csv; do cp "$f" "corpus/population/$(basename "$(dirname "$f")").csv"; done
cp "$root"/data/sjuharad/actuals/*.csv corpus/actuals/
for f in "$root"/tests/cases/*/2023.csv; do cp "$f" "corpus/actuals/$(basename "$(dirname "$f")").csv"; done
cp "$root"/data/sjuharad/2024.previous-2023.csv corpus/actuals/
find "$root"/tests/fixtures/scb -type f -exec cp {} corpus/scb_import/ \;
cp "$root"/data/sjuharad/scb-folkmangd-2021-12-31.csv corpus/scb_import/
