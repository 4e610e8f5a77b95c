#include "engine/service/osrm_service.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/service/trip_order.hpp"
#include "engine/service/valhalla_isochrone.hpp"
#include "geo/core/polyline.hpp"
#include "geo/core/progress.hpp"
#include "routing/guidance/guidance.hpp"
#include "routing/query/matrix.hpp"
#include "routing/query/route.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::engine::service {

using nlohmann::json;
using routing::RoadGraph;
using routing::SnappedPoint;

struct RoutingService::Shared {
    RoadGraph graph;
    std::optional<routing::ContractionHierarchy> hierarchy;
    std::string name;
    routing::Snapper snapper;
    routing::Guidance guidance;
    EdgeOfData edge_of_data;

    Shared(RoadGraph g, std::optional<routing::ContractionHierarchy> h, std::string n)
        : graph(std::move(g)), hierarchy(std::move(h)), name(std::move(n)), snapper(graph), guidance(graph),
          edge_of_data(graph) {}
    const routing::ContractionHierarchy* ch() const { return hierarchy ? &*hierarchy : nullptr; }
};

// What one request at a time needs: query objects that own their search arrays.
struct RoutingService::Workspace {
    routing::Router router;
    explicit Workspace(const Shared& s) : router(s.graph, s.ch()) {}
};

// A workspace taken from the pool for one request and given back after it.
class RoutingService::Lease {
public:
    explicit Lease(const RoutingService& service) : service_(service) {
        {
            std::lock_guard lock(service.pool_mutex_);
            if (!service.idle_.empty()) {
                workspace_ = std::move(service.idle_.back());
                service.idle_.pop_back();
            }
        }
        if (!workspace_) workspace_ = std::make_unique<Workspace>(*service.shared_);
    }
    ~Lease() {
        std::lock_guard lock(service_.pool_mutex_);
        service_.idle_.push_back(std::move(workspace_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Workspace* operator->() const { return workspace_.get(); }

private:
    const RoutingService& service_;
    std::unique_ptr<Workspace> workspace_;
};

namespace {

double round1(double x) { return std::round(x * 10.0) / 10.0; }

json location_json(geo::Coordinate c) {
    return json::array({std::round(c.lon() * 1e6) / 1e6, std::round(c.lat() * 1e6) / 1e6});
}

json geometry_json(const std::vector<geo::Coordinate>& line, Geometries kind) {
    switch (kind) {
    case Geometries::polyline:
        return geo::encode_polyline(line, 5);
    case Geometries::polyline6:
        return geo::encode_polyline(line, 6);
    case Geometries::geojson: {
        json coordinates = json::array();
        for (const auto& c : line) coordinates.push_back(location_json(c));
        return {{"type", "LineString"}, {"coordinates", std::move(coordinates)}};
    }
    }
    return nullptr;
}

// Douglas–Peucker in a local projection: `overview=simplified`.
std::vector<geo::Coordinate> simplified(const std::vector<geo::Coordinate>& line, double tolerance_m) {
    if (line.size() <= 2) return line;
    const geo::LocalProjection projection(line.front().lat());
    std::vector<bool> keep(line.size(), false);
    keep.front() = keep.back() = true;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, line.size() - 1}};
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        const double ax = projection.x(line[a]), ay = projection.y(line[a]);
        const double dx = projection.x(line[b]) - ax, dy = projection.y(line[b]) - ay;
        const double len2 = dx * dx + dy * dy;
        double worst = -1;
        std::size_t at = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double px = projection.x(line[i]) - ax, py = projection.y(line[i]) - ay;
            const double t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
            const double d = std::hypot(px - t * dx, py - t * dy);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (worst > tolerance_m) {
            keep[at] = true;
            stack.push_back({a, at});
            stack.push_back({at, b});
        }
    }
    std::vector<geo::Coordinate> out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (keep[i]) out.push_back(line[i]);
    }
    return out;
}

ServiceAnswer ok(const json& body) { return {200, body.dump(-1, ' ', false, json::error_handler_t::replace), {}}; }

