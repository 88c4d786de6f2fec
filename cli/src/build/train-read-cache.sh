#!/usr/bin/env bash
# Trains cli/target/persona-read.aot, the AOT cache bin/persona uses for `persona read`: one plain
# `persona read` through the real entry point, on the CLI's runtime with the launcher's JVM options
# (ARGS_FILE) and class path (the jar on the boot class path, see bin/persona), against a responder
# (TrainingDaemon) in its own JVM.
# Every cached class is loaded at each start, so the cache holds that path and nothing else: the
# full cache's picocli model, an in-process responder's server classes or a training harness's
# classes cost a `read` 3-9 ms (measured; bench/README.md). Classes of rarer paths (--format json,
# errors) load from the jar. A failed training leaves no cache and exits 0: `read` still works.
# Usage: train-read-cache.sh RESPONDER_JAVA CLI_JAVA ARGS_FILE CLASS_PATH OUTPUT NATIVE_LIBRARY
set -uo pipefail
responder_java="$1" java="$2" args_file="$3" class_path="$4" output="$5" library="$6"
dir="$(mktemp -d /tmp/persona-aot.XXXXXX)"
"$responder_java" -cp "$class_path" dev.persona.cli.TrainingDaemon "$dir/persona.sock" &
responder=$!
trap 'kill "$responder" 2>/dev/null; wait "$responder" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 200); do [ -S "$dir/persona.sock" ] && break; sleep 0.05; done
rm -f "$output"
if ! PERSONA_HOME="$dir" PERSONA_RUNTIME_DIR="$dir" PERSONA_NO_AUTOSTART=1 \
  "$java" @"$args_file" -XX:AOTCacheOutput="$output" -Xlog:aot=error,cds=error \
  -Dpersona.client.nativeLibrary="$library" -cp "" -Xbootclasspath/a:"$class_path" \
  dev.persona.cli.Main read persona://Personal/github/password > /dev/null; then
  echo "persona read cache: training failed; \`persona read\` will start without it" >&2
  rm -f "$output"
fi
exit 0
