#!/usr/bin/env bash
# revir serve under wrk on loopback (Porto Alegre): /route throughput and p50/p99
# latency at 1, 16 and 64 connections, then 60 s of mixed route, table, nearest
# and isochrone requests at 64 connections, with the failed requests counted and
# the server's memory before and after. Prints figures; never part of the tests.
#   benchmarks/serve/load.sh [SECONDS_PER_LEVEL (10)] [MIXED_SECONDS (60)]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$here/build}
shared=${REVIR_SHARED_DATA:-$here/../shared/data}
level_s=${1:-10}
mixed_s=${2:-60}
command -v wrk >/dev/null || { echo "load: wrk is missing (scripts/setup.sh installs it)" >&2; exit 2; }
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

"$build/bin/revir" import "$shared/porto_alegre/poa_osm.pbf" -o "$work/poa.rvg" -q
"$build/bin/revir" serve "$work/poa.rvg" --port 0 --threads 2 --max-table-size 100 2>"$work/serve.log" &
server=$!
for _ in $(seq 50); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | cut -d: -f2)
base="http://127.0.0.1:$port"

# Requests from OSRM's Porto Alegre points: every ordered pair of the first 40 for
# routes; tables of 10 × 10, nearest and 10-minute isochrones for the mixed load.
awk -F, 'NR > 1 && NR <= 41 { print $2 "," $3 }' "$shared/osrm_reference/poa_points.csv" > "$work/points"
python3 - "$work/points" "$work/routes.lua" "$work/mixed.lua" <<'PY'
import sys, random, urllib.parse, json
points = [l.strip() for l in open(sys.argv[1]) if l.strip()]
random.seed(1)
routes = ["/route/v1/driving/%s;%s?overview=full&steps=true" % (a, b) for a in points for b in points if a != b]
tables = ["/table/v1/driving/" + ";".join(random.sample(points, 10)) + "?annotations=duration,distance" for _ in range(50)]
nearest = ["/nearest/v1/driving/%s?number=3" % p for p in points]
iso = []
for p in points[:10]:
    lon, lat = p.split(",")
    body = json.dumps({"locations": [{"lat": float(lat), "lon": float(lon)}], "costing": "auto", "contours": [{"time": 10}]})
    iso.append("/isochrone?json=" + urllib.parse.quote(body))
def lua(paths, name):
    with open(name, "w") as f:
        f.write("local paths = {\n" + ",\n".join('"%s"' % p for p in paths) + "\n}\n")
        f.write("request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n")
lua(routes, sys.argv[2])
lua(routes[:300] + tables + nearest + iso, sys.argv[3])
PY

rss() { awk '/VmRSS/ { print $2 / 1024 }' "/proc/$server/status"; }
echo "revir serve on Porto Alegre, 2 threads; wrk on the same 2-core machine"
for c in 1 16 64; do
  out=$(wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${level_s}s" --latency -s "$work/routes.lua" "$base" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/' | tr '\n' ' ')
  echo "route, $c connections: $rps requests/s, p50 $p50, p99 $p99 ${errors:+($errors)}"
done
# A first 10 s of the mix fills the per-thread workspaces and caches; memory is
# compared over the 60 s after it.
wrk -t 2 -c 64 -d 10s --timeout 10s -s "$work/mixed.lua" "$base" >/dev/null 2>&1
before=$(rss)
# wrk's patience is 10 s: a 10-minute isochrone takes most of a second of GEOS work,
# and 64 connections queue behind two threads.
out=$(wrk -t 2 -c 64 -d "${mixed_s}s" --timeout 10s --latency -s "$work/mixed.lua" "$base" 2>&1)
after=$(rss)
total=$(echo "$out" | awk '/requests in/ { print $1 }')
bad=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
socket=$(echo "$out" | awk '/Socket errors/' )
echo "mixed, 64 connections, ${mixed_s} s: $total requests, ${bad:-0} not 2xx, ${socket:-no socket errors}; p99 $(echo "$out" | awk '$1 == "99%" { print $2 }')"
echo "server memory: ${before} MB after a 10 s warm-up, ${after} MB after the mixed load"
kill -TERM "$server"
wait "$server" && echo "SIGTERM: drained, exit 0"
server=""
