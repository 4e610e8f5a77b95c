#include "routing/route.hpp"

#include <cmath>

#include "routing/phantom.hpp"

namespace revir::routing {

namespace {

void append(std::vector<geo::Coordinate>& line, const std::vector<geo::Coordinate>& part) {
    for (const auto& c : part) {
        if (line.empty() || !(line.back() == c)) line.push_back(c);
    }
}

// The shape of a partial leg: from the snapped point to the node (leaving) or
// from the node to the snapped point (arriving).
std::vector<geo::Coordinate> leg_shape(const RoadGraph& graph, const SnappedPoint& p, const Leg& leg, bool leaving) {
    const auto points = graph.geometry(p.geometry);
    const bool along = leg.edge == p.along;
    if (leaving) return polyline_between(points, p.offset_m, along ? p.geometry_length_m : 0.0);
    return polyline_between(points, along ? 0.0 : p.geometry_length_m, p.offset_m);
}

} // namespace

std::optional<Route> Router::route(const SnappedPoint& from, const SnappedPoint& to) {
    const auto sources = source_legs(graph_, from);
    const auto targets = target_legs(graph_, to);
    const auto direct = direct_leg(graph_, from, to);

    dijkstra_.reset();
    for (const Leg& s : sources) dijkstra_.add_source(s.node, static_cast<TimeMs>(std::llround(s.time_ms)), s.length_m);
    double best = direct ? direct->time_ms : INFINITY;
    const Leg* best_target = nullptr;
    while (dijkstra_.next_time() < best) {
        const NodeId n = dijkstra_.settle_next();
        for (const Leg& t : targets) {
            if (t.node == n && dijkstra_.time(n) + t.time_ms < best) {
                best = dijkstra_.time(n) + t.time_ms;
                best_target = &t;
            }
        }
    }
    if (!std::isfinite(best)) return std::nullopt;

    Route r;
    r.duration_s = best / 1000.0;
    if (best_target == nullptr) {
        r.distance_m = direct->length_m;
        r.geometry = polyline_between(graph_.geometry(from.geometry), from.offset_m, to.offset_m);
        return r;
    }
    const NodeId entry = best_target->node;
    r.edges = dijkstra_.path_edges(entry);
    r.distance_m = dijkstra_.length_m(entry) + best_target->length_m;
    NodeId start = entry;
    while (dijkstra_.parent_node(start) != kNoNode) start = dijkstra_.parent_node(start);
    for (const Leg& s : sources) {
        if (s.node == start) {
            append(r.geometry, leg_shape(graph_, from, s, true));
            break;
        }
    }
    for (EdgeId e : r.edges) append(r.geometry, graph_.edge_shape(e));
    append(r.geometry, leg_shape(graph_, to, *best_target, false));
    if (r.geometry.size() == 1) r.geometry.push_back(r.geometry.front());
    return r;
}

} // namespace revir::routing
