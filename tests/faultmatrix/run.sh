#!/usr/bin/env bash
# Fault matrix, secret hygiene and concurrency through the C ABI (tests/faultmatrix/faultmatrix.c),
# against one local STS emulator, in these stages:
#
#   policy     source check: no API can switch TLS verification off; allow_insecure_http (plain
#              HTTP to non-loopback hosts) is the only insecure switch and is off by default
#   asan       matrix + concurrency (16 threads x 200 calls) built with
#              -std=c99 -Wall -Wextra -Werror -pedantic -pthread -fsanitize=address,undefined,
#              run with leak detection on (ASan's leak checker also sees the Rust allocations)
#   tsan       concurrency under ThreadSanitizer on both sides: libstskit rebuilt with
#              `cargo +nightly -Zbuild-std` and -Zsanitizer=thread (std instrumented too), the
#              C program with clang -fsanitize=thread. Skipped with a note when no nightly
#              toolchain with rust-src is installed (STSKIT_FM_TSAN=0 skips it too)
#   helgrind   concurrency in a light configuration (4 threads x 20 calls) under
#              valgrind --tool=helgrind, reported (not gating unless STSKIT_FM_HELGRIND_STRICT=1):
#              helgrind does not understand Rust std's futex-based locks and atomics, so it reports
#              races it cannot see are ordered; the summary prints how many it found
#
# Environment:
#   STSKIT_LIB_DIR     directory holding libstskit.so; when unset the library is built with
#                      `cargo build --lib -j1` into $CARGO_TARGET_DIR (default <repo>/target)
#   STSKIT_FM_STAGES   stages to run (default "policy asan tsan helgrind")
#   FM_THREADS, FM_CALLS, FM_WATCHDOG_S   passed to the program (see faultmatrix.c)
#   STSKIT_FM_HELGRIND_LOG   copy helgrind's full log to this path
#   CC                 compiler for the asan stage (default cc); tsan uses clang
#
# The last line is "N passed, N failed" over the stages; the script exits non-zero on a failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh" # ROOT, say, use_native_lib, start_emulator
CC="${CC:-cc}"
STAGES="${STSKIT_FM_STAGES:-policy asan tsan helgrind}"

die() { echo "tests/faultmatrix/run.sh: $*" >&2; exit 1; }

# ---- the library --------------------------------------------------------------------------------
use_native_lib "${CARGO_BUILD_JOBS:-1}"
[ -f "$STSKIT_LIB_DIR/libstskit.so" ] || die "no libstskit.so in $STSKIT_LIB_DIR"
echo "library: $STSKIT_LIB_DIR/libstskit.so"

# ---- scratch space and the emulator -------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/stskit-faultmatrix.XXXXXX")"
cleanup() {
    stop_emulator
    rm -rf "$WORK"
}
trap cleanup EXIT

say "starting the STS emulator"
start_emulator "$WORK/emulator" || die "the STS emulator did not start"

# Only 127.0.0.1/localhost is contacted; a proxy from the environment must not get in the way.
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -pthread -g -fno-omit-frame-pointer -I"$ROOT/include")

# Runs a program with the fifo's write end closed in the child (only this script holds it).
run_prog() { "$@" {EMU_IN}>&-; }

# ---- stages -------------------------------------------------------------------------------------
# TLS verification cannot be turned off by accident: no API for it exists (C header, Rust, JNI),
# no custom certificate verifier is installed, and allow_insecure_http (plain HTTP to
# non-loopback hosts) is the only "insecure" switch, off by default.
stage_policy() {
    local bad
    bad="$(grep -rniE 'danger|ServerCertVerifier|NoVerif|accept_invalid|skip_verif|disable_verif|verify_peer|insecure_tls|tls_insecure' \
        "$ROOT/src" "$ROOT/include" 2>/dev/null | grep -vE ':[0-9]+:\s*//' || true)"
    if [ -n "$bad" ]; then echo "a way to weaken TLS verification exists:"; echo "$bad"; return 1; fi
    local switches
    switches="$(grep -oE 'stskit_[a-z_]*insecure[a-z_]*' "$ROOT/include/stskit.h" | sort -u | tr '\n' ' ')"
    [ "$switches" = "stskit_client_config_set_allow_insecure_http " ] ||
        { echo "unexpected insecure switches in stskit.h: $switches"; return 1; }
    grep -q 'allow_insecure_http: false' "$ROOT/src/config.rs" || { echo "allow_insecure_http is not off by default"; return 1; }
    echo "no TLS-verification switch in the C, Rust or JNI API; only set_allow_insecure_http (off by default)"
    echo "(the asan stage checks the behaviour: unknown CA, wrong host, expired certificate, plain HTTP)"
}

stage_asan() {
    "$CC" "${CFLAGS[@]}" -fsanitize=address,undefined "$HERE/faultmatrix.c" -o "$WORK/faultmatrix_asan" \
        -L"$STSKIT_LIB_DIR" -lstskit -Wl,-rpath,"$STSKIT_LIB_DIR" || return 1
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
        run_prog "$WORK/faultmatrix_asan" matrix concurrency
}

