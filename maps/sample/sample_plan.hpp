#pragma once
// The built-in sample's planning inputs, beside the town's roads: census-like
// units covering the town (small in the dense centre, larger at the sparse edge,
// a few straddling the river), accounts drawn from the population, and six rep
// bases with unequal capacities. Everything is generated deterministically.
#include <string>

namespace revir::sample {

/// Writes FOLDER/town.osm.pbf, units.geojson (unit_id, name, population,
/// households), accounts.csv (id, name, lon, lat, potential, service_minutes,
/// visits, weekdays, open, close) and bases.csv (id, name, lon, lat, capacity).
void write_sample_plan_inputs(const std::string& folder);

inline constexpr int kSampleAccounts = 600;
inline constexpr int kSampleBases = 6;

} // namespace revir::sample
