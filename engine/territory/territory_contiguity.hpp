#pragma once
// Contiguity of territories on the unit adjacency graph: a plain BFS check (the
// reference) and the cut units of a territory (its articulation points), which
// tell in O(1) per candidate whether a unit can leave its territory without
// splitting it, and which units would have to leave with it.
#include <cstdint>
#include <vector>

#include "engine/territory/territory_problem.hpp"

namespace revir::engine {

/// True when the units assigned to `territory` form one connected piece (an empty
/// territory counts as not contiguous).
bool is_contiguous(const TerritoryProblem& problem, const Assignment& assignment, TerritoryIndex territory);

/// Share of the first criterion's weight in units that are not connected to
/// their territory's seed within their territory (0 for a contiguous plan). Of the
/// relaxation's cheapest assignment, it tells how much contiguity must cost.
double share_cut_off_from_seeds(const TerritoryProblem& problem, const Assignment& assignment);

/// Cut units per territory from one depth-first search rooted at the territory's
/// seed (Tarjan's low-link, iterative, restricted to the territory's units).
class CutUnits {
public:
    explicit CutUnits(const TerritoryProblem& problem);
    /// Recomputes the flags of the units of `territory`, which are `members`; the
    /// search starts at `root` (kNoUnit: the first member).
    void update(const Assignment& assignment, TerritoryIndex territory, const std::vector<UnitIndex>& members,
                UnitIndex root = kNoUnit);
    bool is_cut(UnitIndex unit) const { return cut_[unit] != 0; }
    /// The units cut off from the root when `unit` leaves (its branch, `unit`
    /// included), appended to `out`; nothing when there are more than `limit`.
    /// Valid for the last update of the unit's territory.
    bool branch(UnitIndex unit, std::size_t limit, std::vector<UnitIndex>& out) const;

private:
    const TerritoryProblem& problem_;
    // Per unit; discovery indices, low-links and subtree sizes count positions in
    // a territory's search (plain integers, not unit indices).
    IndexVector<UnitIndex, std::uint8_t> cut_;
    IndexVector<UnitIndex, std::uint8_t> separated_; // low(v) ≥ order(parent): v's subtree hangs on its parent
    IndexVector<UnitIndex, std::uint32_t> order_;    // discovery index within the territory's search
    IndexVector<UnitIndex, std::uint32_t> low_;
    IndexVector<UnitIndex, std::uint32_t> size_;     // DFS subtree size
    IndexVector<UnitIndex, UnitIndex> parent_;
    Assignment territory_of_search_; // which territory's search set a unit's fields
    IndexVector<TerritoryIndex, std::vector<UnitIndex>> by_order_; // per territory: units by discovery index
    IndexVector<UnitIndex, std::uint32_t> stamp_; // which update visited a unit
    std::uint32_t round_ = 0;
    struct Frame {
        UnitIndex unit;
        UnitIndex parent;
        std::uint32_t next; // position in problem_.neighbours
    };
    std::vector<Frame> stack_;
};

} // namespace revir::engine
