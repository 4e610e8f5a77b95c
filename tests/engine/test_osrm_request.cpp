// The OSRM v1 request grammar: the error codes, messages and positions OSRM's own
// status.feature expects, every option of every service, and POST bodies.
#include <gtest/gtest.h>

#include "engine/service/osrm_request.hpp"

namespace {

using namespace revir::engine::service;

std::pair<std::string, std::string> refusal(const std::string& target) {
    try {
        parse_osrm_get(target);
    } catch (const ApiError& e) {
        return {e.code(), e.what()};
    }
    return {"Ok", ""};
}

TEST(OsrmRequest, RefusesAsOsrmsStatusFeatureSays) {
    // features/testbot/status.feature (the harness puts a '/' in front).
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"/route/v1/driving/1,1;1,2", "Ok", ""},
        {"/route/v1/driving/-74697224,5.191564", "InvalidQuery", "Query string malformed close to position 18"},
        {"/route/v1/driving/200,5.191564;44,5", "InvalidValue", "Invalid coordinate value."},
        {"/nonsense", "InvalidUrl", "URL string malformed close to position 9: \"nse\""},
        {"/nonsense/v1/driving/1,1;1,2", "InvalidService", "Service nonsense not found!"},
        {"/", "InvalidUrl", "URL string malformed close to position 1: \"/\""},
        {"/?", "InvalidUrl", "URL string malformed close to position 1: \"/\""},
        {"/route/v1/driving", "InvalidUrl", "URL string malformed close to position 17: \"ing\""},
        {"/route/v1/driving/", "InvalidUrl", "URL string malformed close to position 18: \"ng/\""},
        {"/route/v1/driving/1", "InvalidQuery", "Query string malformed close to position 19"},
        {"/route/v1/driving/1,1", "InvalidOptions", "Number of coordinates needs to be at least two."},
        {"/route/v1/driving/1,1,1", "InvalidQuery", "Query string malformed close to position 21"},
        {"/route/v1/driving/x", "InvalidQuery", "Query string malformed close to position 18"},
        {"/route/v1/driving/x,y", "InvalidQuery", "Query string malformed close to position 18"},
        {"/route/v1/driving/1,1;", "InvalidQuery", "Query string malformed close to position 21"},
        {"/route/v1/driving/1,1;1", "InvalidQuery", "Query string malformed close to position 23"},
        {"/route/v1/driving/1,1;1,1,1", "InvalidQuery", "Query string malformed close to position 25"},
        {"/route/v1/driving/1,1;x", "InvalidQuery", "Query string malformed close to position 21"},
        {"/route/v1/driving/1,1;x,y", "InvalidQuery", "Query string malformed close to position 21"},
    };
    for (const auto& [target, code, message] : cases) {
        const auto [got_code, got_message] = refusal(target);
        EXPECT_EQ(got_code, code) << target;
        EXPECT_EQ(got_message, message) << target;
    }
    EXPECT_EQ(refusal("/route/v2/driving/1,1;1,2").first, "InvalidVersion");
    EXPECT_EQ(refusal("/match/v1/driving/1,1;1,2").first, "NotImplemented");
}

TEST(OsrmRequest, ReadsEveryRouteOption) {
    const auto r = parse_osrm_get(
        "/route/v1/car/13.388860,52.517037;13.397634,52.529407;13.428555,52.523219.json?steps=true&alternatives=true"
        "&geometries=geojson&overview=full&annotations=duration,nodes&continue_straight=false&waypoints=0;2"
        "&radiuses=10;unlimited;&bearings=90,20;;0,180&hints=;;&generate_hints=false&skip_waypoints=true");
    EXPECT_EQ(r.service, OsrmService::route);
    EXPECT_EQ(r.profile, "car");
    ASSERT_EQ(r.coordinates.size(), 3u);
    EXPECT_NEAR(r.coordinates[0].lon(), 13.38886, 1e-7);
    EXPECT_NEAR(r.coordinates[0].lat(), 52.517037, 1e-7);
    EXPECT_TRUE(r.steps);
    EXPECT_EQ(r.alternatives, 1u);
    EXPECT_EQ(r.geometries, Geometries::geojson);
    EXPECT_EQ(r.overview, Overview::full);
    EXPECT_TRUE(r.annotations.duration && r.annotations.nodes);
    EXPECT_FALSE(r.annotations.distance || r.annotations.speed);
    EXPECT_EQ(r.continue_straight, false);
    EXPECT_EQ(r.waypoints, (std::vector<std::size_t>{0, 2}));
    ASSERT_EQ(r.radiuses.size(), 3u);
    EXPECT_EQ(r.radiuses[0], 10.0);
    EXPECT_FALSE(r.radiuses[1].has_value());
    ASSERT_EQ(r.bearings.size(), 3u);
    EXPECT_EQ(r.bearings[0]->value, 90);
    EXPECT_EQ(r.bearings[0]->range, 20);
    EXPECT_FALSE(r.bearings[1].has_value());
    EXPECT_FALSE(r.generate_hints);
    EXPECT_TRUE(r.skip_waypoints);
    // Leaflet Routing Machine's request, percent-encoded.
    const auto lrm = parse_osrm_get("/route/v1/driving/-51.2,-30.03;-51.19,-30.04?overview=false&alternatives=true"
                                    "&steps=true&hints=%3B");
    EXPECT_EQ(lrm.overview, Overview::none);
}

TEST(OsrmRequest, ReadsPolylineCoordinates) {
    // Google's example polyline: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453).
    const auto r = parse_osrm_get("/route/v1/driving/polyline(_p~iF~ps|U_ulLnnqC_mqNvxq`@)");
    ASSERT_EQ(r.coordinates.size(), 3u);
    EXPECT_NEAR(r.coordinates[2].lat(), 43.252, 1e-9);
    EXPECT_NEAR(r.coordinates[2].lon(), -126.453, 1e-9);
    EXPECT_EQ(refusal("/route/v1/driving/polyline(_p~iF~ps|U_ulL)").first, "InvalidQuery");
}

