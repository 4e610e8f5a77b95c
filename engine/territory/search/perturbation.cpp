#include "engine/territory/search/perturbation.hpp"

#include <algorithm>
#include <limits>

namespace revir::engine {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
} // namespace

Perturbation::Perturbation(SearchState& state, LocalSearch& local, SearchRandom& random)
    : s_(state), local_(local), p_(state.prepared().problem()), assign_(state.assignment()), rng_(random) {}

// Moves a connected group of units from `from` to `to`, grown from `start`
// (which must be movable) until it weighs `weight` on the first criterion or
// holds `size` units; returns its weight. Neighbourhoods are queued.
double Perturbation::shift_group(UnitIndex start, TerritoryIndex from, TerritoryIndex to, std::size_t size, double weight) {
    std::vector<UnitIndex>& group = group_;
    group.assign(1, start);
    s_.apply_move(start, to);
    double moved = p_.criteria[0].weight[start.value()];
    for (std::size_t h = 0; h < group.size() && group.size() < size && moved < weight; ++h) {
        const UnitIndex u = group[h];
        for (UnitIndex v : p_.neighbours_of(u)) {
            if (group.size() >= size || moved >= weight) break;
            if (assign_[v] != from || !p_.allowed(to, v) || !s_.movable(v)) continue;
            s_.apply_move(v, to);
            group.push_back(v);
            moved += p_.criteria[0].weight[v.value()];
        }
    }
    for (UnitIndex u : group) local_.after_move(u, from, to, false);
    return moved;
}

// Rotates a stretch of border between two territories: a small group goes from
// a to b and a group of about the same weight elsewhere on their common border
// from b to a, so that the plan stays about as balanced as it was and the local
// search only has to tidy up around the two groups.
void Perturbation::perturb() {
    const std::size_t size = 1 + rng_.below(std::max<std::size_t>(2, std::min<std::size_t>(p_.unit_count / 40 + 2, 12)));
    for (int tries = 0; tries < 50; ++tries) {
        const UnitIndex i(static_cast<std::uint32_t>(rng_.below(p_.unit_count)));
        const TerritoryIndex a = assign_[i];
        TerritoryIndex b = kNoTerritory;
        for (UnitIndex v : p_.neighbours_of(i)) {
            const TerritoryIndex t = assign_[v];
            if (t != a && p_.allowed(t, i)) {
                b = t;
                if (rng_.chance(0.5)) break;
            }
        }
        if (b.is_none() || !s_.movable(i)) continue;
        const double weight = shift_group(i, a, b, size, kInfinity);
        // The way back: a unit of b on the border with a, away from the group.
        const auto& members = s_.members(b);
        for (int pick = 0; pick < 64; ++pick) {
            const UnitIndex j = members[rng_.below(members.size())];
            if (std::find(group_.begin(), group_.end(), j) != group_.end() || !p_.allowed(a, j)) continue;
            const auto around_j = p_.neighbours_of(j);
            const bool border = std::any_of(around_j.begin(), around_j.end(), [&](UnitIndex v) { return assign_[v] == a; });
            if (!border || !s_.movable(j)) continue;
            shift_group(j, b, a, 4 * size, weight);
            break;
        }
        if (local_.balance_active(a) || local_.balance_active(b)) {
            for (UnitIndex u : s_.members(a)) local_.push(u);
            for (UnitIndex u : s_.members(b)) local_.push(u);
        }
        return;
    }
}

} // namespace revir::engine
