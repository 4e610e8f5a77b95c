#pragma once
// An addressable 4-ary min-heap of node ids keyed by travel time, with
// decrease-key: the priority queue of every search here. Positions are kept per
// id, so no stale entries pile up, and clear() costs only what is still queued.
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "routing/road_graph.hpp"

namespace revir::routing {

class IdHeap {
public:
    explicit IdHeap(std::size_t ids) : position_(ids, kAbsent) {}

    bool empty() const { return heap_.empty(); }
    TimeMs min_key() const { return heap_.empty() ? kInfiniteTime : heap_.front().key; }
    NodeId min_id() const { return heap_.front().id; }

    void clear() {
        for (const Entry& e : heap_) position_[e.id] = kAbsent;
        heap_.clear();
    }

    /// Inserts `id`, or lowers its key when it is queued with a larger one.
    void push_or_decrease(NodeId id, TimeMs key) {
        std::uint32_t at = position_[id];
        if (at == kAbsent) {
            at = static_cast<std::uint32_t>(heap_.size());
            heap_.push_back({key, id});
        } else if (key >= heap_[at].key) {
            return;
        } else {
            heap_[at].key = key;
        }
        sift_up(at);
    }

    /// Inserts `id` or moves it to `key`, up or down.
    void set_key(NodeId id, TimeMs key) {
        const std::uint32_t at = position_[id];
        if (at == kAbsent || key <= heap_[at].key) return push_or_decrease(id, key);
        heap_[at].key = key;
        sift_down(at);
    }

    NodeId pop() {
        const NodeId id = heap_.front().id;
        position_[id] = kAbsent;
        const Entry last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) {
            heap_.front() = last;
            position_[last.id] = 0;
            sift_down(0);
        }
        return id;
    }

private:
    static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
    struct Entry {
        TimeMs key;
        NodeId id;
    };

    void sift_up(std::uint32_t at) {
        const Entry e = heap_[at];
        while (at > 0) {
            const std::uint32_t parent = (at - 1) / 4;
            if (heap_[parent].key <= e.key) break;
            heap_[at] = heap_[parent];
            position_[heap_[at].id] = at;
            at = parent;
        }
        heap_[at] = e;
        position_[e.id] = at;
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
            position_[heap_[at].id] = at;
            at = best;
        }
        heap_[at] = e;
        position_[e.id] = at;
    }

    std::vector<Entry> heap_;
    std::vector<std::uint32_t> position_;
};

} // namespace revir::routing
