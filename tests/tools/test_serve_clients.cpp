// `revir serve` with a real OSRM client: VROOM 1.14.0, built once from the source
// in ../shared/tools, plans two vehicles over Porto Alegre points against Revir on
// a free loopback port. Its durations must be Revir's table, its distances Revir's
// routes, and its route geometries must lie on Revir's roads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "geo/core/polyline.hpp"
#include "geo/io/points_csv.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/snap/snapping.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_support.hpp"

namespace {

using namespace revir;
using nlohmann::json;

std::string coordinate_text(const json& location) {
    return fmt::format("{},{}", location[0].get<double>(), location[1].get<double>());
}

TEST(ServeClients, VroomPlansOnRevirsDriveTimes) {
    REVIR_REQUIRE_DATA(pbf, "porto_alegre/poa_osm.pbf");
    REVIR_REQUIRE_DATA(points_csv, "osrm_reference/poa_points.csv");
    const std::filesystem::path tarball = std::filesystem::path(REVIR_SHARED_DATA) / ".." / "tools" / "vroom-1.14.0.tar.gz";
    if (!std::filesystem::exists(tarball)) GTEST_SKIP() << "VROOM source missing: " << tarball;
    const auto vroom_dir = std::filesystem::path(REVIR_EXTERNAL_DIR) / "vroom";
    const std::string build = std::string(REVIR_SOURCE_DIR) + "/scripts/build-vroom.sh " + vroom_dir.string();
    ASSERT_EQ(std::system(build.c_str()), 0) << "building VROOM failed (see " << vroom_dir / "build.log" << ")";

    const auto dir = test::temporary_folder("vroom");
    const auto graph = (dir / "poa.rvg").string();
    ASSERT_EQ(test::run_revir("import " + pbf + " -o " + graph + " -q").exit_code, 0);
    const auto points = geo::read_points_csv(points_csv);
    ASSERT_GE(points.size(), 14u);
    json jobs = json::array(), vehicles = json::array();
    for (std::size_t i = 2; i < 14; ++i) {
        jobs.push_back({{"id", i}, {"location", {points[i].location.lon(), points[i].location.lat()}}, {"service", 300}});
    }
    for (std::size_t v = 0; v < 2; ++v) {
        const json at = {points[v].location.lon(), points[v].location.lat()};
        vehicles.push_back({{"id", v + 1}, {"profile", "car"}, {"start", at}, {"end", at}});
    }
    const auto problem = (dir / "problem.json").string();
    std::ofstream(problem) << json{{"vehicles", vehicles}, {"jobs", jobs}}.dump();

    test::ServeProcess server(graph);
    const auto output = (dir / "solution.json").string();
    const std::string command = fmt::format("{} -r osrm -a car:127.0.0.1 -p car:{} -g -i {} -o {}", (vroom_dir / "bin/vroom").string(),
                                            server.port(), problem, output);
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const auto solution = json::parse(test::file_contents(output));
    ASSERT_EQ(solution["code"], 0) << solution.dump();
    EXPECT_TRUE(solution["unassigned"].empty());

    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto roads = routing::read_graph_file(graph, hierarchy);
    const routing::Snapper snapper(roads);
    std::size_t visits = 0;
    for (const auto& route : solution["routes"]) {
        std::string coordinates;
        std::size_t legs = 0;
        for (const auto& step : route["steps"]) {
            if (!coordinates.empty()) coordinates += ';', ++legs;
            coordinates += coordinate_text(step["location"]);
            visits += step["type"] == "job";
        }
        // Durations: VROOM adds up the table's cells (each rounded to whole seconds).
        const auto table = test::http_request(server.port(), "GET", "/table/v1/car/" + coordinates);
        ASSERT_EQ(table.status, 200) << table.body;
        const auto durations = json::parse(table.body)["durations"];
        double expected = 0;
        for (std::size_t k = 0; k < legs; ++k) expected += std::round(durations[k][k + 1].get<double>());
        EXPECT_EQ(route["duration"].get<double>(), expected);
        // Distances and geometry: from Revir's route through the same stops.
        const auto answer = test::http_request(server.port(), "GET", "/route/v1/car/" + coordinates + "?overview=full&continue_straight=false");
        ASSERT_EQ(answer.status, 200) << answer.body;
        const auto revir_route = json::parse(answer.body)["routes"][0];
        EXPECT_NEAR(route["distance"].get<double>(), revir_route["distance"].get<double>(), 1.0 * legs);
        const auto line = geo::decode_polyline(route["geometry"].get<std::string>(), 5);
        ASSERT_TRUE(line);
        ASSERT_GT(line->size(), 10u);
        for (const auto& c : *line) {
            EXPECT_LT(snapper.nearest(c)->distance_m, 2.0) << geo::to_string(c); // polyline5: ~1.1 m steps
        }
    }
    EXPECT_EQ(visits, 12u);
    EXPECT_EQ(server.stop(), 0); // SIGTERM drains and exits 0
}

} // namespace

