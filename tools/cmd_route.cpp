#include <cmath>
#include <cstdio>
#include <memory>

#include "geo/core/atomic_file.hpp"
#include "geo/core/error.hpp"
#include "geo/io/geojson.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/query/route.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct RouteConfig {
    std::string graph;
    std::string from;
    std::string to;
    std::string geojson;
    bool json = false;
    double max_snap_m = kDefaultMaxSnapM;
};

geo::Coordinate parse_point(const std::string& text, const char* option) {
    const auto c = geo::parse_lat_lon(text);
    if (!c) throw InputError(std::string(option) + " '" + text + "' is not LAT,LON in degrees");
    return *c;
}

double rounded(double value, double unit) { return std::round(value / unit) / (1.0 / unit); }

void run_route(const RouteConfig& config) {
    const auto from_point = parse_point(config.from, "--from");
    const auto to_point = parse_point(config.to, "--to");
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(config.graph, hierarchy);
    const routing::Snapper snapper(graph);
    const auto from = snapper.snap(from_point, config.max_snap_m, "--from");
    const auto to = snapper.snap(to_point, config.max_snap_m, "--to");
    routing::Router router(graph, hierarchy ? &*hierarchy : nullptr);
    const auto route = router.route(from, to);
    if (!route) throw InputError("no route from " + config.from + " to " + config.to + " in " + config.graph);

    const auto line = geo::geojson_line_string(route->geometry);
    if (!config.geojson.empty()) {
        nlohmann::json feature = {{"type", "Feature"},
                                  {"geometry", line},
                                  {"properties", {{"duration_s", rounded(route->duration_s, 0.1)},
                                                  {"distance_m", rounded(route->distance_m, 0.1)}}}};
        geo::AtomicFile file(config.geojson);
        file.stream() << nlohmann::json{{"type", "FeatureCollection"}, {"features", {feature}}}.dump() << '\n';
        file.commit();
    }
    if (config.json) {
        nlohmann::json j = {
            {"duration", rounded(route->duration_s, 0.1)},
            {"distance", rounded(route->distance_m, 0.1)},
            {"geometry", line},
            {"waypoints",
             {{{"location", {from.location.lon(), from.location.lat()}}, {"distance", rounded(from.distance_m, 0.01)}},
              {{"location", {to.location.lon(), to.location.lat()}}, {"distance", rounded(to.distance_m, 0.01)}}}},
        };
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("duration  %.1f s (%.1f min)\ndistance  %.0f m\nsnapped   from %.1f m, to %.1f m\nedges     %zu, %zu shape points\n",
                    route->duration_s, route->duration_s / 60, route->distance_m, from.distance_m, to.distance_m,
                    route->edges.size(), route->geometry.size());
    }
}
} // namespace

void add_route_command(CLI::App& app) {
    auto config = std::make_shared<RouteConfig>();
    auto* cmd = app.add_subcommand("route", "Fastest route between two points: time, distance and road geometry");
    cmd->add_option("graph", config->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--from", config->from, "Start as LAT,LON")->required();
    cmd->add_option("--to", config->to, "Destination as LAT,LON")->required();
    cmd->add_option("--geojson", config->geojson, "Also write the route as a GeoJSON LineString feature");
    cmd->add_flag("--json", config->json, "Print one JSON object (duration s, distance m, geometry, snap distances)");
    cmd->add_option("--max-snap", config->max_snap_m, "Refuse points farther than this from a road (metres)")
        ->capture_default_str();
    cmd->callback([config] { run_route(*config); });
}

} // namespace revir::tools
