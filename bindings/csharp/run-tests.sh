#!/usr/bin/env bash
# Builds the C# wrapper with its console test suite and runs it three times against the local STS
# emulator: Mono JIT, Mono full AOT (which, like iOS and IL2CPP, refuses native-to-managed
# callbacks that are not static + [MonoPInvokeCallback]) and CoreCLR 3.1. Also checks that the C#
# enums equal the header's and that unity/Runtime/Scripts is in sync with src/.
#
#   bash bindings/csharp/run-tests.sh [test-name-filter]
#
# STSKIT_LIB_DIR: a directory holding libstskit.so (default: build it with cargo).
# Each runtime prints "N passed, N failed"; the last line counts all three.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh" # ROOT, say, use_native_lib, start_emulator
OUT="$ROOT/build/csharp"
FILTER="${1:-}"
mkdir -p "$OUT"


# ---- tools ------------------------------------------------------------------------------------
# mcs + mono; mono's AOT compiler is part of the runtime binary (mono-runtime-sgen) and uses
# binutils' as/ld; full AOT needs every framework assembly the tests load (the closure of
# System.dll's references) as IL, each from its own Debian package.
FRAMEWORK=(mscorlib System System.Core System.Xml System.Configuration Mono.Security System.Security System.Numerics)
APT_PACKAGES=(mono-mcs mono-runtime binutils libmono-corlib4.5-dll libmono-system4.0-cil libmono-system-core4.0-cil
    libmono-system-xml4.0-cil libmono-system-configuration4.0-cil libmono-security4.0-cil
    libmono-system-security4.0-cil libmono-system-numerics4.0-cil)
missing=0
for cmd in mcs mono as ld python3; do command -v "$cmd" >/dev/null 2>&1 || missing=1; done
for asm in "${FRAMEWORK[@]}"; do [ -f "/usr/lib/mono/4.5/$asm.dll" ] || missing=1; done
[ "$missing" = 0 ] || apt_install "${APT_PACKAGES[@]}"
if ! python3 -c 'import dotnetcore2' 2>/dev/null; then
    say "installing the .NET Core 3.1 runtime (PyPI dotnetcore2)"
    python3 -m pip install --quiet --disable-pip-version-check dotnetcore2
fi
DOTNET="$(python3 -c 'import dotnetcore2, os; print(os.path.join(os.path.dirname(dotnetcore2.__file__), "bin", "dotnet"))')"

# ---- native library ---------------------------------------------------------------------------
use_native_lib 1
[ -f "$STSKIT_LIB_DIR/libstskit.so" ] || { echo "no libstskit.so in $STSKIT_LIB_DIR" >&2; exit 1; }

# ---- static checks ----------------------------------------------------------------------------
say "C# enums equal include/stskit.h"
python3 "$ROOT/scripts/check-enums.py" "$HERE"
say "unity/Runtime/Scripts is in sync with bindings/csharp/src"
bash "$HERE/sync-unity.sh" --check

# ---- Unity package and README quick starts ----------------------------------------------------
say "Unity package compiles with Unity's defines; the iOS build calls __Internal"
mcs -nologo -target:library -out:"$OUT/UnityEngine.dll" "$HERE/tests/unity-stubs/UnityEngine.cs"
mcs -nologo -out:"$OUT/LibName.exe" "$HERE/tests/tools/LibName.cs"
unity_check() { # NAME DEFINES EXPECTED-LIB
    mcs -nologo -langversion:7.2 -unsafe- -warnaserror+ -target:library -define:"$2" \
        -r:"$OUT/UnityEngine.dll" -r:System.dll -out:"$OUT/unity-$1.dll" \
        -recurse:"$ROOT/unity/Runtime/Scripts/*.cs" "$ROOT/unity/Samples~/GameLoop/StsGameLoop.cs"
    local lib; lib="$(mono "$OUT/LibName.exe" "$OUT/unity-$1.dll")"
    [ "$lib" = "$3" ] || { echo "unity $1: P/Invokes use \"$lib\", expected \"$3\"" >&2; exit 1; }
    echo "unity $1 ($2): ok, library \"$lib\""
}
unity_check ios "UNITY_5_3_OR_NEWER;UNITY_2019_4_OR_NEWER;UNITY_IOS" __Internal
unity_check android "UNITY_5_3_OR_NEWER;UNITY_2019_4_OR_NEWER;UNITY_ANDROID" stskit
unity_check editor-ios "UNITY_5_3_OR_NEWER;UNITY_2019_4_OR_NEWER;UNITY_EDITOR;UNITY_IOS" stskit
unity_check standalone "UNITY_5_3_OR_NEWER;UNITY_2019_4_OR_NEWER;UNITY_STANDALONE" stskit