ServiceAnswer error_answer(const std::string& code, const std::string& message, int status = 400) {
    return {status, json{{"code", code}, {"message", message}}.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

[[noreturn]] void too_big(const std::string& what, std::size_t n, std::size_t limit) {
    throw ApiError("TooBig", "Number of " + what + " " + std::to_string(n) + " is higher than current maximum (" +
                                 std::to_string(limit) + ")");
}

} // namespace

RoutingService::RoutingService(RoadGraph graph, std::optional<routing::ContractionHierarchy> hierarchy, std::string name,
                               ServiceLimits limits)
    : shared_(std::make_unique<Shared>(std::move(graph), std::move(hierarchy), std::move(name))), limits_(limits) {}

RoutingService::~RoutingService() = default;

ServiceAnswer RoutingService::handle(const std::string& method, const std::string& target, const std::string& body) const {
    try {
        const std::string path = target.substr(0, target.find('?'));
        if (method == "GET" && (path == "/" || path.empty())) return about();
        if (method == "GET" && path == "/health") return ok({{"status", "ok"}});
        if (path == "/isochrone") {
            if (method == "POST") return isochrone(body);
            const auto query = target.find('?') == std::string::npos ? std::string() : target.substr(target.find('?') + 1);
            std::string json_text;
            for (std::size_t p = 0; p <= query.size();) {
                const std::size_t end = std::min(query.find('&', p), query.size());
                const std::string pair = query.substr(p, end - p);
                if (pair.rfind("json=", 0) == 0) json_text = percent_decode(pair.substr(5));
                p = end + 1;
            }
            return isochrone(json_text);
        }
        if (method == "POST") return osrm(parse_osrm_post(target, body));
        if (method != "GET") return error_answer("InvalidUrl", "Method " + method + " is not supported", 405);
        return osrm(parse_osrm_get(target));
    } catch (const ApiError& e) {
        if (e.code().rfind("Isochrone", 0) == 0) return {e.status(), e.what(), {}};
        return error_answer(e.code(), e.what(), e.status());
    }
}

ServiceAnswer RoutingService::isochrone(const std::string& json_text) const {
    const Shared& s = *shared_;
    const IsochroneLimits limits{limits_.max_isochrone_minutes, limits_.max_isochrone_km, limits_.max_snap_m};
    auto answer = valhalla_isochrone(s.graph, s.ch(), s.snapper, s.edge_of_data, json_text, limits);
    ServiceAnswer out{200, std::move(answer.body), {}};
    if (answer.reaches_edge) {
        out.headers.emplace_back("X-Revir-Warning", "a contour reaches the edge of the graph's data: the area beyond is not mapped");
    }
    return out;
}

ServiceAnswer RoutingService::about() const {
    const auto& g = shared_->graph;
    return ok({{"service", "revir"},
               {"graph", shared_->name},
               {"profile", g.metadata.profile_name},
               {"data_version", fmt::format("{} ({} bytes)", g.metadata.source_name, g.metadata.source_size)},
               {"nodes", g.node_count()},
               {"edges", g.edge_count()},
               {"hierarchy", shared_->hierarchy.has_value()},
               {"services", {"route", "table", "nearest", "trip", "isochrone"}},
               {"limits",
                {{"max_table_size", limits_.max_table_size},
                 {"max_viaroute_size", limits_.max_viaroute_size},
                 {"max_trip_size", limits_.max_trip_size},
                 {"max_nearest", limits_.max_nearest},
                 {"max_isochrone_minutes", limits_.max_isochrone_minutes},
                 {"max_isochrone_km", limits_.max_isochrone_km},
                 {"max_snap_m", limits_.max_snap_m}}}});
}

namespace {

struct Context {
    const RoadGraph& graph;
    const routing::Snapper& snapper;
    const routing::Guidance& guidance;
    const routing::ContractionHierarchy* hierarchy;
    const OsrmParameters& request;
    double max_snap_m;
};

std::vector<SnappedPoint> snap_all(const Context& c) {
    std::vector<SnappedPoint> points;
    for (std::size_t i = 0; i < c.request.coordinates.size(); ++i) {
        routing::SnapFilter filter;
        filter.radius_m = c.max_snap_m;
        if (!c.request.radiuses.empty()) filter.radius_m = c.request.radiuses[i].value_or(INFINITY);
        if (!c.request.bearings.empty() && c.request.bearings[i]) {
            filter.bearing = c.request.bearings[i]->value;
            filter.range = c.request.bearings[i]->range;
        }
        auto found = c.snapper.nearest_roads(c.request.coordinates[i], 1, filter);
        if (found.empty()) {
            throw ApiError("NoSegment", "Could not find a matching segment for coordinate " + std::to_string(i));
        }
        points.push_back(std::move(found.front()));
    }
    return points;
}

json waypoint_json(const Context& c, const SnappedPoint& p) {
    json w = {{"hint", ""},
              {"distance", std::round(p.distance_m * 1e6) / 1e6},
              {"name", c.graph.name(c.graph.geometry_name[p.geometry])},
              {"location", location_json(p.location)}};
    if (!c.request.generate_hints) w.erase("hint");
    return w;
}

// The route from `a` to `b`; with `straight_from`, the drive leaves `a` the way the
// previous leg arrived (no turning round at a via point), unless only turning
// round reaches `b`.
std::optional<routing::Route> leg_route(routing::Router& router, SnappedPoint a, const SnappedPoint& b,
                                        const routing::Route* arrived_by) {
    if (arrived_by != nullptr && !arrived_by->pieces.empty()) {
        const auto last = arrived_by->pieces.back().edge;
        SnappedPoint straight = a;
        if (last == a.along) straight.against = routing::kNoEdge;
        if (last == a.against) straight.along = routing::kNoEdge;
        if (auto r = router.route(straight, b)) return r;
    }
    return router.route(a, b);
}

// The names of the two longest streets of a leg, as OSRM's summary.
std::string leg_summary(const RoadGraph& graph, const std::vector<const routing::Route*>& parts) {
    std::vector<std::pair<std::string, double>> by_name;
    for (const auto* r : parts) {
        for (const auto& piece : r->pieces) {
            const std::string name(graph.street_name(piece.edge));
            if (name.empty()) continue;
            auto it = std::find_if(by_name.begin(), by_name.end(), [&](const auto& x) { return x.first == name; });
            if (it == by_name.end()) {
                by_name.emplace_back(name, piece.length_m);
            } else {
                it->second += piece.length_m;
            }
        }
    }
    std::stable_sort(by_name.begin(), by_name.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    std::string summary;
    for (std::size_t i = 0; i < std::min<std::size_t>(2, by_name.size()); ++i) {
        if (i) summary += ", ";
        summary += by_name[i].first;
    }
    return summary;
}

json annotation_json(const RoadGraph& graph, const std::vector<const routing::Route*>& parts, const RouteAnnotations& want) {
    json duration = json::array(), distance = json::array(), speed = json::array(), nodes = json::array(),
         weight = json::array(), datasource = json::array();
    for (const auto* r : parts) {
        for (const auto& piece : r->pieces) {
            const double total = routing::polyline_length_m(piece.shape);
            for (std::size_t i = 1; i < piece.shape.size(); ++i) {
                const double d = geo::haversine_m(piece.shape[i - 1], piece.shape[i]);
                if (d == 0 && piece.shape.size() > 2) continue;
                const double t = total > 0 ? routing::to_seconds(piece.time_ms) * d / total : routing::to_seconds(piece.time_ms);
                duration.push_back(round1(t));
                distance.push_back(round1(d));
                speed.push_back(t > 0 ? round1(d / t) : 0.0);
                weight.push_back(round1(t));
                datasource.push_back(0);
            }
        }
    }
    // OSM ids of the junctions passed (the graph's nodes; shape points between them
    // have none in the graph).
    for (const auto* r : parts) {
        for (std::size_t i = 0; i + 1 < r->pieces.size(); ++i) {
            nodes.push_back(graph.node_osm_id[graph.head[r->pieces[i].edge]]);
        }
    }
    json a = json::object();
    if (want.duration) a["duration"] = std::move(duration);
    if (want.distance) a["distance"] = std::move(distance);
    if (want.speed) a["speed"] = std::move(speed);
    if (want.nodes) a["nodes"] = std::move(nodes);
    if (want.weight) a["weight"] = std::move(weight);
    if (want.datasource) {
        a["datasource"] = std::move(datasource);
        a["metadata"] = {{"datasource_names", {"profile"}}};
    }
    return a;
}

json step_json(const RoadGraph&, const routing::RouteStep& s, Geometries kind) {
    json maneuver = {{"bearing_after", s.maneuver.bearing_after},
                     {"bearing_before", s.maneuver.bearing_before},
                     {"location", location_json(s.maneuver.location)},
                     {"type", s.maneuver.type}};
    if (!s.maneuver.modifier.empty()) maneuver["modifier"] = s.maneuver.modifier;
    json intersections = json::array();
    for (const auto& x : s.intersections) {
        json i = {{"location", location_json(x.location)}, {"bearings", x.bearings}, {"entry", x.entry}};
        if (x.in >= 0) i["in"] = x.in;
        if (x.out >= 0) i["out"] = x.out;
        intersections.push_back(std::move(i));
    }
    json step = {{"geometry", geometry_json(s.geometry, kind)},
                 {"maneuver", std::move(maneuver)},
                 {"mode", "driving"},
                 {"driving_side", "right"},
                 {"name", s.name},
                 {"intersections", std::move(intersections)},
                 {"weight", round1(routing::to_seconds(s.time_ms))},
                 {"duration", round1(routing::to_seconds(s.time_ms))},
                 {"distance", round1(s.distance_m)}};
    if (!s.ref.empty()) step["ref"] = s.ref;
    return step;
}

// One route object over `parts` (consecutive coordinate-to-coordinate routes),
// split into legs at `leg_ends` (indices into parts, exclusive ends).
json route_json(const Context& c, const std::vector<routing::Route>& parts, const std::vector<std::size_t>& leg_ends) {
    const auto& request = c.request;
    json legs = json::array();
    double duration = 0, distance = 0;
    std::vector<geo::Coordinate> line;
    std::size_t begin = 0;
    for (std::size_t end : leg_ends) {
        std::vector<const routing::Route*> leg_parts;
        double leg_duration = 0, leg_distance = 0;
        json steps = json::array();
        for (std::size_t i = begin; i < end; ++i) {
            leg_parts.push_back(&parts[i]);
            leg_duration += parts[i].seconds();
            leg_distance += parts[i].distance_m;
            for (const auto& point : parts[i].geometry) {
                if (line.empty() || !(line.back() == point)) line.push_back(point);
            }
        }
        if (request.steps) {
            // A coordinate that is not a waypoint is driven through: its arrive and the
            // next depart go, the drive on either side of it is one step.
            std::vector<routing::RouteStep> leg_steps;
            for (std::size_t i = begin; i < end; ++i) {
                auto part_steps = c.guidance.steps(parts[i]);
                if (i + 1 < end && !part_steps.empty()) part_steps.pop_back();
                if (i > begin && !part_steps.empty() && !leg_steps.empty()) {
                    auto& last = leg_steps.back();
                    const auto& first = part_steps.front();
                    last.distance_m += first.distance_m;
                    last.time_ms = routing::add_times(last.time_ms, first.time_ms);
                    for (const auto& point : first.geometry) {
                        if (!(last.geometry.back() == point)) last.geometry.push_back(point);
                    }
                    part_steps.erase(part_steps.begin());
                }
                leg_steps.insert(leg_steps.end(), part_steps.begin(), part_steps.end());
            }
            for (const auto& step : leg_steps) steps.push_back(step_json(c.graph, step, request.geometries));
        }
        json leg = {{"steps", std::move(steps)},
                    {"summary", request.steps ? leg_summary(c.graph, leg_parts) : ""},
                    {"weight", round1(leg_duration)},
                    {"duration", round1(leg_duration)},
                    {"distance", round1(leg_distance)}};
        if (request.annotations.any()) leg["annotation"] = annotation_json(c.graph, leg_parts, request.annotations);
        legs.push_back(std::move(leg));
        duration += leg_duration;
        distance += leg_distance;
        begin = end;
    }
    if (line.size() == 1) line.push_back(line.front());
    json route = {{"legs", std::move(legs)},
                  {"weight_name", "duration"},
                  {"weight", round1(duration)},
                  {"duration", round1(duration)},
                  {"distance", round1(distance)}};
    if (request.overview != Overview::none) {
        std::vector<geo::Coordinate> shown = line;
        if (request.overview == Overview::simplified) {
            geo::BoundingBox box;
            for (const auto& p : line) box.extend(p);
            const double diagonal = box.empty() ? 0 : geo::haversine_m(box.min, box.max);
            shown = simplified(line, std::clamp(diagonal / 1000.0, 0.5, 50.0));
        }
        route["geometry"] = geometry_json(shown, request.geometries);
    }
    return route;
}

// A number rounded to tenths as OSRM writes it ("12.3", and "12" without a
// fraction): from whole tenths with std::to_chars, as a table writes two
// million of them.
void put_tenths(std::string& out, double x) {
    if (!(std::abs(x) < 1e15)) {
        fmt::format_to(std::back_inserter(out), "{}", x);
        return;
    }
    const long long tenths = std::llround(x * 10.0);
    char text[32];
    char* end = text;
    if (tenths < 0) *end++ = '-';
    const unsigned long long magnitude = static_cast<unsigned long long>(tenths < 0 ? -tenths : tenths);
    end = std::to_chars(end, text + sizeof text, magnitude / 10).ptr;
    if (magnitude % 10 != 0) {
        *end++ = '.';
        *end++ = static_cast<char>('0' + magnitude % 10);
    }
    out.append(text, end);
}

// Written as text directly: a 1000 × 1000 table is two million numbers.
std::string table_json(const Context& c, const ServiceLimits& limits) {
    const auto& request = c.request;
    const std::size_t n = request.coordinates.size();
    std::vector<std::size_t> sources = request.sources, destinations = request.destinations;
    for (auto* list : {&sources, &destinations}) {
        if (!list->empty()) continue;
        list->resize(n);
        std::iota(list->begin(), list->end(), 0);
    }
    if (sources.size() * destinations.size() > limits.max_table_size * limits.max_table_size) {
        throw ApiError("TooBig", "Too many table coordinates");
    }
    const auto points = snap_all(c);
    std::vector<SnappedPoint> from, to;
    for (std::size_t i : sources) from.push_back(points[i]);
    for (std::size_t j : destinations) to.push_back(points[j]);
    Progress quiet;
    const unsigned threads = static_cast<unsigned>(std::clamp<std::size_t>(from.size() / 64, 1, limits.matrix_threads));
    const auto matrix = routing::drive_time_matrix(c.graph, from, to, threads, quiet, c.hierarchy);

    std::string out;
    out.reserve(from.size() * to.size() * (request.table_durations + request.table_distances) * 9 + 1024);
    out += R"({"code":"Ok")";
    std::vector<std::pair<std::size_t, std::size_t>> fallback_cells;
    const auto fallback = [&](std::size_t i, std::size_t j) {
        const auto& a = request.fallback_snapped ? from[i].location : from[i].input;
        const auto& b = request.fallback_snapped ? to[j].location : to[j].input;
        return geo::haversine_m(a, b);
    };
    const auto put_matrix = [&](const char* name, bool durations) {
        out += ",\"";
        out += name;
        out += "\":[";
        for (std::size_t i = 0; i < from.size(); ++i) {
            out += i ? ",[" : "[";
            for (std::size_t j = 0; j < to.size(); ++j) {
                if (j) out += ',';
                const auto& e = matrix[i * to.size() + j];
                if (e.reachable()) {
                    put_tenths(out, durations ? e.seconds() * request.scale_factor : e.distance_m);
                } else if (request.fallback_speed) {
                    const double d = fallback(i, j);
                    put_tenths(out, durations ? d / *request.fallback_speed * request.scale_factor : d);
                    if (durations || !request.table_durations) fallback_cells.emplace_back(i, j);
                } else {
                    out += "null";
                }
            }
            out += ']';
        }
        out += ']';
    };
    if (request.table_durations) put_matrix("durations", true);
    if (request.table_distances) put_matrix("distances", false);
    const auto put_waypoints = [&](const char* name, const std::vector<SnappedPoint>& list) {
        json array = json::array();
        for (const auto& p : list) array.push_back(waypoint_json(c, p));
        out += ",\"";
        out += name;
        out += "\":";
        out += array.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    if (!request.skip_waypoints) {
        put_waypoints("sources", from);
        put_waypoints("destinations", to);
    }
    if (!fallback_cells.empty()) {
        out += R"(,"fallback_speed_cells":[)";
        for (std::size_t k = 0; k < fallback_cells.size(); ++k) {
            out += fmt::format("{}[{},{}]", k ? "," : "", fallback_cells[k].first, fallback_cells[k].second);
        }
        out += ']';
    }
    out += '}';
    return out;
}

ServiceAnswer trip_answer(const Context& c, routing::Router& router, const ServiceLimits& limits) {
    const auto& request = c.request;
    const std::size_t n = request.coordinates.size();
    if (n > limits.max_trip_size) too_big("entries", n, limits.max_trip_size);
    const auto points = snap_all(c);
    Progress quiet;
    const auto matrix = routing::drive_time_matrix(c.graph, points, 1, quiet, c.hierarchy);
    std::vector<routing::TimeMs> times(n * n);
    for (std::size_t k = 0; k < n * n; ++k) times[k] = matrix[k].time_ms;
    const auto order = trip_order(times, n, request.roundtrip, request.source_first, request.destination_last);
    if (!order) throw ApiError("NoTrips", "No trip visiting all destinations possible.");
    std::vector<std::size_t> stops = *order;
    if (request.roundtrip) stops.push_back(stops.front());
    std::vector<routing::Route> parts;
    for (std::size_t k = 0; k + 1 < stops.size(); ++k) {
        auto r = router.route(points[stops[k]], points[stops[k + 1]]);
        if (!r) throw ApiError("NoTrips", "No trip visiting all destinations possible.");
        parts.push_back(std::move(*r));
    }
    std::vector<std::size_t> leg_ends(parts.size());
    std::iota(leg_ends.begin(), leg_ends.end(), 1);
    json waypoints = json::array();
    for (std::size_t i = 0; i < n; ++i) {
        json w = waypoint_json(c, points[i]);
        w["waypoint_index"] = std::find(order->begin(), order->end(), i) - order->begin();
        w["trips_index"] = 0;
        waypoints.push_back(std::move(w));
    }
    json body = {{"code", "Ok"}, {"trips", json::array({route_json(c, parts, leg_ends)})}};
    if (!request.skip_waypoints) body["waypoints"] = std::move(waypoints);
    return ok(body);
}

} // namespace

ServiceAnswer RoutingService::osrm(const OsrmParameters& request) const {
    const Shared& s = *shared_;
    const Context c{s.graph, s.snapper, s.guidance, s.ch(), request, limits_.max_snap_m};
    const std::size_t n = request.coordinates.size();
    switch (request.service) {
    case OsrmService::nearest: {
        if (request.number > limits_.max_nearest) too_big("results", request.number, limits_.max_nearest);
        routing::SnapFilter filter;
        filter.radius_m = request.radiuses.empty() ? limits_.max_snap_m : request.radiuses[0].value_or(INFINITY);
        if (!request.bearings.empty() && request.bearings[0]) {
            filter.bearing = request.bearings[0]->value;
            filter.range = request.bearings[0]->range;
        }
        const auto found = s.snapper.nearest_roads(request.coordinates[0], request.number, filter);
        if (found.empty()) throw ApiError("NoSegment", "Could not find a matching segments for coordinate");
        json waypoints = json::array();
        for (const auto& p : found) {
            json w = waypoint_json(c, p);
            w["nodes"] = {p.first_node != routing::kNoNode ? s.graph.node_osm_id[p.first_node] : 0,
                          p.last_node != routing::kNoNode ? s.graph.node_osm_id[p.last_node] : 0};
            waypoints.push_back(std::move(w));
        }
        return ok({{"code", "Ok"}, {"waypoints", std::move(waypoints)}});
    }
    case OsrmService::route: {
        if (n > limits_.max_viaroute_size) too_big("entries", n, limits_.max_viaroute_size);
        const auto points = snap_all(c);
        Lease lease(*this);
        std::vector<routing::Route> parts;
        const bool straight = request.continue_straight.value_or(true);
        for (std::size_t i = 0; i + 1 < n; ++i) {
            auto r = leg_route(lease->router, points[i], points[i + 1], straight && i > 0 ? &parts.back() : nullptr);
            if (!r) throw ApiError("NoRoute", "Impossible route between points");
            parts.push_back(std::move(*r));
        }
        std::vector<std::size_t> stops = request.waypoints;
        if (stops.empty()) {
            stops.resize(n);
            std::iota(stops.begin(), stops.end(), 0);
        }
        std::vector<std::size_t> leg_ends(stops.begin() + 1, stops.end());
        json waypoints = json::array();
        for (std::size_t i : stops) waypoints.push_back(waypoint_json(c, points[i]));
        json body = {{"code", "Ok"}, {"routes", json::array({route_json(c, parts, leg_ends)})}};
        if (!request.skip_waypoints) body["waypoints"] = std::move(waypoints);
        return ok(body);
    }
    case OsrmService::table:
        return {200, table_json(c, limits_), {}};
    case OsrmService::trip: {
        Lease lease(*this);
        return trip_answer(c, lease->router, limits_);
    }
    }
    return error_answer("InvalidService", "unknown service");
}

} // namespace revir::engine::service
