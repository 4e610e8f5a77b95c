#include "engine/territory/free_centres.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/territory/territory_columns.hpp"
#include "geo/core/error.hpp"
#include "geo/core/random.hpp"

namespace revir::engine {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Weighted k-means++ on the unit distances: the first centre drawn by weight, each
// next one by weight × squared distance to the nearest centre so far. Units that no
// centre reaches yet are infinitely far, so one of them (by weight) comes first;
// when every unit left sits on a centre, distance no longer tells them apart.
Centres seeded_centres(const FreeCentreProblem& fp, std::uint64_t seed) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count;
    if (p.territory_count > n) throw InputError("free centres: more territories than units");
    Random rng(seed);
    const auto& w = p.criteria.front().weight;
    std::vector<double> nearest(n, kInfinity), score(n);
    Centres centres;
    std::vector<char> taken(n, 0);
    for (std::size_t k = 0; k < p.territory_count; ++k) {
        bool unreached = false;
        for (std::size_t i = 0; i < n; ++i) unreached = unreached || (!taken[i] && !centres.empty() && nearest[i] == kInfinity);
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = centres.empty() ? 1.0 : nearest[i];
            score[i] = taken[i] ? 0.0 : unreached ? (d == kInfinity ? w[i] + 1e-9 : 0.0) : (w[i] + 1e-9) * d * d;
            total += score[i];
        }
        if (total == 0) {
            for (std::size_t i = 0; i < n; ++i) score[i] = taken[i] ? 0.0 : w[i] + 1e-9;
        }
        const auto c = static_cast<std::uint32_t>(weighted_index(score, rng));
        centres.push_back(UnitIndex(c));
        taken[c] = 1;
        for (std::size_t i = 0; i < n; ++i) nearest[i] = std::min<double>(nearest[i], fp.unit_distance[c * n + i]);
    }
    return centres;
}

// Each territory's best centre: the unit of the territory with the least Σ w d.
Centres medoids(const FreeCentreProblem& fp, const Assignment& assignment, Centres centres) {
    const TerritoryProblem& p = fp.base;
    IndexVector<TerritoryIndex, std::vector<UnitIndex>> members(p.territory_count);
    for (UnitIndex i : p.units()) members[assignment[i]].push_back(i);
    for (TerritoryIndex t : p.territories()) {
        double best = kInfinity;
        for (UnitIndex c : members[t]) {
            if (p.is_locked(c) && p.locked[c] != t) continue;
            double sum = 0;
            for (UnitIndex i : members[t]) sum += fp.cost(c.value(), i.value());
            if (sum < best - 1e-12) {
                best = sum;
                centres[t] = c;
            }
        }
    }
    return centres;
}

} // namespace

TerritoryProblem with_centres(const FreeCentreProblem& fp, const Centres& centres) {
    TerritoryProblem p = fp.base;
    const std::size_t n = p.unit_count, k = p.territory_count;
    if (centres.size() != k) throw InputError("free centres: one centre per territory needed");
    p.seed_unit = centres;
    p.distance.assign(n * k, 0.0f);
    for (UnitIndex i : p.units()) {
        for (TerritoryIndex t : p.territories()) {
            p.distance[i.value() * k + t.value()] = fp.unit_distance[centres[t].value() * n + i.value()];
        }
    }
    return p;
}

