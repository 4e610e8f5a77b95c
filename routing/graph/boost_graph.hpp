#pragma once
// The road graph as a Boost.Graph compressed_sparse_row_graph, for the library's
// algorithms (strong components) and for the reference Dijkstra the tests use.
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "routing/graph/road_graph.hpp"

namespace revir::routing {

struct BoostEdgeProperties {
    TimeMs travel_time = 0;
};
/// Boost.Graph wants plain integers: a vertex is a NodeId's value, an edge an EdgeId's.
using BoostVertex = std::uint32_t;
using BoostGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, BoostEdgeProperties,
                                                      boost::no_property, BoostVertex, std::uint32_t>;

BoostGraph to_boost_graph(const RoadGraph& graph);

} // namespace revir::routing
