#pragma once
// Point records with attributes from a CSV (lon/lat or x/y columns) or any OGR
// point layer: the shared reader behind accounts and bases. Every record keeps
// where it came from ("file:line" or "file feature N") for error messages.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/core/coordinate.hpp"

namespace revir::geo {

struct PointRecord {
    std::string where; // "accounts.csv:12" or "accounts.gpkg feature 7"
    Coordinate location;
    std::map<std::string, std::string> fields; // lower-case field name → text value; null/empty fields absent
};

struct PointRecordOptions {
    std::string layer;      // OGR layer (default: the first)
    std::string source_crs; // CRS of x/y columns or of a layer without one (default: WGS84 / the layer's)
};

/// Reads every record; throws InputError naming the file and record for a missing
/// coordinate column, a coordinate that is not a number or is off the map, or a
/// feature that is not a point. `what` names the records in messages ("account").
std::vector<PointRecord> read_point_records(const std::string& path, const PointRecordOptions& options,
                                            const std::string& what);

/// The value of `field` parsed as a number (nothing when absent); throws InputError
/// naming the record when it is present but not a finite number.
std::optional<double> number_field(const PointRecord& record, const std::string& field);

} // namespace revir::geo
