#include "routing/guidance/guidance.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace revir::routing {

namespace {

// Bearings are taken over at least this much road, so that a shape point a few
// centimetres from a node does not decide a junction's angles.
constexpr double kBearingReachM = 5.0;

int leaving_bearing(std::span<const geo::Coordinate> shape) {
    for (std::size_t i = 1; i < shape.size(); ++i) {
        if (geo::haversine_m(shape[0], shape[i]) >= kBearingReachM || i + 1 == shape.size()) {
            return bearing_degrees(shape[0], shape[i]);
        }
    }
    return 0;
}

int arriving_bearing(std::span<const geo::Coordinate> shape) {
    const std::size_t last = shape.size() - 1;
    for (std::size_t k = 1; k <= last; ++k) {
        if (geo::haversine_m(shape[last - k], shape[last]) >= kBearingReachM || k == last) {
            return bearing_degrees(shape[last - k], shape[last]);
        }
    }
    return 0;
}

// Signed deviation from straight on, -180 < d <= 180, positive to the right.
int deviation(int before, int after) {
    int d = (after - before + 360) % 360;
    return d > 180 ? d - 360 : d;
}

bool reversed(const RoadGraph& graph, EdgeId e) { return (graph.edge_flags[e] & kGeometryReversed) != 0; }

void append_shape(std::vector<geo::Coordinate>& line, const std::vector<geo::Coordinate>& part) {
    for (const auto& c : part) {
        if (line.empty() || !(line.back() == c)) line.push_back(c);
    }
}

} // namespace

int bearing_degrees(geo::Coordinate a, geo::Coordinate b) {
    constexpr double rad = std::numbers::pi / 180.0;
    const double phi1 = a.lat() * rad, phi2 = b.lat() * rad;
    const double dl = (b.lon() - a.lon()) * rad;
    const double y = std::sin(dl) * std::cos(phi2);
    const double x = std::cos(phi1) * std::sin(phi2) - std::sin(phi1) * std::cos(phi2) * std::cos(dl);
    const double deg = std::atan2(y, x) / rad;
    return static_cast<int>(std::lround(deg + 360.0)) % 360;
}

const char* turn_modifier(int before, int after) {
    const int d = deviation(before, after);
    const int a = std::abs(d);
    if (a <= 20) return "straight";
    if (a >= 180) return "uturn";
    if (a <= 40) return d > 0 ? "slight right" : "slight left";
    if (a <= 120) return d > 0 ? "right" : "left";
    return d > 0 ? "sharp right" : "sharp left";
}

Guidance::Guidance(const RoadGraph& graph) : graph_(graph), tail_(graph.tails()) {
    in_first_.assign(graph.node_count() + 1, 0);
    for (EdgeId e : graph.edges()) ++in_first_[graph.head[e].value() + 1];
    for (std::size_t i = 1; i < in_first_.size(); ++i) in_first_[i] += in_first_[i - 1];
    in_edges_.resize(graph.edge_count());
    std::vector<std::uint32_t> next(in_first_.begin(), in_first_.end() - 1);
    for (EdgeId e : graph.edges()) in_edges_[next[graph.head[e].value()]++] = e;
}

std::vector<Guidance::Road> Guidance::roads_at(NodeId node) const {
    std::vector<Road> roads;
    for (EdgeId e : graph_.out_edges(node)) {
        roads.push_back({leaving_bearing(graph_.edge_shape(e)), true, graph_.edge_geometry[e], !reversed(graph_, e)});
    }
    for (std::uint32_t i = in_first_[node.value()]; i < in_first_[node.value() + 1]; ++i) {
        const EdgeId e = in_edges_[i];
        // Leaving the node along e's road runs against e.
        const GeometryId g = graph_.edge_geometry[e];
        const bool forward = reversed(graph_, e);
        const bool known = std::any_of(roads.begin(), roads.end(),
                                       [&](const Road& r) { return r.geometry == g && r.forward == forward; });
        if (known) continue;
        auto shape = graph_.edge_shape(e);
        std::reverse(shape.begin(), shape.end());
        roads.push_back({leaving_bearing(shape), false, g, forward});
    }
    std::sort(roads.begin(), roads.end(), [](const Road& a, const Road& b) { return a.bearing < b.bearing; });
    return roads;
}

