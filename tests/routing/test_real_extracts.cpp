// Every real extract in ../shared/data imports, and our Dijkstra agrees with
// Boost.Graph's on random pairs in each.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "geo/core/error.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/query/matrix.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/search/reference_dijkstra.hpp"
#include "routing/query/route.hpp"
#include "tests/test_support.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir;

struct Extract {
    const char* name;
    const char* path; // under ../shared/data
};

const Extract kExtracts[] = {
    {"WestOakland", "osm_extracts/West-Oakland.osm.bz2"},
    {"Liechtenstein", "osm_extracts/liechtenstein-2013-08-03.osm.pbf"},
    {"Baltimore", "osm_extracts/baltimore.osm.pbf"},
    {"Monaco", "osm_extracts/monaco.osm.pbf"},
    {"PortoAlegre", "porto_alegre/poa_osm.pbf"},
    {"Helsinki", "helsinki/osm/Helsinki.osm.pbf"},
};

struct Imported {
    routing::RoadGraph graph;
    routing::ImportReport report;
};

const Imported& imported(const std::string& path) {
    static std::map<std::string, Imported> cache;
    auto it = cache.find(path);
    if (it == cache.end()) {
        Imported i;
        Progress quiet;
        i.graph = routing::import_osm(path, routing::Profile::load("car"), i.report, quiet);
        it = cache.emplace(path, std::move(i)).first;
    }
    return it->second;
}

class RealExtract : public ::testing::TestWithParam<Extract> {};

TEST_P(RealExtract, Imports) {
    REVIR_REQUIRE_DATA(path, GetParam().path);
    const auto& [graph, report] = imported(path);
    EXPECT_GT(graph.node_count(), 10u);
    EXPECT_GT(graph.edge_count(), graph.node_count()); // mostly two-way streets
    EXPECT_GT(report.routable_ways, 0u);
    EXPECT_EQ(report.nodes, graph.node_count());
    EXPECT_NO_THROW(graph.validate());
    // The largest component holds most of the network.
    EXPECT_GT(report.components.kept_nodes, report.components.dropped_nodes);
    // Every edge is at least as slow as the profile's top speed allows.
    const double top_mps = routing::Profile::load("car").max_speed_kmh() / 3.6;
    for (routing::EdgeId e : graph.edges()) {
        ASSERT_GE(graph.travel_time[e] + 1.0, 1000.0 * graph.length_m[e] / top_mps) << "edge " << e.value();
    }
}

TEST_P(RealExtract, DijkstraEqualsBoostGraphOnRandomPairs) {
    REVIR_REQUIRE_DATA(path, GetParam().path);
    const auto& graph = imported(path).graph;
    const routing::ReferenceDijkstra reference(graph);
    routing::Dijkstra dijkstra(graph);
    Random rng(42);
    auto node = [&] { return routing::NodeId(static_cast<std::uint32_t>(rng.below(graph.node_count()))); };
    int pairs = 0;
    // 100 sources × 10 targets = 1,000 pairs; each query stops at its target.
    for (int s = 0; s < 100; ++s) {
        const routing::NodeId source = node();
        const auto expected = reference.one_to_all(source);
        for (int t = 0; t < 10; ++t) {
            const routing::NodeId target = node();
            dijkstra.reset();
            dijkstra.add_source(source, 0, 0);
            dijkstra.run_until_settled(target);
            ASSERT_EQ(dijkstra.time(target), expected[target]) << source.value() << " -> " << target.value();
            ASSERT_NE(expected[target], routing::kInfiniteTime); // one strongly connected component
            ++pairs;
        }
    }
    EXPECT_EQ(pairs, 1000);
}

TEST_P(RealExtract, RoutesBetweenRandomNodesAreConsistent) {
    REVIR_REQUIRE_DATA(path, GetParam().path);
    const auto& graph = imported(path).graph;
    const routing::Snapper snapper(graph);
    routing::Router router(graph);
    const double top_mps = routing::Profile::load("car").max_speed_kmh() / 3.6;
    Random rng(1);
    auto node = [&] { return routing::NodeId(static_cast<std::uint32_t>(rng.below(graph.node_count()))); };
    for (int i = 0; i < 50; ++i) {
        const auto a = snapper.snap(graph.node_coordinate[node()], 1, "a");
        const auto b = snapper.snap(graph.node_coordinate[node()], 1, "b");
        const auto r = router.route(a, b);
        ASSERT_TRUE(r);
        EXPECT_GE(r->seconds() + 1e-3, geo::haversine_m(a.location, b.location) / top_mps);
        // The full edges driven add up to no more than the whole route.
        double edge_time = 0;
        for (auto e : r->edges) edge_time += graph.travel_time[e] / 1000.0;
        EXPECT_LE(edge_time, r->seconds() + 1e-3);
    }
}

