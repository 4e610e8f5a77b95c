#pragma once
// A territory problem's derived quantities, computed once per design and shared
// by the bound, the search, the evaluation of plans and the statistics: the
// balance windows and targets, the cost table c(t, i), the criteria's scales and
// the realignment budgets.
#include <cstdint>
#include <vector>

#include "engine/territory/territory_problem.hpp"

namespace revir::engine {

class PreparedProblem {
public:
    /// Validates the problem (InputError) and computes what it derives. The problem
    /// must outlive the prepared one. Without `with_costs` no cost table is made
    /// (for evaluating loads and balance alone).
    explicit PreparedProblem(const TerritoryProblem& problem, bool with_costs = true);
    PreparedProblem(TerritoryProblem&&, bool = true) = delete; // it keeps a reference

    const TerritoryProblem& problem() const { return p_; }
    const BalanceWindows& windows() const { return windows_; }
    bool has_costs() const { return !cost_.empty(); }

    /// problem().cost(t, i) from the table: +inf where not allowed.
    double c(TerritoryIndex t, UnitIndex i) const {
        return cost_[static_cast<std::size_t>(i.value()) * p_.territory_count + t.value()];
    }
    /// The costs of unit i in every territory, in territory order (at t.value()).
    const double* cost_row(UnitIndex i) const { return &cost_[static_cast<std::size_t>(i.value()) * p_.territory_count]; }
    /// True when unit i in territory t counts as moved in a realignment.
    bool moved(TerritoryIndex t, UnitIndex i) const {
        return p_.realigning() && p_.current[i].valid() && p_.current[i] != t;
    }
    /// A mean target of criterion c: the unit in which excesses are measured.
    double scale(std::size_t criterion) const { return scale_[criterion]; }
    /// Excess of a load over its window (windows().at(t, c) = `at`), in mean targets.
    double excess(std::size_t at, double load) const;
    /// Excess of the moved units and weight over the realignment budgets, in budgets.
    double budget_excess(double units, double weight) const;
    bool has_budget() const { return budget_units_ > 0 || budget_weight_ > 0; }

private:
    const TerritoryProblem& p_;
    BalanceWindows windows_;
    std::vector<double> cost_;  // [i * K + t]
    std::vector<double> scale_; // per criterion
    double budget_units_ = 0;   // 0: no budget
    double budget_weight_ = 0;
};

} // namespace revir::engine
