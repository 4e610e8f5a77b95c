#include "engine/stages/queries.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/plan/limits.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/csv.hpp"
#include "geo/core/error.hpp"
#include "geo/io/geojson.hpp"
#include "geo/io/points_csv.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/query/matrix.hpp"
#include "routing/query/route.hpp"

namespace revir::engine {

namespace {

geo::Coordinate parse_point(const std::string& text, const char* option) {
    const auto c = geo::parse_lat_lon(text);
    if (!c) throw InputError(std::string(option) + " '" + text + "' is not LAT,LON in degrees");
    return *c;
}

double rounded(double value, double unit) { return std::round(value / unit) / (1.0 / unit); }

void write_route_geojson(const std::string& path, const nlohmann::json& line, const routing::Route& route) {
    const nlohmann::json feature = {{"type", "Feature"},
                                    {"geometry", line},
                                    {"properties", {{"duration_s", rounded(route.seconds(), 0.1)},
                                                    {"distance_m", rounded(route.distance_m, 0.1)}}}};
    geo::AtomicOutput file(path);
    file.stream() << nlohmann::json{{"type", "FeatureCollection"}, {"features", {feature}}}.dump() << '\n';
    file.commit();
}

} // namespace

StageReport run_route(const RouteRequest& request, const Log&) {
    require_within(request.max_snap_m, limits::kMaxSnap, "--max-snap");
    const auto from_point = parse_point(request.from, "--from");
    const auto to_point = parse_point(request.to, "--to");
    geo::OutputSet outputs({{"the graph", request.graph}});
    std::string geojson;
    if (!request.geojson.empty()) {
        geo::require_extension({"--geojson", request.geojson}, {".geojson", ".json"}, "a GeoJSON feature collection");
        geojson = outputs.reserve({"--geojson", request.geojson});
    }
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(request.graph, hierarchy);
    const routing::Snapper snapper(graph);
    const auto from = snapper.snap(from_point, request.max_snap_m, "--from");
    const auto to = snapper.snap(to_point, request.max_snap_m, "--to");
    routing::Router router(graph, hierarchy ? &*hierarchy : nullptr);
    const auto route = router.route(from, to);
    if (!route) throw InputError("no route from " + request.from + " to " + request.to + " in " + request.graph);
    const auto line = geo::geojson_line_string(route->geometry);
    if (!geojson.empty()) {
        write_route_geojson(geojson, line, *route);
        outputs.commit();
    }
    StageReport report;
    report.summary = {
        {"duration", rounded(route->seconds(), 0.1)},
        {"distance", rounded(route->distance_m, 0.1)},
        {"geometry", line},
        {"waypoints",
         {{{"location", {from.location.lon(), from.location.lat()}}, {"distance", rounded(from.distance_m, 0.01)}},
          {{"location", {to.location.lon(), to.location.lat()}}, {"distance", rounded(to.distance_m, 0.01)}}}}};
    report.text = fmt::format("duration  {:.1f} s ({:.1f} min)\ndistance  {:.0f} m\nsnapped   from {:.1f} m, to {:.1f} m\n"
                              "edges     {}, {} shape points\n",
                              route->seconds(), route->seconds() / 60, route->distance_m, from.distance_m,
                              to.distance_m, route->edges.size(), route->geometry.size());
    return report;
}

StageReport run_matrix(const MatrixRequest& request, const Log& log) {
    require_within(request.max_snap_m, limits::kMaxSnap, "--max-snap");
    require_within(std::uint64_t{request.threads}, limits::kThreads, "--threads");
    geo::require_extension({"-o", request.output}, {".csv"}, "a CSV table");
    geo::OutputSet outputs({{"the graph", request.graph}, {"--points", request.points}});
    const auto output = outputs.reserve({"-o", request.output});
    const auto points = geo::read_points_csv(request.points);
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(request.graph, hierarchy);
    const routing::Snapper snapper(graph);
    std::vector<routing::SnappedPoint> snapped;
    snapped.reserve(points.size());
    for (const auto& p : points) {
        snapped.push_back(snapper.snap(p.location, request.max_snap_m, request.points + ": point '" + p.id + "'"));
    }
    Progress progress(log);
    const auto matrix = routing::drive_time_matrix(graph, snapped, request.threads, progress, hierarchy ? &*hierarchy : nullptr);
    geo::AtomicOutput file(output);
    auto& out = file.stream();
    out << "from,to,duration_s,distance_m\n";
    std::size_t unreachable = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t j = 0; j < points.size(); ++j) {
            const auto& entry = matrix[i * points.size() + j];
            out << csv_field(points[i].id) << ',' << csv_field(points[j].id) << ',';
            if (entry.reachable()) {
                out << fmt::format("{:.1f},{:.1f}", entry.seconds(), entry.distance_m);
            } else {
                out << ',';
                ++unreachable;
            }
            out << '\n';
        }
    }
    file.commit();
    outputs.commit();
    say(log, fmt::format("matrix: {} x {}, {} unreachable pairs; wrote {}", points.size(), points.size(), unreachable,
                         request.output));
    StageReport report;
    report.summary = {{"points", points.size()}, {"unreachable_pairs", unreachable}, {"output", request.output}};
    return report;
}

} // namespace revir::engine
