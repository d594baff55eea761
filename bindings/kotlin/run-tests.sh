#!/usr/bin/env bash
# Runs the Kotlin wrapper's JUnit 5 tests on the host JVM against the host-built native library
# (JNI glue included) and the local STS emulator, which the tests start themselves.
#
# usage: bindings/kotlin/run-tests.sh [extra mvn arguments, e.g. -Dtest=ProviderTest]
#   STSKIT_LIB_DIR=<dir with libstskit.so>  use that library instead of building one
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib.sh" # ROOT, need_apt
root="$ROOT"

need_apt mvn:maven

if [ -z "${STSKIT_LIB_DIR:-}" ]; then
    target="${CARGO_TARGET_DIR:-$root/target}"
    lib_dir="$here/target/native"
    mkdir -p "$lib_dir"
    # Test a private copy: another build into the same target dir without the jni feature may
    # replace target/debug/libstskit.so at any time. Copy right after building, check the copy
    # has the JNI entry points, and rebuild if a concurrent build won the race.
    for attempt in 1 2 3; do
        (cd "$root" && CARGO_TARGET_DIR="$target" cargo build --lib --features jni -j "${CARGO_BUILD_JOBS:-1}")
        for f in libstskit.so libstskit.dylib stskit.dll; do
            if [ -f "$target/debug/$f" ]; then cp "$target/debug/$f" "$lib_dir/"; fi
        done
        if grep -qa Java_dev_stskit_internal_Native_abiVersion "$lib_dir"/*stskit*; then break; fi
        echo "the library in $target/debug lacks the JNI entry points (a concurrent build?); rebuilding ($attempt)"
        [ "$attempt" -lt 3 ] || { echo "giving up: no JNI build of libstskit" >&2; exit 1; }
        touch "$root/src/jni/mod.rs"
    done
    # The JNI glue's lint (every native method runs inside the with_env panic boundary).
    (cd "$root" && CARGO_TARGET_DIR="$target" cargo test --quiet --features jni -j "${CARGO_BUILD_JOBS:-1}" --test boundary_lint 2>&1 | grep -E '^(test result|error)')
else
    lib_dir="$(cd "$STSKIT_LIB_DIR" && pwd)"
fi

log="$here/target/mvn-test.log"
mkdir -p "$here/target"
status=0
(cd "$here" && mvn -B -ntp test -Dstskit.lib.dir="$lib_dir" "$@") >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    grep -E '^\[(ERROR|WARNING)\]' "$log" | head -60 || true
fi
# Surefire's per-class lines and its summary.
grep -E 'Tests run:|BUILD (SUCCESS|FAILURE)' "$log" || tail -40 "$log"
exit "$status"