namespace {

// The widest window over the territories, per criterion: with unequal capacities
// the bound must hold whichever centre gets which capacity.
void widest_windows(const TerritoryProblem& p, std::vector<double>& lower, std::vector<double>& upper) {
    const BalanceWindows windows = balance_windows(p);
    lower.assign(windows.criteria, kInfinity);
    upper.assign(windows.criteria, 0.0);
    for (std::size_t c = 0; c < windows.criteria; ++c) {
        for (TerritoryIndex t : p.territories()) {
            lower[c] = std::min(lower[c], windows.lower[windows.at(t, c)]);
            upper[c] = std::max(upper[c], windows.upper[windows.at(t, c)]);
        }
    }
}

// Candidate j's cheapest fractional territory under the first window: a
// continuous knapsack on reduced costs w_i d_ji − u_i. Fills `chosen` with
// (unit, share); +∞ when the window cannot be filled.
// `order`, `reduced` and `key` are scratch space.
double fractional_territory(const FreeCentreProblem& fp, const std::vector<double>& u, std::uint32_t j, double lower,
                            double upper, std::vector<std::uint32_t>& order, std::vector<double>& reduced,
                            std::vector<double>& key, std::vector<std::pair<std::uint32_t, double>>& chosen) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count;
    const auto& a = p.criteria.front().weight;
    chosen.clear();
    priced_costs(fp, j, u, reduced);
    for (std::size_t i = 0; i < n; ++i) {
        const double r = reduced[i];
        key[i] = a[i] > 0 ? r / a[i] : (r < 0 ? -kInfinity : kInfinity); // cost per unit of weight
    }
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t x, std::uint32_t y) { return key[x] != key[y] ? key[x] < key[y] : x < y; });
    double load = 0, cost = 0;
    for (std::uint32_t i : order) {
        const double r = reduced[i];
        if (load >= upper || (r >= 0 && load >= lower)) break;
        double share = 1.0;
        if (a[i] > 0) {
            const double room = (r < 0 ? upper : lower) - load;
            share = std::min(1.0, room / a[i]);
        }
        if (share <= 0) continue;
        // Filled to the limit exactly, so that rounding never leaves it a hair short.
        load = share < 1.0 ? (r < 0 ? upper : lower) : load + a[i];
        cost += share * r;
        chosen.emplace_back(i, share);
    }
    // A hair of slack: summing in another order must not make a filled window
    // look unfilled (that would drop a candidate and lift the bound too high).
    return load >= lower - 1e-9 * std::max(1.0, std::abs(lower)) ? cost : kInfinity;
}

// One subgradient ascent on the multipliers u. `evaluate` gives the dual value
// at u and fills the subgradient; Polyak steps towards the upper hint, halved
// after `patience` evaluations without a better value. Returns the best value
// and leaves its multipliers in u.
template <class Evaluate>
double ascend(std::vector<double>& u, std::size_t iterations, double upper_hint, double theta, std::size_t patience,
              Evaluate evaluate) {
    std::vector<double> subgradient(u.size()), best_u = u;
    double best = -kInfinity;
    std::size_t since = 0;
    if (!std::isfinite(upper_hint)) upper_hint = 0;
    for (std::size_t it = 0; it < iterations; ++it) {
        const double g = evaluate(u, subgradient);
        if (!std::isfinite(g)) break;
        if (g > best) {
            best = g;
            best_u = u;
            since = 0;
        } else if (++since >= patience) {
            theta /= 2;
            since = 0;
        }
        double norm2 = 0;
        for (double s : subgradient) norm2 += s * s;
        if (norm2 < 1e-18 || theta < 1e-6) break;
        const double target = std::max(upper_hint, best + 1e-3 * std::abs(best) + 1e-9);
        const double step = theta * (target - g) / norm2;
        for (std::size_t i = 0; i < u.size(); ++i) u[i] += step * subgradient[i];
    }
    u = best_u;
    return best;
}

