#!/usr/bin/env bash
# stskit benchmarks (issue 8): per-call cost, throughput, size and memory, side by side with a raw
# ceiling, the official aws-sdk-sts and boto3, all against one local static STS responder.
#
#   bash bench/run.sh
#
# writes bench/results/results.md, bench/results/chart.png, bench/results/README-section.md and
# bench/results/results.json, and prints the table. Not part of the normal test run.
#
# Environment (all optional):
#   BENCH_CALLS           AssumeRole calls per client run (default 20000)
#   BENCH_REPEATS         runs of raw / stskit_rs / stskit_c / aws_sdk, interleaved; the median
#                         is reported (default 5)
#   BENCH_BOTO3_CALLS     calls for boto3, which is slow (default BENCH_CALLS; 0 skips boto3)
#   BENCH_RSS_CALLS       calls of the memory run (default 100000)
#   BENCH_PROVIDER_READS  cached provider reads per timing run (default 2000000, best of 5)
#   BENCH_STARTUP_RUNS    runs of each start-to-first-credentials command (default 20)
#   BENCH_SKIP_BUILD=1    use what is already built
#   LIB_TARGET_DIR        cargo target dir of the library builds (default <repo>/target)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CALLS="${BENCH_CALLS:-20000}"
REPEATS="${BENCH_REPEATS:-5}"
BOTO3_CALLS="${BENCH_BOTO3_CALLS:-$CALLS}"
RSS_CALLS="${BENCH_RSS_CALLS:-100000}"
PROVIDER_READS="${BENCH_PROVIDER_READS:-2000000}"
STARTUP_RUNS="${BENCH_STARTUP_RUNS:-20}"
LIB_TARGET="${LIB_TARGET_DIR:-$ROOT/target}"
BENCH_TARGET="$HERE/target"
RESULTS="$HERE/results"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/stskit-bench.XXXXXX")"
JSONL="$WORK/results.jsonl"
T_START=$(date +%s)

