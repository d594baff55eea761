#!/usr/bin/env bash
# Copies the C# wrapper (bindings/csharp/src, the one source of truth) into the Unity package at
# unity/Runtime/Scripts, with a .meta file for every script and folder. GUIDs are derived from
# the file's path, so running this again produces identical files. Commit the result; CI runs
# this script and `git diff --exit-code`.
#
#   bash bindings/csharp/sync-unity.sh            # update unity/Runtime/Scripts
#   bash bindings/csharp/sync-unity.sh --check    # fail if unity/Runtime/Scripts is out of date
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SRC="$HERE/src"
DEST="$ROOT/unity/Runtime/Scripts"

guid() { printf '%s' "com.stskit.sts:$1" | md5sum | cut -c1-32; }

script_meta() {
    cat <<EOF
fileFormatVersion: 2
guid: $(guid "$1")
MonoImporter:
  externalObjects: {}
  serializedVersion: 2
  defaultReferences: []
  executionOrder: 0
  icon: {instanceID: 0}
  userData: 
  assetBundleName: 
  assetBundleVariant: 
EOF
}

folder_meta() {
    cat <<EOF
fileFormatVersion: 2
guid: $(guid "$1")
folderAsset: yes
DefaultImporter:
  externalObjects: {}
  userData: 
  assetBundleName: 
  assetBundleVariant: 
EOF
}

# generate DIR: writes the package's Scripts folder (and Scripts.meta beside it) into DIR.
generate() {
    local out="$1/Scripts"
    mkdir -p "$out"
    folder_meta "Runtime/Scripts" >"$1/Scripts.meta"
    (cd "$SRC" && find . -type d ! -name . | LC_ALL=C sort) | while read -r d; do
        d="${d#./}"
        mkdir -p "$out/$d"
        folder_meta "Runtime/Scripts/$d" >"$out/$d.meta"
    done
    (cd "$SRC" && find . -type f -name '*.cs' | LC_ALL=C sort) | while read -r f; do
        f="${f#./}"
        cp "$SRC/$f" "$out/$f"
        script_meta "Runtime/Scripts/$f" >"$out/$f.meta"
    done
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
generate "$tmp"

if [ "${1:-}" = "--check" ]; then
    if diff -r "$tmp/Scripts" "$DEST" >/dev/null && cmp -s "$tmp/Scripts.meta" "$DEST.meta"; then
        echo "unity/Runtime/Scripts is in sync with bindings/csharp/src"
        exit 0
    fi
    diff -r "$tmp/Scripts" "$DEST" || true
    echo "unity/Runtime/Scripts is out of date: run bash bindings/csharp/sync-unity.sh" >&2
    exit 1
fi

mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST"
cp -r "$tmp/Scripts" "$DEST"
cp "$tmp/Scripts.meta" "$DEST.meta"
echo "synced $(find "$DEST" -name '*.cs' | wc -l) scripts into unity/Runtime/Scripts"
