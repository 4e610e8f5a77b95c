#pragma once
// The obviously right reference for shortest paths: Boost.Graph's
// dijkstra_shortest_paths over the same road graph. Tests compare Revir's own
// searches with it; benchmarks print it for scale.
#include <vector>

#include "routing/graph/boost_graph.hpp"

namespace revir::routing {

class ReferenceDijkstra {
public:
    explicit ReferenceDijkstra(const RoadGraph& graph);
    /// Travel time from `source` to every node; kInfiniteTime where unreachable.
    NodeTimes one_to_all(NodeId source) const;

private:
    BoostGraph graph_;
};

} // namespace revir::routing
