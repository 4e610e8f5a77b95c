// The routing service on the sample town, compared with the library calls it
// wraps: routes and tables equal the Router's and the matrix's, nearest is sorted,
// trips are exact on small inputs, isochrones are Valhalla's shape, and every
// refusal is an answer with OSRM's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/service/osrm_service.hpp"
#include "engine/service/trip_order.hpp"
#include "geo/core/polyline.hpp"
#include "geo/core/progress.hpp"
#include "maps/sample/sample_town.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/query/matrix.hpp"
#include "routing/query/route.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;
using engine::service::RoutingService;
using nlohmann::json;

const RoutingService& service() {
    static const RoutingService s = [] {
        Progress quiet;
        auto graph = test::sample_town_graph();
        auto hierarchy = routing::build_contraction_hierarchy(graph, quiet);
        engine::service::ServiceLimits limits;
        limits.max_snap_m = 1000; // as `revir serve --max-snap 1000`
        return RoutingService(std::move(graph), std::move(hierarchy), "sample-town.rvg", limits);
    }();
    return s;
}

std::string lon_lat(double x, double y) {
    const auto c = sample::town_coordinate(x, y);
    return fmt::format("{:.6f},{:.6f}", c.lon(), c.lat());
}

// The coordinate the service reads from lon_lat(x, y).
geo::Coordinate as_sent(double x, double y) {
    const auto c = sample::town_coordinate(x, y);
    return geo::Coordinate::from_degrees(std::round(c.lon() * 1e6) / 1e6, std::round(c.lat() * 1e6) / 1e6);
}

// Appends `item` to a ';'-separated list.
void append(std::string& list, const std::string& item) {
    if (!list.empty()) list += ';';
    list += item;
}

json get(const std::string& target, int expected_status = 200) {
    const auto answer = service().handle("GET", target, "");
    EXPECT_EQ(answer.status, expected_status) << target << " → " << answer.body;
    return json::parse(answer.body);
}

TEST(RoutingService, RouteEqualsTheRouter) {
    const std::string a = lon_lat(-1800, -900), b = lon_lat(1700, 1100);
    const auto body = get("/route/v1/driving/" + a + ";" + b + "?overview=full&geometries=polyline6");
    ASSERT_EQ(body["code"], "Ok");
    const auto& route = body["routes"][0];

    const auto& graph = test::sample_town_graph();
    Progress quiet;
    const auto hierarchy = routing::build_contraction_hierarchy(graph, quiet);
    const routing::Snapper snapper(graph);
    routing::Router router(graph, &hierarchy);
    const auto expected = router.route(*snapper.nearest(as_sent(-1800, -900)), *snapper.nearest(as_sent(1700, 1100)));
    ASSERT_TRUE(expected);
    EXPECT_NEAR(route["duration"].get<double>(), expected->seconds(), 0.051);
    // The town's grid has many routes of equal time; two hierarchies may pick
    // different ones among them, of slightly different length.
    EXPECT_NEAR(route["distance"].get<double>(), expected->distance_m, 0.01 * expected->distance_m);
    const auto line = geo::decode_polyline(route["geometry"].get<std::string>(), 6);
    ASSERT_TRUE(line);
    EXPECT_LT(geo::haversine_m(line->front(), expected->geometry.front()), 0.2); // polyline6: 1e-6 degrees
    EXPECT_LT(geo::haversine_m(line->back(), expected->geometry.back()), 0.2);
    EXPECT_EQ(body["waypoints"].size(), 2u);
    EXPECT_EQ(route["legs"].size(), 1u);
}

