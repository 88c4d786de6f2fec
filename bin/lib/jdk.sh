# Sourced by every launcher: sets PERSONA_JAVA_HOME to a JDK >= 25.
# Order: $JAVA_HOME if it is new enough, then the newest /usr/lib/jvm/* that is.
persona_jdk_major() {
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -f "$release" ] || return 1
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  [ -n "$v" ] && echo "$v"
}
persona_find_jdk() {
  local want=25 candidate major
  if [ -n "${JAVA_HOME:-}" ] && major=$(persona_jdk_major "$JAVA_HOME") && [ "$major" -ge "$want" ]; then
    PERSONA_JAVA_HOME="$JAVA_HOME"; return 0
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    if major=$(persona_jdk_major "$candidate") && [ "$major" -ge "$want" ]; then
      PERSONA_JAVA_HOME="$candidate"; return 0
    fi
  done
  echo "persona: no JDK $want or newer found (checked \$JAVA_HOME and /usr/lib/jvm/*); install one, e.g. apt-get install -y openjdk-25-jdk" >&2
  return 1
}
# Launchers may name a cache file (PERSONA_JDK_CACHE): the search costs ~10 ms, a CLI call ~60 ms.
persona_cached_jdk() {
  local line
  [ -n "${PERSONA_JDK_CACHE:-}" ] && [ -f "$PERSONA_JDK_CACHE" ] || return 1
  IFS= read -r line < "$PERSONA_JDK_CACHE" || return 1
  # The cache holds "<JAVA_HOME at the time>|<chosen JDK>" and is valid while JAVA_HOME is unchanged.
  [ "${line%%|*}" = "${JAVA_HOME:-}" ] && [ -x "${line#*|}/bin/java" ] || return 1
  PERSONA_JAVA_HOME="${line#*|}"
}
if ! persona_cached_jdk; then
  persona_find_jdk || exit 3
  if [ -n "${PERSONA_JDK_CACHE:-}" ] && [ -d "$(dirname "$PERSONA_JDK_CACHE")" ]; then
    printf '%s|%s\n' "${JAVA_HOME:-}" "$PERSONA_JAVA_HOME" > "$PERSONA_JDK_CACHE" 2>/dev/null || true
  fi
fi
export PERSONA_JAVA_HOME
