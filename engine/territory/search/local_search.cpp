#include "engine/territory/search/local_search.hpp"

#include <algorithm>
#include <cmath>

namespace revir::engine {

LocalSearch::LocalSearch(SearchState& state, SearchRandom& random, const Deadline& deadline)
    : s_(state), pr_(state.prepared()), p_(pr_.problem()), assign_(state.assignment()), rng_(random),
      deadline_(deadline), queued_(p_.unit_count, 0) {}

void LocalSearch::push(UnitIndex u) {
    if (queued_[u]) return;
    queued_[u] = 1;
    queue_.push_back(u);
}

void LocalSearch::push_all() {
    const auto units = p_.units();
    std::vector<UnitIndex> order(units.begin(), units.end());
    revir::shuffle(order.begin(), order.end(), rng_);
    for (UnitIndex i : order) push(i);
}

void LocalSearch::clear_queue() {
    for (UnitIndex u : queue_) queued_[u] = 0;
    queue_.clear();
}

// After units moved from `from` to `to`: their neighbours may now move, and
// when one of the two territories is outside its window, so may every unit of
// them (a surplus can now leave anywhere along their borders).
void LocalSearch::after_move(UnitIndex unit, TerritoryIndex from, TerritoryIndex to, bool balance_changed) {
    push(unit);
    for (UnitIndex v : p_.neighbours_of(unit)) push(v);
    if (balance_changed) {
        for (UnitIndex u : s_.members(from)) push(u);
        for (UnitIndex u : s_.members(to)) push(u);
    }
}

bool LocalSearch::balance_active(TerritoryIndex t) const { return s_.repair() || !s_.in_window(t); }

void LocalSearch::move_unit(UnitIndex i, TerritoryIndex to) {
    const TerritoryIndex from = assign_[i];
    s_.apply_move(i, to);
    after_move(i, from, to, balance_active(from) || balance_active(to));
}

// The best improving single move of i, else a swap with a neighbour, else (for a
// cut unit) the move of its branch; true when one was made.
bool LocalSearch::improve(UnitIndex i) {
    const TerritoryIndex a = assign_[i];
    if (p_.is_locked(i) || p_.seed_unit[a] == i || s_.members(a).size() <= 1) return false;
    const auto neighbours = p_.neighbours_of(i);
    const bool boundary = std::any_of(neighbours.begin(), neighbours.end(), [&](UnitIndex v) { return assign_[v] != a; });
    if (!boundary) return false;
    const bool cut = !s_.movable(i);
    if (!cut) {
        double best = -s_.tiny();
        TerritoryIndex best_t = kNoTerritory;
        for (UnitIndex v : neighbours) {
            const TerritoryIndex b = assign_[v];
            if (b == a || b == best_t) continue;
            const double delta = s_.move_delta(i, b);
            if (delta < best) {
                best = delta;
                best_t = b;
            }
        }
        if (best_t.valid()) {
            move_unit(i, best_t);
            return true;
        }
        for (UnitIndex j : neighbours) {
            const TerritoryIndex b = assign_[j];
            if (b == a) continue;
            if (!s_.has_other_neighbour_in(i, b, j) || !s_.has_other_neighbour_in(j, a, i)) continue;
            if (s_.swap_delta(i, j) < -s_.tiny() && s_.movable(j)) {
                s_.apply_move(i, b);
                s_.apply_move(j, a);
                after_move(i, a, b, balance_active(a) || balance_active(b));
                after_move(j, b, a, false);
                return true;
            }
        }
        return chain(i);
    }
    if (!s_.collect_branch(i, branch_)) return false;
    double best = -s_.tiny();
    TerritoryIndex best_t = kNoTerritory;
    for (UnitIndex v : neighbours) {
        const TerritoryIndex b = assign_[v];
        if (b == a || b == best_t) continue;
        const double delta = s_.group_delta(branch_, a, b);
        if (delta < best) {
            best = delta;
            best_t = b;
        }
    }
    if (best_t.is_none()) return false;
    for (UnitIndex u : branch_) s_.apply_move(u, best_t);
    for (UnitIndex u : branch_) after_move(u, a, best_t, false);
    after_move(i, a, best_t, balance_active(a) || balance_active(best_t));
    return true;
}

// An ejection chain of two moves: i goes to a neighbouring territory b where it
// is cheaper but would overfill b, and some unit j of b passes the surplus on
// to a territory c next to it. Tried only for moves that gain in cost. j may
// leave b when it is no cut unit of b and i keeps another neighbour in b.
bool LocalSearch::chain(UnitIndex i) {
    const TerritoryIndex a = assign_[i];
    const auto neighbours = p_.neighbours_of(i);
    for (std::size_t e = 0; e < neighbours.size(); ++e) {
        const TerritoryIndex b = assign_[neighbours[e]];
        if (b == a || !(pr_.c(b, i) - pr_.c(a, i) < -s_.tiny())) continue;
        bool seen = false; // one try per territory
        for (std::size_t f = 0; f < e && !seen; ++f) seen = assign_[neighbours[f]] == b;
        if (seen) continue;
        const double first = s_.move_delta(i, b);
        s_.shift_loads(i, a, b);
        double best = -s_.tiny();
        UnitIndex best_j = kNoUnit;
        TerritoryIndex best_c = kNoTerritory;
        // j among the units of b within two steps of i: the surplus is passed on
        // where it arrives (a full scan of b costs too much for what it finds).
        s_.units_near(i, b, near_);
        for (UnitIndex j : near_) {
            if (p_.is_locked(j) || p_.seed_unit[b] == j) continue;
            const auto around_j = p_.neighbours_of(j);
            const bool outer =
                std::any_of(around_j.begin(), around_j.end(), [&](UnitIndex v) { return assign_[v] != b && v != i; });
            if (!outer) continue;
            // j's best move, costed with i already in b; contiguity checked last
            // (it costs the most).
            double best_here = best;
            TerritoryIndex c_here = kNoTerritory;
            for (UnitIndex v : around_j) {
                const TerritoryIndex c = v == i ? b : assign_[v];
                if (c == b || c == c_here) continue;
                const double total = first + s_.move_delta(j, c);
                if (total < best_here) {
                    best_here = total;
                    c_here = c;
                }
            }
            if (c_here.is_none() || !s_.has_other_neighbour_in(i, b, j) || !s_.movable(j)) continue;
            best = best_here;
            best_j = j;
            best_c = c_here;
        }
        s_.shift_loads(i, b, a);
        if (best_j.is_none()) continue;
        s_.apply_move(i, b);
        s_.apply_move(best_j, best_c);
        const bool changed = balance_active(a) || balance_active(b) || balance_active(best_c);
        after_move(i, a, b, changed);
        after_move(best_j, b, best_c, changed);
        return true;
    }
    return false;
}

void LocalSearch::descend() {
    for (std::size_t head = 0; head < queue_.size(); ++head) {
        const UnitIndex i = queue_[head];
        queued_[i] = 0;
        ++work_;
        if ((head & 1023) == 1023 && deadline_.passed()) {
            hit_time_limit_ = true;
            for (std::size_t rest = head; rest < queue_.size(); ++rest) queued_[queue_[rest]] = 0;
            break;
        }
        improve(i);
        if (head > (1u << 20) && head * 2 > queue_.size()) { // keep the queue's memory bounded
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head) + 1);
            head = static_cast<std::size_t>(-1);
        }
    }
    queue_.clear();
}

// After a plain descent, an infeasible plan gets repair descents that also pull
// every load towards its target (so that surplus travels through territories at
// their bounds to the ones short of weight), with the penalty raised each time,
// then a plain descent again to win back compactness inside the windows.
void LocalSearch::settle(bool first, double base_lambda) {
    s_.set_penalty(base_lambda, false);
    descend();
    settled_lambda_ = base_lambda;
    // The first plan may be far from balance: repair passes over every unit.
    // After a perturbation only the territories outside their windows (and what
    // borders them) are looked at, twice at most, so that a round stays local.
    double lambda = base_lambda;
    for (int attempt = 0; attempt < (first ? 6 : 2) && s_.violation() > 0; ++attempt) {
        for (bool pull : {true, false}) {
            s_.set_penalty(lambda, pull);
            if (first) {
                push_all();
            } else {
                for (TerritoryIndex t : p_.territories()) {
                    if (!s_.in_window(t)) for (UnitIndex u : s_.members(t)) push(u);
                }
            }
            descend();
        }
        settled_lambda_ = lambda;
        lambda *= 4;
    }
    s_.set_penalty(base_lambda, false);
}

} // namespace revir::engine
