#pragma once
// Point-to-point routes between snapped points: travel time, distance and the
// road geometry, with the partial edges at both ends counted.
#include <optional>
#include <vector>

#include "routing/dijkstra.hpp"
#include "routing/snapping.hpp"

namespace revir::routing {

struct Route {
    double duration_s = 0;
    double distance_m = 0;
    std::vector<geo::Coordinate> geometry;
    std::vector<EdgeId> edges; // full edges driven, in order
};

class Router {
public:
    explicit Router(const RoadGraph& graph) : graph_(graph), dijkstra_(graph) {}

    /// The fastest route, or nothing when `to` cannot be reached from `from`.
    std::optional<Route> route(const SnappedPoint& from, const SnappedPoint& to);

private:
    const RoadGraph& graph_;
    Dijkstra dijkstra_;
};

} // namespace revir::routing
