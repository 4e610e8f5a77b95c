#include "engine/territory/territory_problem.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir::engine {

const char* to_string(Measure measure) {
    switch (measure) {
    case Measure::drive_time: return "drive_time";
    case Measure::distance: return "distance";
    case Measure::squared_distance: return "squared_distance";
    }
    return "?";
}

const char* measure_unit(Measure measure) {
    switch (measure) {
    case Measure::drive_time: return "min";
    case Measure::distance: return "km";
    case Measure::squared_distance: return "km2";
    }
    return "?";
}

const char* objective_name(Measure measure) {
    switch (measure) {
    case Measure::drive_time: return "time";
    case Measure::distance: return "distance";
    case Measure::squared_distance: return "squared";
    }
    return "?";
}

std::optional<Measure> measure_named(std::string_view name) {
    for (Measure m : {Measure::drive_time, Measure::distance, Measure::squared_distance}) {
        if (name == objective_name(m)) return m;
    }
    return std::nullopt;
}

std::string TerritoryProblem::unit_name(UnitIndex unit) const {
    return unit.value() < unit_names.size() ? unit_names[unit.value()] : fmt::format("#{}", unit.value());
}

std::string TerritoryProblem::territory_name(TerritoryIndex territory) const {
    return territory.value() < territory_names.size() ? territory_names[territory.value()]
                                                      : fmt::format("#{}", territory.value());
}

bool TerritoryProblem::allowed(TerritoryIndex territory, UnitIndex unit) const {
    if (is_locked(unit) && locked[unit] != territory) return false;
    const float dist = d(territory, unit);
    if (!std::isfinite(dist)) return false; // unreachable
    if (max_distance && max_distance_hard && dist > *max_distance) return false;
    return true;
}

double TerritoryProblem::cost(TerritoryIndex territory, UnitIndex unit) const {
    if (!allowed(territory, unit)) return std::numeric_limits<double>::infinity();
    const double dist = d(territory, unit);
    const double w = objective_weight[unit.value()];
    double c = w * dist;
    if (max_distance && !max_distance_hard && dist > *max_distance) {
        c += max_distance_penalty * w * (dist - *max_distance);
    }
    if (!current.empty() && current[unit].valid() && current[unit] != territory) {
        c += move_penalty * w;
    }
    return c;
}

void set_adjacency(TerritoryProblem& p, IndexVector<UnitIndex, std::vector<UnitIndex>> neighbours) {
    p.neighbour_first.assign(1, 0);
    p.neighbours.clear();
    for (auto& list : neighbours) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        p.neighbours.insert(p.neighbours.end(), list.begin(), list.end());
        p.neighbour_first.push_back(static_cast<std::uint32_t>(p.neighbours.size()));
    }
}

BalanceWindows balance_windows(const TerritoryProblem& p) {
    BalanceWindows w;
    w.criteria = p.criteria.size();
    const double capacity = std::accumulate(p.capacity.begin(), p.capacity.end(), 0.0);
    for (const auto& c : p.criteria) w.total.push_back(std::accumulate(c.weight.begin(), c.weight.end(), 0.0));
    for (TerritoryIndex t : p.territories()) {
        for (std::size_t c = 0; c < w.criteria; ++c) {
            const auto& crit = p.criteria[c];
            const double target = p.capacity[t.value()] / capacity * w.total[c];
            double lower = (1 - crit.tolerance) * target, upper = (1 + crit.tolerance) * target;
            if (crit.min_load) lower = std::max(lower, *crit.min_load);
            if (crit.max_load) upper = std::min(upper, *crit.max_load);
            w.target.push_back(target);
            w.lower.push_back(lower);
            w.upper.push_back(upper);
        }
    }
    return w;
}

