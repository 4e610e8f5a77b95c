#include "geo/geometry/line_area.hpp"

#include <algorithm>
#include <cmath>

#include "geo/core/error.hpp"

namespace revir::geo {

namespace {

// Holes below `min_hole_m2` filled; parts below `min_part_share` of the largest dropped.
GeosGeometry drop_small_holes(const GeosContext& ctx, const GEOSGeometry* area, double min_hole_m2, double min_part_share) {
    const auto h = ctx.handle();
    std::vector<GEOSGeometry*> polygons;
    std::vector<double> part_area(static_cast<std::size_t>(std::max(0, GEOSGetNumGeometries_r(h, area))), 0.0);
    for (int p = 0; p < GEOSGetNumGeometries_r(h, area); ++p) GEOSArea_r(h, GEOSGetGeometryN_r(h, area, p), &part_area[p]);
    const double largest = part_area.empty() ? 0.0 : *std::max_element(part_area.begin(), part_area.end());
    for (int p = 0; p < GEOSGetNumGeometries_r(h, area); ++p) {
        const GEOSGeometry* polygon = GEOSGetGeometryN_r(h, area, p);
        if (GEOSGeomTypeId_r(h, polygon) != GEOS_POLYGON || GEOSisEmpty_r(h, polygon)) continue;
        if (part_area[p] < min_part_share * largest) continue;
        GEOSGeometry* shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, polygon));
        std::vector<GEOSGeometry*> holes;
        for (int i = 0; i < GEOSGetNumInteriorRings_r(h, polygon); ++i) {
            const GEOSGeometry* ring = GEOSGetInteriorRingN_r(h, polygon, i);
            GEOSGeometry* as_polygon = GEOSGeom_createPolygon_r(h, GEOSGeom_clone_r(h, ring), nullptr, 0);
            double hole_area = 0;
            GEOSArea_r(h, as_polygon, &hole_area);
            GEOSGeom_destroy_r(h, as_polygon);
            if (hole_area >= min_hole_m2) holes.push_back(GEOSGeom_clone_r(h, ring));
        }
        polygons.push_back(GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
    }
    return own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size())),
               "collection");
}

} // namespace

LineArea area_around_lines(const GeosContext& ctx, const std::vector<std::vector<Coordinate>>& lines,
                           const LineAreaOptions& options) {
    // GEOS crashes on a NaN buffer; every distance must be a finite, positive number.
    const bool sizes_ok = std::isfinite(options.buffer_m) && options.buffer_m > 0 && std::isfinite(options.min_hole_m2) &&
                          options.min_hole_m2 >= 0 && std::isfinite(options.simplify_m) && options.simplify_m >= 0 &&
                          options.min_part_share >= 0 && options.min_part_share <= 1;
    if (!sizes_ok) throw InputError("area around lines: the buffer must be finite and positive, hole and simplification sizes finite");
    const auto h = ctx.handle();
    BoundingBox box;
    for (const auto& line : lines) {
        for (const auto& c : line) box.extend(c);
    }
    if (box.empty()) return {own(ctx, GEOSGeom_createEmptyCollection_r(h, GEOS_MULTIPOLYGON), "empty"), 0.0};
    const LocalProjection projection((box.min.lat() + box.max.lat()) / 2);

    std::vector<GEOSGeometry*> strings;
    for (const auto& line : lines) {
        if (line.size() < 2) continue;
        GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(h, static_cast<unsigned>(line.size()), 2);
        for (unsigned i = 0; i < line.size(); ++i) GEOSCoordSeq_setXY_r(h, sequence, i, projection.x(line[i]), projection.y(line[i]));
        strings.push_back(GEOSGeom_createLineString_r(h, sequence));
    }
    // Buffering each line and uniting the pieces (cascaded union) is much faster
    // than buffering one huge MultiLineString, which nodes all lines together.
    std::vector<GEOSGeometry*> pieces;
    pieces.reserve(strings.size());
    for (GEOSGeometry* s : strings) {
        pieces.push_back(GEOSBuffer_r(h, s, options.buffer_m, 2));
        GEOSGeom_destroy_r(h, s);
    }
    const auto collection = own(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, pieces.data(),
                                                                 static_cast<unsigned>(pieces.size())),
                                "collection");
    const auto buffered = own(ctx, GEOSUnaryUnion_r(h, collection.get()), "union");
    const auto filled = drop_small_holes(ctx, buffered.get(), options.min_hole_m2, options.min_part_share);
    auto simplified = own(ctx, GEOSTopologyPreserveSimplify_r(h, filled.get(), options.simplify_m), "Simplify");
    LineArea result;
    GEOSArea_r(h, simplified.get(), &result.area_m2);
    // Back to degrees.
    auto to_degrees = [](double* x, double* y, void* user) -> int {
        const auto* p = static_cast<const LocalProjection*>(user);
        const Coordinate c = p->unproject(*x, *y);
        *x = c.lon();
        *y = c.lat();
        return 1;
    };
    auto degrees = own(ctx, GEOSGeom_transformXY_r(h, simplified.get(), to_degrees, const_cast<LocalProjection*>(&projection)),
                       "transform");
    result.geometry = polygonal_part(ctx, degrees.get());
    return result;
}

} // namespace revir::geo
