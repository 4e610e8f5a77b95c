#pragma once
// The built-in sample's planning inputs, beside the town's roads: census-like
// units covering the town (small in the dense centre, larger at the sparse edge,
// a few straddling the river), accounts drawn from the population, and six rep
// bases with unequal capacities. Everything is generated deterministically.
#include <cstdint>
#include <string>

namespace revir::sample {

/// Writes FOLDER/town.osm.pbf, units.geojson (unit_id, name, population,
/// households), accounts.csv (id, name, lon, lat, potential, service_minutes,
/// visits, weekdays, open, close) and bases.csv (id, name, lon, lat, capacity).
void write_sample_plan_inputs(const std::string& folder);

inline constexpr int kSampleAccounts = 600;

/// A deterministic hash of (a, b, salt) → [0, 1): the samples' only randomness.
double noise(std::uint64_t a, std::uint64_t b, std::uint64_t salt);

/// An account's terms, drawn from `draw`: most customers monthly (45 min), some
/// every other week (30 min), a few weekly (20 min); a few only on Mon;Wed;Fri or
/// only in the morning. The CSV fields below, comma-separated.
inline constexpr const char* kAccountTermsHeader = "potential,service_minutes,visits,weekdays,open,close";
std::string account_terms(std::uint64_t draw);
inline constexpr int kSampleBases = 6;

} // namespace revir::sample
