#include "geo/core/indices.hpp"

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

using namespace revir;

namespace {

// What must not compile: the two index spaces do not mix, and neither converts
// to or from a plain integer implicitly.
static_assert(!std::is_convertible_v<TerritoryIndex, UnitIndex>);
static_assert(!std::is_convertible_v<UnitIndex, TerritoryIndex>);
static_assert(!std::is_constructible_v<UnitIndex, TerritoryIndex>);
static_assert(!std::is_constructible_v<TerritoryIndex, UnitIndex>);
static_assert(!std::is_assignable_v<UnitIndex&, TerritoryIndex>);
static_assert(!std::is_assignable_v<TerritoryIndex&, UnitIndex>);
static_assert(!std::is_convertible_v<std::uint32_t, UnitIndex>);
static_assert(!std::is_convertible_v<UnitIndex, std::uint32_t>);
static_assert(!std::is_assignable_v<UnitIndex&, std::uint32_t>);
static_assert(std::is_constructible_v<UnitIndex, std::uint32_t>);

template <typename A, typename B>
concept EqualityComparable = requires(A a, B b) { a == b; };
template <typename A, typename B>
concept Ordered = requires(A a, B b) { a < b; };
static_assert(EqualityComparable<UnitIndex, UnitIndex>);
static_assert(!EqualityComparable<UnitIndex, TerritoryIndex>);
static_assert(!EqualityComparable<TerritoryIndex, UnitIndex>);
static_assert(!EqualityComparable<UnitIndex, std::uint32_t>);
static_assert(!EqualityComparable<decltype(UnitIndex::none()), decltype(TerritoryIndex::none())>);
static_assert(!EqualityComparable<decltype(kNoUnit), decltype(kNoTerritory)>);
static_assert(!Ordered<UnitIndex, TerritoryIndex>);

// A per-unit vector takes unit indices only.
template <typename V, typename I>
concept Subscriptable = requires(V v, I i) { v[i]; };
static_assert(Subscriptable<Assignment, UnitIndex>);
static_assert(!Subscriptable<Assignment, TerritoryIndex>);
static_assert(!Subscriptable<Assignment, std::uint32_t>);
static_assert(!Subscriptable<Assignment, std::size_t>);

// Zero cost: the size, layout and copying of the plain integer.
static_assert(sizeof(UnitIndex) == sizeof(std::uint32_t));
static_assert(std::is_trivially_copyable_v<UnitIndex>);
static_assert(std::is_standard_layout_v<UnitIndex>);
static_assert(UnitIndex(7).value() == 7);
static_assert(UnitIndex::none().value() == UINT32_MAX);
static_assert(UnitIndex::none().is_none() && !UnitIndex::none().valid());
static_assert(UnitIndex().is_none()); // default-made: none, not index 0
static_assert(UnitIndex(0).valid());

TEST(StrongIndex, ComparesAndCountsLikeItsValue) {
    EXPECT_EQ(UnitIndex(3), UnitIndex(3));
    EXPECT_NE(UnitIndex(3), UnitIndex(4));
    EXPECT_LT(UnitIndex(3), UnitIndex(4));
    EXPECT_GT(UnitIndex::none(), UnitIndex(4));
    UnitIndex u(5);
    EXPECT_EQ(u++, UnitIndex(5));
    EXPECT_EQ(u, UnitIndex(6));
    EXPECT_EQ(++u, UnitIndex(7));
    std::vector<UnitIndex> sorted{UnitIndex(9), UnitIndex(2), UnitIndex(5)};
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<UnitIndex>{UnitIndex(2), UnitIndex(5), UnitIndex(9)}));
}

TEST(StrongIndex, Hashes) {
    std::unordered_set<TerritoryIndex> seen{TerritoryIndex(1), TerritoryIndex(2), TerritoryIndex(1)};
    EXPECT_EQ(seen.size(), 2u);
    EXPECT_TRUE(seen.contains(TerritoryIndex(2)));
    EXPECT_FALSE(seen.contains(TerritoryIndex::none()));
}

TEST(StrongIndex, RangeVisitsEveryIndexInOrder) {
    std::vector<std::uint32_t> seen;
    for (UnitIndex u : indices<UnitIndex>(4)) seen.push_back(u.value());
    EXPECT_EQ(seen, (std::vector<std::uint32_t>{0, 1, 2, 3}));
    EXPECT_EQ(indices<UnitIndex>(0).begin(), indices<UnitIndex>(0).end());
    EXPECT_EQ(indices<UnitIndex>(4).size(), 4u);
}

TEST(IndexVector, IsAVectorSubscriptedByItsIndex) {
    Assignment a(3, kNoTerritory);
    EXPECT_EQ(a.size(), 3u);
    a[UnitIndex(1)] = TerritoryIndex(7);
    EXPECT_EQ(a[UnitIndex(1)], TerritoryIndex(7));
    EXPECT_TRUE(a[UnitIndex(0)].is_none());
    EXPECT_EQ(a.next_index(), UnitIndex(3));
    a.push_back(TerritoryIndex(2));
    EXPECT_EQ(a.back(), TerritoryIndex(2));
    std::vector<std::uint32_t> visited;
    for (UnitIndex u : a.indices()) visited.push_back(u.value());
    EXPECT_EQ(visited, (std::vector<std::uint32_t>{0, 1, 2, 3}));
    EXPECT_EQ(a.vector().size(), 4u);
    EXPECT_EQ(a.data(), a.vector().data());
    EXPECT_EQ(std::count(a.begin(), a.end(), kNoTerritory), 2);
    Assignment b(std::vector<TerritoryIndex>{kNoTerritory, TerritoryIndex(7), kNoTerritory, TerritoryIndex(2)});
    EXPECT_EQ(a, b);
    b.assign(2, TerritoryIndex(0));
    EXPECT_NE(a, b);
    b.resize(3);
    EXPECT_TRUE(b[UnitIndex(2)].is_none());
}

} // namespace
