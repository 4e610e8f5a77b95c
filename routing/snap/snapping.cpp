#include "routing/snap/snapping.hpp"

// Boost 1.74's geometry headers include a header it has since deprecated.
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/core/error.hpp"

namespace revir::routing {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

struct Snapper::SegmentIndex {
    using Point = bg::model::point<double, 2, bg::cs::cartesian>;
    using Segment = bg::model::segment<Point>;
    using Value = std::pair<Segment, std::uint32_t>; // and the segment's first shape point
    bgi::rtree<Value, bgi::rstar<16>> tree;
};

Snapper::~Snapper() = default;

namespace {

double reference_latitude(const RoadGraph& graph) {
    geo::BoundingBox box;
    for (const auto& c : graph.node_coordinate) box.extend(c);
    return box.empty() ? 0.0 : (box.min.lat() + box.max.lat()) / 2;
}

// Point at `t` in [0, 1] between a and b (interpolated in degrees: exact enough
// over one shape segment).
geo::Coordinate interpolate(geo::Coordinate a, geo::Coordinate b, double t) {
    return geo::Coordinate::from_degrees(a.lon() + (b.lon() - a.lon()) * t, a.lat() + (b.lat() - a.lat()) * t);
}

} // namespace

double polyline_length_m(std::span<const geo::Coordinate> points) {
    double length = 0;
    for (std::size_t i = 1; i < points.size(); ++i) length += geo::haversine_m(points[i - 1], points[i]);
    return length;
}

std::vector<geo::Coordinate> polyline_between(std::span<const geo::Coordinate> points, double from_m, double to_m) {
    const bool reversed = from_m > to_m;
    const double lo = std::min(from_m, to_m);
    const double hi = std::max(from_m, to_m);
    std::vector<geo::Coordinate> out;
    double walked = 0;
    for (std::size_t i = 1; i < points.size(); ++i) {
        const double step = geo::haversine_m(points[i - 1], points[i]);
        const double next = walked + step;
        if (out.empty() && next >= lo) {
            out.push_back(interpolate(points[i - 1], points[i], step > 0 ? (lo - walked) / step : 0.0));
        }
        if (!out.empty()) {
            if (next >= hi) {
                out.push_back(interpolate(points[i - 1], points[i], step > 0 ? (hi - walked) / step : 1.0));
                break;
            }
            out.push_back(points[i]);
        }
        walked = next;
    }
    if (out.empty() && !points.empty()) out.push_back(points.back());
    if (out.size() == 1) out.push_back(out.front());
    if (reversed) std::reverse(out.begin(), out.end());
    return out;
}

Snapper::Snapper(const RoadGraph& graph)
    : graph_(graph), projection_(reference_latitude(graph)), along_(graph.geometry_count(), kNoEdge),
      against_(graph.geometry_count(), kNoEdge), first_node_(graph.geometry_count(), kNoNode),
      last_node_(graph.geometry_count(), kNoNode) {
    const auto tails = graph.tails();
    for (EdgeId e : graph.edges()) {
        const GeometryId g = graph.edge_geometry[e];
        if (graph.edge_flags[e] & kGeometryReversed) {
            against_[g] = e;
            last_node_[g] = tails[e];
            first_node_[g] = graph.head[e];
        } else {
            along_[g] = e;
            first_node_[g] = tails[e];
            last_node_[g] = graph.head[e];
        }
    }
    using Point = SegmentIndex::Point;
    using Segment = SegmentIndex::Segment;
    std::vector<SegmentIndex::Value> values;
    values.reserve(graph.geometry_points.size());
    for (GeometryId g = 0; g < graph.geometry_count(); ++g) {
        if (along_[g] == kNoEdge && against_[g] == kNoEdge) continue;
        for (std::uint32_t p = graph.geometry_first[g]; p + 1 < graph.geometry_first[g + 1]; ++p) {
            const auto a = graph.geometry_points[p];
            const auto b = graph.geometry_points[p + 1];
            values.emplace_back(Segment{Point{projection_.x(a), projection_.y(a)}, Point{projection_.x(b), projection_.y(b)}}, p);
        }
    }
    index_ = std::make_unique<SegmentIndex>(SegmentIndex{{values.begin(), values.end()}}); // bulk loading
}

GeometryId Snapper::geometry_of_point(std::uint32_t point) const {
    const auto it = std::upper_bound(graph_.geometry_first.begin(), graph_.geometry_first.end(), point);
    return static_cast<GeometryId>(it - graph_.geometry_first.begin() - 1);
}

std::vector<Snapper::Candidate> Snapper::candidates(geo::Coordinate c, std::size_t k) const {
    // The index's projection is exact at the graph's centre; candidates are re-ranked
    // with a projection at the query's own latitude.
    std::vector<SegmentIndex::Value> found;
    index_->tree.query(bgi::nearest(SegmentIndex::Point{projection_.x(c), projection_.y(c)}, static_cast<unsigned>(k)),
                       std::back_inserter(found));
    const geo::LocalProjection local(c.lat());
    const double qx = local.x(c), qy = local.y(c);
    std::vector<Candidate> out;
    out.reserve(found.size());
    for (const auto& [segment, p] : found) {
        const auto a = graph_.geometry_points[p];
        const auto b = graph_.geometry_points[p + 1];
        const double ax = local.x(a), ay = local.y(a);
        const double dx = local.x(b) - ax, dy = local.y(b) - ay;
        const double len2 = dx * dx + dy * dy;
        const double t = len2 > 0 ? std::clamp(((qx - ax) * dx + (qy - ay) * dy) / len2, 0.0, 1.0) : 0.0;
        out.push_back({std::hypot(qx - (ax + t * dx), qy - (ay + t * dy)), p, t});
    }
    std::sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) {
        return x.distance_m != y.distance_m ? x.distance_m < y.distance_m : x.point < y.point;
    });
    return out;
}

