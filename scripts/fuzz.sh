#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz: builds them with clang (ASan + UBSan, in
# FUZZ_BUILD), makes seed inputs from ../shared/data and from Revir's own outputs
# (the Release build in BUILD), replays the committed corpus tests/fuzz/corpus/
# and the seeds, then fuzzes each target for SECONDS, as many at once as there
# are CPUs. New inputs go to FUZZ_BUILD/corpus/TARGET (the repository is not
# touched); a crash is kept as FUZZ_BUILD/findings/TARGET-crash-… and fails the run.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]      (default: 60 s, every target)
#   scripts/fuzz.sh 0            replays the corpus and the seeds only
#   scripts/fuzz.sh 3600 vrp     one hour on the CVRPLIB/Solomon reader
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
seconds=${1:-60}
shift || true
build=${BUILD:-build}
fuzz_build=${FUZZ_BUILD:-build-fuzz}
shared=${REVIR_SHARED_DATA:-$here/../shared/data}
jobs=${JOBS:-$(nproc)}
all=(osm-xml osm-pbf points-csv units plan-yaml profile graph-file vrp http-request)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "fuzz: unknown target '$t' (targets: ${all[*]})" >&2; exit 2; }
done
[ -d "$shared" ] || { echo "fuzz: no shared data at $shared" >&2; exit 2; }
[ -x "$build/bin/revir" ] || { echo "fuzz: no Release build in $build (run make build)" >&2; exit 2; }

echo "fuzz: building the targets in $fuzz_build" >&2
cmake -S . -B "$fuzz_build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DREVIR_FUZZ=ON -DREVIR_BUILD_TESTS=OFF -DREVIR_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$fuzz_build" -j "$jobs" --target $(printf 'revir-fuzz-%s ' "${targets[@]}") >/dev/null

# Seeds: small real inputs of every format, made anew each run.
seeds="$fuzz_build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{osm-xml,osm-pbf,points-csv,units,plan-yaml,profile,graph-file,vrp,http-request}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
revir="$build/bin/revir"
"$build/bin/revir-sample-town" --plan-inputs "$work/town" >/dev/null
# Two small corners of real extracts and the sample town, as PBF and XML.
osmium extract -b 7.4180,43.7310,7.4210,43.7330 "$shared/osm_extracts/monaco.osm.pbf" -o "$work/monaco.osm.pbf" -O
osmium extract -b -51.2200,-30.0350,-51.2150,-30.0300 "$shared/porto_alegre/poa_osm.pbf" -o "$work/poa.osm.pbf" -O
osmium extract -b 14.0300,57.0450,14.0400,57.0500 "$work/town/town.osm.pbf" -o "$work/town.osm.pbf" -O
for x in monaco poa town; do cp "$work/$x.osm.pbf" "$seeds/osm-pbf/$x.osm.pbf"; done
# XML is ten times larger: smaller corners, so that the fuzzer runs at a useful pace.
osmium extract -s simple -b 7.4190,43.7315,7.4200,43.7325 "$work/monaco.osm.pbf" -o "$work/monaco-xml.osm.pbf" -O
osmium extract -s simple -b -51.2180,-30.0330,-51.2170,-30.0320 "$work/poa.osm.pbf" -o "$work/poa-xml.osm.pbf" -O
for x in monaco-xml poa-xml town; do osmium cat "$work/$x.osm.pbf" -o "$seeds/osm-xml/$x.osm" -O; done
{ bzcat "$shared/osm_extracts/West-Oakland.osm.bz2" || true; } | head -c 30000 > "$seeds/osm-xml/west-oakland-head.osm" || true
# Graph files (an import stores its contraction hierarchy too).
for x in monaco poa town; do
  "$revir" import "$work/$x.osm.pbf" -o "$seeds/graph-file/$x.rvg" -q --keep-all-components 2>/dev/null
done
# Point CSVs: OSRM's Porto Alegre points, the sample's accounts and bases, a matrix output.
head -n 12 "$shared/osrm_reference/poa_points.csv" > "$seeds/points-csv/poa_points.csv"
head -n 12 "$work/town/accounts.csv" > "$seeds/points-csv/accounts.csv"
cp "$work/town/bases.csv" "$seeds/points-csv/bases.csv"
# Units: the first options byte, then GeoJSON (NH tracts, the sample town's units).
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=5 -simplify 0.001 \
  -sql "SELECT GEOID10 AS unit_id, NAMELSAD10 AS name, DP0010001 AS population FROM NH_tract LIMIT 4" \
  "$work/nh.geojson" "$shared/census/us_tracts_nh/NH_tract.shp"
ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=5 -limit 4 "$work/town-units.geojson" "$work/town/units.geojson"
for x in nh town-units; do
  for options in '\x0f' '\x06'; do
    { printf "$options"; cat "$work/$x.geojson"; } > "$seeds/units/$x-$(printf '%s' "$options" | tr -d '\\').geojson"
  done
