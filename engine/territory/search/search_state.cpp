#include "engine/territory/search/search_state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace revir::engine {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
} // namespace

SearchState::SearchState(const PreparedProblem& prepared)
    : pr_(prepared), p_(prepared.problem()), n_(p_.unit_count), k_(p_.territory_count), c_(p_.criteria.size()),
      cuts_(p_), dirty_(k_, 1), stamp_(n_, 0) {}

void SearchState::reset(const std::vector<std::uint32_t>& assignment) {
    assign_ = assignment;
    load_.assign(k_ * c_, 0.0);
    members_.assign(k_, {});
    position_.assign(n_, 0);
    cost_ = 0;
    moved_units_ = 0;
    moved_weight_ = 0;
    for (std::uint32_t i = 0; i < n_; ++i) {
        const std::uint32_t t = assign_[i];
        for (std::size_t c = 0; c < c_; ++c) load_[t * c_ + c] += p_.criteria[c].weight[i];
        position_[i] = static_cast<std::uint32_t>(members_[t].size());
        members_[t].push_back(i);
        cost_ += pr_.c(t, i);
        if (pr_.moved(t, i)) {
            ++moved_units_;
            moved_weight_ += p_.objective_weight[i];
        }
    }
    std::fill(dirty_.begin(), dirty_.end(), 1);
}

double SearchState::violation() const {
    double v = 0;
    for (std::size_t j = 0; j < k_ * c_; ++j) v += pr_.excess(j, load_[j]);
    return v + pr_.budget_excess(static_cast<double>(moved_units_), moved_weight_);
}

bool SearchState::in_window(std::uint32_t t) const {
    for (std::size_t c = 0; c < c_; ++c) {
        if (pr_.excess(t * c_ + c, load_[t * c_ + c]) > 0) return false;
    }
    return true;
}

std::uint32_t SearchState::next_stamp() {
    if (++stamp_round_ == 0) {
        std::fill(stamp_.begin(), stamp_.end(), 0);
        stamp_round_ = 1;
    }
    return stamp_round_;
}

// A sufficient test that i can leave its territory: its neighbours there are
// connected to each other within two steps of i, not through i. Decides most
// cases in a few operations, without the whole territory's cut units.
bool SearchState::locally_removable(std::uint32_t i) {
    const std::uint32_t a = assign_[i];
    const std::uint32_t ball = next_stamp();
    // Units of a within two steps of i (i excluded) form the ball.
    std::uint32_t first_inside = kNoTerritory, inside = 0;
    for (std::uint32_t e = p_.neighbour_first[i]; e < p_.neighbour_first[i + 1]; ++e) {
        const std::uint32_t u = p_.neighbours[e];
        if (assign_[u] != a) continue;
        ++inside;
        if (first_inside == kNoTerritory) first_inside = u;
        stamp_[u] = ball;
        for (std::uint32_t f = p_.neighbour_first[u]; f < p_.neighbour_first[u + 1]; ++f) {
            const std::uint32_t v = p_.neighbours[f];
            if (v != i && assign_[v] == a) stamp_[v] = ball;
        }
    }
    if (inside <= 1) return true;
    const std::uint32_t seen = next_stamp();
    auto& queue = local_queue_;
    queue.assign(1, first_inside);
    stamp_[first_inside] = seen;
    for (std::size_t h = 0; h < queue.size(); ++h) {
        const std::uint32_t u = queue[h];
        for (std::uint32_t f = p_.neighbour_first[u]; f < p_.neighbour_first[u + 1]; ++f) {
            const std::uint32_t v = p_.neighbours[f];
            if (stamp_[v] == ball) { // in the ball, not yet seen (seen ones carry the newer stamp)
                stamp_[v] = seen;
                queue.push_back(v);
            }
        }
    }
    for (std::uint32_t e = p_.neighbour_first[i]; e < p_.neighbour_first[i + 1]; ++e) {
        const std::uint32_t u = p_.neighbours[e];
        if (assign_[u] == a && stamp_[u] != seen) return false;
    }
    return true;
}

bool SearchState::movable(std::uint32_t i) {
    const std::uint32_t a = assign_[i];
    if (!p_.locked.empty() && p_.locked[i] != kNoTerritory) return false;
    if (p_.seed_unit[a] == i || members_[a].size() <= 1) return false;
    if (locally_removable(i)) return true;
    if (dirty_[a]) {
        cuts_.update(assign_, a, members_[a], p_.seed_unit[a]);
        dirty_[a] = 0;
    }
    return !cuts_.is_cut(i);
}






