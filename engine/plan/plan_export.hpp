#pragma once
// The plan's map layers, as every stage after territory design writes them: a
// GeoPackage with `territories` (dissolved through GEOS union, with KPI fields),
// `units` (with territory), `bases`, `accounts` (with territory), `routes`, and
// a QGIS style for each; the same layers as GeoJSON or Shapefile; and the
// account → territory → rep table for a CRM.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/core/atomic_output.hpp"
#include "geo/units/accounts.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"
#include "engine/territory/territory_design.hpp"
#include "engine/visits/visit_records.hpp"

namespace revir::engine {

struct PlanLayers {
    const geo::UnitSet* units = nullptr;
    const std::vector<geo::Base>* bases = nullptr;
    const std::vector<geo::Account>* accounts = nullptr;         // may be null
    const std::vector<geo::AdjacencyLink>* adjacency = nullptr;  // for the contiguity flag
    Assignment territory_of_unit;                                // base index per unit
    /// Unit of the territories' distance fields ("min", "km", "km2"); empty: the
    /// plan has no distances and the fields are left out.
    std::string distance_unit;
    /// Visit planning's output, or null: accounts then get day, sequence, arrival
    /// and departure of their first visit, a `visits` layer has one point per visit,
    /// and `routes` one line per rep and day.
    const std::vector<PlanVisit>* visits = nullptr;
    const std::vector<PlanRoute>* routes = nullptr;
};

/// A territory's figures in the plan's outputs: territory_loads (the one
/// computation of loads, targets, deviations, distances and contiguity) over every
/// weight field of the units, with the map's own: accounts, the dissolved shape,
/// its area, perimeter and Polsby–Popper compactness.
struct TerritoryStats : TerritoryLoad {
    TerritoryIndex base{0}; // = its base's index
    std::size_t accounts = 0;
    double area_m2 = 0;
    double perimeter_m = 0;
    double polsby_popper = 0; // 4πA/P² of the dissolved shape (equal-area projection)
    geo::GeosGeometry shape;  // dissolved, WGS84
};

/// Every territory's figures; the distances are the design's when `design` is
/// given (its problem), else zero. Throws InputError if a unit has no territory.
std::vector<TerritoryStats> territory_stats(const PlanLayers& plan, const TerritoryProblem* design = nullptr);

void write_plan_geopackage(const PlanLayers& plan, const std::vector<TerritoryStats>& territories,
                           const std::string& path);

/// Writes every layer of a plan GeoPackage as DIR/<layer>.geojson or .shp (DIR
/// exists), each reserved in `outputs`: nothing appears before outputs.commit().
void translate_plan(const std::string& geopackage, const std::string& directory, const std::string& format,
                    geo::OutputSet& outputs);

/// account_id,unit_id,territory_id,rep_id,rep_name (without accounts:
/// unit_id,territory_id,rep_id), through a temporary file.
void write_assignment_csv(const PlanLayers& plan, const std::string& path);

/// Reads unit_id,territory_id (territory id = a base id); every unit must appear once.
Assignment read_unit_assignment(const std::string& path, const geo::UnitSet& units, const std::vector<geo::Base>& bases);

} // namespace revir::engine