say "README-quickstart.md code blocks equal the tested code"
python3 - "$ROOT" <<'PY'
import pathlib, re, sys, textwrap
root = pathlib.Path(sys.argv[1])
readme = (root / "bindings/csharp/README-quickstart.md").read_text()
blocks = re.findall(r"<!-- tested: (\S+)#(\w+) -->\n```csharp\n(.*?)```", readme, re.S)
failed = 0
for path, name, block in blocks:
    src = (root / path).read_text()
    frags = re.findall(r"^[ \t]*// README-BEGIN " + name + r"\n(.*?)^[ \t]*// README-END", src, re.S | re.M)
    code = "".join(textwrap.dedent(f) for f in frags)
    if not frags or code != block:
        failed += 1
        print(f"README-quickstart.md block '{name}' differs from {path}:")
        import difflib
        sys.stdout.writelines(difflib.unified_diff(block.splitlines(True), code.splitlines(True), "README", path))
    else:
        print(f"ok   block '{name}' = {path}")
if not blocks:
    print("no tested code block found"); failed += 1
sys.exit(1 if failed else 0)
PY

# ---- build ------------------------------------------------------------------------------------
say "compiling with mcs -langversion:7.2"
mcs -nologo -langversion:7.2 -unsafe- -warnaserror+ -target:library -r:System.dll \
    -out:"$OUT/StsKit.dll" -recurse:"$HERE/src/*.cs"
mcs -nologo -langversion:7.2 -unsafe- -warnaserror+ -debug -r:System.dll \
    -out:"$OUT/StsKit.Tests.exe" -recurse:"$HERE/src/*.cs" "$HERE"/tests/*.cs
cat >"$OUT/StsKit.Tests.runtimeconfig.json" <<'EOF'
{"runtimeOptions":{"tfm":"netcoreapp3.1","framework":{"name":"Microsoft.NETCore.App","version":"3.1.0"}}}
EOF

# ---- emulator ---------------------------------------------------------------------------------
trap stop_emulator EXIT
start_emulator "$OUT/emulator"
export LD_LIBRARY_PATH="$STSKIT_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# ---- runs -------------------------------------------------------------------------------------
TOTAL_PASSED=0
TOTAL_FAILED=0
RUNS_FAILED=()

# run NAME COMMAND...: runs the suite, echoes its output, adds its counts to the totals.
run() {
    local name="$1"; shift
    local log="$OUT/test-$name.log"
    say "tests on $name"
    set +e
    timeout 600 "$@" ${FILTER:+"$FILTER"} 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    set -e
    local summary passed failed
    summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)"
    if [ -n "$summary" ]; then
        passed="${summary%% passed*}"
        failed="${summary#*passed, }"; failed="${failed%% failed*}"
    else
        passed=0; failed=1 # crashed before its summary
    fi
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then RUNS_FAILED+=("$name"); fi
    echo "$name: $passed passed, $failed failed (exit $rc)" >>"$OUT/summary.txt"
}
rm -f "$OUT/summary.txt"

run mono-jit mono --debug "$OUT/StsKit.Tests.exe"

# Mono full AOT with a private prefix: Mono looks for AOT images of the framework next to its own
# install, so the runtime, the framework assemblies and libmono-native are copied and compiled
# there (kept between runs when unchanged; nothing system-wide changes).
say "compiling for Mono full AOT"
MONO_BIN="$(readlink -f "$(command -v mono)")"
PREFIX="$OUT/aot-prefix"
FW="$PREFIX/lib/mono/4.5"
mkdir -p "$PREFIX/bin" "$FW" "$PREFIX/etc"
if ! cmp -s "$MONO_BIN" "$PREFIX/bin/mono"; then
    rm -rf "$FW"/* && cp "$MONO_BIN" "$PREFIX/bin/mono"
fi
cp -a "$(dirname "$MONO_BIN")"/../lib/libmono-native.so* "$PREFIX/lib/"
rm -rf "$PREFIX/etc/mono" && cp -r /etc/mono "$PREFIX/etc/"
for asm in "${FRAMEWORK[@]}"; do
    if ! cmp -s "/usr/lib/mono/4.5/$asm.dll" "$FW/$asm.dll"; then
        cp "/usr/lib/mono/4.5/$asm.dll" "$FW/" && rm -f "$FW/$asm.dll.so"
    fi
done
export MONO_PATH="$FW"
aot() { "$PREFIX/bin/mono" --aot=full "$1" >"$1.aot.log" 2>&1 || { cat "$1.aot.log" >&2; return 1; }; }
pids=()
for asm in "${FRAMEWORK[@]}"; do
    [ -f "$FW/$asm.dll.so" ] && continue
    while [ "$(jobs -rp | wc -l)" -ge 3 ]; do sleep 0.2; done  # 2 compiles + the emulator
    aot "$FW/$asm.dll" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
aot "$OUT/StsKit.Tests.exe"
run mono-full-aot "$PREFIX/bin/mono" --full-aot "$OUT/StsKit.Tests.exe"
unset MONO_PATH

export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
run coreclr-3.1 "$DOTNET" "$OUT/StsKit.Tests.exe"

say "summary"
cat "$OUT/summary.txt"
if [ ${#RUNS_FAILED[@]} -gt 0 ]; then
    echo "failed on: ${RUNS_FAILED[*]}"
fi
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ] && [ "$TOTAL_PASSED" -gt 0 ]
