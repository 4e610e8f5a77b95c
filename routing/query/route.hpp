#pragma once
// Point-to-point routes between snapped points: travel time, distance and the
// road geometry, with the partial edges at both ends counted (in whole
// milliseconds). With a contraction hierarchy the search runs on it; without,
// plain Dijkstra; the answers are the same.
#include <optional>
#include <vector>

#include "routing/ch/ch_query.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::routing {

/// One stretch of a route on one edge: a whole edge, or the part of one where
/// the route starts or ends (or both, when it stays on one road piece).
struct RoutePiece {
    EdgeId edge = kNoEdge;
    TimeMs time_ms = 0;
    double length_m = 0;
    std::vector<geo::Coordinate> shape; // in driving order, at least 2 points
};

struct Route {
    TimeMs time_ms = 0;
    double seconds() const { return to_seconds(time_ms); }
    double distance_m = 0;
    std::vector<geo::Coordinate> geometry;
    std::vector<EdgeId> edges; // full edges driven, in order
    std::vector<RoutePiece> pieces; // the whole route, partial ends included
};

class Router {
public:
    explicit Router(const RoadGraph& graph, const ContractionHierarchy* hierarchy = nullptr);

    /// The fastest route, or nothing when `to` cannot be reached from `from`.
    std::optional<Route> route(const SnappedPoint& from, const SnappedPoint& to);

private:
    struct Found {
        TimeMs time_ms;
        double length_m; // between the legs
        std::size_t source_leg;
        std::size_t target_leg;
        std::vector<EdgeId> edges;
    };
    std::optional<Found> search_dijkstra(const std::vector<Leg>& sources, const std::vector<Leg>& targets);

    const RoadGraph& graph_;
    Dijkstra dijkstra_;
    std::optional<ChQuery> hierarchy_query_;
};

} // namespace revir::routing
