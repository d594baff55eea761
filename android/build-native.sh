#!/usr/bin/env bash
# Builds libstskit.so with the JNI glue (cargo feature `jni`) for the Android ABIs and puts it in
# src/main/jniLibs/<abi>/, where the Android Gradle plugin packages it into the AAR.
#
# Needs, on a developer machine or CI with the Android NDK:
#   - ANDROID_NDK_HOME pointing at an NDK (r25 or newer)
#   - cargo-ndk (`cargo install cargo-ndk`)
#   - the Rust targets (added below)
#
# usage: android/build-native.sh                 # release profile, API level 21
#        PROFILE=release-small android/build-native.sh   # size-optimised and stripped
#        ABIS="arm64-v8a" android/build-native.sh          # a subset of ABIs
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
profile="${PROFILE:-release}"
abis="${ABIS:-arm64-v8a armeabi-v7a x86_64}"
api="${ANDROID_API:-21}"

: "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to the Android NDK directory}"
command -v cargo-ndk >/dev/null || { echo "cargo-ndk is missing: cargo install cargo-ndk" >&2; exit 1; }
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android

args=()
for abi in $abis; do args+=(-t "$abi"); done

cd "$root"
cargo ndk "${args[@]}" --platform "$api" -o "$here/src/main/jniLibs" \
    build --lib --features jni --profile "$profile"

find "$here/src/main/jniLibs" -name 'libstskit.so' -exec ls -l {} \;
