// The contraction hierarchy against plain Dijkstra: node-to-node, one-to-all,
// many-to-many and unpacked paths, on the sample town, every real extract and
// the DIMACS New York graph.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>

#include "routing/ch/ch_query.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/import/dimacs.hpp"
#include "routing/query/matrix.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/search/reference_dijkstra.hpp"
#include "tests/test_support.hpp"
#include "geo/core/error.hpp"
#include "geo/core/interrupt.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir;
using namespace revir::routing;

struct Built {
    RoadGraph graph;
    ContractionHierarchy ch;
};

const Built& built(const std::string& key) {
    static std::map<std::string, Built> cache;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    Built b;
    Progress quiet;
    if (key == "sample") {
        b.graph = test::sample_town_graph();
    } else if (key == "dimacs") {
        b.graph = read_dimacs(test::shared_data("dimacs_road/USA-road-t.NY.gr.gz"),
                              test::shared_data("dimacs_road/USA-road-d.NY.co.gz"), quiet);
    } else {
        ImportReport report;
        b.graph = import_osm(key, Profile::load("car"), report, quiet);
    }
    b.ch = build_contraction_hierarchy(b.graph, quiet);
    return cache.emplace(key, std::move(b)).first->second;
}

// 100 sources × 100 targets = 10,000 pairs against Boost.Graph's Dijkstra, PHAST
// against whole reference trees, and unpacked paths that add up.
void check_against_dijkstra(const Built& b) {
    const auto& g = b.graph;
    const ReferenceDijkstra reference(g);
    ChQuery query(b.ch);
    Phast phast(b.ch);
    Random rng(17);
    auto node = [&] { return NodeId(static_cast<std::uint32_t>(rng.below(g.node_count()))); };
    const auto tails = g.tails();
    int pairs = 0;
    for (int s = 0; s < 100; ++s) {
        const NodeId source = node();
        const auto expected = reference.one_to_all(source);
        ASSERT_EQ(phast.one_to_all(source), expected) << "PHAST from " << source.value();
        for (int t = 0; t < 100; ++t) {
            const NodeId target = node();
            ASSERT_EQ(query.time(source, target), expected[target]) << source.value() << " -> " << target.value();
            ++pairs;
            if (t % 10 != 0 || expected[target] == kInfiniteTime || source == target) continue;
            // The unpacked path is a path of road edges whose times add up.
            const auto r = query.run({Leg{source, 0, 0, kNoEdge}}, {Leg{target, 0, 0, kNoEdge}}, true);
            ASSERT_TRUE(r);
            ASSERT_FALSE(r->road_edges.empty());
            NodeId at = source;
            TimeMs sum = 0;
            for (EdgeId e : r->road_edges) {
                ASSERT_EQ(tails[e], at);
                at = g.head[e];
                sum += g.travel_time[e];
            }
            EXPECT_EQ(at, target);
            EXPECT_EQ(sum, expected[target]);
        }
    }
    EXPECT_EQ(pairs, 10000);
}

// A graceful stop during a build with nothing to keep stops it: Interrupted,
// which revir reports with exit 130 and no output (the plan command's graph stage).
TEST(ContractionHierarchy, AGracefulStopEndsTheBuild) {
    Progress quiet;
    set_interrupted(true);
    EXPECT_THROW(build_contraction_hierarchy(test::sample_town_graph(), quiet), Interrupted);
    set_interrupted(false);
    EXPECT_NO_THROW(build_contraction_hierarchy(test::sample_town_graph(), quiet));
}

TEST(ContractionHierarchy, SampleTownEqualsDijkstra) { check_against_dijkstra(built("sample")); }

class RealExtractCh : public ::testing::TestWithParam<const char*> {};

TEST_P(RealExtractCh, EqualsDijkstraOn10000Pairs) {
    REVIR_REQUIRE_DATA(path, GetParam());
    check_against_dijkstra(built(path));
}

