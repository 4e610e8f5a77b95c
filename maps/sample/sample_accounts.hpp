#pragma once
// Sample accounts and bases for any census units, for trying `revir plan` on a
// real area before a CRM export is at hand: accounts at random points inside
// units drawn in proportion to a weight field, bases at the points of units drawn
// the same way. Deterministic per seed.
#include <cstdint>
#include <string>

namespace revir::sample {

struct SampleDraw {
    std::string units;   // any polygon source GDAL reads
    std::string weight;  // field to draw by, e.g. population
    std::string layer;   // empty: the first
    std::size_t accounts = 1000;
    std::size_t bases = 8;
    std::uint64_t seed = 1;
};

/// Writes FOLDER/accounts.csv (id,name,lon,lat,…, terms as account_terms) and
/// FOLDER/bases.csv (id,name,lon,lat,capacity, all capacities 1).
void write_sample_accounts(const SampleDraw& draw, const std::string& folder);

} // namespace revir::sample
