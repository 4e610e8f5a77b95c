#pragma once
// Snapping: a coordinate goes to the nearest point on the nearest routable road
// piece (not the nearest node), found through a Boost.Geometry R-tree of all
// shape segments. The snapped point knows its position along the road piece so
// that travel times count the partial edge.
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "routing/graph/road_graph.hpp"

namespace revir::routing {

struct SnappedPoint {
    geo::Coordinate input;
    geo::Coordinate location;  // on the road
    double distance_m = 0;     // from input to location
    GeometryId geometry = 0;
    double offset_m = 0;       // from the geometry's first point to location
    double geometry_length_m = 0;
    EdgeId along = kNoEdge;    // edge that drives in the geometry's direction
    EdgeId against = kNoEdge;  // edge that drives against it
    NodeId first_node = kNoNode; // node at the geometry's first point
    NodeId last_node = kNoNode;  // node at its last point

    double fraction() const { return geometry_length_m > 0 ? offset_m / geometry_length_m : 0.0; }
};

/// Which roads a point may snap to: within a radius, and driven in a direction
/// within `range` degrees of `bearing` (clockwise from north).
struct SnapFilter {
    double radius_m = INFINITY;
    int bearing = -1; // < 0: any direction
    int range = 180;
};

class Snapper {
public:
    explicit Snapper(const RoadGraph& graph);
    ~Snapper();

    /// The nearest point on any road; nothing only for a graph without edges.
    std::optional<SnappedPoint> nearest(geo::Coordinate c) const;
    /// Like nearest(), but throws InputError naming `label` when the road is farther
    /// than `max_distance_m`.
    SnappedPoint snap(geo::Coordinate c, double max_distance_m, const std::string& label) const;
    /// Up to `count` road pieces nearest to `c` that pass `filter`, nearest first, one
    /// point per road piece; a bearing keeps only the directions that match it.
    std::vector<SnappedPoint> nearest_roads(geo::Coordinate c, std::size_t count, const SnapFilter& filter = {}) const;

private:
    struct SegmentIndex; // Boost.Geometry R-tree of shape segments
    struct Candidate {
        double distance_m;
        std::uint32_t point; // the segment's first shape point
        double t;            // position along the segment, 0 … 1
    };

    GeometryId geometry_of_point(std::uint32_t point) const;
    /// The `k` segments nearest to `c`, measured in a projection at c's latitude.
    std::vector<Candidate> candidates(geo::Coordinate c, std::size_t k) const;
    SnappedPoint snapped_at(geo::Coordinate c, const Candidate& candidate) const;

    const RoadGraph& graph_;
    geo::LocalProjection projection_;
    std::unique_ptr<SegmentIndex> index_;
    std::vector<EdgeId> along_;
    std::vector<EdgeId> against_;
    std::vector<NodeId> first_node_;
    std::vector<NodeId> last_node_;
};

/// Length in metres of a geometry's polyline.
double polyline_length_m(std::span<const geo::Coordinate> points);

/// The part of a polyline between two offsets (metres from its start); reversed
/// when `from_m` > `to_m`.
std::vector<geo::Coordinate> polyline_between(std::span<const geo::Coordinate> points, double from_m, double to_m);

} // namespace revir::routing
