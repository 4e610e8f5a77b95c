#include "routing/query/route.hpp"

#include <cmath>

#include "routing/snap/phantom.hpp"

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

Router::Router(const RoadGraph& graph, const ContractionHierarchy* hierarchy) : graph_(graph), dijkstra_(graph) {
    if (hierarchy != nullptr) hierarchy_query_.emplace(*hierarchy);
}

std::optional<Router::Found> Router::search_dijkstra(const std::vector<Leg>& sources, const std::vector<Leg>& targets) {
    dijkstra_.reset();
    for (const Leg& s : sources) dijkstra_.add_source(s.node, s.time_ms, s.length_m);
    TimeMs best = kInfiniteTime;
    std::size_t best_target = 0;
    while (dijkstra_.next_time() < best) {
        const NodeId n = dijkstra_.settle_next();
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const TimeMs total = add_times(dijkstra_.time(n), targets[i].time_ms);
            if (targets[i].node == n && total < best) {
                best = total;
                best_target = i;
            }
        }
    }
    if (best == kInfiniteTime) return std::nullopt;
    Found found{best, 0, 0, best_target, dijkstra_.path_edges(targets[best_target].node)};
    const NodeId entry = targets[best_target].node;
    found.length_m = dijkstra_.length_m(entry);
    NodeId start = entry;
    while (dijkstra_.parent_node(start) != kNoNode) start = dijkstra_.parent_node(start);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (sources[i].node == start) found.source_leg = i;
    }
    return found;
}

std::optional<Route> Router::route(const SnappedPoint& from, const SnappedPoint& to) {
    const auto sources = source_legs(graph_, from);
    const auto targets = target_legs(graph_, to);
    const auto direct = direct_leg(graph_, from, to);

    std::optional<Found> found;
    if (hierarchy_query_) {
        if (auto r = hierarchy_query_->run(sources, targets, true)) {
            found = Found{r->time_ms, r->length_m, r->source_leg, r->target_leg, std::move(r->road_edges)};
        }
    } else {
        found = search_dijkstra(sources, targets);
    }
    Route r;
    if (direct && (!found || direct->time_ms <= found->time_ms)) {
        r.time_ms = direct->time_ms;
        r.distance_m = direct->length_m;
        r.geometry = polyline_between(graph_.geometry(from.geometry), from.offset_m, to.offset_m);
        if (r.geometry.size() == 1) r.geometry.push_back(r.geometry.front());
        r.pieces.push_back({direct->edge, direct->time_ms, direct->length_m, r.geometry});
        return r;
    }
    if (!found) return std::nullopt;
    const Leg& first = sources[found->source_leg];
    const Leg& last = targets[found->target_leg];
    r.time_ms = found->time_ms;
    // With a hierarchy the found length includes the legs; with Dijkstra, the source leg.
    r.distance_m = found->length_m + (hierarchy_query_ ? 0.0 : last.length_m);
    r.edges = std::move(found->edges);
    const auto add_piece = [&r](EdgeId edge, TimeMs time, double length, std::vector<geo::Coordinate> shape) {
        if (shape.size() == 1) shape.push_back(shape.front());
        append(r.geometry, shape);
        r.pieces.push_back({edge, time, length, std::move(shape)});
    };
    add_piece(first.edge, first.time_ms, first.length_m, leg_shape(graph_, from, first, true));
    for (EdgeId e : r.edges) add_piece(e, graph_.travel_time[e], graph_.length_m[e], graph_.edge_shape(e));
    add_piece(last.edge, last.time_ms, last.length_m, leg_shape(graph_, to, last, false));
    if (r.geometry.size() == 1) r.geometry.push_back(r.geometry.front());
    return r;
}

} // namespace revir::routing
