#include "routing/query/reach.hpp"

#include <algorithm>
#include <cmath>

#include "routing/ch/ch_query.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/snap/phantom.hpp"

namespace revir::routing {

NodeTimes times_from(const RoadGraph& graph, const SnappedPoint& from, const ContractionHierarchy* hierarchy) {
    const auto legs = source_legs(graph, from);
    if (hierarchy != nullptr) {
        Phast phast(*hierarchy);
        return phast.one_to_all(legs);
    }
    Dijkstra dijkstra(graph);
    dijkstra.reset();
    for (const Leg& leg : legs) dijkstra.add_source(leg.node, leg.time_ms, leg.length_m);
    dijkstra.run_to_completion();
    NodeTimes times(graph.node_count());
    for (NodeId n : graph.nodes()) times[n] = dijkstra.time(n);
    return times;
}

std::vector<std::vector<geo::Coordinate>> reached_lines(const RoadGraph& graph, const SnappedPoint& from,
                                                        const NodeTimes& times, TimeMs limit_ms) {
    std::vector<std::vector<geo::Coordinate>> lines;
    // The road piece the start lies on, as far as the limit allows each way.
    const auto start_points = graph.geometry(from.geometry);
    for (const Leg& leg : source_legs(graph, from)) {
        const double time = graph.travel_time[leg.edge];
        const double share = time > 0 ? std::min(1.0, limit_ms / time) : 1.0;
        const bool along = leg.edge == from.along;
        const double end = along ? from.offset_m + share * from.geometry_length_m : from.offset_m - share * from.geometry_length_m;
        lines.push_back(polyline_between(start_points, from.offset_m, std::clamp(end, 0.0, from.geometry_length_m)));
    }
    for (NodeId u : graph.nodes()) {
        const TimeMs at = times[u];
        if (at >= limit_ms) continue;
        for (EdgeId e : graph.out_edges(u)) {
            const TimeMs t = graph.travel_time[e];
            auto shape = graph.edge_shape(e);
            if (static_cast<std::uint64_t>(at) + t <= limit_ms) {
                lines.push_back(std::move(shape));
                continue;
            }
            // Cut where the time runs out, assuming constant speed along the edge.
            const double share = static_cast<double>(limit_ms - at) / static_cast<double>(t);
            lines.push_back(polyline_between(shape, 0.0, share * polyline_length_m(shape)));
        }
    }
    return lines;
}

IndexVector<NodeId, double> distances_from(const RoadGraph& graph, const SnappedPoint& from) {
    Dijkstra dijkstra(graph);
    dijkstra.reset();
    for (const Leg& leg : source_legs(graph, from)) dijkstra.add_source(leg.node, leg.time_ms, leg.length_m);
    dijkstra.run_to_completion();
    IndexVector<NodeId, double> distances(graph.node_count(), NAN);
    for (NodeId n : graph.nodes()) {
        if (dijkstra.reached(n)) distances[n] = dijkstra.length_m(n);
    }
    return distances;
}

std::vector<std::vector<geo::Coordinate>> reached_lines_within(const RoadGraph& graph, const SnappedPoint& from,
                                                               const IndexVector<NodeId, double>& distances, double limit_m) {
    std::vector<std::vector<geo::Coordinate>> lines;
    const auto start_points = graph.geometry(from.geometry);
    for (const Leg& leg : source_legs(graph, from)) {
        const bool along = leg.edge == from.along;
        const double end = along ? from.offset_m + limit_m : from.offset_m - limit_m;
        lines.push_back(polyline_between(start_points, from.offset_m, std::clamp(end, 0.0, from.geometry_length_m)));
    }
    for (NodeId u : graph.nodes()) {
        const double at = distances[u];
        if (!(at < limit_m)) continue;
        for (EdgeId e : graph.out_edges(u)) {
            auto shape = graph.edge_shape(e);
            if (at + graph.length_m[e] <= limit_m) {
                lines.push_back(std::move(shape));
            } else {
                lines.push_back(polyline_between(shape, 0.0, limit_m - at));
            }
        }
    }
    return lines;
}

} // namespace revir::routing
