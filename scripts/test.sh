#!/usr/bin/env bash
# The whole test suite: every module's tests against the running sandbox over HTTP, the browser
# test of the example web app in headless Chromium, the PKCS#11 tests against a SoftHSM2 token,
# the shared-quota tests against Redis servers of their own, the docs' Java blocks compiled, the README's sample run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_chromium
ensure_softhsm
ensure_redis
mvn -B verify "$@"
