#pragma once
// The territory stages on their own: census units into a units GeoPackage with
// their adjacency (`revir units`), and a territory design into a plan GeoPackage
// and a CRM table (`revir territories`), read and designed as `revir plan` does.
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/design.hpp"
#include "engine/plan/inputs.hpp"
#include "engine/stages/stage.hpp"

namespace revir::engine {

struct UnitsRequest {
    UnitSource units; // units.weights: the weight fields to keep
    PointSource accounts;
    std::string output;
};
StageReport run_units(const UnitsRequest& request, const Log& log);

struct TerritoriesRequest {
    UnitSource units;
    PointSource accounts;
    PointSource bases;              // or settings.free_centres
    std::optional<Measure> objective; // empty: drive time with a graph, else distance
    std::string graph;              // drive times
    bool crowfly = false;           // straight lines instead
    TerritorySettings settings;     // settings.measure comes from `objective`
    RealignmentSettings realignment;
    std::uint64_t seed = 1;
    std::string output;          // plan GeoPackage
    std::string assignments_csv; // empty: beside the output, .csv
};
StageReport run_territories(const TerritoriesRequest& request, const Log& log);

} // namespace revir::engine
