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

ChRank pop_and_prefetch(const ContractionHierarchy& ch, ChSearchSpace& space, Reads reads = Reads::kUpAndDown) {
    const ChRank r = space.pop();
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
void settle(const ContractionHierarchy& ch, ChSearchSpace& space, ChRank r, const ChSearchSpace* opposite = nullptr) {
    const TimeMs t = space.time(r);
    const ChArcBegin begin = ch.first[r];
    const ChArcBegin end = ch.first[next_rank(r)];
    const ChArc* stall = Forward ? ch.down.data() : ch.up.data();
    for (std::uint32_t a = Forward ? begin.down : begin.up, last = Forward ? end.down : end.up; a < last; ++a) {
        if (add_times(space.time(stall[a].other), stall[a].time) < t) return;
    }
    const ChArc* arcs = Forward ? ch.up.data() : ch.down.data();
    const std::uint32_t from = Forward ? begin.up : begin.down, to = Forward ? end.up : end.down;
    const auto improved = [&](ChRank x) {
        if (opposite == nullptr) return;
        __builtin_prefetch(&ch.first[x]);
        opposite->prefetch_state(x);
    };
    if (space.keeps_paths()) {
        const ChArcPath* paths = Forward ? ch.up_path.data() : ch.down_path.data();
        const double base_length = space.length(r);
        for (std::uint32_t a = from; a < to; ++a) {
            if (space.relax(arcs[a].other, add_times(t, arcs[a].time), base_length + paths[a].length_m, r, paths[a].edge)) {
                improved(arcs[a].other);
            }
        }
    } else {
        // A time-only search reads neither path data nor the cold part of its state.
        for (std::uint32_t a = from; a < to; ++a) {
            if (space.relax(arcs[a].other, add_times(t, arcs[a].time), 0, r, kNoChEdge)) improved(arcs[a].other);
        }
    }
}

} // namespace

ChSearchSpace::ChSearchSpace(std::uint32_t n) : heap_(n), cold_(n) {}

void ChSearchSpace::reset(bool keep_paths) {
    keep_paths_ = keep_paths;
    heap_.clear();
    for (ChRank r : touched_) heap_.slot(r).time = kInfiniteTime;
    touched_.clear();
}

bool ChSearchSpace::relax(ChRank r, TimeMs time, double length, ChRank parent, ChEdgeId edge) {
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

ChRank ChSearchSpace::pop() { return heap_.pop(); }

ChRank ChSearchSpace::walk_to_seed(ChRank r, std::vector<ChEdgeId>& edges) const {
    for (; parent(r) != kNoRank; r = parent(r)) edges.push_back(parent_edge(r));
    return r;
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(ch), forward_(ch.node_count()), backward_(ch.node_count()) {}

namespace {

// One step of one direction: pops its smallest, checks it against the other
// direction's time there and settles it.
template <bool Forward>
void step(const ContractionHierarchy& ch, ChSearchSpace& space, const ChSearchSpace& opposite, TimeMs& best,
          ChRank& meeting) {
    const ChRank r = pop_and_prefetch(ch, space);
    if (opposite.reached(r) && add_times(space.time(r), opposite.time(r)) < best) {
        best = add_times(space.time(r), opposite.time(r));
        meeting = r;
    }
    settle<Forward>(ch, space, r, &opposite);
}

} // namespace

ChRank ChQuery::meet(TimeMs& best) {
    best = kInfiniteTime;
    ChRank meeting = kNoRank;
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
    for (const Leg& s : sources) forward_.relax(ch_.rank[s.node], s.time_ms, s.length_m, kNoRank, kNoChEdge);
    for (const Leg& t : targets) backward_.relax(ch_.rank[t.node], t.time_ms, t.length_m, kNoRank, kNoChEdge);
    TimeMs best = kInfiniteTime;
    const ChRank meet = this->meet(best);
    if (meet == kNoRank) return std::nullopt;
    ChResult result;
    result.time_ms = best;
    result.length_m = forward_.length(meet) + backward_.length(meet);
    // Walk back to the seeds: the seed ranks tell which legs were used.
    std::vector<ChEdgeId> forward_edges, backward_edges;
    const ChRank source_seed = forward_.walk_to_seed(meet, forward_edges);
    const ChRank target_seed = backward_.walk_to_seed(meet, backward_edges);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (ch_.rank[sources[i].node] == source_seed) result.source_leg = i;
    }
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (ch_.rank[targets[i].node] == target_seed) result.target_leg = i;
    }
    if (want_path) {
        for (auto it = forward_edges.rbegin(); it != forward_edges.rend(); ++it) ch_.unpack(*it, result.road_edges);
        for (ChEdgeId e : backward_edges) ch_.unpack(e, result.road_edges);
    }
    return result;
}

TimeMs ChQuery::time(NodeId from, NodeId to) {
    forward_.reset(false);
    backward_.reset(false);
    forward_.relax(ch_.rank[from], 0, 0, kNoRank, kNoChEdge);
    backward_.relax(ch_.rank[to], 0, 0, kNoRank, kNoChEdge);
    TimeMs best = kInfiniteTime;
    meet(best);
    return best;
}

