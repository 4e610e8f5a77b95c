#include "routing/graph/boost_graph.hpp"

#include <utility>

namespace revir::routing {

BoostGraph to_boost_graph(const RoadGraph& graph) {
    std::vector<std::pair<NodeId, NodeId>> endpoints;
    std::vector<BoostEdgeProperties> properties;
    endpoints.reserve(graph.edge_count());
    properties.reserve(graph.edge_count());
    for (NodeId n = 0; n < graph.node_count(); ++n) {
        for (EdgeId e = graph.first_out[n]; e < graph.first_out[n + 1]; ++e) {
            endpoints.emplace_back(n, graph.head[e]);
            properties.push_back({graph.travel_time[e]});
        }
    }
    return BoostGraph(boost::edges_are_sorted, endpoints.begin(), endpoints.end(), properties.begin(),
                      graph.node_count());
}

} // namespace revir::routing
