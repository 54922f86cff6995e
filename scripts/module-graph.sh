#!/usr/bin/env bash
# The crate's module graph as a picture: every top-level module a box, in
# the layers of ARCHITECTURE.md (bottom to top), every import an arrow
# labelled with how many imports it stands for. The graph is the one
# tests/layers.rs builds and checks (no import up the layers, no circle of
# files); the test writes it as Graphviz text to target/module-graph.dot,
# and file by file to target/file-graph.dot, which this draws with
# Graphviz's `dot` (Debian: apt-get install -y graphviz).
#
#   scripts/module-graph.sh            # target/module-graph.svg
#   scripts/module-graph.sh png        # target/module-graph.png
#   scripts/module-graph.sh svg file   # target/file-graph.svg, a box per file
set -euo pipefail
cd "$(dirname "$0")/.."

format="${1:-svg}"
graph="${2:-module}"
target="${CARGO_TARGET_DIR:-target}"
cargo test --quiet --test integration layers::every_import_points_down >/dev/null
source="target/$graph-graph.dot"
[ -s "$source" ] || { echo "the layers test wrote no $source" >&2; exit 1; }
command -v dot >/dev/null || { echo "missing graphviz: apt-get install -y graphviz (the graph is $source)" >&2; exit 1; }
dot -T"$format" "$source" -o "$target/$graph-graph.$format"
echo "wrote $target/$graph-graph.$format"
