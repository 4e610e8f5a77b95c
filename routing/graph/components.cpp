#include "routing/graph/components.hpp"

#include <boost/graph/strong_components.hpp>

#include <algorithm>

#include "routing/graph/boost_graph.hpp"

namespace revir::routing {

IndexVector<NodeId, bool> largest_strong_component(const RoadGraph& graph, ComponentReport& report) {
    const BoostGraph boost_graph = to_boost_graph(graph);
    std::vector<std::uint32_t> component(graph.node_count()); // by BoostVertex (= NodeId value)
    const std::uint32_t count = graph.node_count() == 0 ? 0 : boost::strong_components(
        boost_graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, boost_graph)));
    std::vector<std::uint32_t> size(count, 0);
    for (std::uint32_t c : component) ++size[c];
    const std::uint32_t largest =
        count == 0 ? 0 : static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());

    IndexVector<NodeId, bool> keep(graph.node_count());
    for (NodeId n : graph.nodes()) keep[n] = component[n.value()] == largest;
    report.components = count;
    report.kept_nodes = count == 0 ? 0 : size[largest];
    report.dropped_nodes = graph.node_count() - report.kept_nodes;
    report.dropped_edges = 0;
    for (NodeId n : graph.nodes()) {
        for (EdgeId e : graph.out_edges(n)) {
            if (!keep[n] || !keep[graph.head[e]]) ++report.dropped_edges;
        }
    }
    return keep;
}

RoadGraph keep_largest_strong_component(const RoadGraph& graph, ComponentReport& report) {
    return induced_subgraph(graph, largest_strong_component(graph, report));
}

} // namespace revir::routing
