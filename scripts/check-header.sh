#!/usr/bin/env bash
# Regenerates include/stskit.h with the pinned cbindgen and fails if the committed one differs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "$(cbindgen --version 2>/dev/null)" != "cbindgen $CBINDGEN_VERSION" ]; then
    say "installing cbindgen $CBINDGEN_VERSION"
    cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --quiet
fi
tmp="$BUILD/stskit.h.generated"
(cd "$ROOT" && cbindgen --quiet --config cbindgen.toml --crate stskit --output "$tmp")
if ! diff -u "$ROOT/include/stskit.h" "$tmp"; then
    echo "include/stskit.h is stale: run 'cbindgen --config cbindgen.toml --crate stskit --output include/stskit.h'" >&2
    exit 1
fi
echo "include/stskit.h matches cbindgen $CBINDGEN_VERSION output"
