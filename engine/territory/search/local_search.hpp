#pragma once
// The territory search's local search: units to look at wait in a queue; each
// gets its best improving move to a neighbouring territory, else a swap with a
// neighbour, else an ejection chain of two moves, else (a cut unit) the move of
// the branch that hangs on it. A settle is a descent plus, while the plan is out
// of balance, repair descents with a rising penalty that also pull every load
// towards its target.
#include <cstdint>
#include <vector>

#include "engine/territory/search/search_state.hpp"
#include "geo/core/deadline.hpp"
#include "geo/core/random.hpp"

namespace revir::engine {

/// The searches' random numbers: one generator per search, seeded from the seed.
using SearchRandom = Random;

class LocalSearch {
public:
    LocalSearch(SearchState& state, SearchRandom& random, const Deadline& deadline);

    void push(UnitIndex unit);
    /// Every unit, in random order.
    void push_all();
    void clear_queue();
    /// After units moved from `from` to `to`: their neighbours may move now, and so
    /// may every unit of the two when balance is in play (`balance_changed`).
    void after_move(UnitIndex unit, TerritoryIndex from, TerritoryIndex to, bool balance_changed);
    /// Whether territory t's balance matters to the moves now (repair mode, or out
    /// of its window).
    bool balance_active(TerritoryIndex t) const;

    /// The best improving step for unit i; true when one was made.
    bool improve(UnitIndex i);
    /// Looks at the queued units until none is left (or the deadline).
    void descend();
    /// A local optimum that meets the windows when the search can reach one;
    /// `first`: after the construction (repairs over every unit, more of them).
    void settle(bool first, double base_lambda);

    /// Units looked at so far: the search's own clock, independent of the machine.
    std::uint64_t work() const { return work_; }
    /// The penalty of settle's last descent (above base_lambda after repair
    /// passes).
    double settled_lambda() const { return settled_lambda_; }
    bool hit_time_limit() const { return hit_time_limit_; }

private:
    void move_unit(UnitIndex i, TerritoryIndex to);
    bool chain(UnitIndex i);

    SearchState& s_;
    const PreparedProblem& pr_;
    const TerritoryProblem& p_;
    const Assignment& assign_;
    SearchRandom& rng_;
    Deadline deadline_;
    std::vector<UnitIndex> queue_;
    IndexVector<UnitIndex, char> queued_;
    std::vector<UnitIndex> branch_, near_;
    std::uint64_t work_ = 0;
    double settled_lambda_ = 0;
    bool hit_time_limit_ = false;
};

} // namespace revir::engine
