#!/usr/bin/env bash
# Bounded fuzzing of every cargo-fuzz target (libFuzzer + AddressSanitizer, debug assertions on).
#
#   bash fuzz/run.sh [target ...]        default: every target in fuzz/Cargo.toml
#
# Environment:
#   FUZZ_SECONDS     time per target (default 20), passed as -max_total_time
#   FUZZ_JOBS        cargo build jobs (default 1: the CI machine has 2 cores)
#   FUZZ_TOOLCHAIN   toolchain for cargo-fuzz (default nightly; installed with --profile minimal
#                    if missing; if that fails, stable is used with RUSTC_BOOTSTRAP=1)
#
# The committed seed corpus fuzz/corpus/<target>/ is read, never written: new inputs go to a
# scratch corpus. A crash, leak, timeout or failed assertion leaves the input in
# fuzz/artifacts/<target>/ and fails the run; reproduce it with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# and add it as a regression test (tests/fuzz_regressions.rs or a unit test beside the code).
# The last line is "N passed, N failed" over the targets.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
export CARGO_BUILD_JOBS="${FUZZ_JOBS:-1}"
TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"

say() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null 2>&1 || { echo "fuzz/run.sh: cargo is required" >&2; exit 1; }

# ---- toolchain: nightly (cargo-fuzz passes -Z flags), else stable with RUSTC_BOOTSTRAP=1 --------
CARGO=(cargo)
if rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 ||
    rustup toolchain install "$TOOLCHAIN" --profile minimal >/dev/null 2>&1; then
    CARGO=(cargo "+$TOOLCHAIN")
    echo "toolchain: $(rustup run "$TOOLCHAIN" rustc --version)"
else
    export RUSTC_BOOTSTRAP=1
    echo "toolchain: no $TOOLCHAIN available; using $(rustc --version) with RUSTC_BOOTSTRAP=1"
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (cargo install cargo-fuzz --locked)"
    cargo install cargo-fuzz --locked
fi
echo "$(cargo fuzz --version)"

cd "$ROOT"
if [ $# -gt 0 ]; then
    TARGETS=("$@")
else
    mapfile -t TARGETS < <("${CARGO[@]}" fuzz list --fuzz-dir "$HERE")
fi

say "building ${TARGETS[*]} (release, debug assertions, ASan)"
start=$(date +%s)
"${CARGO[@]}" fuzz build --fuzz-dir "$HERE" --debug-assertions
echo "built in $(( $(date +%s) - start )) s"

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/stskit-fuzz.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT

declare -i passed=0 failed=0 total_execs=0
summary=()
for t in "${TARGETS[@]}"; do
    say "fuzzing $t for ${SECONDS_PER_TARGET} s"
    mkdir -p "$SCRATCH/$t" "$HERE/artifacts/$t"
    seeds="$HERE/corpus/$t"
    mkdir -p "$seeds"
    log="$SCRATCH/$t.log"
    rc=0
    "${CARGO[@]}" fuzz run --fuzz-dir "$HERE" --debug-assertions "$t" "$SCRATCH/$t" "$seeds" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1 || rc=$?
    execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
    execs=${execs:-0}
    rate=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+')
    corpus=$(find "$SCRATCH/$t" -type f | wc -l)
    total_execs+=execs
    if [ "$rc" -eq 0 ]; then
        passed+=1
        result=ok
    else
        failed+=1
        result=FAILED
        echo "---- $t failed (exit $rc); the end of its log:"
        tail -n 40 "$log"
        ls -1 "$HERE/artifacts/$t" 2>/dev/null | sed 's/^/    artifact: fuzz\/artifacts\/'"$t"'\//'
    fi
    line="$(printf '  %-20s %-6s %9d execs (%s/s), coverage %s, %d new corpus inputs' "$t" "$result" "$execs" \
        "${rate:-?}" "${cov:-?}" "$corpus")"
    echo "$line"
    summary+=("$line")
done

say "summary"
printf '%s\n' "${summary[@]}"
echo "fuzzing: ${#TARGETS[@]} targets, $total_execs executions, ${SECONDS_PER_TARGET} s each"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
