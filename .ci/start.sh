#!/bin/sh
# Builds Switchboard and starts it: the desktop app where Electron can run (a display and an
# Electron binary, native modules rebuilt for Electron's ABI), otherwise the headless gateway with
# the admin UI's login URL printed.
set -eu
cd "$(dirname "$0")/.."
npm run --silent build >/dev/null

has_display() {
  case "$(uname -s)" in
    Darwin | MINGW* | MSYS* | CYGWIN*) return 0 ;;
    *) [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] ;;
  esac
}

# Electron's binary downloads on first use (install.js); that needs the network and Node >= 22.12.
has_electron() {
  node node_modules/electron/install.js >/dev/null 2>&1 && return 0
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)' ||
    echo "Electron's download needs Node >= 22.12 (this is $(node -v))." >&2
  return 1
}

# npm start puts no `switchboard` on the PATH: name the command that works from this checkout.
echo "CLI from this checkout: npx switchboard <command> (npx switchboard login prints a fresh login link)"

if [ "${SWITCHBOARD_HEADLESS:-}" != "1" ] && has_display && has_electron; then
  if node --import tsx .ci/native-modules.ts electron; then
    echo "Starting the desktop app…"
    exec npx --no-install electron .
  fi
  echo "The desktop app needs its native modules built for Electron (see above)." >&2
fi

echo "Electron cannot run here (no display, no Electron binary, or no Electron build of the native modules); starting the headless gateway."
node --import tsx .ci/native-modules.ts node
exec node out/main/switchboard.js serve "$@"
