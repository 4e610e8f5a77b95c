#pragma once
// Accounts (customers) and bases (reps' home bases) read from CSV or OGR point
// layers, each account located in exactly one unit. An account in no unit is an
// orphan: attached to the nearest unit and flagged, or refused in strict mode.
#include <array>
#include <cstdint>
#include <string_view>
#include <string>
#include <vector>

#include "geo/core/account.hpp"
#include "geo/io/point_records.hpp"
#include "geo/units/units.hpp"

namespace revir::geo {

std::vector<Account> read_accounts(const std::string& path, const PointRecordOptions& options);
std::vector<Base> read_bases(const std::string& path, const PointRecordOptions& options);

struct LocateReport {
    std::vector<std::string> orphans; // account ids attached to their nearest unit
};

/// Puts every account in the unit that covers it. Orphans go to the nearest unit
/// (flagged) or, with `strict`, make an InputError that names them. When most
/// accounts lie in no unit but most of those would with longitude and latitude
/// swapped, the columns are swapped, not the accounts far away: an InputError says
/// so, unless `keep_going`.
void locate_accounts(const UnitSet& units, std::vector<Account>& accounts, bool strict, LocateReport& report,
                     bool keep_going = false);

/// Puts every base in the unit that covers it (kNoUnit when none) and checks that
/// its locked units exist; throws InputError naming the base otherwise.
void locate_bases(const UnitSet& units, std::vector<Base>& bases);

/// The weights the accounts give their units, in this order: the number of
/// accounts, their potential, and their workload (service minutes × visits).
inline constexpr std::array<std::string_view, 3> kAccountWeights = {"accounts", "potential", "workload_min"};
/// True for a weight the accounts give (one of kAccountWeights).
bool is_account_weight(std::string_view field);

/// Adds the per-unit aggregates as the weights kAccountWeights.
void add_account_weights(UnitSet& units, const std::vector<Account>& accounts);

} // namespace revir::geo
