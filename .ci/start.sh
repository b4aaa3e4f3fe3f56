#!/bin/sh
# Builds Switchboard and starts it: the desktop app where Electron can run (a display and an
# Electron binary), otherwise the headless gateway with the admin UI's login URL printed.
set -eu
cd "$(dirname "$0")/.."
npm run --silent build >/dev/null

has_display() {
  case "$(uname -s)" in
    Darwin | MINGW* | MSYS* | CYGWIN*) return 0 ;;
    *) [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] ;;
  esac
}

if [ "${SWITCHBOARD_HEADLESS:-}" != "1" ] && has_display && node node_modules/electron/install.js >/dev/null 2>&1; then
  echo "Starting the desktop app (native modules rebuilt for Electron's ABI)…"
  npx --no-install electron-rebuild --only better-sqlite3,keytar --force >/dev/null
  exec npx --no-install electron .
fi

echo "Electron cannot run here (no display or no Electron binary); starting the headless gateway."
exec node out/main/switchboard.js serve "$@"
