#!/usr/bin/env bash
# Compatibility passes, run by .ci/run after the full suite (which is itself the JDK 17, Jackson
# 2.21, Boot 3.5 + Boot 4.1 pass: both starters and the Boot 4.1 example, whose own JSON is Jackson 3).
#   jackson-oldest, jackson-newest  the core modules' tests (core, population, VNeID, and the sandbox
#                                   they need) with the oldest and the newest Jackson 2.x supported
#   jackson3-host                   the Boot 4.1 example (Jackson 3 is its JSON) with the SDK's
#                                   Jackson 2 at the oldest and at the newest supported
#   boot-4.0                        the Boot 4 starter's tests on the oldest Boot 4 line, 4.0
#   other-jdks                      the core modules, both Spring Boot starters and the example on
#                                   every JDK of 21 or later installed under /usr/lib/jvm (one pass each)
# Javadoc, sources and SBOMs are skipped: the default pass builds them. Each pass prints its time.
#   scripts/compat.sh                 every pass
#   scripts/compat.sh jackson-oldest  one pass (or several, by name)
set -euo pipefail
cd "$(dirname "$0")/.."

# The supported range, as docs/compatibility.md states it.
OLDEST_JACKSON=2.15.4
NEWEST_JACKSON=2.23.0
OLDEST_BOOT4=4.0.7
CORE=sdk-core,sdk-population,sdk-vneid
SPRING=sdk-spring-boot-starter,sdk-spring-boot4-starter,examples-spring-boot
# The gateway topologies (through-gateway, through-gateway-chain) run in the default pass: what they
# test does not change with a library's or the JDK's version, and they would treble these passes.
COMMON=(-B -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcyclonedx.skip=true -Dsandbox.topologies.skip=true)

# JDK directories of major 21 or later, one per major version, lowest first.
other_jdks() {
  local d v seen=" "
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/javac" ] || continue
    v=$("$d/bin/javac" -version 2>&1 | awk '{print $2}' | cut -d. -f1)
    [ "${v:-0}" -ge 21 ] 2>/dev/null || continue
    [[ "$seen" == *" $v "* ]] && continue
    seen="$seen$v "
    echo "$v ${d%/}"
  done | sort -n
}

run_pass() {
  local name=$1 start
  shift
  start=$(date +%s)
  echo "== compatibility pass: $name"
  "$@"
  echo "== compatibility pass $name: $(( $(date +%s) - start )) s"
}

# The example's test only: -am builds what it needs without running those modules' tests again.
jackson3_host() {
  local v
  for v in "$OLDEST_JACKSON" "$NEWEST_JACKSON"; do
    echo "-- SDK on Jackson $v beside the example's Jackson 3"
    mvn "${COMMON[@]}" -pl examples-spring-boot -am -Djackson2.version="$v" \
      -Dtest=AgencyPortalApplicationTest -Dsurefire.failIfNoSpecifiedTests=false test
  done
}

want() { [ $# -eq 0 ] || [[ " $* " == *" $PASS "* ]]; }

for PASS in jackson-oldest jackson-newest jackson3-host boot-4.0 other-jdks; do
  want "$@" || continue
  case $PASS in
    jackson-oldest) run_pass "Jackson $OLDEST_JACKSON" mvn "${COMMON[@]}" -pl "$CORE" -am -Djackson2.version="$OLDEST_JACKSON" test ;;
    jackson-newest) run_pass "Jackson $NEWEST_JACKSON" mvn "${COMMON[@]}" -pl "$CORE" -am -Djackson2.version="$NEWEST_JACKSON" test ;;
    jackson3-host) run_pass "Jackson 3 host (Boot 4.1), SDK on Jackson $OLDEST_JACKSON and $NEWEST_JACKSON" jackson3_host ;;
    boot-4.0) run_pass "Spring Boot $OLDEST_BOOT4, Boot 4 starter" mvn "${COMMON[@]}" -pl sdk-spring-boot4-starter -am \
      -Dspring-boot4.version="$OLDEST_BOOT4" -Dtest='Ketnoi*Test,StarterApplicationTest' -Dsurefire.failIfNoSpecifiedTests=false test ;;
    other-jdks)
      found=0
      while read -r major jdk; do
        found=1
        run_pass "JDK $major ($("$jdk/bin/java" -version 2>&1 | head -1)): core modules, Boot 3.5 and 4.1 starters, example" \
          env JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH" mvn "${COMMON[@]}" -pl "$CORE,$SPRING" -am test
      done < <(other_jdks)
      [ "$found" = 1 ] || echo "no JDK 21 or later under /usr/lib/jvm: skipping the other-JDK passes"
      ;;
  esac
done
