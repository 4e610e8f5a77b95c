#pragma once
// The territory search's state and its moves: an assignment with every
// territory's loads, members, cost and realignment counts kept up to date move
// by move; whether a unit may leave its territory without splitting it; and what
// a move, a swap or the move of a group would change in cost plus the penalty
// for balance and budget violations, computed without making it.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/territory/prepared_problem.hpp"
#include "engine/territory/territory_contiguity.hpp"

namespace revir::engine {

class SearchState {
public:
    explicit SearchState(const PreparedProblem& prepared);

    /// Starts from a complete assignment.
    void reset(const Assignment& assignment);

    const PreparedProblem& prepared() const { return pr_; }
    const Assignment& assignment() const { return assign_; }
    const std::vector<UnitIndex>& members(TerritoryIndex territory) const { return members_[territory]; }
    double cost() const { return cost_; }
    /// Balance and budget excess (0: every window and budget met).
    double violation() const;
    bool in_window(TerritoryIndex territory) const;
    /// cost + lambda · violation: what the moves' deltas change.
    double penalised() const { return cost_ + lambda_ * violation(); }
    /// A change smaller than this is no change.
    double tiny() const { return 1e-12 * (std::abs(cost_) + 1); }

    /// The penalty per unit of violation and, in repair mode, a pull of every load
    /// towards its target (squared distance in mean targets) on top.
    void set_penalty(double lambda, bool repair) { lambda_ = lambda, repair_ = repair; }
    double lambda() const { return lambda_; }
    bool repair() const { return repair_; }

    /// Whether unit i may leave its territory without splitting it (not a seed, not
    /// locked, not a cut unit).
    bool movable(UnitIndex i);
    /// The units that must leave with cut unit i (everything its territory would
    /// lose without it); false when that is half the territory or more, or holds a
    /// locked unit. Valid right after movable(i) said no.
    bool collect_branch(UnitIndex i, std::vector<UnitIndex>& branch) const;
    bool has_other_neighbour_in(UnitIndex u, TerritoryIndex territory, UnitIndex except) const;
    /// The units of `territory` within two steps of unit i.
    void units_near(UnitIndex i, TerritoryIndex territory, std::vector<UnitIndex>& out);

    /// Change of penalised() if i went to `to` (+inf: not allowed).
    double move_delta(UnitIndex i, TerritoryIndex to) const;
    /// … if i (in a) went to b and j (in b) to a.
    double swap_delta(UnitIndex i, UnitIndex j) const;
    /// … if `group` went from `from` to `to`.
    double group_delta(const std::vector<UnitIndex>& group, TerritoryIndex from, TerritoryIndex to) const;

    void apply_move(UnitIndex i, TerritoryIndex to);
    /// Shifts the loads and moved counts as if i went from `from` to `to`, without
    /// moving it (for costing the second step of a chain); shift back after.
    void shift_loads(UnitIndex i, TerritoryIndex from, TerritoryIndex to);

private:
    std::uint32_t next_stamp();
    bool locally_removable(UnitIndex i);
    // Where territory t's load on criterion c is kept in load_ (and in the windows).
    std::size_t slot(TerritoryIndex t, std::size_t c) const { return t.value() * c_ + c; }
    double shift_delta(TerritoryIndex from, TerritoryIndex to, std::size_t c, double shift) const;
    double balance_delta(UnitIndex i, TerritoryIndex from, TerritoryIndex to) const;
    double pull(std::size_t at, double shift) const;
    double budget_delta(double units, double weight) const;