TEST(RoutingService, StepsAreAnItineraryEveryClientCanRead) {
    const std::string a = lon_lat(-1800, -900), b = lon_lat(1700, 1100);
    const auto body = get("/route/v1/driving/" + a + ";" + b + "?steps=true&overview=false&alternatives=true&hints=;");
    const auto& route = body["routes"][0];
    EXPECT_FALSE(route.contains("geometry")); // overview=false
    const auto& steps = route["legs"][0]["steps"];
    ASSERT_GE(steps.size(), 3u);
    EXPECT_EQ(steps.front()["maneuver"]["type"], "depart");
    EXPECT_EQ(steps.back()["maneuver"]["type"], "arrive");
    double duration = 0, distance = 0;
    std::set<std::string> names;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        duration += s["duration"].get<double>();
        distance += s["distance"].get<double>();
        names.insert(s["name"].get<std::string>());
        const std::string type = s["maneuver"]["type"];
        // Leaflet Routing Machine reads a modifier on every step but depart and arrive.
        if (type != "depart" && type != "arrive") {
            EXPECT_TRUE(s["maneuver"].contains("modifier")) << s.dump();
        }
        EXPECT_FALSE(s["intersections"].empty());
        const auto line = geo::decode_polyline(s["geometry"].get<std::string>(), 5);
        ASSERT_TRUE(line);
        EXPECT_GE(line->size(), 2u);
        if (i > 0 && i + 1 < steps.size()) {
            // A step begins where the last one ended.
            const auto previous = geo::decode_polyline(steps[i - 1]["geometry"].get<std::string>(), 5);
            EXPECT_EQ(previous->back(), line->front());
        }
    }
    EXPECT_NEAR(duration, route["duration"].get<double>(), 0.1 * steps.size());
    EXPECT_NEAR(distance, route["distance"].get<double>(), 0.1 * steps.size());
    EXPECT_GT(names.size(), 1u); // the town's streets have names
    EXPECT_FALSE(route["legs"][0]["summary"].get<std::string>().empty());
}

TEST(RoutingService, ViaPointsMakeLegsAndWaypointsChooseThem) {
    const std::string a = lon_lat(-1800, -900), b = lon_lat(0, 0), c = lon_lat(1700, 1100);
    const auto three = get("/route/v1/driving/" + a + ";" + b + ";" + c);
    EXPECT_EQ(three["routes"][0]["legs"].size(), 2u);
    const auto merged = get("/route/v1/driving/" + a + ";" + b + ";" + c + "?waypoints=0;2");
    EXPECT_EQ(merged["routes"][0]["legs"].size(), 1u);
    EXPECT_EQ(merged["waypoints"].size(), 2u);
    EXPECT_NEAR(merged["routes"][0]["duration"].get<double>(), three["routes"][0]["duration"].get<double>(), 0.11);
    // The coordinate that is not a waypoint is driven through: no arrive or depart there.
    const auto stepped = get("/route/v1/driving/" + a + ";" + b + ";" + c + "?waypoints=0;2&steps=true");
    const auto& steps = stepped["routes"][0]["legs"][0]["steps"];
    int departs = 0, arrives = 0;
    double duration = 0;
    for (const auto& s : steps) {
        departs += s["maneuver"]["type"] == "depart";
        arrives += s["maneuver"]["type"] == "arrive";
        duration += s["duration"].get<double>();
    }
    EXPECT_EQ(departs, 1);
    EXPECT_EQ(arrives, 1);
    EXPECT_NEAR(duration, stepped["routes"][0]["duration"].get<double>(), 0.1 * steps.size());
}

