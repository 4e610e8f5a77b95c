#pragma once
// Many-to-many drive times and distances between snapped points: with a
// contraction hierarchy by the bucket method, without one by one Dijkstra per
// source; sources are spread over threads either way. Leg times at both ends are
// counted in whole milliseconds, so both methods give identical times.
#include <cmath>
#include <vector>

#include "routing/ch/contraction_hierarchy.hpp"
#include "geo/core/progress.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::routing {

struct MatrixEntry {
    TimeMs time_ms = kInfiniteTime; // kInfiniteTime: unreachable
    double distance_m = NAN;        // NaN when unreachable
    bool reachable() const { return time_ms != kInfiniteTime; }
    double seconds() const { return to_seconds(time_ms); }
};

/// Row-major points.size() × points.size() matrix; entry [i * n + j] is i → j.
/// threads = 0 uses every usable CPU (affinity mask and cgroup quota).
std::vector<MatrixEntry> drive_time_matrix(const RoadGraph& graph, const std::vector<SnappedPoint>& points,
                                           unsigned threads, Progress& progress,
                                           const ContractionHierarchy* hierarchy = nullptr);
/// Row-major from.size() × to.size() matrix; entry [i * to.size() + j] is from[i] → to[j].
std::vector<MatrixEntry> drive_time_matrix(const RoadGraph& graph, const std::vector<SnappedPoint>& from,
                                           const std::vector<SnappedPoint>& to, unsigned threads, Progress& progress,
                                           const ContractionHierarchy* hierarchy = nullptr);

} // namespace revir::routing
