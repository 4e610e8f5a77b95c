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

struct ChRankTag {};
struct ChEdgeTag {};

/// A node's place in the contraction order (0 = contracted first); the search
/// graphs and their search state are indexed by rank, not by road node.
using ChRank = StrongIndex<ChRankTag>;
/// An edge of the hierarchy (into ContractionHierarchy::edges): a road edge's
/// copy or a shortcut, a space of its own beside the road graph's EdgeId.
using ChEdgeId = StrongIndex<ChEdgeTag>;

inline constexpr ChRank kNoRank = ChRank::none();
inline constexpr ChEdgeId kNoChEdge = ChEdgeId::none();

/// The rank after `r`: where r's arcs end (first[next_rank(r)]).
constexpr ChRank next_rank(ChRank r) { return ChRank(r.value() + 1); }

/// An edge of the hierarchy: a road edge or a shortcut of two hierarchy edges.
struct ChEdge {
    NodeId tail;
    NodeId head;
    TimeMs time;
    float length_m;
    ChEdgeId first = kNoChEdge;  // shortcut: the hierarchy edges tail → middle …
    ChEdgeId second = kNoChEdge; // … and middle → head
    EdgeId road_edge = kNoEdge;  // a road edge: its id in the road graph
};

/// An arc of a search graph: the other end and the time. Eight bytes, all that
/// a time-only search reads, so that a node's arcs share a cache line.
struct ChArc {
    ChRank other;
    TimeMs time;
    bool operator==(const ChArc&) const = default;
};

/// What a search that keeps paths also reads of an arc, in an array parallel to
/// the arcs: its length and the hierarchy edge it stands for.
struct ChArcPath {
    float length_m;
    ChEdgeId edge;
    bool operator==(const ChArcPath&) const = default;
};

/// Where a rank's upward and downward arcs begin (positions in up and down);
/// both in one load.
struct ChArcBegin {
    std::uint32_t up;
    std::uint32_t down;
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
    /// rank[road node], and back; search graphs are indexed by rank.
    IndexVector<NodeId, ChRank> rank;
    IndexVector<ChRank, NodeId> node_at_rank;
    /// Where each rank's arcs begin (node_count() + 1 entries; rank r's upward
    /// arcs are up[first[r].up, first[next_rank(r)].up), likewise downward).
    IndexVector<ChRank, ChArcBegin> first;
    /// Upward arcs out of each rank: to higher ranks (`other` is the head).
    std::vector<ChArc> up;
    std::vector<ChArcPath> up_path;
    /// Arcs into each rank from higher ranks (x → r), stored at r (`other` is x).
    std::vector<ChArc> down;
    std::vector<ChArcPath> down_path;
    IndexVector<ChEdgeId, ChEdge> edges; // tails and heads are road node ids

    std::uint32_t node_count() const { return static_cast<std::uint32_t>(rank.size()); }
    /// Every rank, lowest first.
    IndexRange<ChRank> ranks() const { return node_at_rank.indices(); }
    std::size_t shortcut_count() const;
    /// Appends the road edges that hierarchy edge `e` stands for, in driving order.
    void unpack(ChEdgeId e, std::vector<EdgeId>& road_edges) const;
    /// Throws FileFormatError unless the arrays fit each other and `graph`.
    void validate(const RoadGraph& graph) const;
};

ContractionHierarchy build_contraction_hierarchy(const RoadGraph& graph, Progress& progress,
                                                 const ChOptions& options = {});

} // namespace revir::routing
