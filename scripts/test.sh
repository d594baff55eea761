#!/usr/bin/env bash
# Every test: Rust unit and integration tests (emulator, official vectors, moto), the emulator's
# own tests, the header check, and the C ABI tests (plain, ASan+UBSan, valgrind).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# CI runs the steps one after another: let each build use every core.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-$(nproc)}"
export FUZZ_JOBS="${FUZZ_JOBS:-$CARGO_BUILD_JOBS}" DESKTOP_JOBS="${DESKTOP_JOBS:-$CARGO_BUILD_JOBS}"
T0=$(date +%s)

need_rust
need_apt cc:gcc c++:g++ valgrind:valgrind python3:python3 openssl:openssl
python3 -c 'import moto, boto3, pytest, flask' 2>/dev/null || {
    say "installing moto[server], boto3 and pytest from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check 'moto[server]==5.2.1' 'boto3' 'pytest'
}
[ -d "$ROOT/../shared/vectors" ] || { echo "../shared/vectors is missing beside the checkout" >&2; exit 1; }

say "header is in sync with src/ffi"
bash "$ROOT/scripts/check-header.sh"

say "rustfmt, clippy and rustdoc"
(cd "$ROOT" && cargo fmt --all --check)
(cd "$ROOT" && cargo clippy --quiet --all-targets --features jni -- -D warnings)
(cd "$ROOT" && RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet)

say "Rust tests"
(cd "$ROOT" && cargo test --features jni --quiet --no-fail-fast 2>&1 | tee "$BUILD/cargo-test.log" | grep -E '^(test result|running|error|failures:|---- )' )
! grep -q "FAILED\|error\[" "$BUILD/cargo-test.log"
grep -q "test result: ok" "$BUILD/cargo-test.log"

say "emulator self-tests"
(cd "$ROOT" && python3 -m pytest -q tests/emulator/test_stsemu.py 2>&1 | tail -3)

say "building the native library once for every wrapper (C ABI + JNI)"
(cd "$ROOT" && cargo build --lib --features jni --quiet)

say "C ABI tests"
STSKIT_LIB_DIR="$CARGO_TARGET_DIR/debug" bash "$ROOT/tests/c/run.sh"

say "wrapper enums equal the header's"
python3 "$ROOT/scripts/check-enums.py"

say "C# wrapper (Mono JIT, Mono full-AOT, CoreCLR) and the Unity package"
bash "$ROOT/bindings/csharp/sync-unity.sh" --check
STSKIT_LIB_DIR="$CARGO_TARGET_DIR/debug" bash "$ROOT/bindings/csharp/run-tests.sh"

say "Kotlin wrapper (JNI) on the JVM"
STSKIT_LIB_DIR="$CARGO_TARGET_DIR/debug" bash "$ROOT/bindings/kotlin/run-tests.sh"

say "Android: the library compiles for arm64-v8a, armeabi-v7a and x86_64"
MODE=check bash "$ROOT/bindings/kotlin/android-compile-check.sh"

say "Swift wrapper (swift test in a Debian trixie root with swiftlang)"
STSKIT_LIB_DIR="$CARGO_TARGET_DIR/debug" bash "$ROOT/bindings/swift/test-linux.sh"

say "iOS: the static library compiles for aarch64-apple-ios"
bash "$ROOT/ios/build-xcframework.sh" --check-only

# ThreadSanitizer instruments Rust's std too: it needs clang and a nightly toolchain with rust-src.
need_apt clang:clang
rustup toolchain install nightly --profile minimal --component rust-src >/dev/null

say "fault matrix and 16-thread stress through the C ABI (ASan, ThreadSanitizer, helgrind)"
STSKIT_LIB_DIR="$CARGO_TARGET_DIR/debug" bash "$ROOT/tests/faultmatrix/run.sh"

say "fuzzing: XML decoding, validation + Query encoding, SigV4 canonicalisation, endpoints"
FUZZ_SECONDS="${FUZZ_SECONDS:-15}" bash "$ROOT/fuzz/run.sh"

say "desktop platforms: Windows (mingw, tests under wine), macOS arm64 and x86_64 (zig)"
bash "$ROOT/scripts/desktop-platforms.sh"

say "all tests passed in $(( $(date +%s) - T0 )) s"