say() { printf '\n==> %s\n' "$*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }

# Everything stays on 127.0.0.1: no proxy may intercept.
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy NO_PROXY no_proxy

RESPONDER_PID=""
cleanup() {
    if [ -n "$RESPONDER_PID" ]; then kill "$RESPONDER_PID" 2>/dev/null || true; wait "$RESPONDER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- tools ---------------------------------------------------------------------------------------
apt_updated=""
apt_install() {
    [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
[ -x /usr/bin/time ] || { say "installing GNU time"; apt_install time || die "GNU time (/usr/bin/time) is required"; }
command -v hyperfine >/dev/null 2>&1 || { say "installing hyperfine"; apt_install hyperfine || echo "hyperfine unavailable: timing with a loop" >&2; }
for t in cargo cc openssl curl python3 strip; do command -v "$t" >/dev/null 2>&1 || die "$t is required"; done
python3 -c 'import matplotlib' 2>/dev/null || { say "installing matplotlib"; python3 -m pip install -q matplotlib >/dev/null 2>&1 || echo "matplotlib unavailable: no chart" >&2; }
HAVE_BOTO3=1
python3 -c 'import boto3' 2>/dev/null || { python3 -m pip install -q boto3 >/dev/null 2>&1 && python3 -c 'import boto3' 2>/dev/null; } || HAVE_BOTO3=0

# ---- builds --------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    say "building libstskit: release (cdylib for the C client) and release-small (size)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$LIB_TARGET" cargo build --release --lib --features no-dependency-logs --quiet)
    (cd "$ROOT" && CARGO_TARGET_DIR="$LIB_TARGET" cargo build --profile release-small --lib --features no-dependency-logs --quiet)
    say "building the responder and the Rust clients (bench/target)"
    (cd "$HERE/responder" && CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --quiet)
    (cd "$HERE/clients" && CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --quiet)
fi
T_MEASURE=$(date +%s)
say "building the C client"
mkdir -p "$BENCH_TARGET/c"
cc -O2 -std=c99 -Wall -Wextra -I "$ROOT/include" "$HERE/c/stskit_c.c" -L "$LIB_TARGET/release" -lstskit \
   -Wl,-rpath,"$LIB_TARGET/release" -o "$BENCH_TARGET/c/stskit_c"
BIN="$BENCH_TARGET/release"
for b in stskit-bench-responder raw stskit_rs aws_sdk; do [ -x "$BIN/$b" ] || die "missing $BIN/$b (build failed?)"; done

# Size: the size-optimised profile, stripped again to be sure (the profile already strips).
SMALL_SO="$LIB_TARGET/release-small/libstskit.so"
[ -f "$SMALL_SO" ] || die "missing $SMALL_SO"
strip --strip-all -o "$WORK/libstskit-small.so" "$SMALL_SO"
SO_BYTES=$(stat -c %s "$WORK/libstskit-small.so")
RELEASE_STRIPPED=$(strip --strip-all -o "$WORK/libstskit-release.so" "$LIB_TARGET/release/libstskit.so" && stat -c %s "$WORK/libstskit-release.so")
echo "{\"client\":\"size\",\"so_bytes\":$SO_BYTES,\"release_so_bytes\":$RELEASE_STRIPPED}" >> "$JSONL"

# ---- the responder -------------------------------------------------------------------------------
say "starting the responder"
mkfifo "$WORK/responder.out"
"$BIN/stskit-bench-responder" --dir "$WORK/certs" --capture "$WORK/request.bin" --max-seconds 3600 \
    > "$WORK/responder.out" 2> "$WORK/responder.err" &
RESPONDER_PID=$!
exec {RESP_FD}<"$WORK/responder.out"
read -r -t 30 -u "$RESP_FD" RESPONDER_LINE || die "the responder did not start: $(cat "$WORK/responder.err")"
jget() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$RESPONDER_LINE" "$1"; }
HTTP_URL="$(jget http)"; HTTPS_URL="$(jget https)"; CA="$(jget ca)"
echo "responder: $RESPONDER_LINE" >&2

# Runs a client under GNU time; appends its JSON line, merged with time's numbers, to $JSONL.
measure() {
    local tag="$1"; shift
    /usr/bin/time -f '{"time_elapsed_s":%e,"time_user_s":%U,"time_sys_s":%S,"time_maxrss_kb":%M}' -o "$WORK/time.json" \
        "$@" > "$WORK/out.json" || die "$tag failed: $(cat "$WORK/out.json")"
    python3 - "$tag" "$WORK/out.json" "$WORK/time.json" >> "$JSONL" <<'EOF'
import json, sys
tag, out, tm = sys.argv[1:]
line = [l for l in open(out) if l.startswith("{")][-1]
d = json.loads(line); d.update(json.loads(open(tm).read().strip().splitlines()[-1])); d["tag"] = tag
print(json.dumps(d))
EOF
    python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print("   %-12s %9s calls/s  %9s us CPU/call  peak RSS %s KB" % (d["tag"], d.get("calls_per_s","-"), d.get("cpu_us_per_call","-"), d["time_maxrss_kb"]))' "$JSONL" >&2
}

# The raw client replays the exact bytes stskit sends: one stskit call is captured first.
"$BIN/stskit_rs" --endpoint "$HTTP_URL" --calls 1 --warmup 0 > /dev/null
[ -s "$WORK/request.bin" ] || die "the responder captured no request"
python3 - "$WORK/request.bin" "$WORK/body.txt" <<'EOF'
import sys
req = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(req.split(b"\r\n\r\n", 1)[1])
EOF

say "throughput and CPU: $CALLS AssumeRole calls per run, $REPEATS rounds of every client"
run_client() {
    case "$1" in
        raw)       measure raw       "$BIN/raw" --endpoint "$HTTP_URL" --request "$WORK/request.bin" --calls "$CALLS" --warmup 200 ;;
        stskit_rs) measure stskit_rs "$BIN/stskit_rs" --endpoint "$HTTP_URL" --calls "$CALLS" --warmup 200 ;;
        stskit_c)  measure stskit_c  "$BENCH_TARGET/c/stskit_c" loop "$HTTP_URL" "$CALLS" 200 "$PROVIDER_READS" ;;
        aws_sdk)   measure aws_sdk   "$BIN/aws_sdk" --endpoint "$HTTP_URL" --calls "$CALLS" --warmup 200 ;;
    esac
}
# Each round runs every client once; the order rotates from round to round, because on this kind
# of machine the position in a round measurably shifts the numbers.
CLIENTS=(raw stskit_rs stskit_c aws_sdk)
for r in $(seq 1 "$REPEATS"); do
    echo "  round $r/$REPEATS" >&2
    for k in 0 1 2 3; do run_client "${CLIENTS[$(( (k + r - 1) % 4 ))]}"; done