// The bound; `centres` (when given) receives the K cheapest candidates at the
// best multipliers of the whole-territory phase: the centres the dual prefers.
double p_median_bound(const FreeCentreProblem& fp, const FreeCentreBoundOptions& options, double upper_hint,
                      const std::vector<double>& start, const std::vector<Territory>& initial,
                      std::vector<std::uint32_t>* centres) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count, k = p.territory_count;
    // Without criteria or with more territories than units there is nothing to
    // price; every objective is ≥ 0.
    if (p.criteria.empty() || k == 0 || k > n) return 0.0;
    std::vector<double> lower, upper;
    widest_windows(p, lower, upper);
    std::vector<double> u = start.size() == n ? start : std::vector<double>(n, 0.0);
    std::vector<double> value(n);
    std::vector<std::uint32_t> order(n), rank(n);
    std::vector<double> scratch_cost(n), scratch_key(n);
    std::vector<std::vector<std::pair<std::uint32_t, double>>> take(n); // per candidate: (unit, share)
    // Fractional territories under the first window: every candidate's value at
    // u, the dual value Σ u + the K cheapest candidates.
    // False when the deadline came first (one evaluation is O(n² log n): seconds
    // on 10,000 units, so the clock is read every 64 candidates).
    auto fractional = [&](const std::vector<double>& at) {
        for (std::uint32_t j = 0; j < n; ++j) {
            if (j % 64 == 0 && options.deadline.passed()) return false;
            value[j] = fractional_territory(fp, at, j, lower[0], upper[0], order, scratch_cost, scratch_key, take[j]);
        }
        std::iota(rank.begin(), rank.end(), 0u);
        std::sort(rank.begin(), rank.end(),
                  [&](std::uint32_t x, std::uint32_t y) { return value[x] != value[y] ? value[x] < value[y] : x < y; });
        return true;
    };
    double best = ascend(u, options.iterations, upper_hint, 1.0, 20, [&](const std::vector<double>& at, std::vector<double>& sub) {
        // A partial evaluation bounds nothing: it ends the ascent with the best so far.
        if (!fractional(at)) return -kInfinity;
        double g = std::accumulate(at.begin(), at.end(), 0.0);
        std::fill(sub.begin(), sub.end(), 1.0);
        for (std::size_t r = 0; r < k; ++r) {
            g += value[rank[r]];
            for (const auto& [i, share] : take[rank[r]]) sub[i] -= share;
        }
        return g;
    });
    if ((options.whole_unit_iterations == 0 && options.column_rounds == 0) || !std::isfinite(best)) return best;

    // Then whole territories under every window: first subgradient steps from the
    // multipliers reached, pricing candidates in order of their fractional value
    // (a lower bound of their whole value) until that reaches the K-th cheapest
    // whole value found; then column generation, started from the plan's
    // territories (more starting columns, e.g. those the steps priced, made the
    // first prices wilder and the pricing slower). The steps are cheap and often
    // close; the column generation reaches the relaxation's optimum when its work
    // allows. Either way the best bound met counts.
    WindowKnapsack knapsack;
    knapsack.units = n;
    knapsack.criteria = p.criteria.size();
    for (const auto& criterion : p.criteria) knapsack.weight.insert(knapsack.weight.end(), criterion.weight.begin(), criterion.weight.end());
    knapsack.lower = lower;
    knapsack.upper = upper;
    WindowKnapsackSolver solver;
    std::vector<double> cost(n);
    std::vector<std::vector<std::uint32_t>> sets(n);
    std::vector<std::pair<double, std::uint32_t>> cheapest; // max-heap of the K cheapest (value, candidate)
    double best_whole = -kInfinity;
    double work = 0;
    const double visit = static_cast<double>(n) * static_cast<double>(std::max<std::size_t>(knapsack.criteria, 1));
    const double whole = ascend(u, options.whole_unit_iterations, upper_hint, 0.5, 4, [&](const std::vector<double>& at, std::vector<double>& sub) {
        if (work > options.work_limit || !fractional(at)) return -kInfinity; // ends the ascent
        cheapest.clear();
        for (std::uint32_t j : rank) {
            if (options.deadline.passed()) return -kInfinity; // a partial evaluation bounds nothing: ends the ascent
            const double cutoff = cheapest.size() == k ? cheapest.front().first : kInfinity;
            if (value[j] >= cutoff) break;
            priced_costs(fp, j, at, cost);
            auto result = solver.solve(knapsack, cost, j, cutoff, options.node_limit);
            work += static_cast<double>(result.nodes + 1) * visit;
            if (result.lower_bound >= cutoff) continue;
            if (cheapest.size() == k) {
                std::pop_heap(cheapest.begin(), cheapest.end());
                cheapest.pop_back();
            }
            cheapest.emplace_back(result.lower_bound, j);
            std::push_heap(cheapest.begin(), cheapest.end());
            sets[j] = std::move(result.chosen);
        }
        if (cheapest.size() < k) return kInfinity;
        double g = std::accumulate(at.begin(), at.end(), 0.0);
        std::fill(sub.begin(), sub.end(), 1.0);
        for (const auto& [v, j] : cheapest) {
            g += v;
            for (std::uint32_t i : sets[j]) sub[i] -= 1.0;
        }
        if (centres != nullptr && g > best_whole) {
            best_whole = g;
            centres->clear();
            for (const auto& [v, j] : cheapest) centres->push_back(j);
            std::sort(centres->begin(), centres->end());
        }
        return g;
    });
    best = std::max(best, whole);
    if (options.column_rounds == 0) return best;
    const ColumnBound generated =
        column_generation_bound(fp, knapsack, initial, {options.column_rounds, options.column_node_limit, options.work_limit, options.deadline});
    if (centres != nullptr && centres->empty()) *centres = generated.centres;
    return std::max(best, generated.value);
}

} // namespace

