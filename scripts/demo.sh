#!/usr/bin/env bash
# The main job on the built-in sample region: generate the town, import its roads,
# print a route, a small drive-time matrix and isochrones. Usage: demo.sh BUILD_DIR OUTPUT_DIR
set -euo pipefail
build=${1:-build}
out=${2:-out/demo}
revir="$build/bin/revir"
mkdir -p "$out"

"$build/bin/revir-sample-town" "$out/sample-town.osm.pbf"
"$revir" import "$out/sample-town.osm.pbf" -o "$out/sample-town.rvg"
"$revir" info "$out/sample-town.rvg"

echo
echo "Route from the south-west of town to the north-east, across the river:"
"$revir" route "$out/sample-town.rvg" --from 57.0410,14.0250 --to 57.0600,14.0750 --geojson "$out/route.geojson"

cat > "$out/points.csv" <<'CSV'
id,name,lon,lat
station,Station Square,14.0420,57.0500
market,Market Lane,14.0560,57.0487
mill,Mill Road west,14.0300,57.0446
north,North Road east,14.0700,57.0607
west,West edge,14.0230,57.0560
CSV
"$revir" matrix "$out/sample-town.rvg" --points "$out/points.csv" -o "$out/matrix.csv"
echo
echo "Drive-time matrix (seconds):"
column -s, -t < "$out/matrix.csv" | head -n 30

echo
echo "Areas within 2, 4 and 6 minutes of Station Square:"
"$revir" isochrone "$out/sample-town.rvg" --from 57.0500,14.0420 --minutes 2,4,6 -o "$out/isochrones.gpkg"

echo
echo "Demo output is in $out/: sample-town.osm.pbf, sample-town.rvg (with its contraction hierarchy),"
echo "route.geojson, matrix.csv and isochrones.gpkg (opens styled in QGIS)"
