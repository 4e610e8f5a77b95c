#pragma once
// How a snapped point joins the graph: the partial edges from a start point to
// the nodes it can drive to, from the nodes a destination can be reached from,
// and the direct drive when both points lie on the same road piece.
#include <optional>
#include <vector>

#include "routing/snap/snapping.hpp"

namespace revir::routing {

/// A partial edge between a snapped point and a graph node; its time is the
/// edge's share, rounded once to whole milliseconds.
struct Leg {
    NodeId node = kNoNode;
    TimeMs time_ms = 0;
    double length_m = 0;
    EdgeId edge = kNoEdge; // the edge the partial drive lies on
};

/// From the point to the nodes it can drive to (one or two).
std::vector<Leg> source_legs(const RoadGraph& graph, const SnappedPoint& from);
/// From the nodes that lead to the point (one or two), with the drive after the node.
std::vector<Leg> target_legs(const RoadGraph& graph, const SnappedPoint& to);
/// The drive from `from` to `to` along their common road piece, if they share one
/// and its direction allows it.
std::optional<Leg> direct_leg(const RoadGraph& graph, const SnappedPoint& from, const SnappedPoint& to);

} // namespace revir::routing
