#include "engine/territory/window_knapsack.hpp"

#include <algorithm>
#include <cmath>

namespace revir::engine {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Cost per unit of weight, with weightless units first (when they pay) or last.
double ratio(double cost, double weight) {
    if (weight > 0) return cost / weight;
    return cost < 0 ? -kInfinity : kInfinity;
}

// Windows are widened by a hair so that rounding never cuts off a feasible set
// (a wider window only lowers the bound).
double slack(double limit) { return 1e-9 * std::max(1.0, std::abs(limit)); }

} // namespace

double WindowKnapsackSolver::continuous_bound(std::size_t c, std::uint32_t depth, double load, double cost) const {
    const WindowKnapsack& p = *problem_;
    const std::vector<double>& r = *cost_;
    const double upper = p.upper[c] + slack(p.upper[c]);
    const double lower = p.lower[c] - slack(p.lower[c]);
    if (load > upper) return kInfinity;
    const double* w = p.weight.data() + c * p.units;
    for (std::uint32_t i : ratio_order_[c]) {
        if (position_[i] < depth) continue; // decided already
        if (r[i] < 0) {
            if (w[i] <= 0) {
                cost += r[i];
                continue;
            }
            if (load >= upper) break; // full: what follows pays less per weight or costs
            const double share = std::min(1.0, (upper - load) / w[i]);
            load = share < 1.0 ? upper : load + w[i]; // exactly full: no rounding below the limit
            cost += share * r[i];
        } else {
            if (load >= lower) break;
            if (w[i] <= 0) continue;
            const double share = std::min(1.0, (lower - load) / w[i]);
            load = share < 1.0 ? lower : load + w[i];
            cost += share * r[i];
        }
    }
    return load >= lower ? cost : kInfinity;
}

double WindowKnapsackSolver::bound(std::uint32_t depth, const double* loads, double cost) const {
    if (problem_->criteria == 0) {
        for (std::uint32_t k = depth; k < branch_order_.size(); ++k) cost += std::min(0.0, (*cost_)[branch_order_[k]]);
        return cost;
    }
    double best = -kInfinity;
    for (std::size_t c = 0; c < problem_->criteria; ++c) {
        best = std::max(best, continuous_bound(c, depth, loads[c], cost));
        if (best == kInfinity) break;
    }
    return best;
}

void WindowKnapsackSolver::explore(std::uint32_t depth, double* loads, double cost) {
    const WindowKnapsack& p = *problem_;
    const std::size_t m = p.criteria;
    ++result_.nodes;
    bool fits = true;
    for (std::size_t c = 0; c < m && fits; ++c) fits = loads[c] >= p.lower[c] - slack(p.lower[c]);
    if (fits && cost < result_.best) { // leave every undecided unit out
        result_.best = cost;
        result_.chosen = current_;
    }
    if (depth == branch_order_.size()) return;
    const std::uint32_t unit = branch_order_[depth];
    double* child = loads + m;
    for (int take = 1; take >= 0; --take) {
        bool room = true;
        for (std::size_t c = 0; c < m; ++c) {
            child[c] = loads[c] + (take ? p.weight[c * p.units + unit] : 0.0);
            room = room && child[c] <= p.upper[c] + slack(p.upper[c]);
        }
        if (!room) continue;
        const double child_cost = cost + (take ? (*cost_)[unit] : 0.0);
        const double b = bound(depth + 1, child, child_cost);
        if (b >= result_.best) continue; // nothing cheaper below
        if (b >= cutoff_ || result_.nodes >= node_limit_) {
            pruned_min_ = std::min(pruned_min_, b); // unexplored: counts with its bound
            continue;
        }
        if (take) current_.push_back(unit);
        explore(depth + 1, child, child_cost);
        if (take) current_.pop_back();
    }
}

WindowKnapsackResult WindowKnapsackSolver::solve(const WindowKnapsack& problem, const std::vector<double>& cost,
                                                 std::uint32_t centre, double cutoff, std::size_t node_limit) {
    problem_ = &problem;
    cost_ = &cost;
    cutoff_ = cutoff;
    node_limit_ = node_limit;
    pruned_min_ = kInfinity;
    result_ = {};
    const std::size_t n = problem.units, m = problem.criteria;
    // Branch on the units that pay most per unit of (window-normalised) weight first.
    std::vector<double> key(n);
    branch_order_.clear();
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i == centre) continue;
        double size = 0;
        for (std::size_t c = 0; c < m; ++c) size += problem.weight[c * n + i] / std::max(problem.upper[c], 1e-300);
        key[i] = ratio(cost[i], size);
        branch_order_.push_back(i);
    }
    auto by = [&](const std::vector<double>& k) {
        return [&k](std::uint32_t x, std::uint32_t y) { return k[x] != k[y] ? k[x] < k[y] : x < y; };
    };
    std::sort(branch_order_.begin(), branch_order_.end(), by(key));
    position_.assign(n, static_cast<std::uint32_t>(n)); // the centre is never free
    for (std::uint32_t k = 0; k < branch_order_.size(); ++k) position_[branch_order_[k]] = k;
    ratio_order_.resize(m);
    for (std::size_t c = 0; c < m; ++c) {
        for (std::uint32_t i = 0; i < n; ++i) key[i] = ratio(cost[i], problem.weight[c * n + i]);
        ratio_order_[c] = branch_order_;
        std::sort(ratio_order_[c].begin(), ratio_order_[c].end(), by(key));
    }
    load_stack_.assign((branch_order_.size() + 2) * std::max<std::size_t>(m, 1), 0.0);
    for (std::size_t c = 0; c < m; ++c) load_stack_[c] = problem.weight[c * n + centre];
    current_.assign(1, centre);
    const double root = bound(0, load_stack_.data(), cost[centre]);
    if (root >= cutoff) {
        pruned_min_ = root;
    } else if (root < kInfinity) {
        explore(0, load_stack_.data(), cost[centre]);
    }
    result_.lower_bound = std::min(result_.best, pruned_min_);
    result_.exact = pruned_min_ >= result_.best;
    if (result_.best < kInfinity) std::sort(result_.chosen.begin(), result_.chosen.end());
    return result_;
}

} // namespace revir::engine