# A nightly toolchain with rust-src, needed to instrument std for ThreadSanitizer.
tsan_feasible() {
    [ "${STSKIT_FM_TSAN:-1}" != 0 ] || { echo "STSKIT_FM_TSAN=0: skipped"; return 1; }
    command -v clang >/dev/null 2>&1 || { echo "no clang: ThreadSanitizer stage skipped"; return 1; }
    rustup run nightly rustc --version >/dev/null 2>&1 || { echo "no nightly toolchain: ThreadSanitizer stage skipped"; return 1; }
    [ -d "$(rustup run nightly rustc --print sysroot)/lib/rustlib/src/rust/library" ] || {
        echo "nightly has no rust-src (rustup component add rust-src --toolchain nightly): skipped"; return 1; }
}

stage_tsan() {
    tsan_feasible || return 77
    local tdir="$CARGO_TARGET_DIR/tsan"
    echo "building libstskit with -Zsanitizer=thread -Zbuild-std (target $tdir)"
    (cd "$ROOT" && RUSTFLAGS="-Zsanitizer=thread" CARGO_TARGET_DIR="$tdir" \
        cargo +nightly build -j "${CARGO_BUILD_JOBS:-1}" --quiet --lib -Zbuild-std --target x86_64-unknown-linux-gnu) || return 1
    local lib="$tdir/x86_64-unknown-linux-gnu/debug"
    # One TSan runtime for both sides: rustc's (it matches the LLVM that instrumented the Rust
    # code; Debian clang 14's runtime lacks __tsan_memcpy & co. that newer LLVM emits). The C
    # side is instrumented by clang, linked against that runtime and exports it to libstskit.so.
    local rt
    rt="$(rustup run nightly rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/lib/librustc-nightly_rt.tsan.a"
    [ -f "$rt" ] || { echo "no $rt"; return 1; }
    clang "${CFLAGS[@]}" -fsanitize=thread -c "$HERE/faultmatrix.c" -o "$WORK/faultmatrix_tsan.o" || return 1
    clang -pthread "$WORK/faultmatrix_tsan.o" -o "$WORK/faultmatrix_tsan" -Wl,--whole-archive "$rt" \
        -Wl,--no-whole-archive -Wl,--export-dynamic -L"$lib" -lstskit -Wl,-rpath,"$lib" -ldl -lm -lrt || return 1
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
        FM_THREADS="${FM_THREADS:-16}" FM_CALLS="${FM_TSAN_CALLS:-200}" FM_WATCHDOG_S="${FM_WATCHDOG_S:-600}" \
        run_prog "$WORK/faultmatrix_tsan" concurrency
}

stage_helgrind() {
    command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed: skipped"; return 77; }
    "$CC" "${CFLAGS[@]}" "$HERE/faultmatrix.c" -o "$WORK/faultmatrix_plain" \
        -L"$STSKIT_LIB_DIR" -lstskit -Wl,-rpath,"$STSKIT_LIB_DIR" || return 1
    local log="$WORK/helgrind.log" rc=0
    FM_THREADS=4 FM_CALLS=20 FM_WATCHDOG_S=600 run_prog valgrind --tool=helgrind --error-exitcode=7 \
        --log-file="$log" "$WORK/faultmatrix_plain" concurrency || rc=$?
    local errors
    errors="$(grep -Eo 'ERROR SUMMARY: [0-9]+ errors from [0-9]+ contexts' "$log" | tail -n 1)"
    echo "helgrind: ${errors:-no summary}"
    [ -z "${STSKIT_FM_HELGRIND_LOG:-}" ] || cp "$log" "$STSKIT_FM_HELGRIND_LOG"
    # Which frames the reports come from: ours (stskit::) or the Rust runtime / libc.
    grep -A12 'Possible data race' "$log" | grep -Eo '(stskit::[A-Za-z_:]+|std::[A-Za-z_:]+|core::[A-Za-z_:]+)' \
        | sort | uniq -c | sort -rn | head -n 8 || true
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 7 ]; then return 1; fi
    if [ "$rc" -eq 7 ] && [ "${STSKIT_FM_HELGRIND_STRICT:-0}" = 1 ]; then return 1; fi
    return 0
}

declare -i passed=0 failed=0 skipped=0
summary=()
for stage in $STAGES; do
    case "$stage" in
        policy) title="TLS verification cannot be switched off (source check)" ;;
        asan) title="fault matrix + concurrency, ASan+UBSan, leak detection" ;;
        tsan) title="concurrency under ThreadSanitizer (Rust std instrumented)" ;;
        helgrind) title="concurrency (4 x 20) under valgrind helgrind (report only)" ;;
        *) die "unknown stage '$stage' (stages: policy asan tsan helgrind)" ;;
    esac
    say "stage $stage: $title"
    start=$(date +%s%N)
    rc=0
    "stage_$stage" || rc=$?
    case "$rc" in
        0) result=ok; passed+=1 ;;
        77) result=skipped; skipped+=1 ;;
        *) result=FAILED; failed+=1 ;;
    esac
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    summary+=("$(printf '  %-10s %-8s %5d.%01d s' "$stage" "$result" $((ms / 1000)) $((ms % 1000 / 100)))")
    echo "stage $stage: $result"
done

say "summary"
printf '%s\n' "${summary[@]}"
echo "fault matrix stages: $passed passed, $failed failed, $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
