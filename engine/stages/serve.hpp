#pragma once
// `revir serve`: a graph file served over HTTP (OSRM v1 route, table, nearest and
// trip; Valhalla-style isochrones; /health and /) until SIGINT or SIGTERM.
#include <cstdint>
#include <string>

#include "engine/stages/stage.hpp"

namespace revir::engine {

struct ServeRequest {
    std::string graph;
    std::string host = "127.0.0.1";
    std::uint16_t port = 5000; // 0: any free port
    unsigned threads = 0;      // 0: every usable CPU
    std::size_t max_table_size = 100;
    std::size_t max_viaroute_size = 500;
    std::size_t max_trip_size = 100;
    std::size_t max_nearest = 100;
    std::string request_timeout = "30s";
    double max_isochrone_minutes = 120;
    // As osrm-routed, which snaps at any distance: the largest --max-snap there is.
    double max_snap_m = 1e6;
};

/// Loads the graph, binds, says "listening on http://HOST:PORT" on the log, then
/// serves until SIGINT or SIGTERM, which drain it. The summary counts the answers.
StageReport run_serve(const ServeRequest& request, const Log& log);

/// "30s", "500ms", "2min" → milliseconds; a number without a unit is refused.
std::uint64_t parse_timeout_ms(const std::string& text, const std::string& option);

} // namespace revir::engine
