// The built-in sample town imported with the car profile: directions, components,
// exclusions, snapping and routes on a network whose layout the test knows.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "geo/core/error.hpp"
#include "geo/core/interrupt.hpp"
#include "maps/sample/sample_town.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/search/reference_dijkstra.hpp"
#include "routing/query/route.hpp"
#include "tests/test_support.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir;
using routing::EdgeId;
using routing::NodeId;

struct XY {
    double x, y;
};

// The town's metre grid back from WGS84 (the mapping is linear).
XY town_xy(geo::Coordinate c) {
    const auto origin = sample::town_coordinate(0, 0);
    const auto east = sample::town_coordinate(1000, 0);
    const auto north = sample::town_coordinate(0, 1000);
    return {(c.lon() - origin.lon()) / (east.lon() - origin.lon()) * 1000,
            (c.lat() - origin.lat()) / (north.lat() - origin.lat()) * 1000};
}

const routing::RoadGraph& graph() { return test::sample_town_graph(); }

// Edges whose whole shape satisfies `on`.
template <typename Pred>
std::vector<EdgeId> edges_where(Pred on) {
    std::vector<EdgeId> result;
    for (EdgeId e : graph().edges()) {
        bool all = true;
        for (const auto& c : graph().geometry(graph().edge_geometry[e])) all = all && on(town_xy(c));
        if (all) result.push_back(e);
    }
    return result;
}

bool has_point_near(XY target, double tolerance_m) {
    for (const auto& c : graph().geometry_points) {
        const XY p = town_xy(c);
        if (std::hypot(p.x - target.x, p.y - target.y) < tolerance_m) return true;
    }
    return false;
}

TEST(SampleRegion, OneWayPairIsDrivenInOneDirectionEach) {
    const auto tails = graph().tails();
    const auto on_row = [](double row) {
        return [row](XY p) { return std::abs(p.y - row) < 0.5 && p.x < -100 && p.x > -1700; };
    };
    const auto eastbound = edges_where(on_row(sample::kEastboundY));
    const auto westbound = edges_where(on_row(sample::kWestboundY));
    ASSERT_GE(eastbound.size(), 8u);
    ASSERT_GE(westbound.size(), 8u);
    for (EdgeId e : eastbound) {
        EXPECT_GT(town_xy(graph().node_coordinate[graph().head[e]]).x, town_xy(graph().node_coordinate[tails[e]]).x);
    }
    for (EdgeId e : westbound) {
        EXPECT_LT(town_xy(graph().node_coordinate[graph().head[e]]).x, town_xy(graph().node_coordinate[tails[e]]).x);
    }
}

TEST(SampleRegion, RoundaboutIsDrivenCounterClockwiseOnly) {
    const auto tails = graph().tails();
    const auto on_ring = [](XY p) {
        return std::abs(std::hypot(p.x - sample::kRoundaboutX, p.y - sample::kRoundaboutY) - sample::kRoundaboutRadius) < 1.5;
    };
    const auto ring = edges_where(on_ring);
    ASSERT_GE(ring.size(), 4u); // four arms split the ring into four edges
    for (EdgeId e : ring) {
        const XY a = town_xy(graph().node_coordinate[tails[e]]);
        const XY b = town_xy(graph().node_coordinate[graph().head[e]]);
        const double cross = (a.x - sample::kRoundaboutX) * (b.y - sample::kRoundaboutY) -
                             (a.y - sample::kRoundaboutY) * (b.x - sample::kRoundaboutX);
        EXPECT_GT(cross, 0) << "edge " << e.value() << " runs clockwise";
    }
}

TEST(SampleRegion, UnconnectedPiecesAreDroppedAndReported) {
    routing::ImportReport report;
    Progress quiet;
    const auto all = routing::import_osm(test::sample_town_file().string(), routing::Profile::load("car"), report, quiet,
                                         {.keep_all_components = true});
    EXPECT_GT(all.node_count(), graph().node_count());
    // The island road and the one-way dead end are in the unpruned graph only.
    const XY island{-2900, sample::kIsolatedRoadY};
    const auto near = [](const routing::RoadGraph& g, XY target) {
        for (const auto& c : g.node_coordinate) {
            const XY p = town_xy(c);
            if (std::hypot(p.x - target.x, p.y - target.y) < 150) return true;
        }
        return false;
    };
    EXPECT_TRUE(near(all, island));
    EXPECT_FALSE(near(graph(), island));
    EXPECT_TRUE(near(all, {1900, -450}));
    EXPECT_FALSE(near(graph(), {1900, -450}));

    routing::ImportReport pruned;
    routing::import_osm(test::sample_town_file().string(), routing::Profile::load("car"), pruned, quiet);
    EXPECT_GE(pruned.components.components, 3u);
    EXPECT_EQ(pruned.components.dropped_nodes, all.node_count() - graph().node_count());
    EXPECT_EQ(pruned.nodes, graph().node_count());
}

