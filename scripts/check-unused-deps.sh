#!/usr/bin/env bash
# Fails when a dependency in Cargo.toml is named nowhere in the code that may
# use it: [dependencies] in src/, [dev-dependencies] in tests/, benches/,
# examples/ and src/. Keeps unused crates (and their compile time) out.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
check() { # section, folders...
  local section=$1; shift
  local names
  names=$(awk -v s="[$section]" '
    /^\[/ { on = ($0 == s); next }
    on && /^[A-Za-z0-9_-]+[[:space:]]*=/ { sub(/[[:space:]]*=.*/, ""); print }
  ' Cargo.toml)
  for name in $names; do
    local ident=${name//-/_}
    if ! grep -rqE "\b${ident}(::|\b)" "$@" --include='*.rs'; then
      echo "unused dependency in [$section]: $name (no \`${ident}\` in $*)" >&2
      status=1
    fi
  done
}
check dependencies src
check dev-dependencies tests benches examples src
exit $status
