# Shared by the scripts in this folder: paths, tool installation, the emulator.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUILD="$ROOT/build"
mkdir -p "$BUILD"

CBINDGEN_VERSION=0.29.4

say() { printf '\n==> %s\n' "$*"; }

# Installs Debian packages that are missing (for commands named in "cmd:package" pairs).
need_apt() {
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

need_rust() {
    command -v cargo >/dev/null 2>&1 || { echo "Rust is required: https://rustup.rs" >&2; exit 1; }
}

# Starts the local STS emulator in the background; sets EMU_HTTP, EMU_HTTPS, EMU_CA.
# It exits when this shell exits (its stdin is a pipe we hold open).
start_emulator() {
    local fifo="$BUILD/emulator.stdin"
    rm -f "$fifo"; mkfifo "$fifo"
    python3 "$ROOT/tests/emulator/stsemu.py" --exit-on-stdin-eof --quiet --state-dir "$BUILD/emulator-state" \
        <"$fifo" >"$BUILD/emulator.json" &
    EMU_PID=$!
    exec {EMU_IN}>"$fifo"
    for _ in $(seq 1 100); do
        [ -s "$BUILD/emulator.json" ] && break
        sleep 0.1
    done
    [ -s "$BUILD/emulator.json" ] || { echo "the STS emulator did not start" >&2; exit 1; }
    EMU_HTTP=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["http"])' "$BUILD/emulator.json")
    EMU_HTTPS=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["https"])' "$BUILD/emulator.json")
    EMU_CA=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["ca"])' "$BUILD/emulator.json")
    export EMU_HTTP EMU_HTTPS EMU_CA
    trap stop_emulator EXIT
}

stop_emulator() {
    [ -n "${EMU_IN:-}" ] && exec {EMU_IN}>&- || true
    [ -n "${EMU_PID:-}" ] && kill "$EMU_PID" 2>/dev/null || true
}