SnappedPoint Snapper::snapped_at(geo::Coordinate c, const Candidate& candidate) const {
    SnappedPoint s;
    s.input = c;
    s.geometry = geometry_of_point(candidate.point);
    const auto a = graph_.geometry_points[candidate.point];
    const auto b = graph_.geometry_points[candidate.point + 1];
    s.location = interpolate(a, b, candidate.t);
    s.distance_m = geo::haversine_m(c, s.location);
    const auto points = graph_.geometry(s.geometry);
    const std::size_t local_index = candidate.point - graph_.geometry_first[s.geometry];
    s.offset_m = polyline_length_m(points.subspan(0, local_index + 1)) + geo::haversine_m(a, s.location);
    s.geometry_length_m = polyline_length_m(points);
    s.offset_m = std::min(s.offset_m, s.geometry_length_m);
    s.along = along_[s.geometry];
    s.against = against_[s.geometry];
    s.first_node = first_node_[s.geometry];
    s.last_node = last_node_[s.geometry];
    return s;
}

std::optional<SnappedPoint> Snapper::nearest(geo::Coordinate c) const {
    if (index_->tree.empty()) return std::nullopt;
    return snapped_at(c, candidates(c, 8).front());
}

std::vector<SnappedPoint> Snapper::nearest_roads(geo::Coordinate c, std::size_t count, const SnapFilter& filter) const {
    std::vector<SnappedPoint> result;
    if (index_->tree.empty() || count == 0) return result;
    const auto within = [&filter](double bearing) {
        const double d = std::fmod(std::abs(bearing - filter.bearing), 360.0);
        return std::min(d, 360.0 - d) <= filter.range;
    };
    // Ever more segments until `count` road pieces pass, or the segments found
    // reach past the radius, or there are no more.
    const std::size_t total = index_->tree.size();
    for (std::size_t k = std::max<std::size_t>(8, count * 4);; k = std::min(total, k * 4)) {
        result.clear();
        std::vector<GeometryId> seen;
        const auto found = candidates(c, k);
        for (const Candidate& candidate : found) {
            if (result.size() == count) break;
            if (!(candidate.distance_m <= filter.radius_m)) break;
            const GeometryId g = geometry_of_point(candidate.point);
            if (std::find(seen.begin(), seen.end(), g) != seen.end()) continue;
            SnappedPoint s = snapped_at(c, candidate);
            if (filter.bearing >= 0) {
                const auto a = graph_.geometry_points[candidate.point];
                const auto b = graph_.geometry_points[candidate.point + 1];
                const double bearing = std::atan2(projection_.x(b) - projection_.x(a), projection_.y(b) - projection_.y(a)) *
                                       180.0 / 3.14159265358979323846;
                if (!within(bearing)) s.along = kNoEdge;
                if (!within(bearing + 180.0)) s.against = kNoEdge;
                if (s.along == kNoEdge && s.against == kNoEdge) continue;
            }
            seen.push_back(g);
            result.push_back(std::move(s));
        }
        const bool past_radius = !found.empty() && !(found.back().distance_m <= filter.radius_m);
        if (result.size() == count || past_radius || k >= total) return result;
    }
}

SnappedPoint Snapper::snap(geo::Coordinate c, double max_distance_m, const std::string& label) const {
    const auto s = nearest(c);
    if (!s) throw InputError(label + ": the graph has no roads to snap to");
    if (!(s->distance_m <= max_distance_m)) {
        char text[160];
        std::snprintf(text, sizeof text, " (%s) is %.0f m from the nearest road; the limit is %.0f m", geo::to_string(c).c_str(),
                      s->distance_m, max_distance_m);
        throw InputError(label + text);
    }
    return *s;
}

} // namespace revir::routing
