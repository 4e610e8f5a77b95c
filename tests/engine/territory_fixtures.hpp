#pragma once
// Small territory problems for the engine tests: a grid of units with rook
// adjacency, random weights and straight-line distances.
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "engine/territory/territory_problem.hpp"
#include "geo/core/random.hpp"

namespace revir::test {

/// A hand-written plan: the territory of unit 0, 1, … as plain numbers.
inline Assignment plan_of(std::initializer_list<std::uint32_t> territories) {
    Assignment a;
    for (std::uint32_t t : territories) a.push_back(TerritoryIndex(t));
    return a;
}

/// rows × cols unit grid (unit r * cols + c at (c, r)), `k` territories seeded at
/// the given units (plain unit numbers, territory t at seeds[t]), weights uniform in [1, 10], objective weight = the weight,
/// distance = Euclidean from the seed's cell.
inline engine::TerritoryProblem grid_problem(std::uint32_t rows, std::uint32_t cols,
                                             const std::vector<std::uint32_t>& seeds, double tolerance,
                                             std::uint64_t seed) {
    engine::TerritoryProblem p;
    p.unit_count = rows * cols;
    p.territory_count = seeds.size();
    Random rng(seed);
    engine::BalanceCriterion c;
    c.name = "w";
    c.tolerance = tolerance;
    for (std::uint32_t i = 0; i < p.unit_count; ++i) c.weight.push_back(static_cast<double>(1 + rng.below(10)));
    p.criteria.push_back(c);
    p.objective_weight = c.weight;
    p.neighbour_first.push_back(0);
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t col = 0; col < cols; ++col) {
            if (r > 0) p.neighbours.push_back(UnitIndex((r - 1) * cols + col));
            if (col > 0) p.neighbours.push_back(UnitIndex(r * cols + col - 1));
            if (col + 1 < cols) p.neighbours.push_back(UnitIndex(r * cols + col + 1));
            if (r + 1 < rows) p.neighbours.push_back(UnitIndex((r + 1) * cols + col));
            p.neighbour_first.push_back(static_cast<std::uint32_t>(p.neighbours.size()));
        }
    }
    for (std::uint32_t i = 0; i < p.unit_count; ++i) {
        for (std::uint32_t s : seeds) {
            const double dx = double(i % cols) - double(s % cols), dy = double(i / cols) - double(s / cols);
            p.distance.push_back(static_cast<float>(std::sqrt(dx * dx + dy * dy)));
        }
    }
    p.capacity.assign(seeds.size(), 1.0);
    for (std::uint32_t s : seeds) p.seed_unit.push_back(UnitIndex(s));
    p.measure = engine::Measure::distance;
    return p;
}

} // namespace revir::test