namespace {

// Leaflet Routing Machine (from npm) in Debian's headless Chromium asks revir
// serve for a route (`overview=false&alternatives=true&steps=true&hints=;`, and it
// fails on a step without a modifier), then draws the line and the itinerary.
TEST(ServeClients, LeafletRoutingMachineDrawsTheRouteAndItinerary) {
    REVIR_REQUIRE_DATA(pbf, "porto_alegre/poa_osm.pbf");
    std::string browser;
    for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
        if (std::filesystem::exists(candidate)) browser = candidate;
    }
    if (browser.empty()) GTEST_SKIP() << "no chromium here (scripts/setup.sh installs Debian's chromium)";
    const auto web = std::filesystem::path(REVIR_EXTERNAL_DIR) / "web";
    const std::string fetch = std::string(REVIR_SOURCE_DIR) + "/scripts/fetch-web.sh " + web.string();
    ASSERT_EQ(std::system(fetch.c_str()), 0) << "fetching Leaflet Routing Machine from npm failed";

    const auto dir = test::temporary_folder("lrm");
    const auto graph = (dir / "poa.rvg").string();
    ASSERT_EQ(test::run_revir("import " + pbf + " -o " + graph + " -q").exit_code, 0);
    test::ServeProcess server(graph);
    const auto modules = (web / "node_modules").string();
    const auto page = dir / "lrm.html";
    std::ofstream(page) << fmt::format(R"(<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://{0}/leaflet/dist/leaflet.css">
<link rel="stylesheet" href="file://{0}/leaflet-routing-machine/dist/leaflet-routing-machine.css">
<script src="file://{0}/leaflet/dist/leaflet.js"></script>
<script src="file://{0}/leaflet-routing-machine/dist/leaflet-routing-machine.js"></script>
</head><body><div id="map" style="width:800px;height:600px"></div>
<script>
const map = L.map('map').setView([-30.07, -51.18], 13);
const control = L.Routing.control({{
  waypoints: [L.latLng(-30.088088, -51.194723), L.latLng(-30.048818, -51.155400)],
  router: L.Routing.osrmv1({{serviceUrl: 'http://127.0.0.1:{1}/route/v1'}})
}}).addTo(map);
control.on('routesfound', e => {{
  document.body.setAttribute('data-routes', e.routes.length);
  document.body.setAttribute('data-instructions', e.routes[0].instructions.length);
  document.body.setAttribute('data-coordinates', e.routes[0].coordinates.length);
}});
control.on('routingerror', e => document.body.setAttribute('data-error', String(e.error && e.error.message)));
</script></body></html>
)",
                                       modules, server.port());
    const auto dom = dir / "dom.html", log = dir / "chromium.log";
    const std::string command = "timeout 120 " + browser +
                                " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                                "--allow-file-access-from-files --virtual-time-budget=15000 --user-data-dir=" +
                                (dir / "profile").string() + " --enable-logging=stderr --v=0 --dump-dom file://" +
                                page.string() + " >" + dom.string() + " 2>" + log.string();
    ASSERT_EQ(std::system(command.c_str()), 0) << test::file_contents(log);
    const auto html = test::file_contents(dom);
    const auto messages = test::file_contents(log);
    const auto uncaught = messages.find("Uncaught");
    EXPECT_EQ(uncaught, std::string::npos) << messages.substr(uncaught == std::string::npos ? 0 : uncaught, 600);
    EXPECT_EQ(html.find("data-error=\""), std::string::npos) << html.substr(html.find("<body"), 2000);
    EXPECT_NE(html.find("data-routes=\"1\""), std::string::npos) << html.substr(0, 2000);
    // The itinerary: a table with one row per step, with the streets' names.
    EXPECT_NE(html.find("leaflet-routing-alt"), std::string::npos);
    std::size_t rows = 0;
    for (auto at = html.find("<tr"); at != std::string::npos; at = html.find("<tr", at + 1)) ++rows;
    EXPECT_GE(rows, 8u);
    EXPECT_NE(html.find("Avenida Ipiranga"), std::string::npos);
    // The line: the route's coordinates drawn as an SVG path.
    const auto at = html.find("data-coordinates=\"");
    ASSERT_NE(at, std::string::npos);
    EXPECT_GT(std::stoi(html.substr(at + 18)), 50);
    std::size_t longest = 0;
    for (auto p = html.find(" d=\"M"); p != std::string::npos; p = html.find(" d=\"M", p + 1)) {
        const auto end = html.find('"', p + 4);
        longest = std::max<std::size_t>(longest, std::count(html.begin() + static_cast<std::ptrdiff_t>(p),
                                                            html.begin() + static_cast<std::ptrdiff_t>(end), 'L'));
    }
    EXPECT_GT(longest, 20u);
    EXPECT_EQ(server.stop(), 0);
}

} // namespace
