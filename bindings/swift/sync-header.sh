#!/usr/bin/env bash
# Keeps the package self-contained: Sources/CStsKit/stskit.h is a copy of include/stskit.h (the
# generated header, the source of truth). Without arguments it copies; with --check it fails when
# the copy differs (what CI runs). ios/build-xcframework.sh copies include/stskit.h itself.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/../../include/stskit.h"
DST="$HERE/Sources/CStsKit/stskit.h"
if [ "${1:-}" = "--check" ]; then
    if cmp -s "$SRC" "$DST"; then
        echo "ok   bindings/swift/Sources/CStsKit/stskit.h equals include/stskit.h"
    else
        echo "FAIL bindings/swift/Sources/CStsKit/stskit.h differs from include/stskit.h: run bindings/swift/sync-header.sh" >&2
        exit 1
    fi
else
    cp "$SRC" "$DST"
    echo "copied include/stskit.h to bindings/swift/Sources/CStsKit/stskit.h"
fi
