#!/bin/sh
# Makes a fresh Debian/Ubuntu machine ready to build, run and test Switchboard:
# system packages (keychain, D-Bus, Chromium, libsecret headers, PostgreSQL for the team store's
# tests) and npm packages.
# Idempotent and quick when everything is already there.
set -eu
cd "$(dirname "$0")/.."

missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need dbus-run-session dbus
need dbus-launch dbus-x11
need gnome-keyring-daemon gnome-keyring
need chromium chromium
pkg-config --exists libsecret-1 2>/dev/null || missing="$missing libsecret-1-dev"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
# The team store's tests start a throwaway cluster with Debian's initdb/pg_ctl (never the system service).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing="$missing postgresql"

if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Switchboard needs these system packages:$missing" >&2
    echo "This script installs them on Debian/Ubuntu only. On macOS and Windows the OS keychain is built in;" >&2
    echo "install Chromium (for the browser tests) and PostgreSQL 13+ (for the team store tests) with your package manager." >&2
    exit 1
  fi
fi

# npm packages: install when node_modules is missing or older than the lockfile.
# Electron's binary is fetched later, and only where it can be (see tests/tools/start.mjs).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  # --loglevel=error: the EBADENGINE notices for Electron's tooling on Node < 22.12 are noise (see above);
  # errors still print and still fail the install.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

# Tests and the headless server run on Node: make sure the native modules are built for Node's ABI
# (an Electron start rebuilds them for Electron's). `--no-abi`: the caller picks the runtime itself
# (npm start, which may run Electron).
if [ "${1:-}" != "--no-abi" ]; then
  node --import tsx .ci/native-modules.ts node
fi