    const PreparedProblem& pr_;
    const TerritoryProblem& p_;
    std::size_t n_, k_, c_;
    CutUnits cuts_;
    IndexVector<TerritoryIndex, char> dirty_; // cut flags stale
    Assignment assign_;
    std::vector<double> load_; // [t * criteria + c]: slot(t, c)
    IndexVector<TerritoryIndex, std::vector<UnitIndex>> members_;
    IndexVector<UnitIndex, std::uint32_t> position_; // of each unit in its territory's members
    double cost_ = 0;
    std::size_t moved_units_ = 0;
    double moved_weight_ = 0;
    double lambda_ = 1;
    bool repair_ = false;
    IndexVector<UnitIndex, std::uint32_t> stamp_;
    std::vector<UnitIndex> local_queue_;
    std::uint32_t stamp_round_ = 0;
};

// The deltas and the move, inline: the local search calls them for every
// candidate (out of line, across files, they cost 5-15 % of a design). The
// per-unit weights are plain vectors: read at i.value().

// Change of the balance terms when `shift` of criterion c's weight goes from
// one territory to another (the pull towards target only in repair mode).
inline double SearchState::shift_delta(TerritoryIndex from, TerritoryIndex to, std::size_t c, double shift) const {
    if (shift == 0) return 0;
    const std::size_t a = slot(from, c), b = slot(to, c);
    double dv = pr_.excess(a, load_[a] - shift) - pr_.excess(a, load_[a]);
    dv += pr_.excess(b, load_[b] + shift) - pr_.excess(b, load_[b]);
    if (repair_) dv += pull(a, -shift) + pull(b, shift);
    return dv;
}

inline double SearchState::balance_delta(UnitIndex i, TerritoryIndex from, TerritoryIndex to) const {
    double dv = 0;
    for (std::size_t c = 0; c < c_; ++c) dv += shift_delta(from, to, c, p_.criteria[c].weight[i.value()]);
    return dv;
}

// Change of the squared distance from target (in mean targets) when a load shifts.
inline double SearchState::pull(std::size_t at, double shift) const {
    const double scale = pr_.scale(at % c_);
    const double before = (load_[at] - pr_.windows().target[at]) / scale;
    const double after = (load_[at] + shift - pr_.windows().target[at]) / scale;
    return after * after - before * before;
}

inline double SearchState::budget_delta(double units, double weight) const {
    if (!pr_.has_budget()) return 0;
    return pr_.budget_excess(static_cast<double>(moved_units_) + units, moved_weight_ + weight) -
           pr_.budget_excess(static_cast<double>(moved_units_), moved_weight_);
}

inline double SearchState::move_delta(UnitIndex i, TerritoryIndex to) const {
    const TerritoryIndex from = assign_[i];
    const double dc = pr_.c(to, i) - pr_.c(from, i);
    if (!std::isfinite(dc)) return std::numeric_limits<double>::infinity();
    double dv = balance_delta(i, from, to);
    const double du = static_cast<double>(pr_.moved(to, i)) - static_cast<double>(pr_.moved(from, i));
    if (du != 0) dv += budget_delta(du, du * p_.objective_weight[i.value()]);
    return dc + lambda_ * dv;
}

inline void SearchState::apply_move(UnitIndex i, TerritoryIndex to) {
    const TerritoryIndex from = assign_[i];
    for (std::size_t c = 0; c < c_; ++c) {
        load_[slot(from, c)] -= p_.criteria[c].weight[i.value()];
        load_[slot(to, c)] += p_.criteria[c].weight[i.value()];
    }
    cost_ += pr_.c(to, i) - pr_.c(from, i);
    const int du = static_cast<int>(pr_.moved(to, i)) - static_cast<int>(pr_.moved(from, i));
    moved_units_ = static_cast<std::size_t>(static_cast<long long>(moved_units_) + du);
    moved_weight_ += du * p_.objective_weight[i.value()];
    auto& out = members_[from];
    const UnitIndex last = out.back();
    out[position_[i]] = last;
    position_[last] = position_[i];
    out.pop_back();
    position_[i] = static_cast<std::uint32_t>(members_[to].size());
    members_[to].push_back(i);
    assign_[i] = to;
    dirty_[from] = dirty_[to] = 1;
}

inline bool SearchState::has_other_neighbour_in(UnitIndex u, TerritoryIndex territory, UnitIndex except) const {
    for (UnitIndex v : p_.neighbours_of(u)) {
        if (v != except && assign_[v] == territory) return true;
    }
    return false;
}

} // namespace revir::engine
