#include "routing/search/reference_dijkstra.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cstdint>

namespace revir::routing {

ReferenceDijkstra::ReferenceDijkstra(const RoadGraph& graph) : graph_(to_boost_graph(graph)) {}

std::vector<TimeMs> ReferenceDijkstra::one_to_all(NodeId source) const {
    const auto n = num_vertices(graph_);
    std::vector<std::uint64_t> distance(n);
    std::vector<NodeId> predecessor(n);
    boost::dijkstra_shortest_paths(
        graph_, source,
        boost::weight_map(boost::get(&BoostEdgeProperties::travel_time, graph_))
            .distance_map(boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, graph_)))
            .predecessor_map(boost::make_iterator_property_map(predecessor.begin(), boost::get(boost::vertex_index, graph_)))
            .distance_inf(std::numeric_limits<std::uint64_t>::max()));
    std::vector<TimeMs> result(n);
    for (std::size_t i = 0; i < n; ++i) {
        result[i] = distance[i] >= kInfiniteTime ? kInfiniteTime : static_cast<TimeMs>(distance[i]);
    }
    return result;
}

} // namespace revir::routing
