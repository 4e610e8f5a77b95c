#include "routing/ch_query.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace revir::routing {

namespace {

TimeMs add_times(TimeMs a, TimeMs b) { return a > kInfiniteTime - 1 - b ? kInfiniteTime - 1 : a + b; }
TimeMs whole_ms(double ms) { return static_cast<TimeMs>(std::llround(ms)); }

// Relaxes the upward edges of `r` (forward: the up graph; backward: the down
// graph) unless a higher node proves r's tentative time too large (stall on demand).
template <bool Forward>
void settle(const ContractionHierarchy& ch, ChSearchSpace& space, NodeId r) {
    const TimeMs t = space.time(r);
    const auto& stall_first = Forward ? ch.down_first : ch.up_first;
    const auto& stall_other = Forward ? ch.down_tail : ch.up_head;
    const auto& stall_time = Forward ? ch.down_time : ch.up_time;
    for (EdgeId e = stall_first[r]; e < stall_first[r + 1]; ++e) {
        const NodeId y = stall_other[e];
        if (space.reached(y) && add_times(space.time(y), stall_time[e]) < t) return;
    }
    const auto& first = Forward ? ch.up_first : ch.down_first;
    const auto& other = Forward ? ch.up_head : ch.down_tail;
    const auto& time = Forward ? ch.up_time : ch.down_time;
    const auto& length = Forward ? ch.up_length : ch.down_length;
    const auto& edge = Forward ? ch.up_edge : ch.down_edge;
    const double base_length = space.length(r);
    for (EdgeId e = first[r]; e < first[r + 1]; ++e) {
        space.relax(other[e], add_times(t, time[e]), base_length + length[e], r, edge[e]);
    }
}

} // namespace

ChSearchSpace::ChSearchSpace(NodeId n) : state_(n) {}

void ChSearchSpace::reset() {
    heap_.clear();
    touched_.clear();
    if (++round_ == 0) {
        for (auto& s : state_) s.stamp = 0;
        round_ = 1;
    }
}

void ChSearchSpace::relax(NodeId r, TimeMs time, double length, NodeId parent, EdgeId edge) {
    NodeState& s = state_[r];
    if (s.stamp == round_) {
        if (time >= s.time) return;
    } else {
        s.stamp = round_;
        touched_.push_back(r);
    }
    s.time = time;
    s.length = length;
    s.parent = parent;
    s.parent_edge = edge;
    heap_.emplace_back(time, r);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

TimeMs ChSearchSpace::min_time() {
    while (!heap_.empty() && heap_.front().first != state_[heap_.front().second].time) {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        heap_.pop_back();
    }
    return heap_.empty() ? kInfiniteTime : heap_.front().first;
}

NodeId ChSearchSpace::pop() {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const NodeId r = heap_.back().second;
    heap_.pop_back();
    // A node may be queued again with a smaller time after it was popped once;
    // popping it twice does no harm, the second relaxation finds nothing better.
    return r;
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(ch), forward_(ch.node_count()), backward_(ch.node_count()) {}

std::optional<ChResult> ChQuery::run(const std::vector<Leg>& sources, const std::vector<Leg>& targets, bool want_path) {
    forward_.reset();
    backward_.reset();
    for (const Leg& s : sources) forward_.relax(ch_.rank[s.node], whole_ms(s.time_ms), s.length_m, kNoNode, kNoEdge);
    for (const Leg& t : targets) backward_.relax(ch_.rank[t.node], whole_ms(t.time_ms), t.length_m, kNoNode, kNoEdge);
    TimeMs best = kInfiniteTime;
    NodeId meet = kNoNode;
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
            meet = r;
        }
        if (go_forward) {
            settle<true>(ch_, forward_, r);
        } else {
            settle<false>(ch_, backward_, r);
        }
    }
    if (meet == kNoNode) return std::nullopt;
    ChResult result;
    result.time_ms = best;
    result.length_m = forward_.length(meet) + backward_.length(meet);
    // Walk back to the seeds: the seed ranks tell which legs were used.
    NodeId r = meet;
    std::vector<EdgeId> forward_edges;
    while (forward_.parent(r) != kNoNode) {
        forward_edges.push_back(forward_.parent_edge(r));
        r = forward_.parent(r);
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (ch_.rank[sources[i].node] == r) result.source_leg = i;
    }
    r = meet;
    std::vector<EdgeId> backward_edges;
    while (backward_.parent(r) != kNoNode) {
        backward_edges.push_back(backward_.parent_edge(r));
        r = backward_.parent(r);
    }
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (ch_.rank[targets[i].node] == r) result.target_leg = i;
    }
    if (want_path) {
        for (auto it = forward_edges.rbegin(); it != forward_edges.rend(); ++it) ch_.unpack(*it, result.road_edges);
        for (EdgeId e : backward_edges) ch_.unpack(e, result.road_edges);
    }
    return result;
}

