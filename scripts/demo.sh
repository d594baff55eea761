#!/usr/bin/env bash
# The demo: builds libstskit and the C example, starts the bundled STS emulator, and assumes a
# role through the C ABI. No AWS account needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need_rust
need_apt cc:gcc python3:python3 openssl:openssl

say "building libstskit"
(cd "$ROOT" && cargo build --lib --quiet)

say "compiling examples/c/assume_role.c"
cc -std=c99 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" "$ROOT/examples/c/assume_role.c" \
    -L"$CARGO_TARGET_DIR/debug" -lstskit -Wl,-rpath,"$CARGO_TARGET_DIR/debug" -o "$BUILD/assume_role"

say "starting the local STS emulator"
trap stop_emulator EXIT
start_emulator "$BUILD/emulator"

say "AssumeRole through the C ABI"
"$BUILD/assume_role" "$STSKIT_EMULATOR_HTTP/"
