#pragma once
// Reads the points CSV used by `revir matrix`: a header with at least id, lon and
// lat (any order, extra columns ignored), WGS84 degrees.
#include <string>
#include <vector>

#include "geo/core/coordinate.hpp"

namespace revir::geo {

struct NamedPoint {
    std::string id;
    Coordinate location;
};

/// Throws InputError naming the file and line for a missing column, a value that is
/// not a number, a coordinate out of range, a duplicated id or an empty file.
std::vector<NamedPoint> read_points_csv(const std::string& path);

} // namespace revir::geo
