#!/usr/bin/env bash
# The main job on the built-in sample: generate the sample town with its census
# units, accounts and six rep bases, and run `revir plan` on it (road graph →
# territories → visit routes → plan.gpkg, assignments.csv, report.html,
# manifest.json). Usage: demo.sh BUILD_DIR OUTPUT_DIR
set -euo pipefail
build=${1:-build}
out=${2:-out/demo}
here=$(cd "$(dirname "$0")/.." && pwd)
revir="$build/bin/revir"
mkdir -p "$out"

"$build/bin/revir-sample-town" --plan-inputs "$out"
cp "$here/maps/sample/plan.yaml" "$out/plan.yaml"
"$revir" plan "$out/plan.yaml"

echo
echo "Open $out/plan/report.html in a browser, and $out/plan/plan.gpkg in QGIS (every layer is styled)."
echo "The CRM table is $out/plan/assignments.csv; $out/plan/manifest.json records inputs, parameters and timings."
echo "Try: $revir route $out/plan/road-graph.rvg --from 57.0410,14.0250 --to 57.0600,14.0750"