Phast::Phast(const ContractionHierarchy& ch)
    : ch_(ch), upward_(ch.node_count()), by_rank_(ch.node_count()), by_node_(ch.node_count()) {}

const NodeTimes& Phast::one_to_all(NodeId source) { return one_to_all({Leg{source, 0, 0, kNoEdge}}); }

const NodeTimes& Phast::one_to_all(const std::vector<Leg>& sources) {
    upward_.reset(false);
    for (const Leg& s : sources) upward_.relax(ch_.rank[s.node], s.time_ms, 0, kNoRank, kNoChEdge);
    while (upward_.min_time() != kInfiniteTime) {
        const ChRank r = pop_and_prefetch(ch_, upward_, Reads::kUpOnly);
        const TimeMs t = upward_.time(r);
        for (std::uint32_t a = ch_.first[r].up; a < ch_.first[next_rank(r)].up; ++a) {
            upward_.relax(ch_.up[a].other, add_times(t, ch_.up[a].time), 0, r, kNoChEdge);
        }
    }
    std::fill(by_rank_.begin(), by_rank_.end(), kInfiniteTime);
    for (ChRank r : upward_.touched()) by_rank_[r] = upward_.time(r);
    // Down the ranks: every node's incoming downward edges come from higher ranks,
    // which are final by then.
    for (std::uint32_t i = ch_.node_count(); i-- > 0;) {
        const ChRank r(i);
        TimeMs best = by_rank_[r];
        for (std::uint32_t a = ch_.first[r].down; a < ch_.first[next_rank(r)].down; ++a) {
            const TimeMs via = by_rank_[ch_.down[a].other];
            if (via != kInfiniteTime) best = std::min(best, add_times(via, ch_.down[a].time));
        }
        by_rank_[r] = best;
    }
    for (ChRank r : ch_.ranks()) by_node_[ch_.node_at_rank[r]] = by_rank_[r];
    return by_node_;
}

std::vector<ChMatrixEntry> ch_many_to_many(const ContractionHierarchy& ch, const std::vector<std::vector<Leg>>& sources,
                                           const std::vector<std::vector<Leg>>& targets, unsigned threads) {
    const std::uint32_t n = ch.node_count();
    // Backward searches fill the buckets: (rank, target, time, length).
    struct BucketEntry {
        ChRank rank;
        std::uint32_t target;
        TimeMs time;
        double length;
    };
    // One backward search per target, in parallel, each into its own list…
    std::vector<std::vector<BucketEntry>> per_target(targets.size());
    parallel_for(
        targets.size(), threads, [n] { return ChSearchSpace(n); },
        [&](ChSearchSpace& space, std::size_t j) {
            space.reset();
            for (const Leg& t : targets[j]) space.relax(ch.rank[t.node], t.time_ms, t.length_m, kNoRank, kNoChEdge);
            while (space.min_time() != kInfiniteTime) settle<false>(ch, space, pop_and_prefetch(ch, space));
            auto& list = per_target[j];
            list.reserve(space.touched().size());
            for (ChRank r : space.touched()) {
                list.push_back({r, static_cast<std::uint32_t>(j), space.time(r), space.length(r)});
            }
        });
    // … then gathered by rank (a counting sort: linear, and in target order within a rank).
    IndexVector<ChRank, std::uint32_t> bucket_first(n + 1, 0); // where each rank's bucket begins
    std::size_t entry_count = 0;
    for (const auto& list : per_target) {
        entry_count += list.size();
        for (const auto& e : list) ++bucket_first[next_rank(e.rank)];
    }
    for (ChRank r : ch.ranks()) bucket_first[next_rank(r)] += bucket_first[r];
    std::vector<BucketEntry> entries(entry_count);
    {
        IndexVector<ChRank, std::uint32_t> fill(std::vector<std::uint32_t>(bucket_first.vector().begin(), bucket_first.vector().end() - 1));
        for (auto& list : per_target) {
            for (const auto& e : list) entries[fill[e.rank]++] = e;
            std::vector<BucketEntry>().swap(list);
        }
    }

    const std::size_t columns = targets.size();
    std::vector<ChMatrixEntry> matrix(sources.size() * columns);
    parallel_for(
        sources.size(), threads, [n] { return ChSearchSpace(n); },
        [&](ChSearchSpace& space, std::size_t i) {
            space.reset();
            for (const Leg& s : sources[i]) space.relax(ch.rank[s.node], s.time_ms, s.length_m, kNoRank, kNoChEdge);
            while (space.min_time() != kInfiniteTime) settle<true>(ch, space, pop_and_prefetch(ch, space));
            ChMatrixEntry* row = matrix.data() + i * columns;
            for (ChRank r : space.touched()) {
                const TimeMs t = space.time(r);
                for (std::uint32_t k = bucket_first[r]; k < bucket_first[next_rank(r)]; ++k) {
                    const auto& b = entries[k];
                    const TimeMs total = add_times(t, b.time);
                    if (total < row[b.target].time_ms) row[b.target] = {total, space.length(r) + b.length};
                }
            }
        });
    return matrix;
}

} // namespace revir::routing