TEST(SampleRegion, ExcludedWaysAreNotInTheGraph) {
    EXPECT_FALSE(has_point_near({sample::kPrivateRoadX, 690}, 3));   // access=private
    EXPECT_FALSE(has_point_near({1425, 825}, 3));                    // access=no
    EXPECT_FALSE(has_point_near({-1275, -375}, 3));                  // motor_vehicle=private
    EXPECT_FALSE(has_point_near({375, 525}, 3));                     // area=yes
    EXPECT_FALSE(has_point_near({-1425, 1125}, 3));                  // oneway=reversible
    EXPECT_FALSE(has_point_near({-375, 1125}, 3));                   // footway
    EXPECT_TRUE(has_point_near({-75, -1000}, 3));                    // access=destination stays
    EXPECT_TRUE(has_point_near({525, -225}, 3));                     // parking aisle stays
}

TEST(SampleRegion, SnapsToTheInteriorOfAnEdge) {
    const routing::Snapper snapper(graph());
    // 10 m north of a road between two nodes that are 75 m apart.
    const auto query = sample::town_coordinate(-1237, -290);
    const auto s = snapper.snap(query, 100, "test point");
    EXPECT_NEAR(s.distance_m, 10, 0.5);
    const XY at = town_xy(s.location);
    EXPECT_NEAR(at.y, -300, 0.5);
    EXPECT_NEAR(at.x, -1237, 0.5);
    EXPECT_GT(s.fraction(), 0.0);
    EXPECT_LT(s.fraction(), 1.0);
    for (const auto& c : graph().geometry(s.geometry)) EXPECT_GT(geo::haversine_m(c, s.location), 5);
    EXPECT_THROW(snapper.snap(sample::town_coordinate(-2500, 2500), 100, "far point"), InputError);
}

TEST(SampleRegion, PartialEdgesCountInTravelTime) {
    const routing::Snapper snapper(graph());
    routing::Router router(graph());
    // Two points on the same two-way residential block, 40 m apart.
    const auto a = snapper.snap(sample::town_coordinate(-1260, -300), 50, "a");
    const auto b = snapper.snap(sample::town_coordinate(-1220, -300), 50, "b");
    const auto r = router.route(a, b);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->distance_m, 40, 0.5);
    EXPECT_NEAR(r->seconds(), 40 / (25 / 3.6), 0.1); // residential, 25 km/h
}

TEST(SampleRegion, RoutesAreNoFasterThanTheCrowFliesAtTopSpeed) {
    const routing::Snapper snapper(graph());
    routing::Router router(graph());
    const double top_mps = routing::Profile::load("car").max_speed_kmh() / 3.6;
    Random rng(7);
    auto somewhere = [&] {
        const double x = rng.uniform(-1600, 1600);
        return sample::town_coordinate(x, rng.uniform(-1150, 1150));
    };
    int routed = 0;
    for (int i = 0; i < 300; ++i) {
        const auto a = snapper.snap(somewhere(), 200, "a");
        const auto b = snapper.snap(somewhere(), 200, "b");
        const auto r = router.route(a, b);
        ASSERT_TRUE(r); // one strongly connected component
        ++routed;
        const double crow = geo::haversine_m(a.location, b.location);
        EXPECT_GE(r->seconds() + 1e-3, crow / top_mps);
        EXPECT_GE(r->distance_m + 0.5, crow);
        // The geometry is the road driven: its length is the reported distance.
        double length = 0;
        for (std::size_t k = 1; k < r->geometry.size(); ++k) length += geo::haversine_m(r->geometry[k - 1], r->geometry[k]);
        EXPECT_NEAR(length, r->distance_m, 0.01 * r->distance_m + 1);
    }
    EXPECT_EQ(routed, 300);
}

