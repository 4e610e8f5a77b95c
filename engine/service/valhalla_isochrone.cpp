#include "engine/service/valhalla_isochrone.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/service/osrm_request.hpp"
#include "geo/geometry/geos.hpp"
#include "geo/geometry/line_area.hpp"
#include "routing/query/reach.hpp"

namespace revir::engine::service {

using nlohmann::json;

namespace {

[[noreturn]] void refuse(int error_code, const std::string& message) {
    throw ApiError("IsochroneError", json{{"error_code", error_code},
                                          {"error", message},
                                          {"status_code", 400},
                                          {"status", "Bad Request"}}
                                         .dump(-1, ' ', false, json::error_handler_t::replace));
}

// Valhalla's default palette, one colour per contour.
const char* default_color(std::size_t i) {
    static const char* colors[] = {"ff0000", "ffff00", "00ff00", "0000ff"};
    return colors[i % 4];
}

bool is_hex_color(const std::string& s) {
    return s.size() == 6 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

double number_field(const json& object, const char* key, double fallback, double lo, double hi, int code) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < lo || it->get<double>() > hi) {
        refuse(code, std::string("'") + key + "' must be a number from " + json(lo).dump() + " to " + json(hi).dump());
    }
    return it->get<double>();
}

bool bool_field(const json& object, const char* key, bool fallback) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) refuse(100, std::string("'") + key + "' must be true or false");
    return it->get<bool>();
}

struct Contour {
    double value; // minutes or km
    bool time;
    std::string color;
};

json ring_coordinates(const geo::GeosContext& context, const GEOSGeometry* ring) {
    const auto h = context.handle();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(h, seq, &size);
    json points = json::array();
    for (unsigned i = 0; i < size; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
        points.push_back({std::round(x * 1e6) / 1e6, std::round(y * 1e6) / 1e6});
    }
    return points;
}

// Polygons (outer ring and holes) or, as Valhalla does without `polygons`, the
// outer rings as lines.
json contour_geometry(const geo::GeosContext& context, const GEOSGeometry* area, bool polygons) {
    const auto h = context.handle();
    json parts = json::array();
    for (int p = 0; p < GEOSGetNumGeometries_r(h, area); ++p) {
        const GEOSGeometry* polygon = GEOSGetGeometryN_r(h, area, p);
        if (GEOSisEmpty_r(h, polygon)) continue;
        if (!polygons) {
            parts.push_back(ring_coordinates(context, GEOSGetExteriorRing_r(h, polygon)));
            continue;
        }
        json rings = json::array({ring_coordinates(context, GEOSGetExteriorRing_r(h, polygon))});
        for (int i = 0; i < GEOSGetNumInteriorRings_r(h, polygon); ++i) {
            rings.push_back(ring_coordinates(context, GEOSGetInteriorRingN_r(h, polygon, i)));
        }
        parts.push_back(std::move(rings));
    }
    if (polygons) {
        if (parts.size() == 1) return {{"type", "Polygon"}, {"coordinates", parts[0]}};
        return {{"type", "MultiPolygon"}, {"coordinates", parts}};
    }
    if (parts.size() == 1) return {{"type", "LineString"}, {"coordinates", parts[0]}};
    return {{"type", "MultiLineString"}, {"coordinates", parts}};
}

} // namespace

EdgeOfData::EdgeOfData(const routing::RoadGraph& graph) {
    geo::BoundingBox box;
    for (const auto& c : graph.node_coordinate) box.extend(c);
    if (box.empty()) return;
    // Within 1 % of the box's size (at least 200 m) of its border.
    const double width_m = geo::haversine_m(box.min, geo::Coordinate{box.max.lon_e7, box.min.lat_e7});
    const double height_m = geo::haversine_m(box.min, geo::Coordinate{box.min.lon_e7, box.max.lat_e7});
    const double margin_m = std::max(200.0, 0.01 * std::max(width_m, height_m));
    // A road end has one neighbour (by one edge, or one each way); a node between
    // two one-way pieces has two.
    constexpr std::uint32_t kNone = UINT32_MAX, kMany = UINT32_MAX - 1;
    std::vector<std::uint32_t> neighbour(graph.node_count(), kNone);
    const auto meet = [&](routing::NodeId a, routing::NodeId b) {
        auto& slot = neighbour[a.value()];
        if (slot == kNone) {
            slot = b.value();
        } else if (slot != b.value()) {
            slot = kMany;
        }
    };
    for (routing::NodeId n : graph.nodes()) {
        for (routing::EdgeId e : graph.out_edges(n)) {
            meet(n, graph.head[e]);
            meet(graph.head[e], n);
        }
    }
    for (routing::NodeId n : graph.nodes()) {
        if (neighbour[n.value()] == kNone || neighbour[n.value()] == kMany) continue;
        const auto c = graph.node_coordinate[n];
        const double to_west = geo::haversine_m(c, {box.min.lon_e7, c.lat_e7});
        const double to_east = geo::haversine_m(c, {box.max.lon_e7, c.lat_e7});
        const double to_south = geo::haversine_m(c, {c.lon_e7, box.min.lat_e7});
        const double to_north = geo::haversine_m(c, {c.lon_e7, box.max.lat_e7});
        if (std::min({to_west, to_east, to_south, to_north}) <= margin_m) nodes_.push_back(n);
    }
}

