#!/usr/bin/env bash
# Runs the Swift wrapper's XCTest suite on Linux against the host-built libstskit.a and the local
# STS emulator.
#
# Debian 12 has no Swift, Debian 13 (trixie) has `swiftlang`, so the tests run in a debootstrapped
# trixie root (created once, then reused) entered with chroot inside a private mount namespace
# (`unshare -m`): the bind mounts of /proc, /dev and the repository vanish with the script, even
# if it is killed. The emulator runs on the host; the chroot shares the host's network, so it
# reaches 127.0.0.1. A host-built library works inside because trixie's glibc is newer.
#
# usage: bindings/swift/test-linux.sh [--prepare-only] [swift test arguments, e.g. --filter X]
#
# Environment:
#   STSKIT_SWIFT_ROOT      the trixie root (default: <repo>/build/trixie-swift)
#   STSKIT_DEBIAN_MIRROR   Debian mirror for debootstrap (default: the one this machine's apt uses)
#   STSKIT_LIB_DIR         directory holding libstskit.a (default: build it with cargo into
#                          $CARGO_TARGET_DIR/debug)
# Needs root (debootstrap, mount, chroot).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh" # ROOT, say, use_native_lib, start_emulator
REPO="$ROOT"
SWIFT_ROOT="${STSKIT_SWIFT_ROOT:-$REPO/build/trixie-swift}"
PREPARE_ONLY=0
if [ "${1:-}" = "--prepare-only" ]; then PREPARE_ONLY=1; shift; fi

die() { echo "test-linux.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, mount and chroot need it)"

# The Debian mirror this machine's apt uses (deb822 .sources or one-line lists).
debian_mirror() {
    if [ -n "${STSKIT_DEBIAN_MIRROR:-}" ]; then echo "$STSKIT_DEBIAN_MIRROR"; return; fi
    local m
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -v '^[[:space:]]*#' | grep -oE '(https?|file)://[^[:space:]]+/debian/?([[:space:]]|$)' \
        | tr -d '[:space:]' | head -1 || true)
    echo "${m:-http://deb.debian.org/debian}"
}

# Runs a command inside the root with /proc and /dev mounted and the repository bind-mounted at
# the same path, in a private mount namespace.
in_root() {
    unshare --mount --propagation private -- /bin/bash -c '
        set -e
        root=$1 repo=$2; shift 2
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mkdir -p "$root$repo"
        mount --bind "$repo" "$root$repo"
        exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
    ' in_root "$SWIFT_ROOT" "$REPO" "$@"
}

ensure_root() {
    if [ ! -x "$SWIFT_ROOT/usr/bin/env" ]; then
        local mirror partial="$SWIFT_ROOT.partial" log="$SWIFT_ROOT.debootstrap.log"
        mirror=$(debian_mirror)
        say "creating the trixie root in $SWIFT_ROOT (mirror $mirror)"
        rm -rf --one-file-system "$partial"
        mkdir -p "$(dirname "$SWIFT_ROOT")"
        debootstrap --variant=minbase --include=swiftlang,libc6-dev trixie "$partial" "$mirror" \
            >"$log" 2>&1 || { tail -20 "$log" >&2; die "debootstrap failed (log: $log)"; }
        mv "$partial" "$SWIFT_ROOT"
    fi
    if [ ! -x "$SWIFT_ROOT/usr/bin/swift" ]; then
        say "installing swiftlang in the trixie root"
        cp /etc/resolv.conf "$SWIFT_ROOT/etc/resolv.conf" 2>/dev/null || true
        in_root /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq swiftlang libc6-dev >/dev/null'
    fi
}

need_apt debootstrap:debootstrap python3:python3 openssl:openssl
ensure_root
in_root swift --version 2>&1 | head -1
[ "$PREPARE_ONLY" -eq 1 ] && exit 0

say "the package's header copy equals include/stskit.h; Swift enums equal the header"
bash "$HERE/sync-header.sh" --check
python3 "$REPO/scripts/check-enums.py" "$HERE"

use_native_lib "${STSKIT_CARGO_JOBS:-1}"
[ -f "$STSKIT_LIB_DIR/libstskit.a" ] || die "$STSKIT_LIB_DIR/libstskit.a not found"
# Only the static library goes into the root: the test binary then links it like an iOS app does.
mkdir -p "$SWIFT_ROOT/opt/stskit/lib"
cmp -s "$STSKIT_LIB_DIR/libstskit.a" "$SWIFT_ROOT/opt/stskit/lib/libstskit.a" \
    || cp "$STSKIT_LIB_DIR/libstskit.a" "$SWIFT_ROOT/opt/stskit/lib/libstskit.a"

say "starting the STS emulator"
# Its certificates go inside the root so the CA path is the same in and out of the chroot.
trap stop_emulator EXIT
start_emulator "$SWIFT_ROOT/tmp/stskit-emulator" || die "the STS emulator did not start"
EMU_CA_IN_ROOT="${STSKIT_EMULATOR_CA#"$SWIFT_ROOT"}"

say "swift test (bindings/swift)"
# The build directory lives in the root, so a second run only recompiles what changed.
set +e
in_root /usr/bin/env STSKIT_LIB_DIR=/opt/stskit/lib \
    STSKIT_EMULATOR_HTTP="$STSKIT_EMULATOR_HTTP" STSKIT_EMULATOR_HTTPS="$STSKIT_EMULATOR_HTTPS" STSKIT_EMULATOR_CA="$EMU_CA_IN_ROOT" \
    /bin/sh -c 'cd "$1" && shift && exec swift test --disable-swift-testing --scratch-path /var/cache/stskit-swift "$@"' sh "$HERE" "$@" 2>&1 \
    | tee "$SWIFT_ROOT/tmp/swift-test.log"
rc=${PIPESTATUS[0]}
set -e
say "XCTest summary"
grep -E "Executed [0-9]+ tests?, with" "$SWIFT_ROOT/tmp/swift-test.log" | tail -1 || echo "no XCTest summary (build failed?)"
exit "$rc"
