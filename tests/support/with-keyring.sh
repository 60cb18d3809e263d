#!/usr/bin/env bash
# Runs a command with a private D-Bus session and an unlocked gnome-keyring (the Secret Service), so that
# keychain tests use a throwaway keyring, never the user's. Usage: dbus-run-session -- with-keyring.sh CMD...
set -euo pipefail
export HOME=$(mktemp -d -t pgnotion-keyring-home.XXXXXX)
trap 'rm -rf "$HOME"' EXIT
echo -n "pgnotion-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