TEST(SampleRegion, TheRiverIsCrossedOnBridgesOnly) {
    const routing::Snapper snapper(graph());
    routing::Router router(graph());
    for (double y : {-1000.0, -300.0, 450.0, 1100.0}) {
        const auto a = snapper.snap(sample::town_coordinate(-1000, y), 100, "west");
        const auto b = snapper.snap(sample::town_coordinate(1000, y + 75), 100, "east");
        const auto r = router.route(a, b);
        ASSERT_TRUE(r);
        int crossings = 0;
        for (std::size_t k = 1; k < r->geometry.size(); ++k) {
            const XY p = town_xy(r->geometry[k - 1]), q = town_xy(r->geometry[k]);
            if ((p.x < 0) == (q.x < 0)) continue;
            ++crossings;
            const double cross_y = p.y + (q.y - p.y) * (0 - p.x) / (q.x - p.x);
            const auto near = [&](double row) { return std::abs(cross_y - row) < 1; };
            const bool on_bridge = std::any_of(std::begin(sample::kBridgeRows), std::end(sample::kBridgeRows), near) ||
                                   std::any_of(std::begin(sample::kMotorwayRows), std::end(sample::kMotorwayRows), near);
            EXPECT_TRUE(on_bridge) << "crossed the river at y=" << cross_y;
        }
        EXPECT_EQ(crossings % 2, 1);
    }
}

TEST(SampleRegion, EveryOsmEncodingGivesTheSameGraph) {
    const auto& pbf = graph();
    for (const char* suffix : {".osm", ".osm.gz", ".osm.bz2"}) {
        const auto path = test::temporary_folder("encodings") / (std::string("town") + suffix);
        sample::write_sample_town(path.string());
        routing::ImportReport report;
        Progress quiet;
        const auto g = routing::import_osm(path.string(), routing::Profile::load("car"), report, quiet);
        EXPECT_EQ(g.node_coordinate, pbf.node_coordinate) << suffix;
        EXPECT_EQ(g.head, pbf.head) << suffix;
        EXPECT_EQ(g.travel_time, pbf.travel_time) << suffix;
        EXPECT_EQ(g.geometry_points, pbf.geometry_points) << suffix;
    }
}

TEST(SampleRegion, DijkstraEqualsBoostGraph) {
    const routing::ReferenceDijkstra reference(graph());
    routing::Dijkstra dijkstra(graph());
    for (std::uint32_t i = 0; i < graph().node_count(); i += 17) {
        const NodeId s(i);
        const auto expected = reference.one_to_all(s);
        dijkstra.reset();
        dijkstra.add_source(s, 0, 0);
        dijkstra.run_to_completion();
        for (NodeId t : graph().nodes()) ASSERT_EQ(dijkstra.time(t), expected[t]) << i << " -> " << t.value();
    }
}

} // namespace

namespace {
std::size_t open_descriptors() {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        (void)entry;
        ++n;
    }
    return n;
}
} // namespace

// A damaged PBF is refused without leaving its file open (libosmium 2.19 closes
// it only after a complete parse), and a graceful stop during an import is an
// interruption, not a read error.
TEST(SampleRegion, FailedImportsLeaveNoFileOpen) {
    const std::string whole = test::file_contents(test::sample_town_file());
    ASSERT_GT(whole.size(), 400u);
    const auto path = (test::temporary_folder("damaged-pbf") / "damaged.osm.pbf").string();
    {
        std::string damaged = whole;
        for (std::size_t i = 200; i < damaged.size(); i += 7) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
        std::ofstream(path, std::ios::binary) << damaged;
    }
    const auto profile = routing::Profile::load("car");
    const std::size_t before = open_descriptors();
    for (int i = 0; i < 20; ++i) {
        routing::ImportReport report;
        Progress quiet;
        EXPECT_THROW(routing::import_osm(path, profile, report, quiet), InputError);
    }
    EXPECT_EQ(open_descriptors(), before);

    set_interrupted(true);
    routing::ImportReport report;
    Progress quiet;
    EXPECT_THROW(routing::import_osm(test::sample_town_file().string(), profile, report, quiet), Interrupted);
    set_interrupted(false);
    EXPECT_EQ(open_descriptors(), before);
}
