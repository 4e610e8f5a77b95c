#pragma once
// A visit plan as records for the plan's map layers and reports: one record per
// visit of an account and one per rep's day on the road.
#include <cstdint>
#include <vector>

#include "geo/core/coordinate.hpp"
#include "geo/core/indices.hpp"

namespace revir::engine {

/// One visit of an account, from visit planning.
struct PlanVisit {
    std::uint32_t account = 0;  // index into PlanLayers::accounts
    std::uint32_t day = 1;      // 1-based
    std::uint32_t sequence = 1; // 1-based, within the rep's day
    double arrival_min = 0;     // clock minutes the visit starts
    double departure_min = 0;
};

/// A rep's day on the road, from visit planning.
struct PlanRoute {
    TerritoryIndex territory{0}; // = its base's index
    std::uint32_t day = 1;       // 1-based
    double drive_min = 0, service_min = 0, km = 0;
    std::vector<geo::Coordinate> line; // following the roads, base to base
};

} // namespace revir::engine
