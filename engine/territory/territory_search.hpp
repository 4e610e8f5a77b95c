#pragma once
// The territory search: a contiguous construction (search/construction.hpp), a
// local search over boundary units on cost plus an adaptive penalty for balance
// and budget violations (search/local_search.hpp over search/search_state.hpp),
// and rotations of border stretches around the best plan (search/perturbation.hpp).
// Independent searches with different seeds run in parallel; the result depends
// only on the seed and the number of searches (unless the time limit stops a
// search early), not on the CPUs.
#include <cstdint>
#include <vector>

#include "engine/territory/prepared_problem.hpp"
#include "geo/core/deadline.hpp"
#include "engine/territory/territory_problem.hpp"

namespace revir::engine {

inline constexpr unsigned kDefaultSearches = 2;

struct SearchOptions {
    std::uint64_t seed = 1;
    double time_limit_s = 60;
    /// Stops at this or `time_limit_s` from the start, whichever comes first.
    Deadline deadline;
    /// Independent searches (0: kDefaultSearches); as many run at once as there
    /// are usable CPUs, so the plan does not depend on the machine.
    unsigned threads = 0;
    /// Perturbation rounds per search (each moves a stretch of border and repairs
    /// the plan locally); 0: 20,000. The search also stops after `work_limit`
    /// unit evaluations: a budget that, unlike seconds, does not depend on the
    /// machine, so that a seed always gives the same plan.
    std::size_t rounds = 0;
    std::uint64_t work_limit = 4'000'000;
    /// A complete assignment to start from instead of the construction (e.g. the
    /// current plan in a realignment); must be contiguous to be kept as is.
    Assignment start;
};

struct PlanEvaluation {
    double objective = 0;        // Σ cost(territory(i), i), penalties included
    double compactness = 0;      // Σ w_i · d(territory(i), i) alone
    double max_deviation_pct = 0; // largest |load − target| / target over territories and criteria
    double violation = 0;        // balance and budget excess, in targets (0: within every window)
    std::size_t moved_units = 0;
    double moved_weight = 0;
    bool contiguous = true;
    bool feasible = false; // contiguous, every window and budget met, every unit allowed
};

struct SearchResult {
    Assignment assignment;
    PlanEvaluation evaluation;
    std::size_t rounds = 0; // perturbation rounds run, over all searches
    bool hit_time_limit = false;
};

/// `prices`: the bound's prices (TerritoryBound::prices; empty: none) and
/// `relaxed`: its cheapest assignment (empty: none), both guide the construction.
SearchResult search_territories(const TerritoryProblem& problem, const std::vector<double>& prices,
                                const Assignment& relaxed, const SearchOptions& options = {});
/// The same on a problem already prepared (engine/territory/prepared_problem.hpp).
SearchResult search_territories(const PreparedProblem& prepared, const std::vector<double>& prices,
                                const Assignment& relaxed, const SearchOptions& options = {});

/// Objective, balance, budgets and contiguity of an assignment (the reference the
/// search's incremental bookkeeping is checked against).
PlanEvaluation evaluate_plan(const TerritoryProblem& problem, const Assignment& assignment);
PlanEvaluation evaluate_plan(const PreparedProblem& prepared, const Assignment& assignment);

} // namespace revir::engine
