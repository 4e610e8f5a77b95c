#pragma once
// Queries on a contraction hierarchy: point-to-point (bidirectional upward search
// with stall-on-demand; reusable, a reset costing only what the last search
// reached), many-to-many (the bucket
// method, parallel over sources) and one-to-all (PHAST: an upward search, then
// one linear sweep down the ranks).
#include <cstdint>
#include <optional>
#include <vector>

#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/search/id_heap.hpp"
#include "routing/snap/phantom.hpp"

namespace revir::routing {

/// One direction's search state, indexed by rank. A reset costs only what the
/// last search reached (its search space), never the graph's size.
class ChSearchSpace {
public:
    explicit ChSearchSpace(std::uint32_t n);
    /// Starts a search; without `keep_paths` only times are kept (no lengths or
    /// parents), which saves a memory write per relaxation.
    void reset(bool keep_paths = true);
    bool keeps_paths() const { return keep_paths_; }
    bool reached(ChRank r) const { return heap_.slot(r).time != kInfiniteTime; }
    TimeMs time(ChRank r) const { return heap_.slot(r).time; }
    double length(ChRank r) const { return cold_[r].length; }
    ChRank parent(ChRank r) const { return cold_[r].parent; }
    ChEdgeId parent_edge(ChRank r) const { return cold_[r].parent_edge; }
    /// Lowers r's time to `time` (queuing r); false when that is no improvement.
    bool relax(ChRank r, TimeMs time, double length, ChRank parent, ChEdgeId edge);
    /// Smallest queued time (kInfiniteTime when empty).
    TimeMs min_time() const { return heap_.min_key(); }
    ChRank pop();
    /// The rank that pop() would return; only when something is queued.
    ChRank peek() const { return heap_.min_id(); }
    /// Asks the processor to load the search state of `r` ahead of its use.
    void prefetch_state(ChRank r) const { __builtin_prefetch(&heap_.slot(r)); }
    /// Ranks reached in the last search.
    const std::vector<ChRank>& touched() const { return touched_; }
    /// Follows the parents from `r` back to a seed, appending the hierarchy edges
    /// passed (from r towards the seed); returns the seed's rank.
    ChRank walk_to_seed(ChRank r, std::vector<ChEdgeId>& edges) const;

private:
    // What every relaxation, stall test and queue operation reads of a rank, in
    // one 8-byte record (the queue's own per-id record), apart from what only a
    // path needs, so that the hot part of a search stays in cache.
    struct Hot {
        TimeMs time = kInfiniteTime; // kInfiniteTime: not reached
        std::uint32_t position = kNotQueued;
    };
    struct Cold {
        double length = 0;
        ChRank parent;
        ChEdgeId parent_edge;
    };
    BasicIdHeap<ChRank, Hot> heap_;
    IndexVector<ChRank, Cold> cold_;
    bool keep_paths_ = true;
    std::vector<ChRank> touched_;
};

struct ChResult {
    TimeMs time_ms = kInfiniteTime;
    double length_m = 0;
    std::size_t source_leg = 0; // which source leg the path starts with
    std::size_t target_leg = 0; // which target leg it ends with
    std::vector<EdgeId> road_edges; // full road edges between the legs
};

class ChQuery {
public:
    explicit ChQuery(const ContractionHierarchy& ch);
    /// Fastest path from any source leg to any target leg (leg times are rounded to
    /// whole milliseconds); nothing when unreachable.
    std::optional<ChResult> run(const std::vector<Leg>& sources, const std::vector<Leg>& targets, bool want_path);
    /// Node to node (road node ids), time only.
    TimeMs time(NodeId from, NodeId to);
    /// Nodes the last query reached, both directions together (its search space).
    std::size_t last_search_space() const { return forward_.touched().size() + backward_.touched().size(); }

private:
    /// Runs both searches from seeded spaces; returns the meeting rank (kNoRank: none).
    ChRank meet(TimeMs& best);

    const ContractionHierarchy& ch_;
    ChSearchSpace forward_;
    ChSearchSpace backward_;
};

/// Travel time from one road node to every road node (indexed by road node).
class Phast {
public:
    explicit Phast(const ContractionHierarchy& ch);
    const NodeTimes& one_to_all(NodeId source);
    /// From a point given by its legs (times rounded to whole milliseconds).
    const NodeTimes& one_to_all(const std::vector<Leg>& sources);

private:
    const ContractionHierarchy& ch_;
    ChSearchSpace upward_;
    IndexVector<ChRank, TimeMs> by_rank_;
    NodeTimes by_node_;
};

struct ChMatrixEntry {
    TimeMs time_ms = kInfiniteTime;
    double length_m = 0;
};

/// sources.size() × targets.size() matrix (row-major) by the bucket method; each
/// point is given by its legs. threads = 0 uses every usable CPU (affinity mask and cgroup quota).
std::vector<ChMatrixEntry> ch_many_to_many(const ContractionHierarchy& ch, const std::vector<std::vector<Leg>>& sources,
                                           const std::vector<std::vector<Leg>>& targets, unsigned threads);

} // namespace revir::routing
