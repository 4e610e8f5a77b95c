#pragma once
// A contraction hierarchy over the road graph: nodes are contracted in order of
// importance (level, and the arcs and road edges that shortcuts add against
// those removed; neighbours re-rated eagerly after each contraction), bounded witness searches decide which shortcuts are needed, and
// every shortcut remembers the two edges it replaces so that paths unpack to
// road edges. Queries then only search upwards: from the source in the upward
// graph, from the target in the downward graph (stored reversed, as upward
// edges into each node).
#include <cstdint>
#include <vector>

#include "geo/core/progress.hpp"
#include "routing/graph/road_graph.hpp"

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

/// An arc of a search graph: the other end (a rank) and the time. Eight bytes,
/// all that a time-only search reads, so that a node's arcs share a cache line.
struct ChArc {
    NodeId other;
    TimeMs time;
    bool operator==(const ChArc&) const = default;
};

/// What a search that keeps paths also reads of an arc, in an array parallel to
/// the arcs: its length and the hierarchy edge it stands for.
struct ChArcPath {
    float length_m;
    EdgeId edge; // into ContractionHierarchy::edges
    bool operator==(const ChArcPath&) const = default;
};

/// Where a rank's upward and downward arcs begin; both in one load.
struct ChArcBegin {
    EdgeId up;
    EdgeId down;
    bool operator==(const ChArcBegin&) const = default;
};

struct ChOptions {
    /// Settled nodes after which a witness search gives up (then a shortcut is
    /// added, which is never wrong, only larger). Searches also stop once every
    /// neighbour is settled. The simulation limit is for rating a node: measured on
    /// DIMACS New York (one thread), 20 / 50 / 100 give search spaces of 190 / 178
    /// / 169 nodes and builds of 7.2 / 9.1 / 11.4 s.
    std::uint32_t witness_settle_limit = 1000;
    std::uint32_t simulation_settle_limit = 50;
    /// Threads for witness searches (0: every usable CPU); the hierarchy is the same for any.
    unsigned threads = 0;
};

struct ContractionHierarchy {
    /// rank[road node] (0 = contracted first); search graphs are indexed by rank.
    std::vector<NodeId> rank;
    std::vector<NodeId> node_at_rank;
    /// Where each rank's arcs begin (node_count() + 1 entries; rank r's upward
    /// arcs are up[first[r].up, first[r + 1].up), likewise downward).
    std::vector<ChArcBegin> first;
    /// Upward arcs out of each rank: to higher ranks (`other` is the head).
    std::vector<ChArc> up;
    std::vector<ChArcPath> up_path;
    /// Arcs into each rank from higher ranks (x → r), stored at r (`other` is x).
    std::vector<ChArc> down;
    std::vector<ChArcPath> down_path;
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
