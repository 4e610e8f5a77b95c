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

void SearchState::reset(const Assignment& assignment) {
    assign_ = assignment;
    load_.assign(k_ * c_, 0.0);
    members_.assign(k_, {});
    position_.assign(n_, 0);
    cost_ = 0;
    moved_units_ = 0;
    moved_weight_ = 0;
    for (UnitIndex i : p_.units()) {
        const TerritoryIndex t = assign_[i];
        for (std::size_t c = 0; c < c_; ++c) load_[slot(t, c)] += p_.criteria[c].weight[i.value()];
        position_[i] = static_cast<std::uint32_t>(members_[t].size());
        members_[t].push_back(i);
        cost_ += pr_.c(t, i);
        if (pr_.moved(t, i)) {
            ++moved_units_;
            moved_weight_ += p_.objective_weight[i.value()];
        }
    }
    std::fill(dirty_.begin(), dirty_.end(), 1);
}

double SearchState::violation() const {
    double v = 0;
    for (std::size_t j = 0; j < k_ * c_; ++j) v += pr_.excess(j, load_[j]);
    return v + pr_.budget_excess(static_cast<double>(moved_units_), moved_weight_);
}

bool SearchState::in_window(TerritoryIndex t) const {
    for (std::size_t c = 0; c < c_; ++c) {
        if (pr_.excess(slot(t, c), load_[slot(t, c)]) > 0) return false;
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
bool SearchState::locally_removable(UnitIndex i) {
    const TerritoryIndex a = assign_[i];
    const std::uint32_t ball = next_stamp();
    // Units of a within two steps of i (i excluded) form the ball.
    UnitIndex first_inside = kNoUnit;
    std::uint32_t inside = 0;
    for (UnitIndex u : p_.neighbours_of(i)) {
        if (assign_[u] != a) continue;
        ++inside;
        if (first_inside.is_none()) first_inside = u;
        stamp_[u] = ball;
        for (UnitIndex v : p_.neighbours_of(u)) {
            if (v != i && assign_[v] == a) stamp_[v] = ball;
        }
    }
    if (inside <= 1) return true;
    const std::uint32_t seen = next_stamp();
    auto& queue = local_queue_;
    queue.assign(1, first_inside);
    stamp_[first_inside] = seen;
    for (std::size_t h = 0; h < queue.size(); ++h) {
        for (UnitIndex v : p_.neighbours_of(queue[h])) {
            if (stamp_[v] == ball) { // in the ball, not yet seen (seen ones carry the newer stamp)
                stamp_[v] = seen;
                queue.push_back(v);
            }
        }
    }
    for (UnitIndex u : p_.neighbours_of(i)) {
        if (assign_[u] == a && stamp_[u] != seen) return false;
    }
    return true;
}

bool SearchState::movable(UnitIndex i) {
    const TerritoryIndex a = assign_[i];
    if (p_.is_locked(i)) return false;
    if (p_.seed_unit[a] == i || members_[a].size() <= 1) return false;
    if (locally_removable(i)) return true;
    if (dirty_[a]) {
        cuts_.update(assign_, a, members_[a], p_.seed_unit[a]);
        dirty_[a] = 0;
    }
    return !cuts_.is_cut(i);
}

// i (in a) goes to b and j (in b) to a.
double SearchState::swap_delta(UnitIndex i, UnitIndex j) const {
    const TerritoryIndex a = assign_[i], b = assign_[j];
    const double dc = pr_.c(b, i) - pr_.c(a, i) + pr_.c(a, j) - pr_.c(b, j);
    if (!std::isfinite(dc)) return kInfinity;
    double dv = 0;
    for (std::size_t c = 0; c < c_; ++c) {
        dv += shift_delta(a, b, c, p_.criteria[c].weight[i.value()] - p_.criteria[c].weight[j.value()]);
    }
    const double du_i = static_cast<double>(pr_.moved(b, i)) - static_cast<double>(pr_.moved(a, i));
    const double du_j = static_cast<double>(pr_.moved(a, j)) - static_cast<double>(pr_.moved(b, j));
    if (du_i != 0 || du_j != 0) {
        dv += budget_delta(du_i + du_j, du_i * p_.objective_weight[i.value()] + du_j * p_.objective_weight[j.value()]);
    }
    return dc + lambda_ * dv;
}

double SearchState::group_delta(const std::vector<UnitIndex>& group, TerritoryIndex from, TerritoryIndex to) const {
    double dc = 0, du = 0, dw = 0;
    for (UnitIndex u : group) {
        dc += pr_.c(to, u) - pr_.c(from, u);
        const double m = static_cast<double>(pr_.moved(to, u)) - static_cast<double>(pr_.moved(from, u));
        du += m;
        dw += m * p_.objective_weight[u.value()];
    }
    if (!std::isfinite(dc)) return kInfinity;
    double dv = 0;
    for (std::size_t c = 0; c < c_; ++c) {
        double w = 0;
        for (UnitIndex u : group) w += p_.criteria[c].weight[u.value()];
        dv += shift_delta(from, to, c, w);
    }
    if (du != 0) dv += budget_delta(du, dw);
    return dc + lambda_ * dv;
}

// Shifts the loads (and moved counts) as if unit i went from one territory to
// another, without moving it: for evaluating the second step of a chain.
void SearchState::shift_loads(UnitIndex i, TerritoryIndex from, TerritoryIndex to) {
    for (std::size_t c = 0; c < c_; ++c) {
        load_[slot(from, c)] -= p_.criteria[c].weight[i.value()];
        load_[slot(to, c)] += p_.criteria[c].weight[i.value()];
    }
    const int du = static_cast<int>(pr_.moved(to, i)) - static_cast<int>(pr_.moved(from, i));
    moved_units_ = static_cast<std::size_t>(static_cast<long long>(moved_units_) + du);
    moved_weight_ += du * p_.objective_weight[i.value()];
}

// The units that must leave with cut unit i (the pieces its territory would
// lose without it: everything not connected to the seed); false when that is
// half the territory or more, or holds a locked unit. The cut flags of i's
// territory must be fresh (movable() makes them so).
bool SearchState::collect_branch(UnitIndex i, std::vector<UnitIndex>& branch) const {
    const TerritoryIndex a = assign_[i];
    if (p_.seed_unit[a].is_none()) return false;
    branch.clear();
    if (!cuts_.branch(i, members_[a].size() / 2, branch)) return false;
    for (UnitIndex u : branch) {
        if (p_.is_locked(u)) return false;
    }
    return true;
}

void SearchState::units_near(UnitIndex i, TerritoryIndex territory, std::vector<UnitIndex>& out) {
    out.clear();
    const std::uint32_t listed = next_stamp();
    for (UnitIndex u : p_.neighbours_of(i)) {
        if (assign_[u] != territory) continue;
        if (stamp_[u] != listed) out.push_back(u), stamp_[u] = listed;
        for (UnitIndex v : p_.neighbours_of(u)) {
            if (assign_[v] == territory && stamp_[v] != listed) out.push_back(v), stamp_[v] = listed;
        }
    }
}

} // namespace revir::engine
