// Routing's index spaces do not mix: a node id where an edge id belongs, a
// hierarchy rank or edge where a road node or edge belongs, or a plain integer
// where any of them belongs does not compile. Checked here at compile time.
#include <cstdint>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "routing/ch/ch_query.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::routing {
namespace {

template <typename A, typename B>
concept Mixes = std::is_convertible_v<A, B> || std::is_constructible_v<B, A> || std::is_assignable_v<B&, A> ||
                requires(A a, B b) { a == b; } || requires(A a, B b) { a < b; };
template <typename V, typename I>
concept Subscriptable = requires(V v, I i) { v[i]; };

static_assert(!Mixes<NodeId, EdgeId> && !Mixes<EdgeId, NodeId>);
static_assert(!Mixes<NodeId, ChRank> && !Mixes<ChRank, NodeId>);
static_assert(!Mixes<EdgeId, ChEdgeId> && !Mixes<ChEdgeId, EdgeId>);
static_assert(!std::is_convertible_v<std::uint32_t, NodeId> && !std::is_convertible_v<NodeId, std::uint32_t>);
static_assert(!std::is_convertible_v<std::uint32_t, EdgeId> && !std::is_convertible_v<EdgeId, std::uint32_t>);

// The graph's arrays take the id of what they are per.
static_assert(Subscriptable<decltype(RoadGraph::first_out), NodeId>);
static_assert(!Subscriptable<decltype(RoadGraph::first_out), EdgeId>);
static_assert(!Subscriptable<decltype(RoadGraph::first_out), std::uint32_t>);
static_assert(Subscriptable<decltype(RoadGraph::head), EdgeId>);
static_assert(!Subscriptable<decltype(RoadGraph::head), NodeId>);
static_assert(std::is_same_v<decltype(RoadGraph::head)::value_type, NodeId>);
static_assert(std::is_same_v<decltype(RoadGraph::first_out)::value_type, EdgeId>);
static_assert(!Subscriptable<decltype(RoadGraph::travel_time), NodeId>);
static_assert(!Subscriptable<decltype(RoadGraph::node_coordinate), EdgeId>);
static_assert(!Subscriptable<NodeTimes, EdgeId>);

// The hierarchy: ranks and road nodes map both ways, and its edges are not road edges.
static_assert(Subscriptable<decltype(ContractionHierarchy::rank), NodeId>);
static_assert(!Subscriptable<decltype(ContractionHierarchy::rank), ChRank>);
static_assert(Subscriptable<decltype(ContractionHierarchy::node_at_rank), ChRank>);
static_assert(!Subscriptable<decltype(ContractionHierarchy::node_at_rank), NodeId>);
static_assert(Subscriptable<decltype(ContractionHierarchy::edges), ChEdgeId>);
static_assert(!Subscriptable<decltype(ContractionHierarchy::edges), EdgeId>);
template <typename I>
concept Unpacks = requires(const ContractionHierarchy& ch, I e, std::vector<EdgeId>& out) { ch.unpack(e, out); };
static_assert(Unpacks<ChEdgeId> && !Unpacks<EdgeId>);
template <typename I>
concept IndexesSearchSpace = requires(const ChSearchSpace& s, I i) { s.time(i); };
static_assert(IndexesSearchSpace<ChRank> && !IndexesSearchSpace<NodeId>);

TEST(RoutingIds, NoneIsTheOldSentinel) {
    EXPECT_EQ(kNoNode.value(), UINT32_MAX);
    EXPECT_EQ(kNoEdge.value(), UINT32_MAX);
    EXPECT_TRUE(NodeId().is_none()); // a forgotten initialisation is no node, not node 0
}

TEST(RoutingIds, OutEdgesCoverTheCsrRange) {
    RoadGraph g;
    g.node_coordinate.resize(3);
    g.first_out = IndexVector<NodeId, EdgeId>{EdgeId(0), EdgeId(2), EdgeId(2), EdgeId(3)};
    g.head = IndexVector<EdgeId, NodeId>{NodeId(1), NodeId(2), NodeId(0)};
    EXPECT_EQ(g.out_edges(NodeId(0)).size(), 2u);
    EXPECT_EQ(g.out_edges(NodeId(1)).size(), 0u);
    EXPECT_EQ(*g.out_edges(NodeId(2)).begin(), EdgeId(2));
    EXPECT_EQ(g.nodes().size(), 3u);
    EXPECT_EQ(g.edges().size(), 3u);
    const auto tails = g.tails();
    EXPECT_EQ(tails[EdgeId(1)], NodeId(0));
    EXPECT_EQ(tails[EdgeId(2)], NodeId(2));
}

} // namespace
} // namespace revir::routing