TEST(RoutingService, TableEqualsTheMatrix) {
    std::vector<std::pair<double, double>> xy = {{-1800, -900}, {0, 0}, {1700, 1100}, {600, -1500}, {-2500, 300}};
    std::string coordinates;
    std::vector<routing::SnappedPoint> points;
    const auto& graph = test::sample_town_graph();
    const routing::Snapper snapper(graph);
    for (const auto& [x, y] : xy) {
        append(coordinates, lon_lat(x, y));
        points.push_back(*snapper.nearest(as_sent(x, y)));
    }
    const auto body = get("/table/v1/driving/" + coordinates + "?annotations=duration,distance&sources=0;2");
    Progress quiet;
    const auto matrix = routing::drive_time_matrix(graph, points, 1, quiet);
    const std::vector<std::size_t> sources{0, 2};
    ASSERT_EQ(body["durations"].size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        ASSERT_EQ(body["durations"][i].size(), xy.size());
        for (std::size_t j = 0; j < xy.size(); ++j) {
            const auto& e = matrix[sources[i] * xy.size() + j];
            ASSERT_TRUE(e.reachable());
            EXPECT_NEAR(body["durations"][i][j].get<double>(), e.seconds(), 0.051);
            // Equal times; the length may be another of several equally fast routes.
            EXPECT_NEAR(body["distances"][i][j].get<double>(), e.distance_m, 0.01 * e.distance_m + 0.051);
        }
    }
    EXPECT_EQ(body["sources"].size(), 2u);
    EXPECT_EQ(body["destinations"].size(), xy.size());
    const auto scaled = get("/table/v1/driving/" + coordinates + "?scale_factor=2");
    EXPECT_NEAR(scaled["durations"][0][2].get<double>(), 2 * matrix[2].seconds(), 0.11);
}

TEST(RoutingService, NearestIsSortedAndDistinct) {
    const auto body = get("/nearest/v1/driving/" + lon_lat(10, 10) + "?number=4");
    ASSERT_EQ(body["waypoints"].size(), 4u);
    double last = 0;
    for (const auto& w : body["waypoints"]) {
        EXPECT_GE(w["distance"].get<double>(), last);
        last = w["distance"].get<double>();
        EXPECT_EQ(w["nodes"].size(), 2u);
    }
}

TEST(RoutingService, TripVisitsEveryPointOnce) {
    std::string coordinates;
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{{-1800, -900}, {0, 0}, {1700, 1100}, {600, -1500}}) {
        append(coordinates, lon_lat(x, y));
    }
    const auto body = get("/trip/v1/driving/" + coordinates);
    ASSERT_EQ(body["trips"].size(), 1u);
    EXPECT_EQ(body["trips"][0]["legs"].size(), 4u); // a round trip
    std::set<int> seen;
    for (const auto& w : body["waypoints"]) seen.insert(w["waypoint_index"].get<int>());
    EXPECT_EQ(seen, (std::set<int>{0, 1, 2, 3}));
    const auto path = get("/trip/v1/driving/" + coordinates + "?roundtrip=false&source=first&destination=last");
    EXPECT_EQ(path["trips"][0]["legs"].size(), 3u);
    EXPECT_EQ(path["waypoints"][0]["waypoint_index"], 0);
    EXPECT_EQ(path["waypoints"][3]["waypoint_index"], 3);
}

TEST(RoutingService, RefusalsAreAnswersWithOsrmCodes) {
    const auto far = get("/route/v1/driving/" + lon_lat(0, 0) + ";" + lon_lat(90000, 0), 400);
    EXPECT_EQ(far["code"], "NoSegment");
    EXPECT_FALSE(far["message"].get<std::string>().empty());
    std::string many;
    for (int i = 0; i < 101; ++i) append(many, lon_lat(i, 0));
    EXPECT_EQ(get("/table/v1/driving/" + many, 400)["code"], "TooBig");
    EXPECT_EQ(get("/nearest/v1/driving/" + lon_lat(0, 0) + "?number=101", 400)["code"], "TooBig");
    EXPECT_EQ(get("/route/v1/driving/1,1", 400)["code"], "InvalidOptions");
    EXPECT_EQ(get("/frobnicate", 400)["code"], "InvalidUrl");
    // With `radiuses`, a far point snaps when the radius allows it.
    EXPECT_EQ(get("/route/v1/driving/" + lon_lat(0, 0) + ";" + lon_lat(0, 2600) + "?radiuses=unlimited;unlimited")["code"], "Ok");
}

