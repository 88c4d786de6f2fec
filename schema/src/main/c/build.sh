#!/usr/bin/env bash
# Builds libpersona-uds.so, the thin client's JNI transport (see persona_uds.c), with the hardening
# flags Debian uses for its own packages. Called by schema/pom.xml at process-classes.
# Usage: build.sh JAVA_HOME JNI_HEADER_DIR OUTPUT_SO REQUIRE_TOOLS(true|false)
set -euo pipefail
java_home="$1" header_dir="$2" output="$3" require="${4:-false}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v gcc > /dev/null; then
  if [ "$require" = true ]; then
    echo "schema: gcc is missing, so the CLI's native transport cannot be built (apt-get install -y gcc libc6-dev)" >&2
    exit 1
  fi
  echo "schema: gcc is missing; the CLI falls back to the slower JDK socket transport (apt-get install -y gcc)" >&2
  rm -f "$output"
  exit 0
fi
mkdir -p "$(dirname "$output")"
gcc -std=c11 -O2 -fPIC -shared -Wall -Wextra -Werror -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
  -Wl,-z,relro,-z,now,-z,noexecstack \
  -I"$java_home/include" -I"$java_home/include/linux" -I"$header_dir" \
  -o "$output.tmp" "$here/persona_uds.c"
mv -f "$output.tmp" "$output"
