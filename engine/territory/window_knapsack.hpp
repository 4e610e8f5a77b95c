#pragma once
// The cheapest territory around one centre under every balance window, in whole
// units: min Σ cost_i x_i with x_centre = 1, lower_c ≤ Σ weight_c,i x_i ≤ upper_c
// for every criterion c, x ∈ {0, 1}. This is the pricing problem of the free-centre
// (capacitated p-median) bound: solved in whole units and under all windows at
// once it is what makes that bound stronger than the linear relaxation.
//
// Depth-first branch and bound over the units in order of cost per normalised
// weight (take before leave). A node's bound is the largest of the continuous
// knapsacks of the free units under one window each; every feasible set met on
// the way is an incumbent. A cutoff and a node limit cut the work; what was left
// unexplored still counts in the returned lower bound, so the bound stays valid.
#include <cstdint>
#include <limits>
#include <vector>

namespace revir::engine {

struct WindowKnapsack {
    std::size_t units = 0;
    std::size_t criteria = 0;
    std::vector<double> weight;       // [criterion * units + unit], ≥ 0
    std::vector<double> lower, upper; // per criterion
};

struct WindowKnapsackResult {
    /// ≤ the optimum, and equal to it when `exact`; +∞ when no set fits (or none
    /// cheaper than the cutoff can exist).
    double lower_bound = std::numeric_limits<double>::infinity();
    double best = std::numeric_limits<double>::infinity(); // cost of `chosen`; +∞: none found
    std::vector<std::uint32_t> chosen;                     // the best set found, centre included
    bool exact = false;
    std::size_t nodes = 0;
};

/// Reusable: keeps its buffers between calls.
class WindowKnapsackSolver {
public:
    /// `cutoff`: only sets cheaper than this matter (subtrees whose bound reaches
    /// it are not explored; the lower bound is then at least min(optimum, cutoff)).
    WindowKnapsackResult solve(const WindowKnapsack& problem, const std::vector<double>& cost, std::uint32_t centre,
                               double cutoff = std::numeric_limits<double>::infinity(),
                               std::size_t node_limit = 20000);

private:
    /// Continuous bound of the free units (branching position ≥ depth) under
    /// criterion c's window alone, from the given load and cost.
    double continuous_bound(std::size_t c, std::uint32_t depth, double load, double cost) const;
    double bound(std::uint32_t depth, const double* loads, double cost) const;
    void explore(std::uint32_t depth, double* loads, double cost);

    const WindowKnapsack* problem_ = nullptr;
    const std::vector<double>* cost_ = nullptr;
    std::vector<std::uint32_t> branch_order_;              // units other than the centre
    std::vector<std::uint32_t> position_;                  // unit → place in branch_order_
    std::vector<std::vector<std::uint32_t>> ratio_order_; // per criterion: units by cost / weight
    std::vector<double> load_stack_;                       // criteria loads per depth
    std::vector<char> taken_;
    std::vector<std::uint32_t> current_;
    double cutoff_ = 0;
    double pruned_min_ = 0;
    std::size_t node_limit_ = 0;
    WindowKnapsackResult result_;
};

} // namespace revir::engine
