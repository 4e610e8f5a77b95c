#include "engine/territory/territory_search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "engine/territory/search/construction.hpp"
#include "engine/territory/search/local_search.hpp"
#include "engine/territory/search/perturbation.hpp"
#include "engine/territory/search/search_state.hpp"
#include "engine/territory/territory_contiguity.hpp"
#include "geo/core/cpus.hpp"
#include "geo/core/parallel.hpp"

namespace revir::engine {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// One search: the construction, then settles and perturbation rounds around the
// best plan (an iterated local search), keeping the best plan found.
class Search {
public:
    Search(const PreparedProblem& prepared, std::uint64_t seed, const Deadline& deadline)
        : state_(prepared), rng_(seed), deadline_(deadline), local_(state_, rng_, deadline),
          perturbation_(state_, local_, rng_) {}

    void construct(const std::vector<double>& prices, const Assignment& relaxed, const Assignment& start) {
        state_.reset(construct_plan(state_.prepared(), prices, relaxed, start));
    }

    void run(std::size_t rounds, std::uint64_t work_limit) {
        // Cost of moving one mean target of weight across the plan's typical
        // distance: large enough that balance wins over compactness.
        const double lambda = 4 * (std::abs(state_.cost()) + 1) / static_cast<double>(state_.prepared().problem().territory_count);
        local_.push_all();
        local_.settle(true, lambda);
        record_if_best();
        for (std::size_t round = 0; round < rounds && local_.work() < work_limit; ++round) {
            if (deadline_.passed()) {
                hit_time_limit_ = true;
                break;
            }
            ++rounds_run_;
            perturbation_.perturb();
            local_.settle(false, lambda);
            record_if_best();
            // Continue from the new plan when it is not much worse than the best,
            // else go back to the best.
            if (!(current_key() <= best_key_ * (1 + 2e-3))) {
                state_.reset(best_);
                local_.clear_queue();
            }
        }
    }

    const Assignment& best() const { return best_; }
    std::size_t rounds_run() const { return rounds_run_; }
    bool hit_time_limit() const { return hit_time_limit_ || local_.hit_time_limit(); }

private:
    // Feasible plans first, then by cost; infeasible ones by violation.
    double current_key() const {
        const double v = state_.violation();
        return v > 0 ? kInfinity : state_.cost();
    }

    void record_if_best() {
        const double v = state_.violation();
        const double cost = state_.cost();
        const bool better = best_.empty() || (v == 0 && (best_violation_ > 0 || cost < best_key_ - state_.tiny())) ||
                            (v > 0 && best_violation_ > 0 && v < best_violation_);
        if (!better) return;
        best_ = state_.assignment();
        best_violation_ = v;
        best_key_ = v > 0 ? kInfinity : cost;
    }

    SearchState state_;
    SearchRandom rng_;
    Deadline deadline_;
    LocalSearch local_;
    Perturbation perturbation_;
    Assignment best_;
    double best_key_ = kInfinity;
    double best_violation_ = kInfinity;
    std::size_t rounds_run_ = 0;
    bool hit_time_limit_ = false;
};

bool better_plan(const PlanEvaluation& a, const PlanEvaluation& b) {
    if (a.feasible != b.feasible) return a.feasible;
    if (!a.feasible && a.violation != b.violation) return a.violation < b.violation;
    return a.objective < b.objective;
}

} // namespace

PlanEvaluation evaluate_plan(const PreparedProblem& pr, const Assignment& assignment) {
    const TerritoryProblem& p = pr.problem();
    const std::size_t k = p.territory_count, c = p.criteria.size();
    PlanEvaluation ev;
    std::vector<double> load(k * c, 0.0);
    bool all_allowed = true;
    for (UnitIndex i : p.units()) {
        const TerritoryIndex t = assignment[i];
        all_allowed = all_allowed && p.allowed(t, i);
        ev.objective += p.cost(t, i);
        ev.compactness += p.objective_weight[i.value()] * p.d(t, i);
        for (std::size_t j = 0; j < c; ++j) load[t.value() * c + j] += p.criteria[j].weight[i.value()];
        if (pr.moved(t, i)) {
            ++ev.moved_units;
            ev.moved_weight += p.objective_weight[i.value()];
        }
    }
    for (std::size_t j = 0; j < k * c; ++j) {
        ev.violation += pr.excess(j, load[j]);
        const double target = pr.windows().target[j];
        if (target > 0) ev.max_deviation_pct = std::max(ev.max_deviation_pct, std::abs(load[j] - target) / target * 100);
    }
    ev.violation += pr.budget_excess(static_cast<double>(ev.moved_units), ev.moved_weight);
    for (TerritoryIndex t : p.territories()) ev.contiguous = ev.contiguous && is_contiguous(p, assignment, t);
    ev.feasible = ev.contiguous && all_allowed && ev.violation == 0;
    return ev;
}

PlanEvaluation evaluate_plan(const TerritoryProblem& problem, const Assignment& assignment) {
    return evaluate_plan(PreparedProblem(problem, false), assignment);
}

SearchResult search_territories(const TerritoryProblem& problem, const std::vector<double>& prices,
                                const Assignment& relaxed, const SearchOptions& options) {
    return search_territories(PreparedProblem(problem), prices, relaxed, options);
}

SearchResult search_territories(const PreparedProblem& prepared, const std::vector<double>& prices,
                                const Assignment& relaxed, const SearchOptions& options) {
    const Deadline deadline = options.deadline.sooner(options.time_limit_s);
    // The number of searches is the plan's, not the machine's: they run on as
    // many threads as there are usable CPUs, so a seed gives one plan everywhere.
    const unsigned searches = options.threads == 0 ? kDefaultSearches : options.threads;
    const std::size_t rounds = options.rounds > 0 ? options.rounds : 20000;
    std::vector<Assignment> plans(searches);
    std::vector<std::size_t> rounds_run(searches, 0);
    std::vector<char> stopped(searches, 0);
    revir::parallel_for(
        searches, 0, [] { return 0; },
        [&](int&, std::size_t s) {
            // Seeds far apart for the independent searches (splitmix-style spread).
            Search search(prepared, options.seed * 0x9E3779B97F4A7C15ULL + s * 0xBF58476D1CE4E5B9ULL + 1, deadline);
            search.construct(prices, relaxed, options.start);
            search.run(rounds, options.work_limit);
            plans[s] = search.best();
            rounds_run[s] = search.rounds_run();
            stopped[s] = search.hit_time_limit();
        });
    SearchResult result;
    for (unsigned s = 0; s < searches; ++s) {
        const PlanEvaluation ev = evaluate_plan(prepared, plans[s]);
        if (s == 0 || better_plan(ev, result.evaluation)) {
            result.assignment = plans[s];
            result.evaluation = ev;
        }
        result.rounds += rounds_run[s];
        result.hit_time_limit = result.hit_time_limit || stopped[s];
    }
    return result;
}

} // namespace revir::engine
