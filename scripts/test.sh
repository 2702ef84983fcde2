#!/usr/bin/env bash
# The whole test suite: every module's tests against the running sandbox over HTTP,
# the docs' Java blocks compiled, the README's sample run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
mvn -B verify "$@"
