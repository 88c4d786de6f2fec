#!/usr/bin/env bash
# Regenerates the committed FlatBuffers Java in src/generated/java from src/main/fbs with the pinned flatc.
# Usage: schema/generate.sh [OUTPUT_DIR]   (default: schema/src/generated/java; check-drift.sh passes a temp dir)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pinned="2.0.8"   # must equal flatbuffers-java's version (parent pom: flatbuffers.version)
flatc="${FLATC:-/usr/bin/flatc}"
if [[ ! -x "$flatc" ]]; then
  echo "generate.sh: flatc not found at $flatc: apt-get install -y flatbuffers-compiler (Debian ships $pinned)" >&2
  exit 2
fi
actual="$("$flatc" --version | awk '{print $NF}')"
if [[ "$actual" != "$pinned" ]]; then
  echo "generate.sh: flatc at $flatc is version $actual, expected $pinned (generated code must match flatbuffers-java $pinned)" >&2
  exit 2
fi
out="${1:-$here/src/generated/java}"
pkg_dir="$out/dev/persona/schema/fb"
rm -rf "$pkg_dir"
mkdir -p "$out"
# --java only: no --gen-object-api (hot paths use the reusing accessors; see STYLE.md 1.5).
"$flatc" --java -o "$out" "$here"/src/main/fbs/*.fbs
echo "generate.sh: wrote $(ls "$pkg_dir" | wc -l) classes to $pkg_dir"