double free_centre_bound(const FreeCentreProblem& fp, const FreeCentreBoundOptions& options, double upper_hint,
                         const std::vector<double>& start) {
    return p_median_bound(fp, options, upper_hint, start, {}, nullptr);
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
    // best centres get the full search.
    const Deadline whole = options.design.search.deadline.sooner(options.design.search.time_limit_s);
    DesignOptions quick = options.design;
    quick.search.work_limit = std::max<std::uint64_t>(options.design.search.work_limit / 20, 1);
    quick.search.deadline = whole.leaving(0.4);
    auto descend = [&](Centres centres) {
        for (std::size_t step = 0; step < options.max_steps; ++step) {
            if (have && quick.search.deadline.passed()) {
                best.hit_time_limit = true;
                return;
            }
            const TerritoryProblem p = with_centres(fp, centres);
            TerritoryPlan plan = design_territories(p, quick);
            best.hit_time_limit = best.hit_time_limit || plan.hit_time_limit;
            if (!have || better(plan, best.plan)) {
                best.plan = plan;
                best.centres = centres;
                have = true;
            }
            const auto next = medoids(fp, plan.assignment, centres);
            if (next == centres) break;
            centres = next;
        }
    };
    auto finish = [&] {
        DesignOptions final_design = options.design;
        final_design.search.deadline = whole.leaving(0.15); // the rest for the bound
        TerritoryPlan full = design_territories(with_centres(fp, best.centres), final_design);
        best.hit_time_limit = best.hit_time_limit || full.hit_time_limit;
        if (better(full, best.plan)) best.plan = std::move(full);
    };
    for (std::size_t start = 0; start < options.starts; ++start) {
        descend(seeded_centres(fp, options.design.search.seed * 1000 + start));
    }
    if (have) finish();
    // Start the dual from each unit's cost in the plan: close to the optimal
    // multipliers, where a start from zero crawls (measured on CTDP 2DU60-05-1).
    // The plan's territories start the column generation.
    std::vector<double> start;
    std::vector<Territory> territories;
    if (have) {
        // The plan's territories, one column each, in territory order.
        territories.resize(base.territory_count);
        for (TerritoryIndex t : base.territories()) territories[t.value()].centre = best.centres[t].value();
        for (UnitIndex i : base.units()) {
            const TerritoryIndex t = best.plan.assignment[i];
            territories[t.value()].units.push_back(i.value());
            start.push_back(fp.cost(best.centres[t].value(), i.value()));
        }
    }
    std::vector<std::uint32_t> preferred_units;
    FreeCentreBoundOptions bound_options = options.bound;
    bound_options.deadline = whole;
    best.bound = p_median_bound(fp, bound_options, best.plan.evaluation.objective, start, territories, &preferred_units);
    best.hit_time_limit = best.hit_time_limit || whole.passed();
    // The centres the bound prefers are one more start: where they differ from the
    // plan's, a descent from them often finds a cheaper plan.
    Centres preferred;
    for (std::uint32_t j : preferred_units) preferred.push_back(UnitIndex(j));
    Centres current = best.centres;
    std::sort(current.begin(), current.end());
    if (preferred.size() == base.territory_count && preferred != current) {
        const auto before = best.centres;
        descend(preferred);
        if (best.centres != before) finish();
    }
    const Certificate certificate = certify(best.plan.evaluation.objective, best.bound);
    best.bound = certificate.bound;
    best.gap_percent = certificate.gap_percent;
    return best;
}

} // namespace revir::engine