TEST(RoutingService, IsochronesAreValhallasShape) {
    const auto c = sample::town_coordinate(0, 0);
    const std::string request = fmt::format(
        R"({{"locations":[{{"lat":{},"lon":{}}}],"costing":"auto","contours":[{{"time":2}},{{"time":4,"color":"00ff00"}},{{"distance":1.5}}],"polygons":true,"denoise":0.5,"generalize":20,"id":"x"}})",
        c.lat(), c.lon());
    const auto answer = service().handle("POST", "/isochrone", request);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto body = json::parse(answer.body);
    EXPECT_EQ(body["type"], "FeatureCollection");
    EXPECT_EQ(body["id"], "x");
    ASSERT_EQ(body["features"].size(), 3u);
    EXPECT_EQ(body["features"][0]["properties"]["contour"], 4); // largest time first
    EXPECT_EQ(body["features"][0]["properties"]["color"], "#00ff00");
    EXPECT_EQ(body["features"][0]["properties"]["metric"], "time");
    EXPECT_EQ(body["features"][2]["properties"]["metric"], "distance");
    for (const auto& f : body["features"]) {
        const std::string type = f["geometry"]["type"];
        EXPECT_TRUE(type == "Polygon" || type == "MultiPolygon") << type;
    }
    // GET with the request in `json`, percent-encoded; lines without `polygons`.
    std::string encoded;
    for (char ch : std::string(R"({"locations":[{"lat":)") + std::to_string(c.lat()) + R"(,"lon":)" + std::to_string(c.lon()) +
                       R"(}],"costing":"auto","contours":[{"time":3}]})") {
        encoded += fmt::format("%{:02X}", static_cast<unsigned char>(ch));
    }
    const auto lines = get("/isochrone?json=" + encoded);
    EXPECT_EQ(lines["features"][0]["geometry"]["type"].get<std::string>().find("LineString") != std::string::npos, true);
    // Refusals in Valhalla's words.
    const auto bad = service().handle("GET", "/isochrone?json=%7B%7D", "");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(json::parse(bad.body)["error_code"], 110);
    const auto too_long = service().handle(
        "POST", "/isochrone",
        fmt::format(R"({{"locations":[{{"lat":{},"lon":{}}}],"costing":"auto","contours":[{{"time":500}}]}})", c.lat(), c.lon()));
    EXPECT_EQ(too_long.status, 400);
}

TEST(RoutingService, ALargeBandReachesTheEdgeOfTheData) {
    const auto c = sample::town_coordinate(0, 0);
    const auto answer = service().handle(
        "POST", "/isochrone",
        fmt::format(R"({{"locations":[{{"lat":{},"lon":{}}}],"costing":"auto","contours":[{{"time":1}},{{"time":60}}]}})",
                    c.lat(), c.lon()));
    ASSERT_EQ(answer.status, 200);
    const auto body = json::parse(answer.body);
    EXPECT_TRUE(body["features"][0]["properties"]["reaches_data_edge"] == true);
    EXPECT_TRUE(body["features"][1]["properties"]["reaches_data_edge"] == false);
    EXPECT_FALSE(answer.headers.empty());
}

TEST(RoutingService, AboutAndHealth) {
    const auto about = get("/");
    EXPECT_EQ(about["graph"], "sample-town.rvg");
    EXPECT_EQ(about["profile"], "car");
    EXPECT_EQ(about["limits"]["max_table_size"], 100);
    EXPECT_EQ(get("/health")["status"], "ok");
}

