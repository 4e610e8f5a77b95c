#include "engine/territory/prepared_problem.hpp"

#include <algorithm>

namespace revir::engine {

PreparedProblem::PreparedProblem(const TerritoryProblem& problem, bool with_costs)
    : p_(problem), windows_((problem.validate(), balance_windows(problem))) {
    const std::size_t n = p_.unit_count, k = p_.territory_count;
    if (with_costs) {
        cost_.resize(n * k);
        for (UnitIndex i : p_.units()) {
            for (TerritoryIndex t : p_.territories()) cost_[i.value() * k + t.value()] = p_.cost(t, i);
        }
    }
    for (double total : windows_.total) scale_.push_back(std::max(total / static_cast<double>(k), 1e-12));
    if (p_.realigning() && p_.max_moved_units) budget_units_ = std::max<double>(*p_.max_moved_units, 0.5);
    if (p_.realigning() && p_.max_moved_weight) budget_weight_ = std::max(*p_.max_moved_weight, 1e-12);
}

double PreparedProblem::excess(std::size_t at, double load) const {
    const double lower = windows_.lower[at], upper = windows_.upper[at];
    const double over = load > upper ? load - upper : load < lower ? lower - load : 0.0;
    return over / scale_[at % windows_.criteria];
}

double PreparedProblem::budget_excess(double units, double weight) const {
    double v = 0;
    if (budget_units_ > 0 && units > *p_.max_moved_units) v += (units - *p_.max_moved_units) / budget_units_;
    if (budget_weight_ > 0 && weight > *p_.max_moved_weight) v += (weight - *p_.max_moved_weight) / budget_weight_;
    return v;
}

} // namespace revir::engine
