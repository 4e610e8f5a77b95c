// The addressable heap against a plain map of queued keys, over random
// operation sequences, with a per-id record that carries a field of its own.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "routing/id_heap.hpp"

namespace revir::routing {
namespace {

struct TaggedSlot {
    std::uint32_t tag = 0; // the caller's own field: the heap must leave it alone
    std::uint32_t position = kNotQueued;
};

TEST(IdHeap, MatchesAMapOfQueuedKeysOverRandomOperations) {
    constexpr NodeId kIds = 60;
    std::mt19937 rng(5);
    BasicIdHeap<TaggedSlot> heap(kIds);
    for (NodeId id = 0; id < kIds; ++id) heap.slot(id).tag = 1000 + id;
    std::map<NodeId, TimeMs> queued;
    const auto smallest = [&] {
        auto best = queued.begin();
        for (auto it = queued.begin(); it != queued.end(); ++it) {
            if (it->second < best->second) best = it;
        }
        return best;
    };
    for (int op = 0; op < 20000; ++op) {
        const NodeId id = rng() % kIds;
        const TimeMs key = rng() % 500;
        switch (rng() % 6) {
        case 0:
        case 1:
            heap.push_or_decrease(id, key);
            if (!queued.count(id) || key < queued[id]) queued[id] = key;
            break;
        case 2:
            if (!queued.count(id)) {
                heap.push(id, key);
                queued[id] = key;
            }
            break;
        case 3:
            heap.set_key(id, key);
            queued[id] = key;
            break;
        case 4:
            if (!queued.empty()) {
                const TimeMs expected = smallest()->second;
                ASSERT_EQ(heap.min_key(), expected);
                const NodeId popped = heap.pop();
                ASSERT_EQ(queued.at(popped), expected);
                queued.erase(popped);
                EXPECT_EQ(heap.slot(popped).position, kNotQueued);
            }
            break;
        default:
            if (op % 50 == 0) {
                heap.clear();
                queued.clear();
            }
        }
        ASSERT_EQ(heap.empty(), queued.empty());
        if (!queued.empty()) {
            ASSERT_EQ(heap.min_key(), smallest()->second);
        }
    }
    for (NodeId id = 0; id < kIds; ++id) EXPECT_EQ(heap.slot(id).tag, 1000 + id);
}

TEST(IdHeap, PopForGoodEmptiesInKeyOrder) {
    BasicIdHeap<> heap(8);
    const TimeMs keys[] = {7, 3, 9, 1, 4, 4, 8, 0};
    for (NodeId id = 0; id < 8; ++id) heap.push(id, keys[id]);
    heap.push_or_decrease(2, 2); // 9 → 2
    TimeMs last = 0;
    for (int i = 0; i < 8; ++i) {
        const TimeMs key = heap.min_key();
        EXPECT_GE(key, last);
        last = key;
        heap.pop_for_good();
    }
    EXPECT_TRUE(heap.empty());
    EXPECT_EQ(heap.min_key(), kInfiniteTime);
}

} // namespace
} // namespace revir::routing
