#include "routing/ch_query.hpp"

#include "routing/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace revir::routing {

namespace {

TimeMs add_times(TimeMs a, TimeMs b) { return a > kInfiniteTime - 1 - b ? kInfiniteTime - 1 : a + b; }
TimeMs whole_ms(double ms) { return static_cast<TimeMs>(std::llround(ms)); }

// Relaxes the upward arcs of `r` (forward: the up graph; backward: the down
// graph) unless a higher node proves r's tentative time too large (stall on demand).
template <bool Forward>
void settle(const ContractionHierarchy& ch, ChSearchSpace& space, NodeId r) {
    const TimeMs t = space.time(r);
    const auto& stall_first = Forward ? ch.down_first : ch.up_first;
    const auto& stall = Forward ? ch.down : ch.up;
    for (EdgeId e = stall_first[r]; e < stall_first[r + 1]; ++e) {
        if (add_times(space.time(stall[e].other), stall[e].time) < t) return;
    }
    const auto& first = Forward ? ch.up_first : ch.down_first;
    const auto& arcs = Forward ? ch.up : ch.down;
    // Lengths are only read when the search keeps paths: a time-only search never
    // touches the cold part of its state.
    const double base_length = space.keeps_paths() ? space.length(r) : 0.0;
    for (EdgeId e = first[r]; e < first[r + 1]; ++e) {
        const ChArc& a = arcs[e];
        space.relax(a.other, add_times(t, a.time), base_length + a.length_m, r, a.edge);
    }
}

} // namespace

ChSearchSpace::ChSearchSpace(NodeId n) : hot_(n), cold_(n), heap_(n) {}

void ChSearchSpace::reset(bool keep_paths) {
    keep_paths_ = keep_paths;
    heap_.clear();
    touched_.clear();
    if (++round_ == 0) {
        for (auto& h : hot_) h.stamp = 0;
        round_ = 1;
    }
}

void ChSearchSpace::relax(NodeId r, TimeMs time, double length, NodeId parent, EdgeId edge) {
    Hot& h = hot_[r];
    if (h.stamp == round_) {
        if (time >= h.time) return;
    } else {
        h.stamp = round_;
        touched_.push_back(r);
    }
    h.time = time;
    if (keep_paths_) cold_[r] = {length, parent, edge};
    heap_.push_or_decrease(r, time);
}

NodeId ChSearchSpace::pop() { return heap_.pop(); }

NodeId ChSearchSpace::walk_to_seed(NodeId r, std::vector<EdgeId>& edges) const {
    for (; parent(r) != kNoNode; r = parent(r)) edges.push_back(parent_edge(r));
    return r;
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(ch), forward_(ch.node_count()), backward_(ch.node_count()) {}

NodeId ChQuery::meet(TimeMs& best) {
    best = kInfiniteTime;
    NodeId meeting = kNoNode;
    for (;;) {
        const TimeMs f = forward_.min_time();
        const TimeMs b = backward_.min_time();
        if (std::min(f, b) >= best) break;
        const bool go_forward = f <= b;
        ChSearchSpace& space = go_forward ? forward_ : backward_;
        const ChSearchSpace& opposite = go_forward ? backward_ : forward_;
        const NodeId r = space.pop();
        if (opposite.reached(r) && add_times(space.time(r), opposite.time(r)) < best) {
            best = add_times(space.time(r), opposite.time(r));
            meeting = r;
        }
        if (go_forward) {
            settle<true>(ch_, forward_, r);
        } else {
            settle<false>(ch_, backward_, r);
        }
    }
    return meeting;
}

std::optional<ChResult> ChQuery::run(const std::vector<Leg>& sources, const std::vector<Leg>& targets, bool want_path) {
    forward_.reset();
    backward_.reset();
    for (const Leg& s : sources) forward_.relax(ch_.rank[s.node], whole_ms(s.time_ms), s.length_m, kNoNode, kNoEdge);
    for (const Leg& t : targets) backward_.relax(ch_.rank[t.node], whole_ms(t.time_ms), t.length_m, kNoNode, kNoEdge);
    TimeMs best = kInfiniteTime;
    const NodeId meet = this->meet(best);
    if (meet == kNoNode) return std::nullopt;
    ChResult result;
    result.time_ms = best;
    result.length_m = forward_.length(meet) + backward_.length(meet);
    // Walk back to the seeds: the seed ranks tell which legs were used.
    std::vector<EdgeId> forward_edges, backward_edges;
    const NodeId source_seed = forward_.walk_to_seed(meet, forward_edges);
    const NodeId target_seed = backward_.walk_to_seed(meet, backward_edges);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (ch_.rank[sources[i].node] == source_seed) result.source_leg = i;
    }
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (ch_.rank[targets[i].node] == target_seed) result.target_leg = i;
    }
    if (want_path) {
        for (auto it = forward_edges.rbegin(); it != forward_edges.rend(); ++it) ch_.unpack(*it, result.road_edges);
        for (EdgeId e : backward_edges) ch_.unpack(e, result.road_edges);
    }
    return result;
}

