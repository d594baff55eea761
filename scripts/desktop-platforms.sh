#!/usr/bin/env bash
# Desktop platforms for Unity Standalone and other desktop hosts, from this Linux machine:
#
#   Windows x86_64 (x86_64-pc-windows-gnu, mingw-w64): build stskit.dll; run the library's unit
#     tests, the official-vector tests and the emulator-backed integration tests (operations,
#     tls, faults, errors, provider, secrets, proxy; the emulator is started here on the host and
#     handed over in STSKIT_EMULATOR_JSON, since no python3 exists inside wine) under wine; and a
#     C program linked against stskit.dll (the C ABI as Unity loads it) under wine.
#   macOS arm64 and x86_64 (cargo-zigbuild + PyPI ziglang): build and link libstskit.dylib
#     (MACOSX_DEPLOYMENT_TARGET=11.0, install name @rpath/libstskit.dylib) and libstskit.a, and
#     check them with llvm-otool / llvm-nm / file. Nothing can run: no macOS here.
#
# Installs what it misses: Debian gcc-mingw-w64-x86-64 and wine64 (--no-install-recommends),
# the three rustup targets, and ziglang + cargo-zigbuild from PyPI. Debug builds (this is a
# compile/link/test check, not a release). See shared/docs/platforms.md §6.
#
# Environment:
#   DESKTOP_STEPS   steps to run (default: "install windows-build wine-shim windows-unit-tests
#                   windows-vector-tests windows-emulator-tests windows-c-abi macos-arm64 macos-x86_64")
#   DESKTOP_JOBS    cargo -j (default: 2)
#   DESKTOP_WINE_EMULATOR_TESTS  integration tests run under wine against the host's emulator
#                   (default: "operations tls faults errors provider secrets proxy")
#   CARGO_TARGET_DIR  default <repo>/target
#
# Prints one line per step and "N passed, N failed"; exits non-zero if a step failed.
set -euo pipefail

source "$(dirname "$0")/lib.sh" # ROOT, CARGO_TARGET_DIR, say, start_emulator
JOBS="${DESKTOP_JOBS:-2}"
STEPS="${DESKTOP_STEPS:-install windows-build wine-shim windows-unit-tests windows-vector-tests windows-emulator-tests windows-c-abi macos-arm64 macos-x86_64}"
WIN=x86_64-pc-windows-gnu
WORK="$(mktemp -d "${TMPDIR:-/tmp}/stskit-desktop.XXXXXX")"
T0=$(date +%s)

cleanup() {
    stop_emulator
    # wineserver of the scratch prefix (started by this script) ends with it.
    if [ -d "$WORK/wineprefix" ] && command -v wineserver >/dev/null 2>&1; then
        WINEPREFIX="$WORK/wineprefix" wineserver -k 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Only 127.0.0.1 is contacted by the tests; no proxy may get in the way.
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

export WINEPREFIX="$WORK/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine_bin() {
    if [ -x /usr/lib/wine/wine64 ]; then echo /usr/lib/wine/wine64; else command -v wine64 || command -v wine; fi
}

# ---- steps ---------------------------------------------------------------------------------------
step_install() {
    local missing=()
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
    [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || missing+=(wine64)
    command -v llvm-otool-14 >/dev/null 2>&1 || command -v llvm-otool >/dev/null 2>&1 || missing+=(llvm-14)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    rustup target add "$WIN" aarch64-apple-darwin x86_64-apple-darwin 2>&1 | grep -v "is up to date" || true
    if ! command -v cargo-zigbuild >/dev/null 2>&1 || ! python3 -c 'import ziglang' 2>/dev/null; then
        echo "pip: installing ziglang cargo-zigbuild"
        python3 -m pip install --quiet --disable-pip-version-check ziglang cargo-zigbuild
    fi
    echo "mingw: $(x86_64-w64-mingw32-gcc --version | head -n 1)"
    echo "wine: $("$(wine_bin)" --version 2>/dev/null)"
    echo "zig: $(python3 -m ziglang version), $(cargo-zigbuild --version 2>/dev/null || cargo zigbuild --version)"
}

step_windows_build() {
    (cd "$ROOT" && cargo build -j "$JOBS" --quiet --lib --target "$WIN") || return 1
    local dll="$CARGO_TARGET_DIR/$WIN/debug/stskit.dll"
    [ -f "$dll" ] || { echo "no $dll"; return 1; }
    file "$dll"
    local deps
    deps="$(x86_64-w64-mingw32-objdump -p "$dll" | awk '/DLL Name:/ {print tolower($3)}' | sort -u | tr '\n' ' ')"
    echo "imports: $deps"
    # Only DLLs every Windows 10+ has: no libgcc_s / libwinpthread / msvcr* to ship alongside.
    for d in $deps; do
        case "$d" in
            kernel32.dll|ntdll.dll|msvcrt.dll|ws2_32.dll|userenv.dll|advapi32.dll|bcrypt.dll|bcryptprimitives.dll|api-ms-win-core-synch-l1-2-0.dll|crypt32.dll|secur32.dll) ;;
            *) echo "unexpected import $d"; return 1 ;;
        esac
    done
    local exports
    exports="$(x86_64-w64-mingw32-objdump -p "$dll" | grep -c ' stskit_' || true)"
    echo "exports: $exports stskit_* functions"
    [ "$exports" -gt 50 ]
    ls -l "$CARGO_TARGET_DIR/$WIN/debug/"{stskit.dll,libstskit.dll.a,libstskit.a} 2>/dev/null | awk '{print "  " $5 "  " $9}'
}

