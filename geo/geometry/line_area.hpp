#pragma once
// The area around a set of lines: buffered by a distance in metres, small holes
// filled, simplified, as a WGS84 MultiPolygon. Isochrones are built this way
// from the roads reached in time, so they follow the network (and keep holes
// where a large area is not reached) instead of being a convex hull.
#include <vector>

#include "geo/core/coordinate.hpp"
#include "geo/geometry/geos.hpp"

namespace revir::geo {

struct LineAreaOptions {
    double buffer_m = 60;         // distance around each line
    double min_hole_m2 = 100'000; // holes smaller than this are filled
    double simplify_m = 5;        // tolerance of the output's simplification
    double min_part_share = 0;    // parts smaller than this share of the largest are dropped (0 … 1)
};

struct LineArea {
    GeosGeometry geometry; // WGS84 MultiPolygon; empty for no lines
    double area_m2 = 0;
};

LineArea area_around_lines(const GeosContext& context, const std::vector<std::vector<Coordinate>>& lines,
                           const LineAreaOptions& options);

} // namespace revir::geo
