# Starts the local STS emulator (stsemu.py) for a bash script; sourced by every test script.
# shellcheck shell=bash
#
#   start_emulator DIR   runs it in the background with its state and certificates in DIR and
#                        waits for its ready line
#   stop_emulator        closes its stdin (it exits on EOF), kills it only if it lingers
#
# Its stdin is a fifo this shell holds open (fd $EMU_IN): however the script ends, the emulator
# reads EOF and exits. A child that may outlive the script should not inherit it:
# `cmd {EMU_IN}>&-`. After start_emulator, exported: STSKIT_EMULATOR_JSON (the ready line, which
# tests/common/mod.rs takes instead of starting its own), STSKIT_EMULATOR_HTTP, _HTTPS, _CA,
# _HTTPS_EXPIRED and _HTTPS_WRONGHOST.

EMU_PID=""
EMU_IN=""

start_emulator() {
    local dir="$1"
    mkdir -p "$dir"
    rm -f "$dir/stdin" "$dir/ready.json"
    mkfifo "$dir/stdin"
    python3 "$(dirname "${BASH_SOURCE[0]}")/stsemu.py" --exit-on-stdin-eof --quiet --state-dir "$dir/state" \
        <"$dir/stdin" >"$dir/ready.json" &
    EMU_PID=$!
    exec {EMU_IN}>"$dir/stdin"
    for _ in $(seq 1 300); do
        [ -s "$dir/ready.json" ] && break
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -s "$dir/ready.json" ] || { echo "the STS emulator did not start" >&2; return 1; }
    STSKIT_EMULATOR_JSON="$(head -n 1 "$dir/ready.json")"
    {
        read -r STSKIT_EMULATOR_HTTP
        read -r STSKIT_EMULATOR_HTTPS
        read -r STSKIT_EMULATOR_CA
        read -r STSKIT_EMULATOR_HTTPS_EXPIRED
        read -r STSKIT_EMULATOR_HTTPS_WRONGHOST
    } < <(python3 -c 'import json, sys
ready = json.loads(sys.argv[1])
for key in ("http", "https", "ca", "https_expired", "https_wronghost"):
    print(ready[key])' "$STSKIT_EMULATOR_JSON")
    export STSKIT_EMULATOR_JSON STSKIT_EMULATOR_HTTP STSKIT_EMULATOR_HTTPS STSKIT_EMULATOR_CA \
        STSKIT_EMULATOR_HTTPS_EXPIRED STSKIT_EMULATOR_HTTPS_WRONGHOST
    echo "emulator: $STSKIT_EMULATOR_HTTP, $STSKIT_EMULATOR_HTTPS (pid $EMU_PID)"
}

stop_emulator() {
    if [ -n "$EMU_IN" ]; then
        exec {EMU_IN}>&-
        EMU_IN=""
    fi
    if [ -n "$EMU_PID" ]; then
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$EMU_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill "$EMU_PID" 2>/dev/null || true
        wait "$EMU_PID" 2>/dev/null || true
        EMU_PID=""
    fi
}
