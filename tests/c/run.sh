#!/usr/bin/env bash
# The C ABI tests, in four stages against one local STS emulator:
#   plain      test_stskit.c built with cc -std=c99 -Wall -Wextra -Werror -pedantic, run as is
#   c++        header_cpp_check.cpp: the header under g++ -std=c++11 -pedantic -Werror, linked and run
#   asan       test_stskit.c with -fsanitize=address,undefined, leak detection on
#   valgrind   the plain binary under memcheck (STSKIT_TEST_LIGHT=1: fewer threads, no slow timeouts)
#
# Environment:
#   STSKIT_LIB_DIR     directory holding libstskit.so; when unset the library is built with
#                      `cargo build --lib` into $CARGO_TARGET_DIR (default <repo>/target) and taken
#                      from its debug/ folder
#   STSKIT_C_STAGES    stages to run (default "plain c++ asan valgrind")
#   CC, CXX            compilers (default cc, g++)
#
# Each test program prints its own "N passed, N failed" line; the script's last line is
# "N passed, N failed" counting stages, and it exits non-zero if any stage failed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh" # ROOT, say, use_native_lib, start_emulator
CC="${CC:-cc}"
CXX="${CXX:-g++}"
STAGES="${STSKIT_C_STAGES:-plain c++ asan valgrind}"

die() { echo "tests/c/run.sh: $*" >&2; exit 1; }

# ---- the library --------------------------------------------------------------------------------
use_native_lib
[ -f "$STSKIT_LIB_DIR/libstskit.so" ] || die "no libstskit.so in STSKIT_LIB_DIR=$STSKIT_LIB_DIR"
echo "library: $STSKIT_LIB_DIR/libstskit.so"

# ---- scratch space and the emulator -------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/stskit-c-tests.XXXXXX")"
cleanup() {
    stop_emulator
    rm -rf "$WORK"
}
trap cleanup EXIT

say "starting the STS emulator"
start_emulator "$WORK/emulator" || die "the STS emulator did not start"

# The tests talk to 127.0.0.1/localhost only; a proxy from the environment must not get in the way.
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

CFLAGS_COMMON=(-std=c99 -Wall -Wextra -Werror -pedantic -pthread -g -I"$ROOT/include")
LINK=(-L"$STSKIT_LIB_DIR" -lstskit -Wl,-rpath,"$STSKIT_LIB_DIR")

# Runs a test program without the emulator's stdin, so that a straggler cannot keep it alive.
run_test() {
    "$@" {EMU_IN}>&-
}

build_plain() {
    [ -x "$WORK/test_stskit" ] && return 0
    "$CC" "${CFLAGS_COMMON[@]}" "$HERE/test_stskit.c" -o "$WORK/test_stskit" "${LINK[@]}"
}

stage_plain() {
    build_plain || return 1
    run_test "$WORK/test_stskit"
}

stage_cxx() {
    "$CXX" -std=c++11 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" "$HERE/header_cpp_check.cpp" \
        -o "$WORK/header_cpp_check" "${LINK[@]}" || return 1
    run_test "$WORK/header_cpp_check"
}

stage_asan() {
    "$CC" "${CFLAGS_COMMON[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -g "$HERE/test_stskit.c" \
        -o "$WORK/test_stskit_asan" "${LINK[@]}" || return 1
    ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
        run_test "$WORK/test_stskit_asan"
}

stage_valgrind() {
    command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed"; return 1; }
    build_plain || return 1
    local supp=()
    for f in "$HERE"/*.supp; do
        [ -f "$f" ] && supp+=("--suppressions=$f")
    done
    STSKIT_TEST_LIGHT=1 run_test valgrind -q --error-exitcode=1 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --num-callers=40 "${supp[@]}" "$WORK/test_stskit"
}

# ---- the stages ---------------------------------------------------------------------------------
declare -i passed=0 failed=0
summary=()
for stage in $STAGES; do
    case "$stage" in
        plain) fn=stage_plain; title="plain (cc -std=c99 -pedantic -Werror)" ;;
        c++) fn=stage_cxx; title="header as C++11 (g++ -pedantic -Werror)" ;;
        asan) fn=stage_asan; title="AddressSanitizer + UndefinedBehaviorSanitizer, leak detection" ;;
        valgrind) fn=stage_valgrind; title="valgrind memcheck, light mode" ;;
        *) die "unknown stage '$stage' (stages: plain c++ asan valgrind)" ;;
    esac
    say "stage $stage: $title"
    start=$(date +%s%N)
    if "$fn"; then result=ok; passed+=1; else result=FAILED; failed+=1; fi
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    summary+=("$(printf '  %-10s %-7s %4d.%01d s' "$stage" "$result" $((ms / 1000)) $((ms % 1000 / 100)))")
    echo "stage $stage: $result"
done

say "summary"
printf '%s\n' "${summary[@]}"
echo "C ABI: $passed stages passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
