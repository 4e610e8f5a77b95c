#pragma once
// The units GeoPackage: the `units` layer (weights, area, perimeter,
// representative point, repair flag) and the `adjacency` table (unit,
// neighbour, shared length, kind), as `revir units` writes it.
#include <string>
#include <vector>

#include "geo/adjacency.hpp"
#include "geo/units.hpp"

namespace revir::geo {

void write_units_geopackage(const UnitSet& units, const std::vector<AdjacencyLink>& links, const std::string& path);

} // namespace revir::geo