TimeMs ChQuery::time(NodeId from, NodeId to) {
    const auto r = run({Leg{from, 0, 0, kNoEdge}}, {Leg{to, 0, 0, kNoEdge}}, false);
    return r ? r->time_ms : kInfiniteTime;
}

Phast::Phast(const ContractionHierarchy& ch)
    : ch_(ch), upward_(ch.node_count()), by_rank_(ch.node_count()), by_node_(ch.node_count()) {}

const std::vector<TimeMs>& Phast::one_to_all(NodeId source) {
    upward_.reset();
    upward_.relax(ch_.rank[source], 0, 0, kNoNode, kNoEdge);
    while (upward_.min_time() != kInfiniteTime) {
        const NodeId r = upward_.pop();
        const TimeMs t = upward_.time(r);
        for (EdgeId e = ch_.up_first[r]; e < ch_.up_first[r + 1]; ++e) {
            upward_.relax(ch_.up_head[e], add_times(t, ch_.up_time[e]), 0, r, kNoEdge);
        }
    }
    std::fill(by_rank_.begin(), by_rank_.end(), kInfiniteTime);
    for (NodeId r : upward_.touched()) by_rank_[r] = upward_.time(r);
    // Down the ranks: every node's incoming downward edges come from higher ranks,
    // which are final by then.
    for (NodeId r = ch_.node_count(); r-- > 0;) {
        TimeMs best = by_rank_[r];
        for (EdgeId e = ch_.down_first[r]; e < ch_.down_first[r + 1]; ++e) {
            const TimeMs via = by_rank_[ch_.down_tail[e]];
            if (via != kInfiniteTime) best = std::min(best, add_times(via, ch_.down_time[e]));
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
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(sources.size(), 1)));
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::exception_ptr error;
    auto work = [&] {
        try {
            ChSearchSpace space(n);
            for (std::size_t i; (i = next.fetch_add(1)) < sources.size();) {
                space.reset();
                for (const Leg& s : sources[i]) space.relax(ch.rank[s.node], whole_ms(s.time_ms), s.length_m, kNoNode, kNoEdge);
                while (space.min_time() != kInfiniteTime) {
                    const NodeId r = space.pop();
                    settle<true>(ch, space, r);
                }
                ChMatrixEntry* row = matrix.data() + i * columns;
                for (NodeId r : space.touched()) {
                    const TimeMs t = space.time(r);
                    for (std::uint32_t k = bucket_first[r]; k < bucket_first[r + 1]; ++k) {
                        const auto& b = entries[k];
                        const TimeMs total = add_times(t, b.time);
                        if (total < row[b.target].time_ms) row[b.target] = {total, space.length(r) + b.length};
                    }
                }
            }
        } catch (...) {
            std::lock_guard lock(error_mutex);
            error = std::current_exception();
            next = sources.size();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return matrix;
}

} // namespace revir::routing
