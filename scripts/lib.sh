# Shared by the scripts in this folder: paths, tool installation, the emulator.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUILD="$ROOT/build"
mkdir -p "$BUILD"

CBINDGEN_VERSION=0.29.4

say() { printf '\n==> %s\n' "$*"; }

# Installs Debian packages, quietly, with sudo when not root.
apt_install() {
    say "installing $*"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Installs the Debian packages whose commands are missing ("cmd:package" pairs).
need_apt() {
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

need_rust() {
    command -v cargo >/dev/null 2>&1 || { echo "Rust is required: https://rustup.rs" >&2; exit 1; }
}

# Points STSKIT_LIB_DIR (made absolute) at the native library: as given (test.sh builds it once
# for every test script), or else a debug build made here, with cargo's -j set to $1 if given.
use_native_lib() {
    if [ -z "${STSKIT_LIB_DIR:-}" ]; then
        need_rust
        say "building libstskit (cargo build --lib, target $CARGO_TARGET_DIR)"
        (cd "$ROOT" && cargo build --lib --quiet ${1:+-j "$1"})
        STSKIT_LIB_DIR="$CARGO_TARGET_DIR/debug"
    fi
    STSKIT_LIB_DIR="$(cd "$STSKIT_LIB_DIR" && pwd)"
}

# start_emulator DIR / stop_emulator
source "$ROOT/tests/emulator/start.sh"