TimeMs ChQuery::time(NodeId from, NodeId to) {
    forward_.reset(false);
    backward_.reset(false);
    forward_.relax(ch_.rank[from], 0, 0, kNoNode, kNoEdge);
    backward_.relax(ch_.rank[to], 0, 0, kNoNode, kNoEdge);
    TimeMs best = kInfiniteTime;
    meet(best);
    return best;
}

Phast::Phast(const ContractionHierarchy& ch)
    : ch_(ch), upward_(ch.node_count()), by_rank_(ch.node_count()), by_node_(ch.node_count()) {}

const std::vector<TimeMs>& Phast::one_to_all(NodeId source) { return one_to_all({Leg{source, 0, 0, kNoEdge}}); }

const std::vector<TimeMs>& Phast::one_to_all(const std::vector<Leg>& sources) {
    upward_.reset(false);
    for (const Leg& s : sources) upward_.relax(ch_.rank[s.node], whole_ms(s.time_ms), 0, kNoNode, kNoEdge);
    while (upward_.min_time() != kInfiniteTime) {
        const NodeId r = upward_.pop();
        const TimeMs t = upward_.time(r);
        for (EdgeId e = ch_.up_first[r]; e < ch_.up_first[r + 1]; ++e) {
            upward_.relax(ch_.up[e].other, add_times(t, ch_.up[e].time), 0, r, kNoEdge);
        }
    }
    std::fill(by_rank_.begin(), by_rank_.end(), kInfiniteTime);
    for (NodeId r : upward_.touched()) by_rank_[r] = upward_.time(r);
    // Down the ranks: every node's incoming downward edges come from higher ranks,
    // which are final by then.
    for (NodeId r = ch_.node_count(); r-- > 0;) {
        TimeMs best = by_rank_[r];
        for (EdgeId e = ch_.down_first[r]; e < ch_.down_first[r + 1]; ++e) {
            const TimeMs via = by_rank_[ch_.down[e].other];
            if (via != kInfiniteTime) best = std::min(best, add_times(via, ch_.down[e].time));
        }
        by_rank_[r] = best;
    }
    for (NodeId r = 0; r < ch_.node_count(); ++r) by_node_[ch_.node_at_rank[r]] = by_rank_[r];
    return by_node_;
}

std::vector<ChMatrixEntry> ch_many_to_many(const ContractionHierarchy& ch, const std::vector<std::vector<Leg>>& sources,
                                           const std::vector<std::vector<Leg>>& targets, unsigned threads) {
    const NodeId n = ch.node_count();
    // Backward searches fill the buckets: (rank, target, time, length).
    struct BucketEntry {
        NodeId rank;
        std::uint32_t target;
        TimeMs time;
        double length;
    };
    std::vector<BucketEntry> entries;
    {
        ChSearchSpace space(n);
        for (std::uint32_t j = 0; j < targets.size(); ++j) {
            space.reset();
            for (const Leg& t : targets[j]) space.relax(ch.rank[t.node], whole_ms(t.time_ms), t.length_m, kNoNode, kNoEdge);
            while (space.min_time() != kInfiniteTime) {
                const NodeId r = space.pop();
                settle<false>(ch, space, r);
            }
            for (NodeId r : space.touched()) entries.push_back({r, j, space.time(r), space.length(r)});
        }
    }
    std::sort(entries.begin(), entries.end(), [](const BucketEntry& a, const BucketEntry& b) { return a.rank < b.rank; });
    std::vector<std::uint32_t> bucket_first(n + 1, 0);
    for (const auto& e : entries) ++bucket_first[e.rank + 1];
    for (NodeId r = 0; r < n; ++r) bucket_first[r + 1] += bucket_first[r];

    const std::size_t columns = targets.size();
    std::vector<ChMatrixEntry> matrix(sources.size() * columns);
    parallel_for(
        sources.size(), threads, [n] { return ChSearchSpace(n); },
        [&](ChSearchSpace& space, std::size_t i) {
            space.reset();
            for (const Leg& s : sources[i]) space.relax(ch.rank[s.node], whole_ms(s.time_ms), s.length_m, kNoNode, kNoEdge);
            while (space.min_time() != kInfiniteTime) settle<true>(ch, space, space.pop());
            ChMatrixEntry* row = matrix.data() + i * columns;
            for (NodeId r : space.touched()) {
                const TimeMs t = space.time(r);
                for (std::uint32_t k = bucket_first[r]; k < bucket_first[r + 1]; ++k) {
                    const auto& b = entries[k];
                    const TimeMs total = add_times(t, b.time);
                    if (total < row[b.target].time_ms) row[b.target] = {total, space.length(r) + b.length};
                }
            }
        });
    return matrix;
}

} // namespace revir::routing
