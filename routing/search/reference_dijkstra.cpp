#include "routing/search/reference_dijkstra.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cstdint>

namespace revir::routing {

ReferenceDijkstra::ReferenceDijkstra(const RoadGraph& graph) : graph_(to_boost_graph(graph)) {}

NodeTimes ReferenceDijkstra::one_to_all(NodeId source) const {
    const auto n = num_vertices(graph_);
    std::vector<std::uint64_t> distance(n);
    std::vector<BoostVertex> predecessor(n);
    boost::dijkstra_shortest_paths(
        graph_, source.value(),
        boost::weight_map(boost::get(&BoostEdgeProperties::travel_time, graph_))
            .distance_map(boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, graph_)))
            .predecessor_map(boost::make_iterator_property_map(predecessor.begin(), boost::get(boost::vertex_index, graph_)))
            .distance_inf(std::numeric_limits<std::uint64_t>::max()));
    NodeTimes result(n);
    for (NodeId v : result.indices()) {
        const std::uint64_t d = distance[v.value()];
        result[v] = d >= kInfiniteTime ? kInfiniteTime : static_cast<TimeMs>(d);
    }
    return result;
}

} // namespace revir::routing
