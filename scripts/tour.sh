#!/usr/bin/env bash
# The example tour: starts the sandbox in-process and walks through what the SDK does.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true install
mvn -B -q -pl examples exec:java -Dexec.mainClass=vn.ketnoi.examples.Tour
