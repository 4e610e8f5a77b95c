#include "routing/contraction_hierarchy.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <numeric>
#include <string>

#include "geo/error.hpp"
#include "routing/id_heap.hpp"

namespace revir::routing {

namespace {

struct DynamicEdge {
    NodeId other;
    TimeMs time;
    EdgeId id; // into ContractionHierarchy::edges
};
using Adjacency = std::vector<std::vector<DynamicEdge>>;

TimeMs add_times(TimeMs a, TimeMs b) { return a > kInfiniteTime - 1 - b ? kInfiniteTime - 1 : a + b; }

// Bounded Dijkstra that ignores one node: is there a path u → w no longer than
// the one through the node being contracted?
class WitnessSearch {
public:
    explicit WitnessSearch(NodeId n) : distance_(n), stamp_(n, 0), target_stamp_(n, 0), heap_(n) {}

    /// Stops once every target is settled, beyond `limit`, or after `max_settled` nodes.
    void run(const Adjacency& out, NodeId source, NodeId avoid, TimeMs limit, std::uint32_t max_settled,
             const std::vector<DynamicEdge>& targets) {
        ++round_;
        heap_.clear();
        std::size_t remaining = 0;
        for (const auto& t : targets) {
            if (t.other != source && target_stamp_[t.other] != round_) {
                target_stamp_[t.other] = round_;
                ++remaining;
            }
        }
        set(source, 0);
        std::uint32_t settled = 0;
        while (!heap_.empty() && remaining > 0) {
            const TimeMs d = heap_.min_key();
            if (d > limit || ++settled > max_settled) break;
            const NodeId x = heap_.pop();
            if (target_stamp_[x] == round_) {
                target_stamp_[x] = 0; // settled once
                --remaining;
            }
            for (const DynamicEdge& e : out[x]) {
                if (e.other == avoid) continue;
                const TimeMs nd = add_times(d, e.time);
                if (nd < distance(e.other)) set(e.other, nd);
            }
        }
    }
    TimeMs distance(NodeId x) const { return stamp_[x] == round_ ? distance_[x] : kInfiniteTime; }

private:
    void set(NodeId x, TimeMs d) {
        stamp_[x] = round_;
        distance_[x] = d;
        heap_.push_or_decrease(x, d);
    }
    std::vector<TimeMs> distance_;
    std::vector<std::uint32_t> stamp_;
    std::vector<std::uint32_t> target_stamp_;
    std::uint32_t round_ = 0;
    IdHeap heap_;
};

class Contractor {
public:
    Contractor(const RoadGraph& graph, const ChOptions& options, ContractionHierarchy& ch)
        : n_(graph.node_count()), options_(options), ch_(ch), out_(n_), in_(n_), witness_(n_), contracted_(n_, false),
          level_(n_, 0), deleted_neighbours_(n_, 0) {
        for (NodeId u = 0; u < n_; ++u) {
            for (EdgeId e = graph.first_out[u]; e < graph.first_out[u + 1]; ++e) {
                const NodeId v = graph.head[e];
                if (u == v) continue;
                const auto existing = std::find_if(out_[u].begin(), out_[u].end(), [v](const DynamicEdge& d) { return d.other == v; });
                if (existing != out_[u].end() && existing->time <= graph.travel_time[e]) continue;
                const EdgeId id = static_cast<EdgeId>(ch_.edges.size());
                ch_.edges.push_back({u, v, graph.travel_time[e], graph.length_m[e], kNoEdge, kNoEdge, e});
                if (existing != out_[u].end()) {
                    replace(u, v, graph.travel_time[e], id);
                } else {
                    out_[u].push_back({v, graph.travel_time[e], id});
                    in_[v].push_back({u, graph.travel_time[e], id});
                }
            }
        }
    }