TEST(OsrmRequest, TableNearestAndTripOptions) {
    const auto t = parse_osrm_get("/table/v1/driving/1,1;2,2;3,3?sources=0;1&destinations=all&annotations=distance,duration"
                                  "&fallback_speed=10&fallback_coordinate=snapped&scale_factor=0.5");
    EXPECT_EQ(t.sources, (std::vector<std::size_t>{0, 1}));
    EXPECT_TRUE(t.destinations.empty());
    EXPECT_TRUE(t.table_durations && t.table_distances);
    EXPECT_EQ(t.fallback_speed, 10.0);
    EXPECT_TRUE(t.fallback_snapped);
    EXPECT_EQ(t.scale_factor, 0.5);
    EXPECT_EQ(refusal("/table/v1/driving/1,1;2,2?sources=5").first, "InvalidOptions");
    EXPECT_EQ(refusal("/table/v1/driving/1,1;2,2?scale_factor=-1").first, "InvalidValue");
    EXPECT_EQ(refusal("/table/v1/driving/1,1;2,2?steps=true").first, "InvalidQuery"); // not a table option

    const auto n = parse_osrm_get("/nearest/v1/driving/1,1?number=3");
    EXPECT_EQ(n.number, 3u);
    EXPECT_EQ(refusal("/nearest/v1/driving/1,1;2,2").first, "InvalidOptions");
    EXPECT_EQ(refusal("/nearest/v1/driving/1,1?number=0").first, "InvalidOptions");

    const auto trip = parse_osrm_get("/trip/v1/driving/1,1;2,2;3,3?roundtrip=false&source=first&destination=last");
    EXPECT_FALSE(trip.roundtrip);
    EXPECT_EQ(refusal("/trip/v1/driving/1,1;2,2?roundtrip=false").first, "NotImplemented");
}

TEST(OsrmRequest, BadNumbersAndOptionsAreQueriesMalformed) {
    for (const char* target : {"/route/v1/driving/1,1;2,2?steps=maybe", "/route/v1/driving/nan,1;2,2",
                               "/route/v1/driving/1,inf;2,2", "/route/v1/driving/1,1;2,2?radiuses=-5;1",
                               "/route/v1/driving/1,1;2,2?bearings=400,10;", "/route/v1/driving/1,1;2,2?frobnicate=1",
                               "/route/v1/driving/1,1;2,2?steps", "/route/v1/driving/1,1;2,2?steps=true&",
                               "/route/v1/driving/1.,1;2,2", "/route/v1/driving/1,1;2,2?waypoints=0;x"}) {
        EXPECT_EQ(refusal(target).first, "InvalidQuery") << target;
    }
    EXPECT_EQ(refusal("/route/v1/driving/1,1;2,2?bearings=90,10").first, "InvalidOptions"); // one for two coordinates
    EXPECT_EQ(refusal("/route/v1/driving/1,1;2,2;3,3?waypoints=0;1").first, "InvalidOptions");
    EXPECT_EQ(refusal("/route/v1/driving/1,95;2,2").first, "InvalidValue");
}

TEST(OsrmRequest, PostBodiesReadLikeQueries) {
    const auto r = parse_osrm_post("/route/v1/testbot", R"({"coordinates": [[1,1],[1,2]], "steps": true,
        "annotations": ["duration","distance"], "radiuses": [null, 20], "bearings": [[90,10], null]})");
    EXPECT_EQ(r.coordinates.size(), 2u);
    EXPECT_TRUE(r.steps);
    EXPECT_TRUE(r.annotations.duration && r.annotations.distance);
    EXPECT_EQ(r.radiuses[1], 20.0);
    EXPECT_EQ(r.bearings[0]->value, 90);
    const auto code = [](const std::string& target, const std::string& body) {
        try {
            parse_osrm_post(target, body);
        } catch (const ApiError& e) {
            return e.code();
        }
        return std::string("Ok");
    };
    // features/testbot/post.feature
    EXPECT_EQ(code("/nearest/v1/testbot", R"({"coordinates": [[1,1]]})"), "NotImplemented");
    EXPECT_EQ(code("/trip/v1/testbot", R"({"coordinates": [[1,1],[1,1]]})"), "NotImplemented");
    EXPECT_EQ(code("/nonsense/v1/testbot", R"({"coordinates": [[1,1],[1,1]]})"), "InvalidService");
    EXPECT_EQ(code("/route/v2/testbot", R"({"coordinates": [[1,1],[1,1]]})"), "InvalidVersion");
    EXPECT_EQ(code("/route/v1/testbot", R"({"coordinates": [[1,1],[1,1]], "overview": "sometimes"})"), "InvalidQuery");
    EXPECT_EQ(code("/table/v1/testbot", R"({"coordinates": [[1,1],[1,1]], "scale_factor": "big"})"), "InvalidQuery");
    EXPECT_EQ(code("/table/v1/testbot", R"({"coordinates": [[1,1]]})"), "InvalidOptions");
    EXPECT_EQ(code("/route/v1/testbot", "{not json"), "InvalidQuery");
    EXPECT_EQ(code("/route/v1/testbot", R"([1,2])"), "InvalidQuery");
}

TEST(OsrmRequest, PercentDecoding) {
    EXPECT_EQ(percent_decode("a%3Bb%3bc%2"), "a;b;c%2");
    EXPECT_EQ(percent_decode("%zz%"), "%zz%");
}

} // namespace