INSTANTIATE_TEST_SUITE_P(SharedData, RealExtractCh,
                         ::testing::Values("osm_extracts/West-Oakland.osm.bz2", "osm_extracts/liechtenstein-2013-08-03.osm.pbf",
                                           "osm_extracts/baltimore.osm.pbf", "osm_extracts/monaco.osm.pbf",
                                           "porto_alegre/poa_osm.pbf", "helsinki/osm/Helsinki.osm.pbf"),
                         [](const auto& param_info) {
                             std::string name = std::filesystem::path(param_info.param).stem().stem().string();
                             for (char& c : name) {
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             }
                             return name;
                         });

TEST(ContractionHierarchy, DimacsNewYorkEqualsDijkstra) {
    REVIR_REQUIRE_DATA(arcs, "dimacs_road/USA-road-t.NY.gr.gz");
    check_against_dijkstra(built("dimacs"));
}

TEST(ContractionHierarchy, ManyToManyEqualsTheDijkstraMatrix) {
    REVIR_REQUIRE_DATA(path, "porto_alegre/poa_osm.pbf");
    const Built& b = built(path);
    const Snapper snapper(b.graph);
    Random rng(23);
    auto node = [&] { return NodeId(static_cast<std::uint32_t>(rng.below(b.graph.node_count()))); };
    std::vector<SnappedPoint> points;
    for (int i = 0; i < 60; ++i) {
        // Points a little off the road, so that most snap into edge interiors.
        const auto c = b.graph.node_coordinate[node()];
        points.push_back(*snapper.nearest(geo::Coordinate::from_degrees(c.lon() + 0.0003, c.lat() + 0.0002)));
    }
    Progress quiet;
    const auto dijkstra = drive_time_matrix(b.graph, points, 2, quiet);
    const auto ch = drive_time_matrix(b.graph, points, 2, quiet, &b.ch);
    std::size_t length_differences = 0;
    for (std::size_t k = 0; k < dijkstra.size(); ++k) {
        ASSERT_EQ(ch[k].reachable(), dijkstra[k].reachable()) << k;
        ASSERT_EQ(ch[k].time_ms, dijkstra[k].time_ms) << k;
        length_differences += std::abs(ch[k].distance_m - dijkstra[k].distance_m) > 0.5; // equal-time paths may differ
    }
    EXPECT_LE(length_differences, dijkstra.size() / 100);
}

} // namespace

// Witness searches run on every usable CPU, but the hierarchy must not depend on
// how many threads there are.
void expect_same_with_threads(const Built& b, unsigned threads) {
    Progress quiet;
    ChOptions options;
    options.threads = threads;
    const auto other = build_contraction_hierarchy(b.graph, quiet, options);
    EXPECT_EQ(other.rank, b.ch.rank);
    EXPECT_EQ(other.first, b.ch.first);
    EXPECT_EQ(other.up, b.ch.up);
    EXPECT_EQ(other.up_path, b.ch.up_path);
    EXPECT_EQ(other.down_path, b.ch.down_path);
    EXPECT_EQ(other.down, b.ch.down);
    EXPECT_EQ(other.edges.size(), b.ch.edges.size());
}

TEST(ContractionHierarchy, SameHierarchyOnOneThreadAsOnEveryCore) {
    expect_same_with_threads(built("sample"), 1);
    REVIR_REQUIRE_DATA(path, "osm_extracts/monaco.osm.pbf");
    expect_same_with_threads(built(path), 1);
}

// Two witness threads on one CPU (a taskset, a container quota): they must take
// turns, not spin against each other, and still build the same hierarchy.
TEST(ContractionHierarchy, SameHierarchyWithTwoThreadsOnOneCpu) {
    REVIR_REQUIRE_DATA(path, "osm_extracts/monaco.osm.pbf");
    const Built& b = built(path);
    test::on_one_cpu([&] { expect_same_with_threads(b, 2); });
}
