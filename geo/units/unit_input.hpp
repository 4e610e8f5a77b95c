#pragma once
// Reading back what `revir units` wrote: recognising a units GeoPackage (so that
// read_units takes its unit ids and names, not feature ids) and turning its
// `adjacency` table into links between the units read from it.
#include <optional>
#include <string>
#include <vector>

#include "geo/io/gdal.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"

namespace revir::geo {

/// True when `dataset` holds a layer `units` with a field `unit_id` and a table
/// `adjacency` with fields unit_id, neighbour_id and kind, as write_units_geopackage
/// makes them. Neither the file name nor the driver plays a part.
bool is_units_geopackage(GDALDataset& dataset);

/// The links of the file's `adjacency` table, with unit ids mapped to indices in
/// `units` (a < b, sorted by (a, b), as compute_adjacency returns them; a row may
/// name the pair in either order); nullopt when the file has no `adjacency` table.
/// A pair listed twice is refused, not merged: the rows may disagree on kind or
/// length and neither can be taken as right. Throws InputError naming the file,
/// the table, the row (feature id) and what is wrong: a missing field, an unknown
/// unit id, a self link, an unknown kind, an empty, NaN, infinite or negative length.
std::optional<std::vector<AdjacencyLink>> read_units_adjacency(const std::string& path, const UnitSet& units);

} // namespace revir::geo
