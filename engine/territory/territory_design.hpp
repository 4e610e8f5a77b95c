#pragma once
// Territory design end to end on a built problem: the Lagrangian bound (whose
// prices and cheapest assignment seed the search), the search, the bound again
// with the plan's objective as its upper hint, and the certified gap; problems
// that cannot have a plan are reported with the reasons.
#include <string>
#include <vector>

#include "engine/territory/territory_bound.hpp"
#include "engine/territory/territory_problem.hpp"
#include "engine/territory/territory_search.hpp"

namespace revir::engine {

struct DesignOptions {
    SearchOptions search;
    BoundOptions bound;
};

struct TerritoryLoad {
    std::vector<double> load;          // per criterion
    std::vector<double> target;
    std::vector<double> deviation_pct; // (load − target) / target × 100
    std::size_t units = 0;
    double weighted_distance = 0;      // Σ w_i d(base, i) over its units
    double mean_distance = 0;          // weighted_distance / Σ w_i
    double max_distance = 0;           // largest d(base, i), in measure_unit
    bool contiguous = true;            // is_contiguous (engine/territory/territory_contiguity.hpp)
};

struct TerritoryPlan {
    Assignment assignment; // territory per unit
    PlanEvaluation evaluation;
    double bound = 0;
    double gap_percent = 0; // (objective − bound) / bound × 100; infinite: nothing certified (see certify)
    bool bound_optimal = false;
    /// Share of the weight that the relaxation's cheapest assignment puts out of
    /// reach of its territory's seed: what contiguity forces to move (a large share
    /// explains a large gap; the bound knows nothing of contiguity).
    double relaxed_cut_off_share = 0;
    IndexVector<TerritoryIndex, TerritoryLoad> territories;
    /// Why no plan meets every constraint (empty when the plan is feasible); the
    /// plan is still the best the search found.
    std::vector<std::string> infeasible;
    std::size_t rounds = 0;
    bool hit_time_limit = false;
    double bound_seconds = 0;
    double search_seconds = 0;
};

TerritoryPlan design_territories(const TerritoryProblem& problem, const DesignOptions& options = {});

/// Per-territory loads, targets, deviations, distances and contiguity of an
/// assignment: the one computation of these figures, for the search's plan and
/// for every output (a problem without distances gives zero distances).
IndexVector<TerritoryIndex, TerritoryLoad> territory_loads(const TerritoryProblem& problem, const Assignment& assignment);
IndexVector<TerritoryIndex, TerritoryLoad> territory_loads(const PreparedProblem& prepared, const Assignment& assignment);

/// Why the plan misses a constraint, in one sentence; empty when it is feasible.
std::string infeasibility(const TerritoryPlan& plan);

/// Throws NoFeasiblePlan with the reasons when the plan misses a constraint
/// (call it after writing the outputs: the best plan is still worth seeing).
void require_feasible(const TerritoryPlan& plan);

} // namespace revir::engine
