#include "engine/stages/queries.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/plan/limits.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/csv.hpp"
#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"
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

namespace {

// The points named by `ids` (all when empty), in the order given.
std::vector<std::size_t> chosen_points(const std::vector<geo::NamedPoint>& points, const std::vector<std::string>& ids,
                                       const std::string& option, const std::string& file) {
    std::vector<std::size_t> chosen;
    if (ids.empty()) {
        for (std::size_t i = 0; i < points.size(); ++i) chosen.push_back(i);
        return chosen;
    }
    std::vector<std::string> known;
    for (const auto& p : points) known.push_back(p.id);
    for (const auto& id : ids) {
        const auto it = std::find(known.begin(), known.end(), id);
        if (it == known.end()) {
            const auto hint = geo::closest_name(id, known);
            throw InputError(option + ": no point '" + id + "' in " + file + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
        chosen.push_back(static_cast<std::size_t>(it - known.begin()));
    }
    return chosen;
}

} // namespace

StageReport run_matrix(const MatrixRequest& request, const Log& log) {
    require_within(request.max_snap_m, limits::kMaxSnap, "--max-snap");
    require_within(std::uint64_t{request.threads}, limits::kThreads, "--threads");
    if (request.format != "csv" && request.format != "json") {
        throw InputError("--format must be csv or json, not '" + request.format + "'");
    }
    if (request.far_points != "fail" && request.far_points != "skip") {
        throw InputError("--far-points must be fail or skip, not '" + request.far_points + "'");
    }
    const bool json_out = request.format == "json";
    if (json_out) {
        geo::require_extension({"-o", request.output}, {".json"}, "a JSON table (--format json)");
    } else {
        geo::require_extension({"-o", request.output}, {".csv"}, "a CSV table");
    }
    geo::OutputSet outputs({{"the graph", request.graph}, {"--points", request.points}});
    const auto output = outputs.reserve({"-o", request.output});
    const auto points = geo::read_points_csv(request.points);
    const auto sources = chosen_points(points, request.sources, "--sources", request.points);
    const auto destinations = chosen_points(points, request.destinations, "--destinations", request.points);
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(request.graph, hierarchy);
    const routing::Snapper snapper(graph);

    // Every point is snapped; those farther than --max-snap are listed together.
    std::vector<std::optional<routing::SnappedPoint>> snapped(points.size());
    std::vector<double> snap_m(points.size(), NAN);
    std::vector<std::string> far;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto s = snapper.nearest(points[i].location);
        if (!s) throw InputError(request.graph + ": the graph has no roads to snap to");
        snap_m[i] = s->distance_m;
        if (s->distance_m <= request.max_snap_m) {
            snapped[i] = *s;
        } else {
            far.push_back(fmt::format("'{}' ({:.0f} m)", points[i].id, s->distance_m));
        }
    }
    if (!far.empty()) {
        std::string list;
        for (std::size_t k = 0; k < far.size(); ++k) {
            if (k) list += ", ";
            list += far[k];
        }
        const std::string what = fmt::format("{}: {} point{} farther than --max-snap {:.0f} m from a road: {}", request.points,
                                             far.size(), far.size() == 1 ? " is" : "s are", request.max_snap_m, list);
        if (request.far_points == "fail") throw InputError(what + " (--far-points skip leaves their rows and columns empty)");
        say(log, "matrix: " + what + "; their rows and columns are left empty");
    }
    std::vector<std::size_t> from_index, to_index; // positions of the snapped ones in sources / destinations
    std::vector<routing::SnappedPoint> from, to;
    for (std::size_t k = 0; k < sources.size(); ++k) {
        if (!snapped[sources[k]]) continue;
        from_index.push_back(k);
        from.push_back(*snapped[sources[k]]);
    }
    for (std::size_t k = 0; k < destinations.size(); ++k) {
        if (!snapped[destinations[k]]) continue;
        to_index.push_back(k);
        to.push_back(*snapped[destinations[k]]);
    }
    Progress progress(log);
    const auto computed = routing::drive_time_matrix(graph, from, to, request.threads, progress, hierarchy ? &*hierarchy : nullptr);
    // The whole sources × destinations table; a far point's cells stay unreachable.
    std::vector<routing::MatrixEntry> matrix(sources.size() * destinations.size());
    for (std::size_t i = 0; i < from.size(); ++i) {
        for (std::size_t j = 0; j < to.size(); ++j) {
            matrix[from_index[i] * destinations.size() + to_index[j]] = computed[i * to.size() + j];
        }
    }
    std::size_t unreachable = 0;
    for (const auto& e : matrix) unreachable += !e.reachable();

    geo::AtomicOutput file(output);
    auto& out = file.stream();
    if (json_out) {
        nlohmann::json durations = nlohmann::json::array(), distances = nlohmann::json::array();
        for (std::size_t i = 0; i < sources.size(); ++i) {
            nlohmann::json drow = nlohmann::json::array(), lrow = nlohmann::json::array();
            for (std::size_t j = 0; j < destinations.size(); ++j) {
                const auto& e = matrix[i * destinations.size() + j];
                drow.push_back(e.reachable() ? nlohmann::json(rounded(e.seconds(), 0.1)) : nlohmann::json(nullptr));
                lrow.push_back(e.reachable() ? nlohmann::json(rounded(e.distance_m, 0.1)) : nlohmann::json(nullptr));
            }
            durations.push_back(std::move(drow));
            distances.push_back(std::move(lrow));
        }
        const auto waypoints = [&](const std::vector<std::size_t>& list) {
            nlohmann::json array = nlohmann::json::array();
            for (std::size_t i : list) {
                const auto& c = snapped[i] ? snapped[i]->location : points[i].location;
                array.push_back({{"id", points[i].id},
                                 {"location", {c.lon(), c.lat()}},
                                 {"distance", rounded(snap_m[i], 0.01)},
                                 {"snapped", snapped[i].has_value()}});
            }
            return array;
        };
        out << nlohmann::json{{"code", "Ok"},
                              {"durations", durations},
                              {"distances", distances},
                              {"sources", waypoints(sources)},
                              {"destinations", waypoints(destinations)}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << '\n';
    } else {
        out << "from,to,duration_s,distance_m,from_snap_m,to_snap_m\n";
        for (std::size_t i = 0; i < sources.size(); ++i) {
            for (std::size_t j = 0; j < destinations.size(); ++j) {
                const auto& entry = matrix[i * destinations.size() + j];
                out << csv_field(points[sources[i]].id) << ',' << csv_field(points[destinations[j]].id) << ',';
                if (entry.reachable()) {
                    out << fmt::format("{:.1f},{:.1f}", entry.seconds(), entry.distance_m);
                } else {
                    out << ',';
                }
                out << fmt::format(",{:.1f},{:.1f}\n", snap_m[sources[i]], snap_m[destinations[j]]);
            }
        }
    }
    file.commit();
    outputs.commit();
    say(log, fmt::format("matrix: {} x {}, {} unreachable pairs; wrote {}", sources.size(), destinations.size(), unreachable,
                         request.output));
    StageReport report;
    nlohmann::json far_json = nlohmann::json::array();
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!snapped[i]) far_json.push_back(points[i].id);
    }
    report.summary = {{"sources", sources.size()},
                      {"destinations", destinations.size()},
                      {"unreachable_pairs", unreachable},
                      {"far_points", far_json},
                      {"output", request.output}};
    return report;
}

} // namespace revir::engine
