#!/usr/bin/env bash
# Fetches the browser libraries the web tests use from the npm registry into DEST
# (default build/external/web/node_modules), once: Leaflet and Leaflet Routing Machine, the
# client the serve test drives in headless Chromium. Pages load them from there,
# never from the internet.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$here/build/external/web}
packages=(leaflet@1.9.4 leaflet-routing-machine@3.2.12)
[ -f "$dest/node_modules/leaflet-routing-machine/dist/leaflet-routing-machine.js" ] && exit 0
command -v npm >/dev/null || { echo "fetch-web: npm is missing (scripts/setup.sh installs it)" >&2; exit 2; }
mkdir -p "$dest"
exec 9>"$dest/.lock"
flock 9
[ -f "$dest/node_modules/leaflet-routing-machine/dist/leaflet-routing-machine.js" ] && exit 0
npm install --no-audit --no-fund --silent --prefix "$dest" "${packages[@]}" >&2
