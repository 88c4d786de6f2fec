#!/usr/bin/env bash
# Trains cli/target/persona-read.aot, the AOT cache bin/persona uses for `persona read`: one plain
# `persona read` through the real entry point, against a responder (TrainingDaemon) in its own JVM.
# Every cached class is loaded at each start, so the cache holds that path and nothing else: the
# full cache's picocli model, an in-process responder's server classes or a training harness's
# classes cost a `read` 3-9 ms (measured; bench/README.md). Classes of rarer paths (--format json,
# errors) load from the jars. A failed training leaves no cache and exits 0: `read` still works.
# Usage: train-read-cache.sh JAVA CLASS_PATH OUTPUT NATIVE_LIBRARY
set -uo pipefail
java="$1" class_path="$2" output="$3" library="$4"
dir="$(mktemp -d /tmp/persona-aot.XXXXXX)"
"$java" -cp "$class_path" dev.persona.cli.TrainingDaemon "$dir/persona.sock" &
responder=$!
trap 'kill "$responder" 2>/dev/null; wait "$responder" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 200); do [ -S "$dir/persona.sock" ] && break; sleep 0.05; done
rm -f "$output"
# The launcher's own flags, so the cache is accepted at run time.
if ! PERSONA_HOME="$dir" PERSONA_RUNTIME_DIR="$dir" PERSONA_NO_AUTOSTART=1 \
  "$java" -XX:AOTCacheOutput="$output" -Xint -Xms4m -Xmx64m -XX:-UsePerfData -XX:+UseSerialGC \
  -Xlog:aot=error,cds=error --enable-native-access=ALL-UNNAMED \
  -Dpersona.client.nativeLibrary="$library" -cp "$class_path" \
  dev.persona.cli.PersonaCli read persona://Personal/github/password > /dev/null; then
  echo "persona read cache: training failed; \`persona read\` will start without it" >&2
  rm -f "$output"
fi
exit 0
