#pragma once
// Reads back a plan GeoPackage written by `revir territories` (or `revir
// export`): the units with their weights and territory, and the bases, so that a
// later stage (visit planning) can continue from the plan.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/units/accounts.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"

namespace revir::engine {

struct PlanFile {
    geo::UnitSet units;
    std::vector<geo::Base> bases;
    Assignment territory_of_unit; // base index per unit
    /// The adjacency the plan was designed on as the file holds it; rook adjacency
    /// computed from the units for a file written before plans carried it.
    std::vector<geo::AdjacencyLink> adjacency;
};

/// Throws InputError naming the file (and feature) when a layer or field is
/// missing, or a unit's territory is not one of the bases.
PlanFile read_plan_geopackage(const std::string& path);

} // namespace revir::engine