done
# Plan configurations, profiles and VRP instances.
cp maps/sample/plan.yaml "$seeds/plan-yaml/sample.yaml"
cp benchmarks/porto_alegre/plan.yaml "$seeds/plan-yaml/porto_alegre.yaml"
cp maps/profiles/*.json "$seeds/profile/"
for x in X-n101-k25 X-n106-k14; do cp "$shared/vrp/cvrp_x/$x.vrp" "$seeds/vrp/"; chmod u+w "$seeds/vrp/$x.vrp"; done
for x in C101 R101 RC201; do cp "$shared/vrp/solomon_vrptw/$x.txt" "$seeds/vrp/" && chmod u+w "$seeds/vrp/$x.txt"; done
# Requests to the service, on the fuzz target's grid town (first byte: 0 GET, 1 POST
# route body, 2 isochrone body, 3 raw HTTP).
h="$seeds/http-request"
printf '\x00/route/v1/driving/14.001,57.001;14.006,57.003?steps=true&annotations=true&overview=full&geometries=geojson' > "$h/route"
printf '\x00/route/v1/driving/polyline(_c`|I_pvtA_@_@)?bearings=90,45;&radiuses=50;unlimited&continue_straight=false' > "$h/route-polyline"
printf '\x00/table/v1/driving/14.001,57.001;14.006,57.003;14.002,57.004?sources=0;1&annotations=duration,distance&fallback_speed=5' > "$h/table"
printf '\x00/nearest/v1/driving/14.003,57.002?number=3' > "$h/nearest"
printf '\x00/trip/v1/driving/14.001,57.001;14.006,57.003;14.002,57.004;14.007,57.0001?roundtrip=false&source=first&destination=last' > "$h/trip"
printf '\x01{"coordinates":[[14.001,57.001],[14.006,57.003]],"steps":true,"radiuses":[null,100]}' > "$h/post"
printf '\x02{"locations":[{"lat":57.002,"lon":14.003}],"costing":"auto","contours":[{"time":1},{"distance":0.3}],"polygons":true}' > "$h/isochrone"
printf '\x03GET /route/v1/x/14.001,57.001;14.006,57.003 HTTP/1.1\r\nHost: a\r\n\r\n' > "$h/http-get"
printf '\x03POST /table/v1/x HTTP/1.1\r\nHost: a\r\nContent-Length: 46\r\n\r\n{"coordinates":[[14.001,57.001],[14.006,57.003]]}' > "$h/http-post"

# One target: replay, then fuzz; prints one line and fails on a finding.
run_target() {
  local t=$1 bin="$fuzz_build/bin/revir-fuzz-$1" corpus="$fuzz_build/corpus/$1" findings="$fuzz_build/findings"
  local committed="tests/fuzz/corpus/$t" log="$fuzz_build/logs/$t.log"
  mkdir -p "$corpus" "$findings" "$fuzz_build/logs" "$committed"
  local max_len=262144
  [ "$t" = osm-xml ] && max_len=65536
  local options=(-artifact_prefix="$findings/$t-" -max_len=$max_len -timeout=30 -rss_limit_mb=4096 -print_final_stats=1)
  if ! "$bin" "${options[@]}" -runs=0 "$committed" "$seeds/$t" >"$log" 2>&1; then
    echo "fuzz: $t: replaying the corpus FAILED (see $log)" >&2
    return 1
  fi
  if [ "$seconds" -gt 0 ]; then
    if ! "$bin" "${options[@]}" -max_total_time="$seconds" "$corpus" "$committed" "$seeds/$t" >>"$log" 2>&1; then
      echo "fuzz: $t: FINDING after fuzzing (see $log and $findings)" >&2
      return 1
    fi
  fi
  local runs speed
  runs=$(grep -o 'number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -o 'average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  echo "fuzz: $t: replayed $(find "$committed" "$seeds/$t" -type f | wc -l) inputs; fuzzed ${seconds} s: $runs runs ($speed/s), $(find "$corpus" -type f | wc -l) new inputs kept" >&2
}
export -f run_target
export fuzz_build seeds seconds
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target {}' || status=1
exit $status
