#!/usr/bin/env bash
# Builds libstskit.a for iOS and assembles ios/StsKitFFI.xcframework for ios/Package.swift.
#
#   ios/build-xcframework.sh               device (aarch64-apple-ios) + simulator (aarch64-apple-ios-sim,
#                                          x86_64-apple-ios, combined with lipo) -> StsKitFFI.xcframework
#   ios/build-xcframework.sh --check-only  only compiles the staticlib for aarch64-apple-ios (debug) and
#                                          checks that it defines every function of include/stskit.h (CI)
#
# Runs on macOS (Xcode command line tools) and on Linux. On Linux there is no iOS SDK: ring's C
# code is compiled with clang against a stub SDK (platforms.md §5.1), the simulator targets have
# no prebuilt rust-std and are built with `RUSTC_BOOTSTRAP=1 cargo -Z build-std` (acceptable for a
# compile check, not for shipping), and nothing can be linked or run: the app's final link needs
# macOS/Xcode. Ship XCFrameworks built on macOS.
#
# Environment: STSKIT_IOS_PROFILE (cargo profile for the full build, default release),
# STSKIT_IOS_TARGET_DIR (cargo target dir, default <repo>/target/ios; kept apart from the host
# build so the two never wait on each other's lock), IPHONEOS_DEPLOYMENT_TARGET (default 13.0;
# the arm64 simulator needs 14.0 and gets it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/lib.sh" # ROOT, say, apt_install
REPO="$ROOT"
CHECK_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --check-only) CHECK_ONLY=1 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

export CARGO_TARGET_DIR="${STSKIT_IOS_TARGET_DIR:-$REPO/target/ios}"
PROFILE="${STSKIT_IOS_PROFILE:-release}"
[ "$CHECK_ONLY" -eq 1 ] && PROFILE=dev
PROFILE_DIR=$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
DEPLOYMENT="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"
WORK="$REPO/build/ios"
mkdir -p "$WORK"
die() { echo "build-xcframework.sh: $*" >&2; exit 1; }

# A tool by name, or the newest versioned Debian name (llvm-lipo-14, ...).
find_tool() {
    local name
    for name in "$@"; do
        command -v "$name" >/dev/null 2>&1 && { command -v "$name"; return; }
        local versioned
        versioned=$(compgen -c "$name-" 2>/dev/null | grep -E "^$name-[0-9]+$" | sort -t- -k3 -n | tail -1 || true)
        [ -n "$versioned" ] && { command -v "$versioned"; return; }
    done
    return 1
}

need_linux_tools() {
    if ! command -v clang >/dev/null || ! find_tool llvm-ar >/dev/null || ! find_tool llvm-lipo >/dev/null \
        || ! find_tool llvm-nm >/dev/null; then
        apt_install clang llvm
    fi
}

