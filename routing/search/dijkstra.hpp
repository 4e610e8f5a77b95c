#pragma once
// Plain Dijkstra over the road graph as a reusable query object: it owns its
// arrays, and a timestamp per node makes the reset between queries O(1). Several
// sources with start offsets let a query start from a point inside an edge.
#include <cstdint>
#include <vector>

#include "routing/search/id_heap.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::routing {

class Dijkstra {
public:
    explicit Dijkstra(const RoadGraph& graph);

    /// Forgets the previous query (O(1)).
    void reset();
    /// Adds a source reached at `time` after having driven `length_m`.
    void add_source(NodeId node, TimeMs time, double length_m);

    /// Settles the next node and returns it, or kNoNode when the queue is empty.
    NodeId settle_next();
    /// Time of the next node to settle (kInfiniteTime when the queue is empty).
    TimeMs next_time();
    /// Runs until every node is settled.
    void run_to_completion();
    /// Runs until `target` is settled (or is unreachable).
    void run_until_settled(NodeId target);

    bool reached(NodeId n) const { return stamp_[n] == current_; }
    TimeMs time(NodeId n) const { return reached(n) ? time_[n] : kInfiniteTime; }
    /// Length of the fastest path found so far (metres).
    double length_m(NodeId n) const { return length_[n]; }
    bool settled(NodeId n) const { return reached(n) && settled_[n]; }
    /// The edge by which `n` was reached (kNoEdge for a source).
    EdgeId parent_edge(NodeId n) const { return parent_edge_[n]; }
    NodeId parent_node(NodeId n) const { return parent_node_[n]; }

    /// Edges from a source to `n`, in driving order.
    std::vector<EdgeId> path_edges(NodeId n) const;

private:
    void relax(NodeId n, TimeMs time, double length, NodeId parent, EdgeId edge);

    const RoadGraph& graph_;
    std::uint32_t current_ = 0;
    IndexVector<NodeId, std::uint32_t> stamp_;
    IndexVector<NodeId, TimeMs> time_;
    IndexVector<NodeId, double> length_;
    IndexVector<NodeId, NodeId> parent_node_;
    IndexVector<NodeId, EdgeId> parent_edge_;
    IndexVector<NodeId, bool> settled_;
    IdHeap queue_;
};

} // namespace revir::routing
