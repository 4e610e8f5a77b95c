#pragma once
// From map data to a territory problem: the balance criteria named on the command
// line ("population:3%,workload_min:5%"), the units' adjacency, the bases (seed
// units, capacities, locked units) and the distance from every base to every unit
// — drive time over the road graph, or straight-line distance (plain or squared)
// for data without roads.
#include <optional>
#include <string>
#include <vector>

#include "engine/territory/territory_problem.hpp"
#include "geo/units/accounts.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "geo/core/progress.hpp"

namespace revir::engine {

struct BalanceSpec {
    std::string field;
    double tolerance = 0.03;
};

/// Parses "FIELD:TOL[,FIELD:TOL…]"; TOL as "3%" or "0.03". Throws InputError.
std::vector<BalanceSpec> parse_balance(const std::string& text, const std::string& what);

/// Parses a share of a whole: "10%" or "0.1" → 0.1. Throws InputError naming `what`.
double parse_share(const std::string& text, const std::string& what);

struct TerritoryInput {
    const geo::UnitSet* units = nullptr;
    const std::vector<geo::AdjacencyLink>* links = nullptr;
    const std::vector<geo::Base>* bases = nullptr; // located (geo::locate_bases)
    std::vector<BalanceSpec> balance;
    /// Weight of a unit in the objective: a weight field; empty: the first balance
    /// field; "none": every unit weighs 1.
    std::string objective_weight;
    Measure measure = Measure::distance;
};

/// Straight-line base → unit distances (to each unit's representative point), in
/// km or km², at [unit * bases + base].
std::vector<float> straight_line_distances(const geo::UnitSet& units, const std::vector<geo::Coordinate>& bases,
                                           Measure measure);

/// Drive minutes from every base to every unit's representative point over the
/// road graph (infinity where unreachable), at [unit * bases + base]. Points are
/// snapped to the nearest road; a base farther than `base_max_snap_m`, or a unit's
/// point farther than `unit_max_snap_m` (units without roads are common: islands,
/// parks) is an InputError naming it.
std::vector<float> drive_time_minutes(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                      const geo::UnitSet& units, const std::vector<geo::Base>& bases,
                                      double base_max_snap_m, double unit_max_snap_m, revir::Progress& progress);

/// K distinct units drawn with probability proportional to `weight` (seeded): base
/// sites for benchmarks, samples and "where would reps live" experiments.
std::vector<UnitIndex> weighted_sample_units(const std::vector<double>& weight, std::size_t k, std::uint64_t seed);

/// Bases B1, B2, … at the representative points of the given units (located in them).
std::vector<geo::Base> bases_at_units(const geo::UnitSet& units, const std::vector<UnitIndex>& at);

/// Realignment of a current plan (territory per unit): limits as shares of the
/// units and of the objective weight, and the cost of moving a unit. By default
/// moving costs a quarter of the current plan's mean distance per unit of weight,
/// so the plan changes only where that pays. The search starts from `current`.
struct RealignmentLimits {
    std::optional<double> max_moved;        // share of the units
    std::optional<double> max_moved_weight; // share of the objective weight
    std::optional<double> move_penalty;
};
void set_realignment(TerritoryProblem& problem, Assignment current, const RealignmentLimits& limits);

/// Builds and validates the problem; `distance` as the two functions above give it.
/// Throws InputError for an unknown field, an unknown locked unit, two bases in one
/// unit and the like.
TerritoryProblem make_territory_problem(const TerritoryInput& input, std::vector<float> distance);

} // namespace revir::engine
