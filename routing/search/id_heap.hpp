#pragma once
// An addressable 4-ary min-heap of dense ids (road nodes, a hierarchy's ranks)
// keyed by travel time, with decrease-key: the priority queue of every search
// here. Each id's record keeps where the id sits in the heap; a position counts
// only while the heap entry there is that id, so a record left stale by pop()
// or clear() can do no harm, and neither needs to write to it: clear() is O(1).
// The record may carry a search's own fields beside the position (as the
// hierarchy queries' tentative times do), so that one cache line serves both.
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "routing/graph/road_graph.hpp"

namespace revir::routing {

inline constexpr std::uint32_t kNotQueued = std::numeric_limits<std::uint32_t>::max();

/// The per-id record of a plain heap: only where the id is queued.
struct HeapSlot {
    std::uint32_t position = kNotQueued;
};

/// `Id`: a StrongIndex (NodeId, ChRank), the index of the per-id records.
template <typename Id, typename Slot = HeapSlot>
class BasicIdHeap {
public:
    explicit BasicIdHeap(std::size_t ids) : slots_(ids) {}

    Slot& slot(Id id) { return slots_[id]; }
    const Slot& slot(Id id) const { return slots_[id]; }

    bool empty() const { return heap_.empty(); }
    TimeMs min_key() const { return heap_.empty() ? kInfiniteTime : heap_.front().key; }
    Id min_id() const { return heap_.front().id; }
    bool queued(Id id) const {
        const std::uint32_t at = slots_[id].position;
        return at < heap_.size() && heap_[at].id == id;
    }

    void clear() { heap_.clear(); }

    /// Inserts `id`, or lowers its key when it is queued with a larger one.
    void push_or_decrease(Id id, TimeMs key) {
        if (!queued(id)) return push(id, key);
        const std::uint32_t at = slots_[id].position;
        if (key < heap_[at].key) {
            heap_[at].key = key;
            sift_up(at);
        }
    }

    /// Inserts `id`, which must not be queued (a caller that knows this saves
    /// the check).
    void push(Id id, TimeMs key) {
        const auto at = static_cast<std::uint32_t>(heap_.size());
        heap_.push_back({key, id});
        sift_up(at);
    }

    /// Inserts `id` or moves it to `key`, up or down.
    void set_key(Id id, TimeMs key) {
        if (!queued(id)) return push(id, key);
        const std::uint32_t at = slots_[id].position;
        const TimeMs old = heap_[at].key;
        heap_[at].key = key;
        if (key < old) {
            sift_up(at);
        } else {
            sift_down(at);
        }
    }

    Id pop() {
        const Id id = heap_.front().id;
        const Entry last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) {
            heap_.front() = last;
            slots_[last.id].position = 0;
            sift_down(0);
        }
        return id;
    }

private:
    struct Entry {
        TimeMs key;
        Id id;
    };

    void sift_up(std::uint32_t at) {
        const Entry e = heap_[at];
        while (at > 0) {
            const std::uint32_t parent = (at - 1) / 4;
            if (heap_[parent].key <= e.key) break;
            heap_[at] = heap_[parent];
            slots_[heap_[at].id].position = at;
            at = parent;
        }
        heap_[at] = e;
        slots_[e.id].position = at;
    }

    void sift_down(std::uint32_t at) {
        const Entry e = heap_[at];
        const auto n = static_cast<std::uint32_t>(heap_.size());
        for (;;) {
            const std::uint32_t first = 4 * at + 1;
            if (first >= n) break;
            std::uint32_t best = first;
            const std::uint32_t last = std::min(first + 4, n);
            for (std::uint32_t c = first + 1; c < last; ++c) {
                if (heap_[c].key < heap_[best].key) best = c;
            }
            if (heap_[best].key >= e.key) break;
            heap_[at] = heap_[best];
            slots_[heap_[at].id].position = at;
            at = best;
        }
        heap_[at] = e;
        slots_[e.id].position = at;
    }

    std::vector<Entry> heap_;
    IndexVector<Id, Slot> slots_;
};

/// The heap of a search over road nodes.
using IdHeap = BasicIdHeap<NodeId>;

} // namespace revir::routing
