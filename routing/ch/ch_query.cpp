#include "routing/ch/ch_query.hpp"

#include "geo/core/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace revir::routing {

namespace {

// Memory latency, not arithmetic, bounds a query (on DIMACS New York a query
// whose data is already in cache takes a fifth of the time), so the data a
// search will need next is asked for early: a node's arcs when it comes to the
// top of the queue, and in a point-to-point query its arc index and its state
// in the other direction whenever its time improves.
enum class Reads { kUpAndDown, kUpOnly }; // which arcs of a settled node a search reads

NodeId pop_and_prefetch(const ContractionHierarchy& ch, ChSearchSpace& space, Reads reads = Reads::kUpAndDown) {
    const NodeId r = space.pop();
    if (space.min_time() != kInfiniteTime) {
        const ChArcBegin& begin = ch.first[space.peek()];
        __builtin_prefetch(ch.up.data() + begin.up);
        if (reads == Reads::kUpAndDown) __builtin_prefetch(ch.down.data() + begin.down);
    }
    return r;
}

// Relaxes the upward arcs of `r` (forward: the up graph; backward: the down
// graph) unless a higher node proves r's tentative time too large (stall on
// demand). `opposite`: the other direction's search of a point-to-point query;
// for every node whose time improves, its arc index and its state there (read
// by the meeting test when it is popped) are prefetched.
template <bool Forward>
void settle(const ContractionHierarchy& ch, ChSearchSpace& space, NodeId r, const ChSearchSpace* opposite = nullptr) {
    const TimeMs t = space.time(r);
    const ChArcBegin begin = ch.first[r];
    const ChArcBegin end = ch.first[r + 1];
    const ChArc* stall = Forward ? ch.down.data() : ch.up.data();
    for (EdgeId e = Forward ? begin.down : begin.up, last = Forward ? end.down : end.up; e < last; ++e) {
        if (add_times(space.time(stall[e].other), stall[e].time) < t) return;
    }
    const ChArc* arcs = Forward ? ch.up.data() : ch.down.data();
    const EdgeId from = Forward ? begin.up : begin.down, to = Forward ? end.up : end.down;
    const auto improved = [&](NodeId x) {
        if (opposite == nullptr) return;
        __builtin_prefetch(ch.first.data() + x);
        opposite->prefetch_state(x);
    };
    if (space.keeps_paths()) {
        const ChArcPath* paths = Forward ? ch.up_path.data() : ch.down_path.data();
        const double base_length = space.length(r);
        for (EdgeId e = from; e < to; ++e) {
            if (space.relax(arcs[e].other, add_times(t, arcs[e].time), base_length + paths[e].length_m, r, paths[e].edge)) {
                improved(arcs[e].other);
            }
        }
    } else {
        // A time-only search reads neither path data nor the cold part of its state.
        for (EdgeId e = from; e < to; ++e) {
            if (space.relax(arcs[e].other, add_times(t, arcs[e].time), 0, r, kNoEdge)) improved(arcs[e].other);
        }
    }
}

} // namespace

ChSearchSpace::ChSearchSpace(NodeId n) : heap_(n), cold_(n) {}

void ChSearchSpace::reset(bool keep_paths) {
    keep_paths_ = keep_paths;
    heap_.clear();
    for (NodeId r : touched_) heap_.slot(r).time = kInfiniteTime;
    touched_.clear();
}

bool ChSearchSpace::relax(NodeId r, TimeMs time, double length, NodeId parent, EdgeId edge) {
    Hot& h = heap_.slot(r);
    if (time >= h.time) return false; // (also an unreachable time)
    const bool first_reached = h.time == kInfiniteTime;
    h.time = time;
    if (keep_paths_) cold_[r] = {length, parent, edge};
    if (first_reached) {
        touched_.push_back(r);
        heap_.push(r, time);
    } else {
        heap_.push_or_decrease(r, time);
    }
    return true;
}

NodeId ChSearchSpace::pop() { return heap_.pop(); }

NodeId ChSearchSpace::walk_to_seed(NodeId r, std::vector<EdgeId>& edges) const {
    for (; parent(r) != kNoNode; r = parent(r)) edges.push_back(parent_edge(r));
    return r;
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(ch), forward_(ch.node_count()), backward_(ch.node_count()) {}

namespace {

// One step of one direction: pops its smallest, checks it against the other
// direction's time there and settles it.
template <bool Forward>
void step(const ContractionHierarchy& ch, ChSearchSpace& space, const ChSearchSpace& opposite, TimeMs& best,
          NodeId& meeting) {
    const NodeId r = pop_and_prefetch(ch, space);
    if (opposite.reached(r) && add_times(space.time(r), opposite.time(r)) < best) {
        best = add_times(space.time(r), opposite.time(r));
        meeting = r;
    }
    settle<Forward>(ch, space, r, &opposite);
}

} // namespace

NodeId ChQuery::meet(TimeMs& best) {
    best = kInfiniteTime;
    NodeId meeting = kNoNode;
    // The directions take turns; each stops once its smallest time reaches the
    // best meeting found.
    for (;;) {
        const bool forward = forward_.min_time() < best;
        if (forward) step<true>(ch_, forward_, backward_, best, meeting);
        const bool backward = backward_.min_time() < best;
        if (backward) step<false>(ch_, backward_, forward_, best, meeting);
        if (!forward && !backward) break;
    }
    return meeting;
}

std::optional<ChResult> ChQuery::run(const std::vector<Leg>& sources, const std::vector<Leg>& targets, bool want_path) {
    forward_.reset();
    backward_.reset();
    for (const Leg& s : sources) forward_.relax(ch_.rank[s.node], s.time_ms, s.length_m, kNoNode, kNoEdge);
    for (const Leg& t : targets) backward_.relax(ch_.rank[t.node], t.time_ms, t.length_m, kNoNode, kNoEdge);
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
    for (const Leg& s : sources) upward_.relax(ch_.rank[s.node], s.time_ms, 0, kNoNode, kNoEdge);
    while (upward_.min_time() != kInfiniteTime) {
        const NodeId r = pop_and_prefetch(ch_, upward_, Reads::kUpOnly);
        const TimeMs t = upward_.time(r);
        for (EdgeId e = ch_.first[r].up; e < ch_.first[r + 1].up; ++e) {
            upward_.relax(ch_.up[e].other, add_times(t, ch_.up[e].time), 0, r, kNoEdge);
        }
    }
    std::fill(by_rank_.begin(), by_rank_.end(), kInfiniteTime);
    for (NodeId r : upward_.touched()) by_rank_[r] = upward_.time(r);
    // Down the ranks: every node's incoming downward edges come from higher ranks,
    // which are final by then.
    for (NodeId r = ch_.node_count(); r-- > 0;) {
        TimeMs best = by_rank_[r];
        for (EdgeId e = ch_.first[r].down; e < ch_.first[r + 1].down; ++e) {
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
            for (const Leg& t : targets[j]) space.relax(ch.rank[t.node], t.time_ms, t.length_m, kNoNode, kNoEdge);
            while (space.min_time() != kInfiniteTime) settle<false>(ch, space, pop_and_prefetch(ch, space));
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
            for (const Leg& s : sources[i]) space.relax(ch.rank[s.node], s.time_ms, s.length_m, kNoNode, kNoEdge);
            while (space.min_time() != kInfiniteTime) settle<true>(ch, space, pop_and_prefetch(ch, space));
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
