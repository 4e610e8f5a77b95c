#pragma once
// What can be reached from a point within a time: travel times from a snapped
// point to every node (PHAST on the hierarchy, else Dijkstra), and the parts of
// the road network reached within a limit, edges partly reached cut at the point
// where the time runs out. The isochrone polygons are built from these lines.
#include <vector>

#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::routing {

/// Milliseconds from `from` to every node (kInfiniteTime where unreachable).
NodeTimes times_from(const RoadGraph& graph, const SnappedPoint& from, const ContractionHierarchy* hierarchy = nullptr);

/// Polylines of the network reached within `limit_ms` (each at least 2 points).
std::vector<std::vector<geo::Coordinate>> reached_lines(const RoadGraph& graph, const SnappedPoint& from,
                                                        const NodeTimes& times, TimeMs limit_ms);

/// Metres driven on the fastest path from `from` to every node (NaN where unreachable).
IndexVector<NodeId, double> distances_from(const RoadGraph& graph, const SnappedPoint& from);

/// Polylines of the network within `limit_m` metres of driving on fastest paths.
std::vector<std::vector<geo::Coordinate>> reached_lines_within(const RoadGraph& graph, const SnappedPoint& from,
                                                               const IndexVector<NodeId, double>& distances, double limit_m);

} // namespace revir::routing
