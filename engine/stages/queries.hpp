#pragma once
// The drive-time queries on a graph file: the fastest route between two points
// and the matrix between every pair of a set of points.
#include <string>
#include <vector>

#include "engine/stages/stage.hpp"

namespace revir::engine {

struct RouteRequest {
    std::string graph;
    std::string from, to; // LAT,LON
    std::string geojson;  // also write the route here; empty: no
    double max_snap_m = kDefaultMaxSnapM;
};
/// Summary: duration and distance (s, m), GeoJSON geometry, snapped waypoints.
StageReport run_route(const RouteRequest& request, const Log& log);

struct MatrixRequest {
    std::string graph;
    std::string points; // CSV id,lon,lat
    std::string output; // CSV from,to,duration_s,distance_m,from_snap_m,to_snap_m; or JSON
    double max_snap_m = kDefaultMaxSnapM;
    unsigned threads = 0;
    std::vector<std::string> sources;      // point ids; empty: all
    std::vector<std::string> destinations; // point ids; empty: all
    std::string format = "csv";            // csv or json (an OSRM table response)
    std::string far_points = "fail";       // fail, or skip: their rows and columns stay empty
};
StageReport run_matrix(const MatrixRequest& request, const Log& log);

} // namespace revir::engine
