// The addressable heap against a plain map of queued keys, over random
// operation sequences, with a per-id record that carries a field of its own;
// stale positions left by pop() and clear(); and a hierarchy search space reused
// across searches.
#include <gtest/gtest.h>

#include <map>
#include <vector>
#include <random>

#include "routing/ch/ch_query.hpp"
#include "routing/search/id_heap.hpp"

namespace revir::routing {
namespace {

struct TaggedSlot {
    std::uint32_t tag = 0; // the caller's own field: the heap must leave it alone
    std::uint32_t position = kNotQueued;
};

TEST(IdHeap, MatchesAMapOfQueuedKeysOverRandomOperations) {
    constexpr std::uint32_t kIds = 60;
    std::mt19937 rng(5);
    BasicIdHeap<NodeId, TaggedSlot> heap(kIds);
    for (NodeId id : indices<NodeId>(kIds)) heap.slot(id).tag = 1000 + id.value();
    std::map<NodeId, TimeMs> queued;
    const auto smallest = [&] {
        auto best = queued.begin();
        for (auto it = queued.begin(); it != queued.end(); ++it) {
            if (it->second < best->second) best = it;
        }
        return best;
    };
    for (int op = 0; op < 20000; ++op) {
        const NodeId id(static_cast<std::uint32_t>(rng() % kIds));
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
                EXPECT_FALSE(heap.queued(popped));
            }
            break;
        default:
            if (op % 50 == 0) {
                heap.clear();
                queued.clear();
            }
        }
        ASSERT_EQ(heap.empty(), queued.empty());
        ASSERT_EQ(heap.queued(id), queued.count(id) == 1);
        if (!queued.empty()) {
            ASSERT_EQ(heap.min_key(), smallest()->second);
        }
    }
    for (NodeId id : indices<NodeId>(kIds)) EXPECT_EQ(heap.slot(id).tag, 1000 + id.value());
}

TEST(IdHeap, PopsEveryIdOnceInKeyOrder) {
    IdHeap heap(8);
    IndexVector<NodeId, TimeMs> keys{7, 3, 9, 1, 4, 4, 8, 0};
    for (NodeId id : keys.indices()) heap.push(id, keys[id]);
    heap.push_or_decrease(NodeId(2), 2); // 9 → 2
    keys[NodeId(2)] = 2;
    heap.push_or_decrease(NodeId(6), 9); // no increase
    IndexVector<NodeId, bool> seen(8, false);
    TimeMs last = 0;
    for (int i = 0; i < 8; ++i) {
        const TimeMs key = heap.min_key();
        const NodeId id = heap.pop();
        EXPECT_EQ(key, keys[id]);
        EXPECT_GE(key, last);
        EXPECT_FALSE(seen[id]);
        seen[id] = true;
        last = key;
    }
    EXPECT_TRUE(heap.empty());
    EXPECT_EQ(heap.min_key(), kInfiniteTime);
}

TEST(IdHeap, StalePositionsAfterPopAndClearAreIgnored) {
    IdHeap heap(4);
    const NodeId n0(0), n1(1), n2(2), n3(3);
    heap.push(n0, 10);
    heap.push(n1, 20);
    EXPECT_EQ(heap.pop(), n0); // n0's record still says position 0, where n1 now is
    heap.push_or_decrease(n0, 30); // must be queued anew, not lower n1's key
    EXPECT_TRUE(heap.queued(n0));
    EXPECT_EQ(heap.min_key(), 20u);
    EXPECT_EQ(heap.pop(), n1);
    EXPECT_EQ(heap.pop(), n0);
    heap.push(n2, 5);
    heap.push(n3, 6);
    heap.clear(); // leaves n2 and n3 with their positions
    heap.push(n3, 8);
    heap.set_key(n2, 7); // n2's old position 0 now holds n3
    EXPECT_EQ(heap.pop(), n2);
    EXPECT_EQ(heap.pop(), n3);
    EXPECT_TRUE(heap.empty());
}

TEST(ChSearchSpace, KeepsTheBestTimeAndForgetsEverythingOnReset) {
    ChSearchSpace space(10);
    const ChRank r3(3), r5(5), r7(7);
    for (int search = 0; search < 3; ++search) {
        space.reset(false);
        EXPECT_FALSE(space.reached(r3));
        EXPECT_EQ(space.time(r3), kInfiniteTime);
        EXPECT_EQ(space.min_time(), kInfiniteTime);
        EXPECT_TRUE(space.relax(r3, 50, 0, kNoRank, kNoChEdge)); // a seed given twice:
        EXPECT_TRUE(space.relax(r3, 40, 0, kNoRank, kNoChEdge)); // the better time counts
        EXPECT_FALSE(space.relax(r3, 45, 0, kNoRank, kNoChEdge));
        EXPECT_FALSE(space.relax(r7, kInfiniteTime, 0, kNoRank, kNoChEdge)); // unreachable: not queued
        EXPECT_TRUE(space.relax(r5, 10 + search, 0, kNoRank, kNoChEdge));
        EXPECT_EQ(space.pop(), r5);
        EXPECT_FALSE(space.relax(r5, 60, 0, kNoRank, kNoChEdge)); // settled, and no better
        EXPECT_EQ(space.min_time(), 40u);
        EXPECT_EQ(space.pop(), r3);
        EXPECT_EQ(space.min_time(), kInfiniteTime);
        EXPECT_EQ(space.touched().size(), 2u);
        EXPECT_FALSE(space.reached(r7));
    }
}

} // namespace
} // namespace revir::routing