    void run(Progress& progress) {
        progress.stage("contract: ordering " + std::to_string(n_) + " nodes");
        using Entry = std::pair<std::int64_t, NodeId>;
        std::vector<Entry> queue;
        queue.reserve(n_);
        for (NodeId v = 0; v < n_; ++v) {
            queue.emplace_back(priority(v), v);
            if ((v & 0x3fff) == 0) progress.update(v, n_);
        }
        std::make_heap(queue.begin(), queue.end(), std::greater<>());
        progress.finish();
        progress.stage("contract: contracting");
        ch_.rank.assign(n_, kNoNode);
        NodeId next_rank = 0;
        while (!queue.empty()) {
            std::pop_heap(queue.begin(), queue.end(), std::greater<>());
            const NodeId v = queue.back().second;
            queue.pop_back();
            if (contracted_[v]) continue;
            const std::int64_t p = priority(v);
            if (!queue.empty() && p > queue.front().first) { // lazy update: someone is cheaper now
                queue.emplace_back(p, v);
                std::push_heap(queue.begin(), queue.end(), std::greater<>());
                continue;
            }
            ch_.rank[v] = next_rank++;
            contract(v);
            for (NodeId x : neighbours_) {
                ++deleted_neighbours_[x];
                level_[x] = std::max(level_[x], level_[v] + 1);
                queue.emplace_back(priority(x), x);
                std::push_heap(queue.begin(), queue.end(), std::greater<>());
            }
            if ((next_rank & 0x3fff) == 0) progress.update(next_rank, n_);
        }
        progress.finish(std::to_string(ch_.edges.size() - original_edges()) + " shortcuts");
    }

    // Edges as they were when their lower end was contracted: upward out of it,
    // and upward into it.
    std::vector<std::pair<NodeId, DynamicEdge>> up_edges, down_edges;

private:
    std::size_t original_edges() const {
        return static_cast<std::size_t>(std::count_if(ch_.edges.begin(), ch_.edges.end(),
                                                      [](const ChEdge& e) { return e.road_edge != kNoEdge; }));
    }

    void replace(NodeId u, NodeId w, TimeMs time, EdgeId id) {
        for (auto& e : out_[u]) {
            if (e.other == w) e.time = time, e.id = id;
        }
        for (auto& e : in_[w]) {
            if (e.other == u) e.time = time, e.id = id;
        }
    }

    // Calls `shortcut(in edge, out edge, time)` for every pair that needs a shortcut.
    template <typename F>
    void for_each_needed_shortcut(NodeId v, std::uint32_t settle_limit, F shortcut) {
        TimeMs max_out = 0;
        for (const auto& b : out_[v]) max_out = std::max(max_out, b.time);
        for (const auto& a : in_[v]) {
            witness_.run(out_, a.other, v, add_times(a.time, max_out), settle_limit, out_[v]);
            for (const auto& b : out_[v]) {
                if (b.other == a.other) continue;
                const TimeMs via = add_times(a.time, b.time);
                if (witness_.distance(b.other) > via) shortcut(a, b, via);
            }
        }
    }

    std::int64_t priority(NodeId v) {
        std::int64_t shortcuts = 0;
        for_each_needed_shortcut(v, options_.simulation_settle_limit,
                                 [&](const DynamicEdge&, const DynamicEdge&, TimeMs) { ++shortcuts; });
        const std::int64_t removed = static_cast<std::int64_t>(in_[v].size() + out_[v].size());
        // Weights chosen on DIMACS New York: the edge difference dominates.
        return 6 * (shortcuts - removed) + deleted_neighbours_[v] + level_[v];
    }

    void contract(NodeId v) {
        for (const auto& b : out_[v]) up_edges.emplace_back(v, b);
        for (const auto& a : in_[v]) down_edges.emplace_back(v, a);
        std::vector<std::tuple<NodeId, NodeId, TimeMs, EdgeId, EdgeId>> shortcuts;
        for_each_needed_shortcut(v, options_.witness_settle_limit, [&](const DynamicEdge& a, const DynamicEdge& b, TimeMs via) {
            shortcuts.emplace_back(a.other, b.other, via, a.id, b.id);
        });
        neighbours_.clear();
        for (const auto& a : in_[v]) {
            auto& list = out_[a.other];
            list.erase(std::remove_if(list.begin(), list.end(), [v](const DynamicEdge& e) { return e.other == v; }), list.end());
            neighbours_.push_back(a.other);
        }
        for (const auto& b : out_[v]) {
            auto& list = in_[b.other];
            list.erase(std::remove_if(list.begin(), list.end(), [v](const DynamicEdge& e) { return e.other == v; }), list.end());
            neighbours_.push_back(b.other);
        }
        std::sort(neighbours_.begin(), neighbours_.end());
        neighbours_.erase(std::unique(neighbours_.begin(), neighbours_.end()), neighbours_.end());
        for (const auto& [u, w, time, first, second] : shortcuts) {
            const auto existing = std::find_if(out_[u].begin(), out_[u].end(), [w = w](const DynamicEdge& d) { return d.other == w; });
            if (existing != out_[u].end() && existing->time <= time) continue;
            const EdgeId id = static_cast<EdgeId>(ch_.edges.size());
            ch_.edges.push_back({u, w, time, ch_.edges[first].length_m + ch_.edges[second].length_m, first, second, kNoEdge});
            if (existing != out_[u].end()) {
                replace(u, w, time, id);
            } else {
                out_[u].push_back({w, time, id});
                in_[w].push_back({u, time, id});
            }
        }
        contracted_[v] = true;
        std::vector<DynamicEdge>().swap(out_[v]);
        std::vector<DynamicEdge>().swap(in_[v]);
    }

