#!/usr/bin/env bash
# The standalone sandbox: builds sdk-testkit's runnable jar when it is missing or older than the
# sources (no `mvn install` needed), then runs it with the arguments given, for example
#   ./scripts/sandbox.sh --port 8787 --write-credentials target/sandbox
# and, with the exchange layer in front of it (an LGSP on 8788 chained to an NDXP on 8789):
#   ./scripts/sandbox.sh --topology gateway-chain --write-credentials target/sandbox
# (--topology gateway for the LGSP alone; --lgsp-port and --ndxp-port choose other ports).
# The jar itself runs anywhere with Java 17: java -jar sdk-testkit/target/sdk-testkit-*-standalone.jar
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
jar="$root/sdk-testkit/target/sdk-testkit-$version-standalone.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/sdk-testkit/src/main" "$root/sdk-core/src/main" -newer "$jar" -type f | head -1)" ]; then
  echo "Building the standalone sandbox ($jar)..." >&2
  (cd "$root" && mvn -B -q -pl sdk-testkit -am package -DskipTests -Dmaven.javadoc.skip=true \
      -Dmaven.source.skip=true -Dcyclonedx.skip=true >&2)
fi
exec java -jar "$jar" "$@"
