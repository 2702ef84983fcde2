#!/usr/bin/env bash
# The example tour: starts the sandbox in-process and walks through what the SDK does.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
# Sources jars are installed too (an IDE shows the documentation from them); javadoc jars are
# skipped for speed: `mvn -B install -DskipTests` builds both (README, "Add it to your build").
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true install
mvn -B -q -pl examples exec:java -Dexec.mainClass=vn.ketnoi.examples.Tour