# The C compiler setup for one target (ring's C and assembly).
target_env() {
    local target=$1 t=${1//-/_}
    if [ "$(uname -s)" = Darwin ]; then
        return  # cc-rs finds the SDK through xcrun
    fi
    local sdk="$WORK/stub-sdk"
    mkdir -p "$sdk/usr/include"
    # ring only uses TargetConditionals.h to tell iOS from macOS; the real header needs clang >= 17.
    cat >"$sdk/usr/include/TargetConditionals.h" <<'EOF'
#pragma once
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 0
#define TARGET_OS_IPHONE 1
#define TARGET_OS_IOS 1
EOF
    export SDKROOT="$sdk"
    export "CC_$t=clang" "AR_$t=$(find_tool llvm-ar)"
    local cflags="-DRING_CORE_NOSTDLIBINC=1"
    [ "$target" = x86_64-apple-ios ] && cflags="-ffreestanding $cflags"
    export "CFLAGS_$t=$cflags"
}

# Builds the staticlib for one target; prints the path of libstskit.a.
build_target() {
    local target=$1 deployment=$DEPLOYMENT extra=()
    [ "$target" = aarch64-apple-ios-sim ] && deployment=$(printf '%s\n14.0\n' "$DEPLOYMENT" | sort -V | tail -1)
    (
        target_env "$target"
        export IPHONEOS_DEPLOYMENT_TARGET="$deployment"
        if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
            # The simulator targets have no rust-std on some mirrors: build std from rust-src instead.
            if rustup target add "$target" >/dev/null 2>&1; then :; else
                rustup component add rust-src >/dev/null
                export RUSTC_BOOTSTRAP=1
                extra=(-Z build-std=std,panic_abort)
            fi
        fi
        cd "$REPO"
        # The crate is also a cdylib, which cannot be linked without the iOS SDK: ask for the
        # staticlib alone.
        cargo rustc --quiet --lib --crate-type staticlib --profile "$PROFILE" --features no-dependency-logs --target "$target" "${extra[@]}" >&2
    )
    echo "$CARGO_TARGET_DIR/$target/$PROFILE_DIR/libstskit.a"
}

# Every function the header declares must be defined in the library.
check_symbols() {
    local lib=$1 nm missing=0 fn
    nm=$(find_tool llvm-nm nm)
    local defined
    # (An older llvm-nm cannot read the bitcode embedded in Rust's std objects and exits non-zero;
    # the native symbols it lists are what counts.)
    defined=$({ "$nm" --defined-only "$lib" 2>/dev/null || true; } | awk '{print $NF}' | sort -u)
    local declared
    declared=$(grep -oE '\bstskit_[a-z0-9_]+\(' "$REPO/include/stskit.h" | tr -d '(' | sort -u)
    for fn in $declared; do
        grep -qx "_$fn" <<<"$defined" || { echo "missing symbol: _$fn" >&2; missing=$((missing + 1)); }
    done
    [ "$missing" -eq 0 ] || die "$lib lacks $missing function(s) of include/stskit.h"
    echo "ok   $(basename "$(dirname "$(dirname "$lib")")"): $(wc -w <<<"$declared") C ABI functions defined ($(du -h "$lib" | cut -f1))"
}

command -v cargo >/dev/null || die "Rust is required"
[ "$(uname -s)" = Darwin ] || need_linux_tools
START=$(date +%s)

if [ "$CHECK_ONLY" -eq 1 ]; then
    say "compiling the staticlib for aarch64-apple-ios (check only)"
    lib=$(build_target aarch64-apple-ios)
    check_symbols "$lib"
    echo "aarch64-apple-ios staticlib compiles ($(( $(date +%s) - START )) s)"
    exit 0
fi

say "building libstskit.a for aarch64-apple-ios, aarch64-apple-ios-sim, x86_64-apple-ios ($PROFILE)"
device=$(build_target aarch64-apple-ios)
sim_arm=$(build_target aarch64-apple-ios-sim)
sim_x86=$(build_target x86_64-apple-ios)
for lib in "$device" "$sim_arm" "$sim_x86"; do check_symbols "$lib"; done

say "assembling StsKitFFI.xcframework"
LIPO=$(find_tool lipo llvm-lipo) || die "lipo / llvm-lipo not found"
OUT="$HERE/StsKitFFI.xcframework"
rm -rf "$OUT"
for slice in ios-arm64 ios-arm64_x86_64-simulator; do
    # Headers/StsKitFFI/: a module.modulemap straight in Headers/ collides with other
    # XCFrameworks' when Xcode copies them into one include directory.
    mkdir -p "$OUT/$slice/Headers/StsKitFFI"
    cp "$REPO/include/stskit.h" "$OUT/$slice/Headers/StsKitFFI/stskit.h"
    cat >"$OUT/$slice/Headers/StsKitFFI/module.modulemap" <<'EOF'
module StsKitFFI {
    header "stskit.h"
    export *
}
EOF
done
cp "$device" "$OUT/ios-arm64/libstskit.a"
"$LIPO" -create "$sim_arm" "$sim_x86" -output "$OUT/ios-arm64_x86_64-simulator/libstskit.a"
"$LIPO" -info "$OUT/ios-arm64_x86_64-simulator/libstskit.a"
python3 - "$OUT/Info.plist" <<'EOF'
import plistlib, sys
def library(identifier, archs, variant=None):
    d = {"LibraryIdentifier": identifier, "LibraryPath": "libstskit.a", "BinaryPath": "libstskit.a",
         "HeadersPath": "Headers", "SupportedArchitectures": archs, "SupportedPlatform": "ios"}
    if variant:
        d["SupportedPlatformVariant"] = variant
    return d
info = {"AvailableLibraries": [library("ios-arm64", ["arm64"]),
                               library("ios-arm64_x86_64-simulator", ["arm64", "x86_64"], "simulator")],
        "CFBundlePackageType": "XFWK", "XCFrameworkFormatVersion": "1.0"}
with open(sys.argv[1], "wb") as f:
    plistlib.dump(info, f)
with open(sys.argv[1], "rb") as f:
    assert plistlib.load(f) == info
EOF
echo "built $OUT in $(( $(date +%s) - START )) s (validate it with Xcode on macOS before shipping)"
