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
double Perturbation::shift_group(std::uint32_t start, std::uint32_t from, std::uint32_t to, std::size_t size, double weight) {
    std::vector<std::uint32_t>& group = group_;
    group.assign(1, start);
    s_.apply_move(start, to);
    double moved = p_.criteria[0].weight[start];
    for (std::size_t h = 0; h < group.size() && group.size() < size && moved < weight; ++h) {
        const std::uint32_t u = group[h];
        for (std::uint32_t e = p_.neighbour_first[u]; e < p_.neighbour_first[u + 1]; ++e) {
            if (group.size() >= size || moved >= weight) break;
            const std::uint32_t v = p_.neighbours[e];
            if (assign_[v] != from || !p_.allowed(to, v) || !s_.movable(v)) continue;
            s_.apply_move(v, to);
            group.push_back(v);
            moved += p_.criteria[0].weight[v];
        }
    }
    for (std::uint32_t u : group) local_.after_move(u, from, to, false);
    return moved;
}

// Rotates a stretch of border between two territories: a small group goes from
// a to b and a group of about the same weight elsewhere on their common border
// from b to a, so that the plan stays about as balanced as it was and the local
// search only has to tidy up around the two groups.
void Perturbation::perturb() {
    const std::size_t size = 1 + rng_.below(std::max<std::size_t>(2, std::min<std::size_t>(p_.unit_count / 40 + 2, 12)));
    for (int tries = 0; tries < 50; ++tries) {
        const auto i = static_cast<std::uint32_t>(rng_.below(p_.unit_count));
        const std::uint32_t a = assign_[i];
        std::uint32_t b = kNoTerritory;
        for (std::uint32_t e = p_.neighbour_first[i]; e < p_.neighbour_first[i + 1]; ++e) {
            const std::uint32_t t = assign_[p_.neighbours[e]];
            if (t != a && p_.allowed(t, i)) {
                b = t;
                if (rng_.chance(0.5)) break;
            }
        }
        if (b == kNoTerritory || !s_.movable(i)) continue;
        const double weight = shift_group(i, a, b, size, kInfinity);
        // The way back: a unit of b on the border with a, away from the group.
        const auto& members = s_.members(b);
        for (int pick = 0; pick < 64; ++pick) {
            const std::uint32_t j = members[rng_.below(members.size())];
            if (std::find(group_.begin(), group_.end(), j) != group_.end() || !p_.allowed(a, j)) continue;
            bool border = false;
            for (std::uint32_t e = p_.neighbour_first[j]; e < p_.neighbour_first[j + 1] && !border; ++e) {
                border = assign_[p_.neighbours[e]] == a;
            }
            if (!border || !s_.movable(j)) continue;
            shift_group(j, b, a, 4 * size, weight);
            break;
        }
        if (local_.balance_active(a) || local_.balance_active(b)) {
            for (std::uint32_t u : s_.members(a)) local_.push(u);
            for (std::uint32_t u : s_.members(b)) local_.push(u);
        }
        return;
    }
}

} // namespace revir::engine