step_wine_shim() {
    x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror "$ROOT/tests/wine/bcryptprimitives.c" \
        -o "$WORK/bcryptprimitives.dll" -ladvapi32 || return 1
    echo "creating the scratch wine prefix"
    "$(wine_bin)" wineboot --init >/dev/null 2>&1 || true
    local sys32="$WINEPREFIX/drive_c/windows/system32"
    [ -d "$sys32" ] || { echo "wine prefix was not created"; return 1; }
    cp "$WORK/bcryptprimitives.dll" "$sys32/bcryptprimitives.dll"
    echo "ProcessPrng shim installed in $sys32"
}

# cargo test for Windows, each test binary run by wine.
wine_cargo_test() {
    (cd "$ROOT" && CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$(wine_bin)" \
        cargo test -j "$JOBS" --quiet --target "$WIN" "$@" 2>&1) | tee "$WORK/last-test.log" |
        grep -E '^(test result|running [0-9]+ test|error|failures:|---- )' || true
    grep -q "test result: ok" "$WORK/last-test.log" && ! grep -qE "test result: FAILED|^error" "$WORK/last-test.log"
}

step_windows_unit_tests() {
    wine_cargo_test --lib
}

step_windows_vector_tests() {
    # They read ../shared/vectors through CARGO_MANIFEST_DIR, a Linux path: under wine it resolves
    # on drive Z:, which maps /.
    [ -d "$ROOT/../shared/vectors" ] || { echo "../shared/vectors is missing beside the checkout"; return 1; }
    wine_cargo_test --test sigv4_vectors --test endpoint_vectors --test protocol_vectors
}

# One emulator for the steps that need it.
emulator_once() {
    [ -n "$EMU_PID" ] || start_emulator "$WORK/emulator"
}

step_windows_emulator_tests() {
    emulator_once || return 1
    # tests/common/mod.rs uses the emulator in STSKIT_EMULATOR_JSON instead of spawning python3.
    local args=()
    for t in ${DESKTOP_WINE_EMULATOR_TESTS:-operations tls faults errors provider secrets proxy}; do args+=(--test "$t"); done
    wine_cargo_test "${args[@]}"
}

step_windows_c_abi() {
    emulator_once || return 1
    local lib="$CARGO_TARGET_DIR/$WIN/debug"
    local http="$STSKIT_EMULATOR_HTTP"
    cat >"$WORK/smoke.c" <<'EOF'
/* The C ABI through stskit.dll under wine, as a Unity Standalone player on Windows loads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stskit.h"
static int failed;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failed++; } } while (0)
int main(int argc, char **argv) {
    stskit_client_config *cfg = stskit_client_config_new();
    stskit_client *client = NULL;
    stskit_request *req;
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    char url[256];
    if (argc < 2) return 2;
    CHECK(stskit_abi_version() == STSKIT_ABI_VERSION);
    snprintf(url, sizeof url, "%s/", argv[1]);
    stskit_client_config_set_region(cfg, "us-east-1");
    stskit_client_config_set_endpoint_url(cfg, url);
    stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_DISABLED, NULL);
    stskit_client_config_set_credentials(cfg, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL);
    CHECK(stskit_client_new(cfg, &client, &err) == STSKIT_STATUS_OK);
    stskit_client_config_free(cfg);
    req = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_ARN, "arn:aws:iam::123456789012:role/GameClient");
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_SESSION_NAME, "wine");
    CHECK(stskit_client_send(client, req, &resp, &err) == STSKIT_STATUS_OK);
    if (resp) {
        const stskit_credentials *c = stskit_response_credentials(resp);
        CHECK(c && strncmp(stskit_credentials_access_key_id(c), "ASIA", 4) == 0);
        CHECK(c && stskit_credentials_expiration_unix(c) > 0);
        printf("AssumeRole through stskit.dll: %s, request id %s\n", stskit_credentials_access_key_id(c),
               stskit_response_request_id(resp));
    } else {
        printf("error: %s\n", stskit_error_message(err));
    }
    stskit_response_free(resp);
    stskit_error_free(err);
    err = NULL;
    resp = NULL;
    CHECK(stskit_request_set_int(req, STSKIT_MEMBER_DURATION_SECONDS, 60) == STSKIT_STATUS_OK);
    CHECK(stskit_client_send(client, req, &resp, &err) == STSKIT_STATUS_INVALID_ARGUMENT && resp == NULL);
    CHECK(err && strstr(stskit_error_message(err), "DurationSeconds"));
    CHECK(stskit_request_set_string(req, STSKIT_MEMBER_ROLE_ARN, "\xff\xfe") == STSKIT_STATUS_INVALID_UTF8);
    stskit_error_free(err);
    stskit_request_free(req);
    stskit_client_free(client);
    printf("%d passed, %d failed\n", failed ? 0 : 1, failed ? 1 : 0);
    return failed != 0;
}
EOF
    x86_64-w64-mingw32-gcc -std=c99 -Wall -Wextra -Werror -I"$ROOT/include" "$WORK/smoke.c" -o "$WORK/smoke.exe" \
        -L"$lib" -lstskit || return 1
    cp "$lib/stskit.dll" "$WORK/"
    (cd "$WORK" && "$(wine_bin)" ./smoke.exe "$http")
}

macos_build() {
    local target="$1" arch="$2"
    local var
    var="CARGO_TARGET_$(echo "$target" | tr 'a-z-' 'A-Z_')_RUSTFLAGS"
    (cd "$ROOT" && env MACOSX_DEPLOYMENT_TARGET=11.0 "$var=-C link-arg=-Wl,-install_name,@rpath/libstskit.dylib" \
        cargo zigbuild -j "$JOBS" --quiet --lib --target "$target") || return 1
    local dir="$CARGO_TARGET_DIR/$target/debug" otool nm
    otool="$(command -v llvm-otool-14 || command -v llvm-otool)"
    nm="$(command -v llvm-nm-14 || command -v llvm-nm)"
    [ -f "$dir/libstskit.dylib" ] && [ -f "$dir/libstskit.a" ] || { echo "no libstskit.dylib/.a in $dir"; return 1; }
    local desc
    desc="$(file -b "$dir/libstskit.dylib")"
    echo "libstskit.dylib: $desc"
    case "$desc" in *Mach-O*"$arch"*) ;; *) echo "not a Mach-O $arch dylib"; return 1 ;; esac
    local ids
    ids="$("$otool" -L "$dir/libstskit.dylib" | tail -n +2 | awk '{print $1}')"
    echo "install name and dependencies: $(echo "$ids" | tr '\n' ' ')"
    [ "$(echo "$ids" | head -n 1)" = "@rpath/libstskit.dylib" ] || { echo "install name is not @rpath/libstskit.dylib"; return 1; }
    echo "$ids" | tail -n +2 | grep -vqE '^/usr/lib/(libSystem\.B|libiconv\.2|libcharset\.1)\.dylib$' &&
        { echo "depends on something besides libSystem/libiconv"; return 1; }
    local minos
    minos="$("$otool" -l "$dir/libstskit.dylib" | awk '/LC_BUILD_VERSION/ {f=1} f && $1=="minos" {print $2; exit}')"
    echo "minos: ${minos:-?}"
    [ "$minos" = "11.0" ] || { echo "minos is not 11.0"; return 1; }
    local n
    n="$("$nm" -gU "$dir/libstskit.dylib" 2>/dev/null | grep -c ' _stskit_' || true)"
    echo "exports: $n _stskit_* functions; libstskit.a: $(file -b "$dir/libstskit.a" | cut -c1-60)"
    [ "$n" -gt 50 ]
}

step_macos_arm64() { macos_build aarch64-apple-darwin arm64; }
step_macos_x86_64() { macos_build x86_64-apple-darwin x86_64; }

# ---- run -----------------------------------------------------------------------------------------
declare -i passed=0 failed=0
summary=()
for step in $STEPS; do
    fn="step_${step//-/_}"
    declare -F "$fn" >/dev/null || { echo "unknown step $step" >&2; exit 2; }
    say "$step"
    start=$(date +%s)
    if "$fn"; then result=ok; passed+=1; else result=FAILED; failed+=1; fi
    secs=$(( $(date +%s) - start ))
    summary+=("$(printf '  %-24s %-7s %4d s' "$step" "$result" "$secs")")
    echo "$step: $result ($secs s)"
done

say "summary"
printf '%s\n' "${summary[@]}"
echo "desktop platforms: $(( $(date +%s) - T0 )) s in all, jobs $JOBS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