// Held–Karp, the exact reference for the trip order.
std::uint64_t held_karp(const std::vector<routing::TimeMs>& t, std::size_t n, bool roundtrip) {
    const std::uint64_t inf = UINT64_MAX / 4;
    std::vector<std::vector<std::uint64_t>> best(std::size_t{1} << n, std::vector<std::uint64_t>(n, inf));
    best[1][0] = 0;
    for (std::size_t mask = 1; mask < (std::size_t{1} << n); ++mask) {
        for (std::size_t last = 0; last < n; ++last) {
            if (best[mask][last] >= inf || !(mask & (std::size_t{1} << last))) continue;
            for (std::size_t next = 0; next < n; ++next) {
                if (mask & (std::size_t{1} << next)) continue;
                auto& slot = best[mask | (std::size_t{1} << next)][next];
                slot = std::min(slot, best[mask][last] + t[last * n + next]);
            }
        }
    }
    const std::size_t all = (std::size_t{1} << n) - 1;
    if (!roundtrip) return best[all][n - 1];
    std::uint64_t cycle = inf;
    for (std::size_t last = 1; last < n; ++last) cycle = std::min(cycle, best[all][last] + t[last * n]);
    return cycle;
}

// Every order, tried: the reference for small n.
std::uint64_t brute_force(const std::vector<routing::TimeMs>& t, std::size_t n, bool roundtrip) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::uint64_t best = UINT64_MAX;
    const std::size_t movable_end = roundtrip ? n : n - 1;
    do {
        best = std::min(best, engine::service::trip_cost(t, n, order, roundtrip));
    } while (std::next_permutation(order.begin() + 1, order.begin() + static_cast<std::ptrdiff_t>(movable_end)));
    return best;
}

TEST(TripOrder, ExactOnSmallInputsAndCloseOnLarger) {
    std::uint64_t seed = 7;
    const auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<routing::TimeMs>((seed >> 33) % 100000 + 1);
    };
    for (std::size_t n : {2u, 3u, 5u, 8u, 12u}) {
        std::vector<routing::TimeMs> t(n * n);
        for (auto& x : t) x = next();
        for (bool roundtrip : {true, false}) {
            const auto order = engine::service::trip_order(t, n, roundtrip, true, !roundtrip);
            ASSERT_TRUE(order);
            const auto cost = engine::service::trip_cost(t, n, *order, roundtrip);
            EXPECT_EQ(cost, held_karp(t, n, roundtrip)) << n;
            if (n <= 8) {
                EXPECT_EQ(cost, brute_force(t, n, roundtrip)) << n;
            }
            EXPECT_EQ(order->front(), 0u);
            if (!roundtrip) {
                EXPECT_EQ(order->back(), n - 1);
            }
        }
    }
    // The heuristic on road-like times (distances between random points, a little
    // longer one way than the other): within 10 % of the optimum.
    for (std::size_t n : {10u, 12u}) {
        std::vector<std::pair<double, double>> xy(n);
        for (auto& p : xy) p = {next() / 100.0, next() / 100.0};
        std::vector<routing::TimeMs> t(n * n);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                const double d = std::hypot(xy[i].first - xy[j].first, xy[i].second - xy[j].second);
                t[i * n + j] = static_cast<routing::TimeMs>(d * (i < j ? 1.05 : 1.0));
            }
        }
        for (bool roundtrip : {true, false}) {
            const auto order = engine::service::heuristic_order(t, n, roundtrip, !roundtrip);
            ASSERT_TRUE(order);
            auto sorted = *order;
            std::sort(sorted.begin(), sorted.end());
            for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(sorted[i], i);
            EXPECT_EQ(order->front(), 0u);
            if (!roundtrip) {
                EXPECT_EQ(order->back(), n - 1);
            }
            EXPECT_LE(engine::service::trip_cost(t, n, *order, roundtrip), held_karp(t, n, roundtrip) * 11 / 10);
        }
    }
    // Unreachable from everywhere: no trip.
    std::vector<routing::TimeMs> cut(16, 1);
    for (std::size_t i = 0; i < 4; ++i) cut[i * 4 + 3] = routing::kInfiniteTime;
    EXPECT_FALSE(engine::service::trip_order(cut, 4, true, true, false));
}

} // namespace
