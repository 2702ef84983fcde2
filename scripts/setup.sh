#!/usr/bin/env bash
# Installs what building Ketnoi needs on a fresh Debian/Ubuntu machine: a JDK 17+ and Maven 3.8+.
# Does nothing when they are already there. Sourced by tour.sh and test.sh.
set -euo pipefail

have_java17() {
  command -v javac >/dev/null 2>&1 || return 1
  local v
  v=$(javac -version 2>&1 | awk '{print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 17 ] 2>/dev/null
}

if ! have_java17 || ! command -v mvn >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "Ketnoi needs a JDK 17+ and Maven 3.8+; install them and run this again." >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing a JDK and Maven (apt-get)..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven >/dev/null
fi

# Installs Debian packages for a test that needs them, as root or through sudo; where neither is
# possible, says which tests will be skipped and goes on.
#   apt_install "the browser test" chromium chromium-driver
apt_install() {
  local what=$1
  shift
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "Note: $* missing and cannot be installed; $what will be skipped." >&2
    return 0
  fi
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing $* for $what (apt-get)..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The examples' browser test drives Debian's chromium through chromedriver (no browser download).
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  apt_install "the browser test" chromium chromium-driver
}

# The PKCS#11 tests sign with keys in a SoftHSM2 token (Debian's softhsm2); opensc brings pkcs11-tool,
# which docs/keys-and-tokens.md uses to inspect a token.
ensure_softhsm() {
  if command -v softhsm2-util >/dev/null 2>&1 && command -v pkcs11-tool >/dev/null 2>&1 \
      && { [ -e /usr/lib/softhsm/libsofthsm2.so ] || [ -e "/usr/lib/$(uname -m)-linux-gnu/softhsm/libsofthsm2.so" ]; }; then
    return 0
  fi
  apt_install "the PKCS#11 token tests" softhsm2 opensc
}

# The shared-quota tests (sdk-redis) and the quota benchmark run Debian's redis-server: each test
# class starts its own on a free loopback port (and stops it, for the Redis-down cases), from the
# binary named by REDIS_SERVER_BINARY (not KETNOI_*: the SDK reads those as its settings and refuses
# one it does not know, so a test switch under that prefix breaks every client built in the same JVM).
ensure_redis() {
  if ! [ -x /usr/bin/redis-server ]; then
    apt_install "the shared-quota tests" redis-server
  fi
  # Debian's package may start a system-wide server on 6379; the tests never use it.
  export REDIS_SERVER_BINARY=/usr/bin/redis-server
}
