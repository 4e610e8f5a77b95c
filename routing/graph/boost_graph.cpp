#include "routing/graph/boost_graph.hpp"

#include <utility>

namespace revir::routing {

BoostGraph to_boost_graph(const RoadGraph& graph) {
    std::vector<std::pair<BoostVertex, BoostVertex>> endpoints;
    std::vector<BoostEdgeProperties> properties;
    endpoints.reserve(graph.edge_count());
    properties.reserve(graph.edge_count());
    for (NodeId n : graph.nodes()) {
        for (EdgeId e : graph.out_edges(n)) {
            endpoints.emplace_back(n.value(), graph.head[e].value());
            properties.push_back({graph.travel_time[e]});
        }
    }
    return BoostGraph(boost::edges_are_sorted, endpoints.begin(), endpoints.end(), properties.begin(),
                      graph.node_count());
}

} // namespace revir::routing
