#pragma once
// The map inputs of a design, read the same way by every front end: census units
// with the weights a design needs, their adjacency (as a `revir units` GeoPackage
// holds it, else computed), the accounts located in them (adding the weights
// kAccountWeights), and the reps' bases.
#include <string>
#include <vector>

#include "geo/core/progress.hpp"
#include "geo/units/accounts.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"

namespace revir::engine {

struct UnitSource {
    std::string path, layer, id, name, crs;
    std::vector<std::string> weights;
    geo::Contiguity contiguity = geo::Contiguity::rook;
    double tolerance_m = 1;
    double link_gaps_m = 0;
    bool missing_weight_as_zero = false;
    /// Take a units GeoPackage's adjacency table as written (`revir units` itself
    /// computes it afresh).
    bool reuse_written_adjacency = true;
};

struct PointSource {
    std::string path, crs;
    bool strict = false; // accounts: refuse one outside every unit instead of attaching it to the nearest
    bool keep_going = false; // accounts: attach them even when their lon/lat look swapped
};

struct MapInputs {
    geo::UnitSet units;
    geo::UnitLoadReport load;
    std::vector<geo::AdjacencyLink> links;
    geo::AdjacencyReport adjacency;
    std::vector<geo::Account> accounts; // empty without an accounts source
    std::vector<std::string> orphans;   // account ids attached to their nearest unit
};

/// Units with the fields of `source.weights` and `more_weights` (leaving out those
/// the accounts give when `with_accounts`), and their adjacency.
MapInputs load_units(const UnitSource& source, const std::vector<std::string>& more_weights, bool with_accounts,
                     const Log& log);

/// The accounts located in the units, whose weights they add to.
void add_accounts(const PointSource& accounts, MapInputs& in, const Log& log);

/// Both: the units, then the accounts when `accounts` has a path.
MapInputs load_map_inputs(const UnitSource& source, const std::vector<std::string>& more_weights,
                          const PointSource& accounts, const Log& log);

/// The bases, each located in its unit.
std::vector<geo::Base> load_bases(const PointSource& source, const geo::UnitSet& units, const Log& log);

} // namespace revir::engine
