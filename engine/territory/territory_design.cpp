#include "engine/territory/territory_design.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "engine/territory/territory_contiguity.hpp"
#include "geo/core/error.hpp"

namespace revir::engine {

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

namespace {

IndexVector<TerritoryIndex, TerritoryLoad> loads_of(const TerritoryProblem& p, const BalanceWindows& windows,
                                                    const Assignment& assignment) {
    const std::size_t c = p.criteria.size();
    IndexVector<TerritoryIndex, TerritoryLoad> out(p.territory_count);
    for (TerritoryIndex t : p.territories()) {
        out[t].load.assign(c, 0.0);
        for (std::size_t j = 0; j < c; ++j) out[t].target.push_back(windows.target[windows.at(t, j)]);
    }
    for (UnitIndex i : p.units()) {
        auto& t = out[assignment[i]];
        ++t.units;
        for (std::size_t j = 0; j < c; ++j) t.load[j] += p.criteria[j].weight[i.value()];
        if (p.distance.empty()) continue;
        const double d = p.d(assignment[i], i);
        t.weighted_distance += p.objective_weight[i.value()] * d;
        t.mean_distance += p.objective_weight[i.value()]; // the weight, divided out below
        t.max_distance = std::max(t.max_distance, d);
    }
    for (TerritoryIndex t : p.territories()) {
        out[t].mean_distance = out[t].mean_distance > 0 ? out[t].weighted_distance / out[t].mean_distance : 0;
        for (std::size_t j = 0; j < c; ++j) {
            const double target = out[t].target[j];
            out[t].deviation_pct.push_back(target > 0 ? (out[t].load[j] - target) / target * 100 : 0.0);
        }
        out[t].contiguous = is_contiguous(p, assignment, t);
    }
    return out;
}

} // namespace

IndexVector<TerritoryIndex, TerritoryLoad> territory_loads(const TerritoryProblem& problem, const Assignment& assignment) {
    return loads_of(problem, balance_windows(problem), assignment);
}

IndexVector<TerritoryIndex, TerritoryLoad> territory_loads(const PreparedProblem& prepared, const Assignment& assignment) {
    return loads_of(prepared.problem(), prepared.windows(), assignment);
}

TerritoryPlan design_territories(const TerritoryProblem& problem, const DesignOptions& options) {
    // Windows, targets and the cost table once, for the bound, the search and the figures.
    const PreparedProblem prepared(problem);
    TerritoryPlan plan;
    plan.infeasible = obvious_infeasibilities(problem, prepared.windows());
    // A problem without a plan still gets the search's best effort, but briefly.
    // One clock for the three parts: the search's time limit is the design's.
    // The first bound may take up to 30 % of it (it takes far less), the search
    // what is left but a tenth, kept for the bound again.
    const Deadline whole = options.search.deadline.sooner(options.search.time_limit_s);
    auto start = std::chrono::steady_clock::now();
    BoundOptions first_bound = options.bound;
    first_bound.deadline = whole.leaving(0.7);
    const TerritoryBound first = lagrangian_bound(prepared, first_bound);
    plan.bound_seconds = seconds_since(start);
    plan.relaxed_cut_off_share = share_cut_off_from_seeds(problem, first.relaxed_assignment);

    start = std::chrono::steady_clock::now();
    SearchOptions search = options.search;
    search.deadline = whole.leaving(0.1);
    if (!plan.infeasible.empty()) search.rounds = std::min<std::size_t>(search.rounds == 0 ? 1000 : search.rounds, 100);
    SearchResult found = search_territories(prepared, first.prices, first.relaxed_assignment, search);
    plan.search_seconds = seconds_since(start);
    plan.assignment = std::move(found.assignment);
    plan.evaluation = found.evaluation;
    plan.rounds = found.rounds;
    plan.hit_time_limit = found.hit_time_limit || first.hit_time_limit;

    // Again from the first prices, now that a plan's objective bounds the step.
    start = std::chrono::steady_clock::now();
    TerritoryBound refined = first;
    if (!first.optimal && std::isfinite(plan.evaluation.objective)) {
        BoundOptions again = options.bound;
        again.upper_hint = plan.evaluation.objective;
        again.start_prices = first.prices;
        again.deadline = whole;
        refined = lagrangian_bound(prepared, again);
        plan.hit_time_limit = plan.hit_time_limit || refined.hit_time_limit;
        if (refined.value < first.value) refined = first;
    }
    plan.bound_seconds += seconds_since(start);
    const Certificate certificate = certify(plan.evaluation.objective, refined.value);
    plan.bound = certificate.bound;
    plan.gap_percent = certificate.gap_percent;
    plan.bound_optimal = refined.optimal;
    plan.territories = territory_loads(prepared, plan.assignment);

    if (!plan.evaluation.feasible && plan.infeasible.empty()) {
        if (!plan.evaluation.contiguous) plan.infeasible.push_back("the search found no plan with contiguous territories");
        if (plan.evaluation.violation > 0) {
            plan.infeasible.push_back(fmt::format("the search found no plan within every balance window (largest "
                                                  "deviation {:.2f} %)",
                                                  plan.evaluation.max_deviation_pct));
        }
    }
    return plan;
}

std::string infeasibility(const TerritoryPlan& plan) {
    if (plan.evaluation.feasible) return {};
    std::string why;
    for (const auto& w : plan.infeasible) why += (why.empty() ? "" : "; ") + w;
    return why + " (the best plan found was written)";
}

void require_feasible(const TerritoryPlan& plan) {
    if (const auto why = infeasibility(plan); !why.empty()) throw NoFeasiblePlan(why);
}

} // namespace revir::engine
