#pragma once
// Census units: polygons with demand weights, read from any OGR vector source
// (Shapefile, GeoPackage, GeoJSON, CSV with WKT or lon/lat), in any CRS. Units
// given as points become the cells of their Voronoi diagram. Geometries are
// kept in WGS84 (for routing and output) and in a local Lambert azimuthal
// equal-area projection (for areas, perimeters and adjacency in metres).
#include <memory>
#include <string>
#include <vector>

#include "geo/core/coordinate.hpp"
#include "geo/geometry/geos.hpp"

namespace revir::geo {

/// On a units GeoPackage from `revir units` (see is_units_geopackage), an empty
/// layer, id field or name field means `units`, `unit_id` and `name`.
struct UnitOptions {
    std::vector<std::string> weight_fields; // may be empty when weights come later (from accounts)
    std::string id_field;                   // empty: the feature id
    std::string name_field;                 // empty: no names
    std::string layer;                      // empty: the first layer
    std::string source_crs;                 // empty: the layer's own CRS
    bool missing_weight_as_zero = false;    // else a missing, non-numeric, negative or NaN weight is an error
};

struct Unit {
    std::string id;
    std::string name;
    std::vector<double> weights;
    GeosGeometry geometry; // WGS84 lon/lat, (multi)polygon
    GeosGeometry metric;   // the same in the local equal-area projection, metres
    double area_m2 = 0;
    double perimeter_m = 0;
    Coordinate representative_point; // inside the unit (point on surface)
    bool repaired = false;
};

struct UnitSet {
    std::shared_ptr<GeosContext> context; // first: outlives the geometries
    std::string source;
    std::vector<std::string> weight_names;
    std::vector<Unit> units;
    std::string metric_crs; // PROJ definition of the equal-area projection

    std::vector<double> totals() const;
};

struct UnitLoadReport {
    std::size_t features_read = 0;
    std::vector<std::string> repaired;      // ids of units whose geometry was made valid
    std::vector<std::string> dropped_empty; // ids of features without a geometry
    std::vector<std::string> zeroed;        // "id: field" where a weight was taken as zero
    std::string source_crs;
    double seconds = 0;
};

/// Throws InputError naming the file, layer, feature and field for every bad input.
UnitSet read_units(const std::string& path, const UnitOptions& options, UnitLoadReport& report);

} // namespace revir::geo