void TerritoryProblem::validate() const {
    const std::size_t n = unit_count, k = territory_count;
    auto fail = [](const std::string& what) { throw InputError("territory problem: " + what); };
    if (n == 0) fail("no units");
    if (k == 0) fail("no territories");
    if (k > n) fail(fmt::format("{} territories but only {} units", k, n));
    if (neighbour_first.size() != n + 1 || neighbour_first.back() != neighbours.size()) fail("adjacency arrays do not fit");
    for (UnitIndex v : neighbours) {
        if (v.value() >= n) fail("adjacency names a unit that does not exist");
    }
    // Sums of weights stay where a double holds whole units exactly: beyond 2^53
    // adding a unit's weight can change nothing, and near 1e308 sums overflow, so
    // balance loads and the bound's certificate would mean nothing.
    constexpr double kMaxTotal = 9007199254740992.0; // 2^53
    const auto check_weights = [&](const std::vector<double>& weight, const std::string& what) {
        if (weight.size() != n) fail(what + " has the wrong number of weights");
        double total = 0;
        for (UnitIndex i : units()) {
            const double w = weight[i.value()];
            if (!(w >= 0) || !std::isfinite(w)) fail(fmt::format("{}: unit {} has weight {}", what, unit_name(i), w));
            total += w;
        }
        if (!(total <= kMaxTotal)) {
            fail(fmt::format("{}: the units' weights add up to {:g}, more than {:g} (the largest total counted "
                             "exactly); give them in larger units",
                             what, total, kMaxTotal));
        }
        return total;
    };
    if (criteria.empty()) fail("no balance criterion");
    for (const auto& c : criteria) {
        const std::string what = "balance field '" + c.name + "'";
        if (!(c.tolerance >= 0) || !std::isfinite(c.tolerance)) fail(what + ": tolerance must be ≥ 0");
        if (check_weights(c.weight, what) == 0) {
            fail(what + " is zero in every unit: there is nothing to balance (is it the right field?)");
        }
    }
    if (check_weights(objective_weight, "the objective weight") == 0) {
        fail("the objective weight is zero in every unit, so every plan would cost 0 (choose another field, "
             "or none to count every unit once)");
    }
    if (distance.size() != n * k) fail("distance matrix does not fit");
    for (float x : distance) {
        if (std::isnan(x) || x < 0) fail("distance matrix holds a negative value or NaN");
    }
    if (capacity.size() != k) fail("capacities do not fit");
    double total_capacity = 0;
    for (TerritoryIndex t : territories()) {
        const double c = capacity[t.value()];
        if (!(c > 0) || !std::isfinite(c)) fail(fmt::format("territory {}: capacity {} is not > 0", territory_name(t), c));
        total_capacity += c;
    }
    if (!(total_capacity <= kMaxTotal)) fail(fmt::format("capacities add up to {:g}, more than {:g}", total_capacity, kMaxTotal));
    if (seed_unit.size() != k) fail("seed units do not fit");
    if (!locked.empty() && locked.size() != n) fail("locks do not fit");
    for (TerritoryIndex t : locked) {
        if (t.valid() && t.value() >= k) fail("a lock names a territory that does not exist");
    }
    Assignment seeded(n, kNoTerritory);
    for (TerritoryIndex t : territories()) {
        const UnitIndex s = seed_unit[t];
        if (s.is_none()) continue;
        if (s.value() >= n) fail("a seed unit does not exist");
        if (seeded[s].valid()) {
            fail(fmt::format("territories {} and {} both have their base in unit {}; a unit belongs to one territory",
                             territory_name(seeded[s]), territory_name(t), unit_name(s)));
        }
        seeded[s] = t;
        if (is_locked(s) && locked[s] != t) {
            fail(fmt::format("unit {} holds the base of territory {} but is locked to territory {}", unit_name(s),
                             territory_name(t), territory_name(locked[s])));
        }
    }
    if (max_distance && !(*max_distance >= 0)) fail("maximum distance must be ≥ 0");
    if (!current.empty() && current.size() != n) fail("current plan does not fit");
    for (TerritoryIndex t : current) {
        if (t.valid() && t.value() >= k) fail("the current plan names a territory that does not exist");
    }
    if (!(move_penalty >= 0) || !std::isfinite(move_penalty)) fail("move penalty must be ≥ 0");
}

std::vector<std::string> obvious_infeasibilities(const TerritoryProblem& p) {
    return obvious_infeasibilities(p, balance_windows(p));
}

std::vector<std::string> obvious_infeasibilities(const TerritoryProblem& p, const BalanceWindows& windows) {
    std::vector<std::string> why;
    const std::size_t k = p.territory_count;
    for (UnitIndex i : p.units()) {
        bool any = false;
        for (TerritoryIndex t(0); t.value() < k && !any; ++t) any = p.allowed(t, i);
        if (!any) why.push_back(fmt::format("unit {} may join no territory (locks, maximum distance, unreachable)", p.unit_name(i)));
    }
    for (std::size_t c = 0; c < p.criteria.size(); ++c) {
        const auto& crit = p.criteria[c];
        for (UnitIndex i : p.units()) {
            const double w = crit.weight[i.value()];
            bool fits = false;
            for (TerritoryIndex t(0); t.value() < k && !fits; ++t) fits = p.allowed(t, i) && w <= windows.upper[windows.at(t, c)];
            if (!fits && w > 0) {
                why.push_back(fmt::format("unit {} alone ({} {:.0f}) exceeds the upper balance bound of every territory "
                                          "it may join",
                                          p.unit_name(i), crit.name, w));
            }
        }
        IndexVector<TerritoryIndex, double> locked_load(k, 0.0);
        for (UnitIndex i : p.units()) {
            if (p.is_locked(i)) locked_load[p.locked[i]] += crit.weight[i.value()];
        }
        for (TerritoryIndex t : p.territories()) {
            const UnitIndex seed = p.seed_unit[t];
            if (seed.valid() && !p.is_locked(seed)) locked_load[t] += crit.weight[seed.value()];
        }
        double lower_sum = 0, upper_sum = 0;
        for (TerritoryIndex t : p.territories()) {
            if (locked_load[t] > windows.upper[windows.at(t, c)]) {
                why.push_back(fmt::format("territory {}: locked units carry {} {:.0f}, above its upper bound {:.0f}", p.territory_name(t),
                                          crit.name, locked_load[t], windows.upper[windows.at(t, c)]));
            }
            if (windows.lower[windows.at(t, c)] > windows.upper[windows.at(t, c)]) {
                why.push_back(fmt::format("territory {}: {} window is empty ({:.0f} > {:.0f})", p.territory_name(t), crit.name,
                                          windows.lower[windows.at(t, c)], windows.upper[windows.at(t, c)]));
            }
            lower_sum += windows.lower[windows.at(t, c)];
            upper_sum += windows.upper[windows.at(t, c)];
        }
        const double total = windows.total[c];
        if (lower_sum > total * (1 + 1e-12)) {
            why.push_back(fmt::format("{}: the territories' lower bounds add up to {:.0f}, more than the total {:.0f}",
                                      crit.name, lower_sum, total));
        }
        if (upper_sum < total * (1 - 1e-12)) {
            why.push_back(fmt::format("{}: the territories' upper bounds add up to {:.0f}, less than the total {:.0f}",
                                      crit.name, upper_sum, total));
        }
    }
    return why;
}

} // namespace revir::engine