// i (in a) goes to b and j (in b) to a.
double SearchState::swap_delta(std::uint32_t i, std::uint32_t j) const {
    const std::uint32_t a = assign_[i], b = assign_[j];
    const double dc = pr_.c(b, i) - pr_.c(a, i) + pr_.c(a, j) - pr_.c(b, j);
    if (!std::isfinite(dc)) return kInfinity;
    double dv = 0;
    for (std::size_t c = 0; c < c_; ++c) dv += shift_delta(a, b, c, p_.criteria[c].weight[i] - p_.criteria[c].weight[j]);
    const double du_i = static_cast<double>(pr_.moved(b, i)) - static_cast<double>(pr_.moved(a, i));
    const double du_j = static_cast<double>(pr_.moved(a, j)) - static_cast<double>(pr_.moved(b, j));
    if (du_i != 0 || du_j != 0) {
        dv += budget_delta(du_i + du_j, du_i * p_.objective_weight[i] + du_j * p_.objective_weight[j]);
    }
    return dc + lambda_ * dv;
}

double SearchState::group_delta(const std::vector<std::uint32_t>& group, std::uint32_t from, std::uint32_t to) const {
    double dc = 0, du = 0, dw = 0;
    for (std::uint32_t u : group) {
        dc += pr_.c(to, u) - pr_.c(from, u);
        const double m = static_cast<double>(pr_.moved(to, u)) - static_cast<double>(pr_.moved(from, u));
        du += m;
        dw += m * p_.objective_weight[u];
    }
    if (!std::isfinite(dc)) return kInfinity;
    double dv = 0;
    for (std::size_t c = 0; c < c_; ++c) {
        double w = 0;
        for (std::uint32_t u : group) w += p_.criteria[c].weight[u];
        dv += shift_delta(from, to, c, w);
    }
    if (du != 0) dv += budget_delta(du, dw);
    return dc + lambda_ * dv;
}


// Shifts the loads (and moved counts) as if unit i went from one territory to
// another, without moving it: for evaluating the second step of a chain.
void SearchState::shift_loads(std::uint32_t i, std::uint32_t from, std::uint32_t to) {
    for (std::size_t c = 0; c < c_; ++c) {
        load_[from * c_ + c] -= p_.criteria[c].weight[i];
        load_[to * c_ + c] += p_.criteria[c].weight[i];
    }
    const int du = static_cast<int>(pr_.moved(to, i)) - static_cast<int>(pr_.moved(from, i));
    moved_units_ = static_cast<std::size_t>(static_cast<long long>(moved_units_) + du);
    moved_weight_ += du * p_.objective_weight[i];
}


// The units that must leave with cut unit i (the pieces its territory would
// lose without it: everything not connected to the seed); false when that is
// half the territory or more, or holds a locked unit. The cut flags of i's
// territory must be fresh (movable() makes them so).
bool SearchState::collect_branch(std::uint32_t i, std::vector<std::uint32_t>& branch) const {
    const std::uint32_t a = assign_[i];
    if (p_.seed_unit[a] == kNoTerritory) return false;
    branch.clear();
    if (!cuts_.branch(i, members_[a].size() / 2, branch)) return false;
    for (std::uint32_t u : branch) {
        if (!p_.locked.empty() && p_.locked[u] != kNoTerritory) return false;
    }
    return true;
}

void SearchState::units_near(std::uint32_t i, std::uint32_t territory, std::vector<std::uint32_t>& out) {
    out.clear();
    const std::uint32_t listed = next_stamp();
    for (std::uint32_t f = p_.neighbour_first[i]; f < p_.neighbour_first[i + 1]; ++f) {
        const std::uint32_t u = p_.neighbours[f];
        if (assign_[u] != territory) continue;
        if (stamp_[u] != listed) out.push_back(u), stamp_[u] = listed;
        for (std::uint32_t g = p_.neighbour_first[u]; g < p_.neighbour_first[u + 1]; ++g) {
            const std::uint32_t v = p_.neighbours[g];
            if (assign_[v] == territory && stamp_[v] != listed) out.push_back(v), stamp_[v] = listed;
        }
    }
}

} // namespace revir::engine
