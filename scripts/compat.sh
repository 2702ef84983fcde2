#!/usr/bin/env bash
# Compatibility passes, run by .ci/run after the full suite: the core modules' tests (core,
# population, VNeID, and the sandbox they need) with the oldest and the newest Jackson 2.x the SDK
# supports, then on the newest JDK installed. Javadoc and sources are skipped: the default pass
# builds them. Each pass prints its time.
#   scripts/compat.sh                 every pass
#   scripts/compat.sh jackson-oldest  one pass (jackson-oldest, jackson-newest, newest-jdk)
set -euo pipefail
cd "$(dirname "$0")/.."

# The supported range, as docs/compatibility.md states it.
OLDEST_JACKSON=2.15.4
NEWEST_JACKSON=2.23.0
MODULES=sdk-core,sdk-population,sdk-vneid
COMMON=(-B -pl "$MODULES" -am -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcyclonedx.skip=true)

newest_jdk() {
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/javac" ] || continue
    v=$("$d/bin/javac" -version 2>&1 | awk '{print $2}' | cut -d. -f1)
    if [ "${v:-0}" -gt "$best_v" ] 2>/dev/null; then best_v=$v; best=${d%/}; fi
  done
  echo "$best"
}

run_pass() {
  local name=$1 start
  shift
  start=$(date +%s)
  echo "== compatibility pass: $name"
  "$@"
  echo "== compatibility pass $name: $(( $(date +%s) - start )) s"
}

want() { [ $# -eq 0 ] || [[ " $* " == *" $PASS "* ]]; }

for PASS in jackson-oldest jackson-newest newest-jdk; do
  want "$@" || continue
  case $PASS in
    jackson-oldest) run_pass "Jackson $OLDEST_JACKSON" mvn "${COMMON[@]}" -Djackson2.version="$OLDEST_JACKSON" test ;;
    jackson-newest) run_pass "Jackson $NEWEST_JACKSON" mvn "${COMMON[@]}" -Djackson2.version="$NEWEST_JACKSON" test ;;
    newest-jdk)
      JDK=$(newest_jdk)
      if [ -z "$JDK" ]; then echo "no JDK under /usr/lib/jvm: skipping the newest-JDK pass"; continue; fi
      run_pass "JDK $("$JDK/bin/java" -version 2>&1 | head -1)" env JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH" \
        mvn "${COMMON[@]}" test ;;
  esac
done
