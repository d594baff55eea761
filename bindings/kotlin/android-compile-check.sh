#!/usr/bin/env bash
# Proves the Rust library, JNI glue included (--features jni), compiles for the three Android ABIs
# without an NDK: ring's C and assembly are built with Debian's clang and llvm-ar in header-less
# mode (platforms.md §4.3), and the crate is compiled as a staticlib, so no Android linker is needed
# (a cdylib .so can only be linked with the NDK: android/build-native.sh does that on a machine
# that has one).
#
# usage: bindings/kotlin/android-compile-check.sh        # dev profile (faster)
#        PROFILE=release bindings/kotlin/android-compile-check.sh
#        MODE=check bindings/kotlin/android-compile-check.sh   # cargo check (ring's C still compiles)
#        TARGETS="x86_64-linux-android" bindings/kotlin/android-compile-check.sh
set -euo pipefail

source "$(dirname "$0")/../../scripts/lib.sh" # ROOT, need_apt
root="$ROOT"
cd "$root"
profile="${PROFILE:-dev}"
mode="${MODE:-staticlib}"
jobs="${CARGO_BUILD_JOBS:-1}"
read -r -a targets <<<"${TARGETS:-aarch64-linux-android armv7-linux-androideabi x86_64-linux-android}"

need_apt clang:clang llvm-ar:llvm # ring's C needs a compiler that targets Android
rustup target add "${targets[@]}" >/dev/null

# Header-less ring build flags per target (platforms.md §4.3): without a sysroot clang would pick
# the host's glibc headers; armv7 needs an explicit ARMv7 + VFP target; x86_64 needs
# -ffreestanding so clang's mm_malloc.h (pulled in by ring's ADX curve25519 code) skips stdlib.h.
flags_common="-nostdlibinc -DRING_CORE_NOSTDLIBINC=1"
declare -A cflags=(
    [aarch64-linux-android]="$flags_common"
    [x86_64-linux-android]="$flags_common -ffreestanding"
    [armv7-linux-androideabi]="$flags_common -march=armv7-a -mfloat-abi=softfp -mfpu=vfpv3-d16 -mthumb"
)

passed=0
failed=0
for t in "${targets[@]}"; do
    v="${t//-/_}"
    export "CC_$v=clang" "AR_$v=llvm-ar" "CFLAGS_$v=${cflags[$t]}"
    start=$(date +%s)
    if [ "$mode" = check ]; then
        cmd=(cargo check --lib --features jni --target "$t" --profile "$profile" -j "$jobs")
    else
        cmd=(cargo rustc --lib --features jni,no-dependency-logs --target "$t" --profile "$profile" -j "$jobs" --crate-type staticlib)
    fi
    echo "== ${cmd[*]}"
    if "${cmd[@]}"; then
        dir="$profile"; [ "$profile" = dev ] && dir=debug
        lib="target/$t/$dir/libstskit.a"
        if [ "$mode" != check ]; then
            # The archive must hold the JNI entry points and ring's C objects.
            jni=$(llvm-nm --defined-only "$lib" 2>/dev/null | grep -c ' T Java_dev_stskit_internal_Native_' || true)
            ring=$(llvm-nm --defined-only "$lib" 2>/dev/null | grep -c 'ring_core_' || true)
            echo "   $lib: $jni JNI entry points, $ring ring symbols ($(( $(date +%s) - start )) s)"
            if [ "$jni" -lt 15 ] || [ "$ring" -lt 1 ]; then
                echo "FAIL $t: missing symbols"; failed=$((failed + 1)); continue
            fi
        fi
        echo "ok   $t"; passed=$((passed + 1))
    else
        echo "FAIL $t"; failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