done
if [ "$HAVE_BOTO3" = 1 ] && [ "$BOTO3_CALLS" -gt 0 ]; then
    measure boto3 python3 "$HERE/python/boto3_client.py" --endpoint "$HTTP_URL" --calls "$BOTO3_CALLS" --warmup 50
else
    echo "  boto3: not available, skipped" >&2
fi

say "memory: $RSS_CALLS calls in one stskit_rs process"
measure stskit_rs_rss "$BIN/stskit_rs" --endpoint "$HTTP_URL" --calls "$RSS_CALLS" --warmup 0 --rss-samples

say "process start to first credentials over HTTPS: stskit_c vs curl ($STARTUP_RUNS runs each)"
STSKIT_ONCE=("$BENCH_TARGET/c/stskit_c" once "$HTTPS_URL" "$CA")
CURL_ONCE=(curl -sS --fail --cacert "$CA" -H "Content-Type: application/x-www-form-urlencoded; charset=utf-8" --data "@$WORK/body.txt" -o /dev/null "$HTTPS_URL")
"${STSKIT_ONCE[@]}" > /dev/null || die "stskit_c once failed"
"${CURL_ONCE[@]}" || die "curl failed"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --style basic --warmup 3 --runs "$STARTUP_RUNS" --export-json "$WORK/startup.json" \
        -n stskit_c "$(printf '%q ' "${STSKIT_ONCE[@]}")" -n curl "$(printf '%q ' "${CURL_ONCE[@]}")" >&2
    python3 - "$WORK/startup.json" >> "$JSONL" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(json.dumps({"client": "startup", "tag": "startup_" + r["command"], "median_s": r["median"],
                      "mean_s": r["mean"], "min_s": r["min"], "runs": len(r["times"]), "tool": "hyperfine"}))
EOF
else
    for name in stskit_c curl; do
        : > "$WORK/times.txt"
        for i in $(seq 1 "$STARTUP_RUNS"); do
            if [ "$name" = stskit_c ]; then cmd=("${STSKIT_ONCE[@]}"); else cmd=("${CURL_ONCE[@]}"); fi
            /usr/bin/time -f '%e' -a -o "$WORK/times.txt" "${cmd[@]}" > /dev/null
        done
        python3 - "$name" "$WORK/times.txt" >> "$JSONL" <<'EOF'
import json, statistics, sys
t = [float(x) for x in open(sys.argv[2]) if x.strip()]
print(json.dumps({"client": "startup", "tag": "startup_" + sys.argv[1], "median_s": statistics.median(t),
                  "mean_s": statistics.mean(t), "min_s": min(t), "runs": len(t), "tool": "loop"}))
EOF
    done
fi

T_END=$(date +%s)
echo "{\"client\":\"meta\",\"calls\":$CALLS,\"repeats\":$REPEATS,\"boto3_calls\":$BOTO3_CALLS,\"rss_calls\":$RSS_CALLS,\"provider_reads\":$PROVIDER_READS,\"startup_runs\":$STARTUP_RUNS,\"bench_seconds\":$((T_END - T_START)),\"measure_seconds\":$((T_END - T_MEASURE)),\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\",\"nproc\":$(nproc),\"rustc\":\"$(rustc --version)\"}" >> "$JSONL"

say "report"
mkdir -p "$RESULTS"
cp "$JSONL" "$RESULTS/runs.jsonl"       # every run's numbers; report.py can be re-run on it
python3 "$HERE/scripts/report.py" "$RESULTS/runs.jsonl" "$RESULTS" "$HERE/README.md"
echo "total: $((T_END - T_START)) s (bench/results/results.md, bench/results/chart.png)" >&2