IsochroneAnswer valhalla_isochrone(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                   const routing::Snapper& snapper, const EdgeOfData& edge, const std::string& text,
                                   const IsochroneLimits& limits) {
    json request;
    try {
        request = json::parse(text);
    } catch (const json::exception&) {
        refuse(100, "Failed to parse json request");
    }
    if (!request.is_object()) refuse(100, "Failed to parse json request");
    const auto locations = request.find("locations");
    if (locations == request.end() || !locations->is_array() || locations->empty()) {
        refuse(110, "Insufficiently specified required parameter 'locations'");
    }
    if (locations->size() > 1) refuse(150, "Exceeded max locations: 1");
    const json& location = (*locations)[0];
    if (!location.is_object() || !location.contains("lat") || !location.contains("lon") || !location["lat"].is_number() ||
        !location["lon"].is_number() || !geo::valid_lon_lat(location["lon"].get<double>(), location["lat"].get<double>())) {
        refuse(130, "Failed to parse location: it needs numbers 'lat' (-90 … 90) and 'lon' (-180 … 180)");
    }
    const auto costing = request.find("costing");
    if (costing == request.end() || !costing->is_string()) refuse(124, "No edge/node costing provided");
    if (*costing != "auto") {
        refuse(125, "No costing method found for '" + costing->get<std::string>() + "': this graph offers 'auto' (" +
                        graph.metadata.profile_name + " profile)");
    }
    const auto contours_json = request.find("contours");
    if (contours_json == request.end() || !contours_json->is_array() || contours_json->empty()) {
        refuse(111, "Insufficiently specified required parameter 'contours'");
    }
    if (contours_json->size() > 4) refuse(152, "Exceeded max contours: 4");
    std::vector<Contour> contours;
    for (std::size_t i = 0; i < contours_json->size(); ++i) {
        const json& c = (*contours_json)[i];
        if (!c.is_object()) refuse(111, "Each contour needs 'time' (minutes) or 'distance' (km)");
        Contour contour{0, true, default_color(i)};
        if (c.contains("time")) {
            contour.value = number_field(c, "time", 0, 0, limits.max_minutes, 151);
        } else if (c.contains("distance")) {
            contour.time = false;
            contour.value = number_field(c, "distance", 0, 0, limits.max_km, 166);
        } else {
            refuse(111, "Each contour needs 'time' (minutes) or 'distance' (km)");
        }
        if (!(contour.value > 0)) refuse(111, "A contour must be greater than 0");
        if (c.contains("color")) {
            if (!c["color"].is_string() || !is_hex_color(c["color"].get<std::string>())) {
                refuse(100, "A contour's color must be six hex digits, such as \"ff0000\"");
            }
            contour.color = c["color"].get<std::string>();
        }
        contours.push_back(std::move(contour));
    }
    const bool polygons = bool_field(request, "polygons", false);
    const bool show_locations = bool_field(request, "show_locations", false);
    const double denoise = number_field(request, "denoise", 1.0, 0.0, 1.0, 100);
    const double generalize = number_field(request, "generalize", 20.0, 0.0, 1000.0, 100);

    const geo::Coordinate at = geo::Coordinate::from_degrees(location["lon"].get<double>(), location["lat"].get<double>());
    routing::SnapFilter filter;
    filter.radius_m = limits.max_snap_m;
    const auto snapped = snapper.nearest_roads(at, 1, filter);
    if (snapped.empty()) refuse(171, "No suitable edges near location");
    const routing::SnappedPoint& from = snapped.front();

    geo::GeosContext context;
    geo::LineAreaOptions options;
    options.buffer_m = 60;
    options.simplify_m = std::max(generalize, 1.0);
    options.min_part_share = denoise;
    std::optional<routing::NodeTimes> times;
    std::optional<IndexVector<routing::NodeId, double>> distances;
    IsochroneAnswer answer;
    json features = json::array();
    // Largest first, as Valhalla orders them, so that smaller ones draw on top.
    std::vector<std::size_t> order(contours.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return contours[a].time != contours[b].time ? contours[a].time : contours[a].value > contours[b].value;
    });
    for (std::size_t i : order) {
        const Contour& c = contours[i];
        std::vector<std::vector<geo::Coordinate>> lines;
        bool at_edge = false;
        if (c.time) {
            if (!times) times = routing::times_from(graph, from, hierarchy);
            const auto limit = static_cast<routing::TimeMs>(std::llround(c.value * 60'000));
            lines = routing::reached_lines(graph, from, *times, limit);
            at_edge = edge.reached(*times, limit);
        } else {
            if (!distances) distances = routing::distances_from(graph, from);
            const double limit_m = c.value * 1000;
            lines = routing::reached_lines_within(graph, from, *distances, limit_m);
            at_edge = edge.reached(*distances, limit_m);
        }
        answer.reaches_edge = answer.reaches_edge || at_edge;
        const auto area = geo::area_around_lines(context, lines, options);
        const std::string color = "#" + c.color;
        json properties = {{"fill-opacity", 0.33}, {"fillColor", color}, {"opacity", 0.33},   {"fill", color},
                           {"fillOpacity", 0.33},  {"color", color},     {"contour", c.value}, {"metric", c.time ? "time" : "distance"},
                           {"reaches_data_edge", at_edge}};
        features.push_back({{"type", "Feature"}, {"properties", std::move(properties)},
                            {"geometry", contour_geometry(context, area.geometry.get(), polygons)}});
    }
    if (show_locations) {
        features.push_back({{"type", "Feature"},
                            {"properties", {{"type", "snapped"}, {"location_index", 0}}},
                            {"geometry", {{"type", "MultiPoint"}, {"coordinates", {{from.location.lon(), from.location.lat()}}}}}});
        features.push_back({{"type", "Feature"},
                            {"properties", {{"type", "input"}, {"location_index", 0}}},
                            {"geometry", {{"type", "Point"}, {"coordinates", {at.lon(), at.lat()}}}}});
    }
    json body = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
    if (request.contains("id")) body["id"] = request["id"];
    answer.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return answer;
}

} // namespace revir::engine::service