    NodeId n_;
    const ChOptions& options_;
    ContractionHierarchy& ch_;
    Adjacency out_, in_;
    WitnessSearch witness_;
    std::vector<bool> contracted_;
    std::vector<std::int32_t> level_;
    std::vector<std::int32_t> deleted_neighbours_;
    std::vector<NodeId> neighbours_;
};

// CSR by the lower end's rank.
void build_csr(const std::vector<std::pair<NodeId, DynamicEdge>>& list, const ContractionHierarchy& ch, NodeId n,
               std::vector<EdgeId>& first, std::vector<ChArc>& arcs) {
    first.assign(n + 1, 0);
    for (const auto& [v, e] : list) ++first[ch.rank[v] + 1];
    std::partial_sum(first.begin(), first.end(), first.begin());
    arcs.resize(list.size());
    std::vector<EdgeId> fill(first.begin(), first.end() - 1);
    for (const auto& [v, e] : list) arcs[fill[ch.rank[v]]++] = {ch.rank[e.other], e.time, ch.edges[e.id].length_m, e.id};
}

} // namespace

std::size_t ContractionHierarchy::shortcut_count() const {
    return static_cast<std::size_t>(std::count_if(edges.begin(), edges.end(), [](const ChEdge& e) { return e.road_edge == kNoEdge; }));
}

void ContractionHierarchy::unpack(EdgeId e, std::vector<EdgeId>& road_edges) const {
    // Iterative, to stay safe on deep shortcut chains.
    std::vector<EdgeId> stack{e};
    while (!stack.empty()) {
        const EdgeId x = stack.back();
        stack.pop_back();
        if (edges[x].road_edge != kNoEdge) {
            road_edges.push_back(edges[x].road_edge);
        } else {
            stack.push_back(edges[x].second);
            stack.push_back(edges[x].first);
        }
    }
}

void ContractionHierarchy::validate(const RoadGraph& graph) const {
    const auto fail = [](const std::string& what) { throw FileFormatError("inconsistent contraction hierarchy: " + what); };
    const std::size_t n = graph.node_count();
    if (rank.size() != n || node_at_rank.size() != n) fail("node arrays do not match the graph");
    for (NodeId v = 0; v < n; ++v) {
        if (rank[v] >= n || node_at_rank[rank[v]] != v) fail("ranks are not a permutation");
    }
    const auto check = [&](const std::vector<EdgeId>& first, const std::vector<ChArc>& arcs, const char* name) {
        if (first.size() != n + 1 || first.back() != arcs.size()) fail(std::string(name) + " sizes");
        for (std::size_t r = 0; r < n; ++r) {
            if (first[r] > first[r + 1]) fail(std::string(name) + " index not sorted");
            for (EdgeId e = first[r]; e < first[r + 1]; ++e) {
                if (arcs[e].other <= r || arcs[e].other >= n) fail(std::string(name) + " arc does not lead upwards");
                if (arcs[e].edge >= edges.size()) fail(std::string(name) + " edge id out of range");
            }
        }
    };
    check(up_first, up, "upward graph");
    check(down_first, down, "downward graph");
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const ChEdge& c = edges[e];
        const bool road = c.road_edge != kNoEdge;
        if (road ? c.road_edge >= graph.edge_count() : (c.first >= e || c.second >= e)) {
            fail("edge " + std::to_string(e) + " refers to a missing edge");
        }
    }
}

ContractionHierarchy build_contraction_hierarchy(const RoadGraph& graph, Progress& progress, const ChOptions& options) {
    ContractionHierarchy ch;
    Contractor contractor(graph, options, ch);
    contractor.run(progress);
    const NodeId n = graph.node_count();
    ch.node_at_rank.resize(n);
    for (NodeId v = 0; v < n; ++v) ch.node_at_rank[ch.rank[v]] = v;
    build_csr(contractor.up_edges, ch, n, ch.up_first, ch.up);
    build_csr(contractor.down_edges, ch, n, ch.down_first, ch.down);
    return ch;
}

} // namespace revir::routing
