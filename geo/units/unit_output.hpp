#pragma once
// The units GeoPackage: the `units` layer (weights, area, perimeter,
// representative point, repair flag) and the `adjacency` table (unit,
// neighbour, shared length, kind), as `revir units` writes it, and the located
// accounts when there are any.
#include <string>
#include <vector>

#include "geo/io/geopackage.hpp"
#include "geo/units/accounts.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"

namespace revir::geo {

/// The `adjacency` table (unit_id, neighbour_id, shared_length_m, gap_m, kind) that
/// read_units_adjacency reads back; plan GeoPackages carry it too.
void add_adjacency_table(GeoPackageWriter& gpkg, const UnitSet& units, const std::vector<AdjacencyLink>& links);

/// With accounts, also the `accounts` layer (account id, unit id, orphan flag and
/// the distance to the unit an orphan was attached to).
void write_units_geopackage(const UnitSet& units, const std::vector<AdjacencyLink>& links, const std::string& path,
                            const std::vector<Account>* accounts = nullptr);

} // namespace revir::geo
