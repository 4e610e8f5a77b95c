#include "engine/free_centres.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "geo/error.hpp"

namespace revir::engine {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Weighted k-means++ on the unit distances: the first centre drawn by weight, each
// next one by weight × squared distance to the nearest centre so far.
std::vector<std::uint32_t> seeded_centres(const FreeCentreProblem& fp, std::uint64_t seed) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count;
    std::mt19937_64 rng(seed);
    const auto& w = p.criteria.front().weight;
    std::vector<double> nearest(n, kInfinity), score(n);
    std::vector<std::uint32_t> centres;
    std::vector<char> taken(n, 0);
    for (std::size_t k = 0; k < p.territory_count; ++k) {
        for (std::size_t i = 0; i < n; ++i) {
            const double d = centres.empty() ? 1.0 : nearest[i];
            score[i] = taken[i] ? 0.0 : (w[i] + 1e-9) * d * d;
        }
        std::discrete_distribution<std::uint32_t> pick(score.begin(), score.end());
        const std::uint32_t c = pick(rng);
        centres.push_back(c);
        taken[c] = 1;
        for (std::size_t i = 0; i < n; ++i) nearest[i] = std::min<double>(nearest[i], fp.unit_distance[c * n + i]);
    }
    return centres;
}

// Each territory's best centre: the unit of the territory with the least Σ w d.
std::vector<std::uint32_t> medoids(const FreeCentreProblem& fp, const std::vector<std::uint32_t>& assignment,
                                   std::vector<std::uint32_t> centres) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count;
    std::vector<std::vector<std::uint32_t>> members(p.territory_count);
    for (std::uint32_t i = 0; i < n; ++i) members[assignment[i]].push_back(i);
    for (std::uint32_t t = 0; t < p.territory_count; ++t) {
        double best = kInfinity;
        for (std::uint32_t c : members[t]) {
            if (!p.locked.empty() && p.locked[c] != kNoTerritory && p.locked[c] != t) continue;
            double sum = 0;
            for (std::uint32_t i : members[t]) sum += p.objective_weight[i] * fp.unit_distance[c * n + i];
            if (sum < best - 1e-12) {
                best = sum;
                centres[t] = c;
            }
        }
    }
    return centres;
}

} // namespace

TerritoryProblem with_centres(const FreeCentreProblem& fp, const std::vector<std::uint32_t>& centres) {
    TerritoryProblem p = fp.base;
    const std::size_t n = p.unit_count, k = p.territory_count;
    if (centres.size() != k) throw InputError("free centres: one centre per territory needed");
    p.seed_unit = centres;
    p.distance.assign(n * k, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t t = 0; t < k; ++t) p.distance[i * k + t] = fp.unit_distance[centres[t] * n + i];
    }
    return p;
}

