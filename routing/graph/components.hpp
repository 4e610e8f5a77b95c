#pragma once
// Strongly connected components: a car must be able to get from every kept node
// to every other, so the importer keeps the largest component only.
#include <cstdint>
#include <vector>

#include "routing/graph/road_graph.hpp"

namespace revir::routing {

struct ComponentReport {
    std::uint32_t components = 0;
    std::uint32_t kept_nodes = 0;
    std::uint32_t dropped_nodes = 0;
    std::uint32_t dropped_edges = 0;
};

/// Marks the nodes of the largest strongly connected component.
IndexVector<NodeId, bool> largest_strong_component(const RoadGraph& graph, ComponentReport& report);

/// The graph restricted to its largest strongly connected component.
RoadGraph keep_largest_strong_component(const RoadGraph& graph, ComponentReport& report);

} // namespace revir::routing