Intersection Guidance::intersection(NodeId node, EdgeId in, EdgeId out, geo::Coordinate at) const {
    Intersection x;
    x.location = at;
    const auto roads = roads_at(node);
    for (std::size_t i = 0; i < roads.size(); ++i) {
        x.bearings.push_back(roads[i].bearing);
        x.entry.push_back(roads[i].entry);
        if (roads[i].geometry == graph_.edge_geometry[in] && roads[i].forward == reversed(graph_, in)) {
            x.in = static_cast<int>(i);
        }
        if (roads[i].geometry == graph_.edge_geometry[out] && roads[i].forward == !reversed(graph_, out)) {
            x.out = static_cast<int>(i);
        }
    }
    return x;
}

std::vector<RouteStep> Guidance::steps(const Route& route) const {
    std::vector<RouteStep> steps;
    if (route.pieces.empty()) return steps;
    // A start or destination exactly at a junction leaves a piece of no length:
    // it has no direction, so it decides nothing.
    std::vector<RoutePiece> pieces;
    for (const auto& piece : route.pieces) {
        const bool moves = std::any_of(piece.shape.begin(), piece.shape.end(),
                                       [&](const geo::Coordinate& c) { return !(c == piece.shape.front()); });
        if (moves) pieces.push_back(piece);
    }
    if (pieces.empty()) pieces.push_back(route.pieces.front());
    TimeMs dropped = route.time_ms;
    for (const auto& piece : pieces) dropped -= std::min(dropped, piece.time_ms);
    pieces.back().time_ms = add_times(pieces.back().time_ms, dropped); // keep the total exact

    RouteStep current;
    current.maneuver.type = "depart";
    current.maneuver.location = pieces.front().shape.front();
    current.maneuver.bearing_after = leaving_bearing(pieces.front().shape);
    current.intersections.push_back(
        {current.maneuver.location, {current.maneuver.bearing_after}, {true}, -1, 0});
    const auto name_of = [this](EdgeId e) { return std::string(graph_.street_name(e)); };
    const auto ref_of = [this](EdgeId e) { return std::string(graph_.street_ref(e)); };
    current.name = name_of(pieces.front().edge);
    current.ref = ref_of(pieces.front().edge);

    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const RoutePiece& piece = pieces[i];
        append_shape(current.geometry, piece.shape);
        current.distance_m += piece.length_m;
        current.time_ms = add_times(current.time_ms, piece.time_ms);
        if (i + 1 == pieces.size()) break;

        const RoutePiece& next = pieces[i + 1];
        const NodeId node = graph_.head[piece.edge];
        const geo::Coordinate at = next.shape.front();
        const int before = arriving_bearing(piece.shape);
        const int after = leaving_bearing(next.shape);
        Intersection x = intersection(node, piece.edge, next.edge, at);
        const bool u_turn = graph_.edge_geometry[piece.edge] == graph_.edge_geometry[next.edge] &&
                            reversed(graph_, piece.edge) != reversed(graph_, next.edge);
        const bool renamed = name_of(next.edge) != current.name || ref_of(next.edge) != current.ref;
        const std::string modifier = u_turn ? "uturn" : turn_modifier(before, after);
        const int own = std::abs(deviation(before, after));
        // A straighter road that may be entered (not the way back) makes this a choice.
        bool straighter = false;
        for (std::size_t r = 0; r < x.bearings.size(); ++r) {
            if (static_cast<int>(r) == x.in || static_cast<int>(r) == x.out || !x.entry[r]) continue;
            if (std::abs(deviation(before, x.bearings[r])) < own) straighter = true;
        }
        const bool junction = x.bearings.size() > 2;
        std::string type;
        if (u_turn) {
            type = "continue";
        } else if (renamed) {
            type = junction && modifier != "straight" ? "turn" : "new name";
        } else if (junction && straighter && own > 40) {
            type = "continue";
        }
        if (type.empty()) {
            if (junction) current.intersections.push_back(std::move(x));
            continue;
        }
        steps.push_back(std::move(current));
        current = RouteStep{};
        current.maneuver = {type, modifier, at, before, after};
        current.intersections.push_back(std::move(x));
        current.name = name_of(next.edge);
        current.ref = ref_of(next.edge);
    }
    if (current.geometry.size() == 1) current.geometry.push_back(current.geometry.front());
    const geo::Coordinate end = current.geometry.back();
    const int last_bearing = arriving_bearing(pieces.back().shape);
    RouteStep arrive;
    arrive.maneuver = {"arrive", "", end, last_bearing, 0};
    arrive.name = current.name;
    arrive.ref = current.ref;
    arrive.geometry = {end, end};
    arrive.intersections.push_back({end, {(last_bearing + 180) % 360}, {true}, 0, -1});
    steps.push_back(std::move(current));
    steps.push_back(std::move(arrive));
    return steps;
}

} // namespace revir::routing