INSTANTIATE_TEST_SUITE_P(SharedData, RealExtract, ::testing::ValuesIn(kExtracts),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(RealExtractQuirks, HelsinkiWaysAreCutAtMissingNodes) {
    REVIR_REQUIRE_DATA(path, "helsinki/osm/Helsinki.osm.pbf");
    const auto& report = imported(path).report;
    EXPECT_GT(report.missing_node_refs, 100u);
    EXPECT_GT(report.ways_cut, 10u);
}

TEST(RealExtractQuirks, UnsortedBaltimoreImportsLikeASortedFile) {
    REVIR_REQUIRE_DATA(path, "osm_extracts/baltimore.osm.pbf");
    const auto& report = imported(path).report;
    // The file is unsorted ("way after relation"); the import reads by type, so no
    // node reference may be missing: every one of them is in the file.
    EXPECT_EQ(report.missing_node_refs, 0u);
}

TEST(RealExtractQuirks, UnsortedBaltimoreGivesTheSameGraphAsTheSortedFile) {
    REVIR_REQUIRE_DATA(path, "osm_extracts/baltimore.osm.pbf");
    if (std::system("osmium --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "osmium-tool is not installed";
    const auto sorted = test::temporary_folder("sorted") / "baltimore-sorted.osm.pbf";
    ASSERT_EQ(std::system(("osmium sort -O -o " + sorted.string() + " " + path + " > /dev/null 2>&1").c_str()), 0);
    const auto& unsorted_graph = imported(path).graph;
    const auto& sorted_graph = imported(sorted.string()).graph;
    EXPECT_EQ(unsorted_graph.node_osm_id, sorted_graph.node_osm_id);
    EXPECT_EQ(unsorted_graph.node_coordinate, sorted_graph.node_coordinate);
    EXPECT_EQ(unsorted_graph.head, sorted_graph.head);
    EXPECT_EQ(unsorted_graph.travel_time, sorted_graph.travel_time);
}

TEST(RealExtractQuirks, MatrixEqualsOneRoutePerPair) {
    REVIR_REQUIRE_DATA(path, "porto_alegre/poa_osm.pbf");
    const auto& graph = imported(path).graph;
    const routing::Snapper snapper(graph);
    routing::Router router(graph);
    geo::BoundingBox box;
    for (const auto& c : graph.node_coordinate) box.extend(c);
    Random rng(5);
    std::vector<routing::SnappedPoint> points;
    while (points.size() < 25) {
        const double lon = rng.uniform(box.min.lon(), box.max.lon());
        const double lat = rng.uniform(box.min.lat(), box.max.lat());
        if (auto s = snapper.nearest(geo::Coordinate::from_degrees(lon, lat)); s && s->distance_m < 300) {
            points.push_back(*s);
        }
    }
    points.push_back(points[3]); // the same point twice
    Progress quiet;
    const auto matrix = routing::drive_time_matrix(graph, points, 2, quiet);
    const std::size_t n = points.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const auto r = router.route(points[i], points[j]);
            ASSERT_TRUE(r);
            ASSERT_TRUE(matrix[i * n + j].reachable());
            EXPECT_NEAR(matrix[i * n + j].seconds(), r->seconds(), 1e-6) << i << " -> " << j;
            EXPECT_NEAR(matrix[i * n + j].distance_m, r->distance_m, 1e-3) << i << " -> " << j;
        }
    }
    EXPECT_EQ(matrix[3 * n + (n - 1)].time_ms, 0u);
}

TEST(RealExtractQuirks, BzippedXmlOaklandImports) {
    REVIR_REQUIRE_DATA(path, "osm_extracts/West-Oakland.osm.bz2");
    const auto& graph = imported(path).graph;
    EXPECT_GT(graph.node_count(), 5u);
}

TEST(RealExtractQuirks, MissingAndBrokenFilesGiveClearErrors) {
    Progress quiet;
    routing::ImportReport report;
    const auto car = routing::Profile::load("car");
    try {
        routing::import_osm("/nonexistent/city.osm.pbf", car, report, quiet);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/city.osm.pbf"), std::string::npos);
    }
    const auto broken = test::temporary_folder("broken") / "broken.osm.pbf";
    {
        std::ofstream out(broken, std::ios::binary);
        out << "this is not a protocol buffer at all, just text pretending to be one";
    }
    try {
        routing::import_osm(broken.string(), car, report, quiet);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("broken.osm.pbf"), std::string::npos) << e.what();
    }
}

} // namespace
