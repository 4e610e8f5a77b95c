#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and benchmarking Revir needs.
# chromium (headless) is for the test that opens report.html in a real browser; clang
# and its runtime (libFuzzer) for the fuzz targets (scripts/fuzz.sh).
# libasio-dev and libglpk-dev build VROOM (a real OSRM client, for the serve tests), wrk
# loads the server in benchmarks/, npm fetches Leaflet and puppeteer-core for the
# browser test of Leaflet Routing Machine against `revir serve`.
# Idempotent: packages already present are not touched, and apt is not called at all then.
set -euo pipefail

PACKAGES=(
  build-essential cmake make pkg-config git
  libosmium2-dev libprotozero-dev libexpat1-dev zlib1g-dev libbz2-dev liblz4-dev
  libboost-dev libboost-graph-dev
  libgdal-dev libgeos-dev gdal-bin
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libcsv-dev libyaml-cpp-dev libssl-dev
  coinor-libclp-dev
  osmium-tool bzip2
  clang libclang-rt-14-dev
  chromium
  libasio-dev libglpk-dev wrk nodejs
)

missing=()
# Debian's nodejs comes without npm (a package of its own); NodeSource's includes it
# and conflicts with that package.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
