#include <gtest/gtest.h>


#include "routing/search/dijkstra.hpp"
#include "routing/import/dimacs.hpp"
#include "routing/search/reference_dijkstra.hpp"
#include "tests/test_support.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir;

TEST(Dimacs, NewYorkLoadsAndAgreesWithBoost) {
    REVIR_REQUIRE_DATA(arcs, "dimacs_road/USA-road-t.NY.gr.gz");
    REVIR_REQUIRE_DATA(coordinates, "dimacs_road/USA-road-d.NY.co.gz");
    Progress quiet;
    const auto graph = routing::read_dimacs(arcs, coordinates, quiet);
    EXPECT_EQ(graph.node_count(), 264346u);
    EXPECT_EQ(graph.edge_count(), 733846u);
    EXPECT_NO_THROW(graph.validate());
    // First arc of the file: a 1 2 2008.
    bool found = false;
    for (auto e : graph.out_edges(routing::NodeId(0))) found |= graph.head[e] == routing::NodeId(1) && graph.travel_time[e] == 2008;
    EXPECT_TRUE(found);
    EXPECT_NEAR(graph.node_coordinate[routing::NodeId(0)].lon(), -73.530767, 1e-6);

    const routing::ReferenceDijkstra reference(graph);
    routing::Dijkstra dijkstra(graph);
    Random rng(3);
    auto node = [&] { return routing::NodeId(static_cast<std::uint32_t>(rng.below(graph.node_count()))); };
    for (int s = 0; s < 5; ++s) {
        const auto source = node();
        const auto expected = reference.one_to_all(source);
        dijkstra.reset();
        dijkstra.add_source(source, 0, 0);
        dijkstra.run_to_completion();
        for (routing::NodeId t : graph.nodes()) ASSERT_EQ(dijkstra.time(t), expected[t]);
    }
}

} // namespace
