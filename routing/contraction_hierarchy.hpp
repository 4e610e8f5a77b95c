#pragma once
// A contraction hierarchy over the road graph: nodes are contracted in order of
// importance (edge difference, contracted neighbours and level, with lazy
// updates), bounded witness searches decide which shortcuts are needed, and
// every shortcut remembers the two edges it replaces so that paths unpack to
// road edges. Queries then only search upwards: from the source in the upward
// graph, from the target in the downward graph (stored reversed, as upward
// edges into each node).
#include <cstdint>
#include <vector>

#include "routing/progress.hpp"
#include "routing/road_graph.hpp"

namespace revir::routing {

/// An edge of the hierarchy: a road edge or a shortcut of two hierarchy edges.
struct ChEdge {
    NodeId tail;
    NodeId head;
    TimeMs time;
    float length_m;
    EdgeId first = kNoEdge;  // shortcut: the hierarchy edges tail → middle …
    EdgeId second = kNoEdge; // … and middle → head
    EdgeId road_edge = kNoEdge; // a road edge: its id in the road graph
};

struct ChOptions {
    /// Settled nodes after which a witness search gives up (then a shortcut is
    /// added, which is never wrong, only larger).
    std::uint32_t witness_settle_limit = 500;
    std::uint32_t simulation_settle_limit = 60;
};

struct ContractionHierarchy {
    /// rank[road node] (0 = contracted first); search graphs are indexed by rank.
    std::vector<NodeId> rank;
    std::vector<NodeId> node_at_rank;
    /// Upward edges out of each rank: to higher ranks.
    std::vector<EdgeId> up_first;
    std::vector<NodeId> up_head;
    std::vector<TimeMs> up_time;
    std::vector<float> up_length;
    std::vector<EdgeId> up_edge; // into `edges`
    /// Upward edges into each rank from higher ranks (x → r), stored at r.
    std::vector<EdgeId> down_first;
    std::vector<NodeId> down_tail;
    std::vector<TimeMs> down_time;
    std::vector<float> down_length;
    std::vector<EdgeId> down_edge;
    std::vector<ChEdge> edges; // tails and heads are road node ids

    NodeId node_count() const { return static_cast<NodeId>(rank.size()); }
    std::size_t shortcut_count() const;
    /// Appends the road edges that hierarchy edge `e` stands for, in driving order.
    void unpack(EdgeId e, std::vector<EdgeId>& road_edges) const;
    /// Throws FileFormatError unless the arrays fit each other and `graph`.
    void validate(const RoadGraph& graph) const;
};

ContractionHierarchy build_contraction_hierarchy(const RoadGraph& graph, Progress& progress,
                                                 const ChOptions& options = {});

} // namespace revir::routing
