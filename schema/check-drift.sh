#!/usr/bin/env bash
# Fails (exit 1) when the committed generated Java differs from what the pinned flatc produces from the .fbs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$here/generate.sh" "$tmp" >/dev/null
if ! diff -r -u "$here/src/generated/java/dev/persona/schema/fb" "$tmp/dev/persona/schema/fb"; then
  echo "check-drift.sh: schema/src/generated/java is out of date with src/main/fbs: run schema/generate.sh and commit" >&2
  exit 1
fi
echo "check-drift.sh: generated code matches src/main/fbs"
