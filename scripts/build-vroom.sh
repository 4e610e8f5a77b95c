#!/usr/bin/env bash
# Builds VROOM 1.14.0 (a real OSRM API client, for the serve tests) from the source
# tarball in ../shared/tools into DEST (default build/external/vroom): DEST/bin/vroom. Once:
# an existing binary is kept. Needs libasio-dev libglpk-dev libssl-dev pkg-config
# (scripts/setup.sh installs them). About three and a half minutes on two cores.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tarball=${VROOM_TARBALL:-$here/../shared/tools/vroom-1.14.0.tar.gz}
dest=${1:-$here/build/external/vroom}
[ -x "$dest/bin/vroom" ] && exit 0
[ -f "$tarball" ] || { echo "build-vroom: no VROOM source at $tarball" >&2; exit 2; }
mkdir -p "$dest"
exec 9>"$dest/.lock"
flock 9
[ -x "$dest/bin/vroom" ] && exit 0
work=$(mktemp -d "$dest/src.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
echo "build-vroom: building VROOM 1.14.0 in $dest (a few minutes, once)" >&2
make -C "$work/vroom-1.14.0/src" -j "$(nproc)" >"$dest/build.log" 2>&1 || { echo "build-vroom: failed, see $dest/build.log" >&2; exit 1; }
mkdir -p "$dest/bin"
cp "$work/vroom-1.14.0/bin/vroom" "$dest/bin/vroom.tmp" && mv "$dest/bin/vroom.tmp" "$dest/bin/vroom"
