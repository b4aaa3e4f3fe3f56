#!/bin/sh
# Every check and test Switchboard has: lint, types, build, vitest (unit + integration, with a
# real keychain: gnome-keyring in a private D-Bus session) and Playwright (Debian's Chromium).
# Ends with one line "N passed, N failed" and a non-zero exit on any failure.
set -u
cd "$(dirname "$0")/../.."
reports=test-results/reports
rm -rf "$reports" && mkdir -p "$reports"

check() {
  name=$1
  shift
  echo "== $name"
  if "$@"; then echo "$name passed" >>"$reports/checks.txt"; else echo "$name failed" >>"$reports/checks.txt"; fi
}
check lint npm run --silent lint
check typecheck npm run --silent typecheck
check build npm run --silent build

# A fresh keyring per run: nothing left over from earlier runs, nothing touched outside.
keyring_home=$(mktemp -d)
XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c '
  echo -n switchboard-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  echo "== vitest"
  npx --no-install vitest run --config tests/vitest.config.ts --reporter=default --reporter=json --outputFile.json=test-results/reports/vitest.json
  echo "== playwright"
  npx --no-install playwright test --config tests/playwright.config.ts
'
rm -rf "$keyring_home"

node tests/tools/summarize.mjs "$reports"