double free_centre_bound(const FreeCentreProblem& fp, std::size_t iterations, double upper_hint,
                         const std::vector<double>& start) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count, k = p.territory_count;
    const BalanceWindows windows = balance_windows(p);
    // All territories have the same window when capacities are equal; with
    // unequal ones the widest window keeps the bound valid for any centre.
    double lower = kInfinity, upper = 0;
    for (std::uint32_t t = 0; t < k; ++t) {
        lower = std::min(lower, windows.lower[windows.at(t, 0)]);
        upper = std::max(upper, windows.upper[windows.at(t, 0)]);
    }
    const auto& a = p.criteria.front().weight;
    std::vector<double> u = start.size() == n ? start : std::vector<double>(n, 0.0);
    std::vector<double> subgradient(n), value(n);
    std::vector<std::uint32_t> order(n);
    std::vector<std::vector<std::pair<std::uint32_t, double>>> take(n); // per candidate: (unit, share)
    double best = -kInfinity;
    double theta = 1.0;
    std::size_t since = 0;
    if (!std::isfinite(upper_hint)) upper_hint = 0;
    for (std::size_t it = 0; it < iterations; ++it) {
        // Every candidate centre's cheapest territory: a continuous knapsack on
        // reduced costs w_i d_ji − u_i, with its weight inside [lower, upper].
        for (std::uint32_t j = 0; j < n; ++j) {
            auto& chosen = take[j];
            chosen.clear();
            std::iota(order.begin(), order.end(), 0u);
            auto reduced = [&](std::uint32_t i) { return p.objective_weight[i] * fp.unit_distance[j * n + i] - u[i]; };
            auto ratio = [&](std::uint32_t i) {
                const double r = reduced(i);
                return a[i] > 0 ? r / a[i] : (r < 0 ? -kInfinity : kInfinity);
            };
            std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
                const double rx = ratio(x), ry = ratio(y);
                return rx != ry ? rx < ry : x < y;
            });
            double load = 0, cost = 0;
            for (std::uint32_t i : order) {
                const double r = reduced(i);
                if (load >= upper || (r >= 0 && load >= lower)) break;
                double share = 1.0;
                if (a[i] > 0) {
                    const double room = (r < 0 ? upper : lower) - load;
                    share = std::min(1.0, room / a[i]);
                }
                if (share <= 0) continue;
                load += share * a[i];
                cost += share * r;
                chosen.emplace_back(i, share);
            }
            value[j] = load + 1e-9 >= lower ? cost : kInfinity;
        }
        std::vector<std::uint32_t> rank(n);
        std::iota(rank.begin(), rank.end(), 0u);
        std::partial_sort(rank.begin(), rank.begin() + static_cast<std::ptrdiff_t>(k), rank.end(),
                          [&](std::uint32_t x, std::uint32_t y) { return value[x] != value[y] ? value[x] < value[y] : x < y; });
        double g = std::accumulate(u.begin(), u.end(), 0.0);
        std::fill(subgradient.begin(), subgradient.end(), 1.0);
        for (std::size_t r = 0; r < k; ++r) {
            const std::uint32_t j = rank[r];
            g += value[j];
            for (const auto& [i, share] : take[j]) subgradient[i] -= share;
        }
        if (!std::isfinite(g)) break;
        if (g > best) {
            best = g;
            since = 0;
        } else if (++since >= 20) {
            theta /= 2;
            since = 0;
        }
        double norm2 = 0;
        for (double s : subgradient) norm2 += s * s;
        if (norm2 < 1e-18 || theta < 1e-6) break;
        const double target = std::max(upper_hint, best + 1e-3 * std::abs(best) + 1e-9);
        const double step = theta * (target - g) / norm2;
        for (std::size_t i = 0; i < n; ++i) u[i] += step * subgradient[i];
    }
    return best;
}

FreeCentrePlan design_free_centres(const FreeCentreProblem& fp, const FreeCentreOptions& options) {
    const TerritoryProblem& base = fp.base;
    if (fp.unit_distance.size() != base.unit_count * base.unit_count) {
        throw InputError("free centres: the unit distance matrix does not fit");
    }
    FreeCentrePlan best;
    bool have = false;
    auto better = [](const TerritoryPlan& x, const TerritoryPlan& y) {
        if (x.evaluation.feasible != y.evaluation.feasible) return x.evaluation.feasible;
        return x.evaluation.objective < y.evaluation.objective;
    };
    // The centre moves use quick designs (a twentieth of the search budget); the
    // best centres get the full search at the end.
    DesignOptions quick = options.design;
    quick.search.work_limit = std::max<std::uint64_t>(options.design.search.work_limit / 20, 1);
    for (std::size_t start = 0; start < options.starts; ++start) {
        std::vector<std::uint32_t> centres = seeded_centres(fp, options.design.search.seed * 1000 + start);
        for (std::size_t step = 0; step < options.max_steps; ++step) {
            const TerritoryProblem p = with_centres(fp, centres);
            TerritoryPlan plan = design_territories(p, quick);
            if (!have || better(plan, best.plan)) {
                best.plan = plan;
                best.centres = centres;
                have = true;
            }
            const auto next = medoids(fp, plan.assignment, centres);
            if (next == centres) break;
            centres = next;
        }
    }
    if (have) {
        TerritoryPlan full = design_territories(with_centres(fp, best.centres), options.design);
        if (better(full, best.plan)) best.plan = std::move(full);
    }
    // Start the dual from each unit's cost in the plan: close to the optimal
    // multipliers, where a start from zero crawls (measured on CTDP 2DU60-05-1).
    std::vector<double> start;
    if (have) {
        for (std::uint32_t i = 0; i < base.unit_count; ++i) {
            const std::uint32_t centre = best.centres[best.plan.assignment[i]];
            start.push_back(base.objective_weight[i] * fp.unit_distance[static_cast<std::size_t>(centre) * base.unit_count + i]);
        }
    }
    best.bound = free_centre_bound(fp, options.bound_iterations, best.plan.evaluation.objective, start);
    best.gap_percent = best.bound > 0 ? (best.plan.evaluation.objective - best.bound) / best.bound * 100 : 0.0;
    return best;
}

} // namespace revir::engine
