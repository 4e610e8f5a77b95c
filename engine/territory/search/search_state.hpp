#pragma once
// The territory search's state and its moves: an assignment with every
// territory's loads, members, cost and realignment counts kept up to date move
// by move; whether a unit may leave its territory without splitting it; and what
// a move, a swap or the move of a group would change in cost plus the penalty
// for balance and budget violations, computed without making it.
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/territory/prepared_problem.hpp"
#include "engine/territory/territory_contiguity.hpp"

namespace revir::engine {

class SearchState {
public:
    explicit SearchState(const PreparedProblem& prepared);

    /// Starts from a complete assignment.
    void reset(const std::vector<std::uint32_t>& assignment);

    const PreparedProblem& prepared() const { return pr_; }
    const std::vector<std::uint32_t>& assignment() const { return assign_; }
    const std::vector<std::uint32_t>& members(std::uint32_t territory) const { return members_[territory]; }
    double cost() const { return cost_; }
    /// Balance and budget excess (0: every window and budget met).
    double violation() const;
    bool in_window(std::uint32_t territory) const;
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
    bool movable(std::uint32_t i);
    /// The units that must leave with cut unit i (everything its territory would
    /// lose without it); false when that is half the territory or more, or holds a
    /// locked unit. Valid right after movable(i) said no.
    bool collect_branch(std::uint32_t i, std::vector<std::uint32_t>& branch) const;
    bool has_other_neighbour_in(std::uint32_t u, std::uint32_t territory, std::uint32_t except) const;
    /// The units of `territory` within two steps of unit i.
    void units_near(std::uint32_t i, std::uint32_t territory, std::vector<std::uint32_t>& out);

    /// Change of penalised() if i went to `to` (+inf: not allowed).
    double move_delta(std::uint32_t i, std::uint32_t to) const;
    /// … if i (in a) went to b and j (in b) to a.
    double swap_delta(std::uint32_t i, std::uint32_t j) const;
    /// … if `group` went from `from` to `to`.
    double group_delta(const std::vector<std::uint32_t>& group, std::uint32_t from, std::uint32_t to) const;

    void apply_move(std::uint32_t i, std::uint32_t to);
    /// Shifts the loads and moved counts as if i went from `from` to `to`, without
    /// moving it (for costing the second step of a chain); shift back after.
    void shift_loads(std::uint32_t i, std::uint32_t from, std::uint32_t to);

private:
    std::uint32_t next_stamp();
    bool locally_removable(std::uint32_t i);
    double shift_delta(std::uint32_t from, std::uint32_t to, std::size_t c, double shift) const;
    double balance_delta(std::uint32_t i, std::uint32_t from, std::uint32_t to) const;
    double pull(std::size_t at, double shift) const;
    double budget_delta(double units, double weight) const;

    const PreparedProblem& pr_;
    const TerritoryProblem& p_;
    std::size_t n_, k_, c_;
    CutUnits cuts_;
    std::vector<char> dirty_; // per territory: cut flags stale
    std::vector<std::uint32_t> assign_;
    std::vector<double> load_; // [t * criteria + c]
    std::vector<std::vector<std::uint32_t>> members_;
    std::vector<std::uint32_t> position_; // of each unit in its territory's members
    double cost_ = 0;
    std::size_t moved_units_ = 0;
    double moved_weight_ = 0;
    double lambda_ = 1;
    bool repair_ = false;
    std::vector<std::uint32_t> stamp_, local_queue_;
    std::uint32_t stamp_round_ = 0;
};

} // namespace revir::engine
