#include "routing/search/dijkstra.hpp"

#include <algorithm>

namespace revir::routing {

Dijkstra::Dijkstra(const RoadGraph& graph)
    : graph_(graph), stamp_(graph.node_count(), 0), time_(graph.node_count()), length_(graph.node_count()),
      parent_node_(graph.node_count()), parent_edge_(graph.node_count()), settled_(graph.node_count()),
      queue_(graph.node_count()) {}

void Dijkstra::reset() {
    queue_.clear();
    if (++current_ == 0) { // wrapped around after 2^32 queries: clear the stamps once
        std::fill(stamp_.begin(), stamp_.end(), 0);
        current_ = 1;
    }
}

void Dijkstra::relax(NodeId n, TimeMs time, double length, NodeId parent, EdgeId edge) {
    if (reached(n)) {
        if (settled_[n] || time >= time_[n]) return;
    } else {
        stamp_[n] = current_;
        settled_[n] = false;
    }
    time_[n] = time;
    length_[n] = length;
    parent_node_[n] = parent;
    parent_edge_[n] = edge;
    queue_.push_or_decrease(n, time);
}

void Dijkstra::add_source(NodeId node, TimeMs time, double length_m) { relax(node, time, length_m, kNoNode, kNoEdge); }

TimeMs Dijkstra::next_time() { return queue_.min_key(); }

NodeId Dijkstra::settle_next() {
    if (queue_.empty()) return kNoNode;
    const NodeId n = queue_.pop();
    settled_[n] = true;
    const TimeMs base = time_[n];
    const double base_length = length_[n];
    for (EdgeId e : graph_.out_edges(n)) {
        relax(graph_.head[e], add_times(base, graph_.travel_time[e]), base_length + graph_.length_m[e], n, e);
    }
    return n;
}

void Dijkstra::run_to_completion() {
    while (settle_next() != kNoNode) {
    }
}

void Dijkstra::run_until_settled(NodeId target) {
    while (!settled(target) && settle_next() != kNoNode) {
    }
}

std::vector<EdgeId> Dijkstra::path_edges(NodeId n) const {
    std::vector<EdgeId> edges;
    if (!reached(n)) return edges;
    for (NodeId v = n; parent_edge_[v] != kNoEdge; v = parent_node_[v]) edges.push_back(parent_edge_[v]);
    std::reverse(edges.begin(), edges.end());
    return edges;
}

} // namespace revir::routing
