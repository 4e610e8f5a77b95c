#pragma once
// The territory design problem as the solvers see it: units with weights and
// adjacency, territories (one per base) with capacities and targets, a distance
// from every base to every unit, locks, an optional maximum distance and an
// optional current plan to stay close to. Plain data, independent of files and
// geometry, so that solvers and tests build it directly.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/core/indices.hpp"

namespace revir::engine {

/// What the objective measures from base to unit.
enum class Measure { drive_time, distance, squared_distance };
const char* to_string(Measure measure);
/// Unit of the distance matrix for a measure ("min", "km", "km2").
const char* measure_unit(Measure measure);
/// The name users give the objective: "time", "distance" or "squared".
const char* objective_name(Measure measure);
/// The measure of an objective name; nothing for any other text.
std::optional<Measure> measure_named(std::string_view name);

struct BalanceCriterion {
    std::string name;
    std::vector<double> weight; // per unit, ≥ 0
    double tolerance = 0.03;    // relative: |load − target| ≤ tolerance · target
    std::optional<double> min_load; // absolute, per territory
    std::optional<double> max_load;
};

struct TerritoryProblem {
    std::size_t unit_count = 0;
    std::size_t territory_count = 0;
    /// Adjacency in CSR form: the neighbours of unit i are
    /// neighbours[neighbour_first[i] … neighbour_first[i + 1]) (positions in
    /// `neighbours`, plain integers; neighbours_of(i) reads them).
    std::vector<std::uint32_t> neighbour_first;
    std::vector<UnitIndex> neighbours;
    std::vector<BalanceCriterion> criteria; // at least one
    /// Weight of each unit in the objective Σ w_i · d(base(i), i).
    std::vector<double> objective_weight;
    /// d(k, i) at [i * territory_count + k], in measure_unit(measure).
    std::vector<float> distance;
    Measure measure = Measure::drive_time;
    std::vector<double> capacity; // per territory, > 0
    /// Per territory: the unit that holds its base (always in it), or kNoUnit for
    /// a territory without a fixed seed.
    IndexVector<TerritoryIndex, UnitIndex> seed_unit;
    /// Per unit: the territory it is locked to, or kNoTerritory (empty: no locks).
    Assignment locked;
    /// Maximum d(base, unit): hard (a unit beyond it may not join) or soft (each unit
    /// of weight beyond it costs `max_distance_penalty` per measure unit over).
    std::optional<double> max_distance;
    bool max_distance_hard = true;
    double max_distance_penalty = 0;
    /// Realignment: the current territory of every unit (kNoTerritory: new unit).
    Assignment current;
    /// Objective cost of moving one unit of objective weight away from its current
    /// territory; and hard budgets on what may move (units, objective weight).
    double move_penalty = 0;
    std::optional<std::size_t> max_moved_units;
    std::optional<double> max_moved_weight;
    /// Names for messages (optional): unit ids and territory (base) ids.
    std::vector<std::string> unit_names;
    std::vector<std::string> territory_names;
    std::string unit_name(UnitIndex unit) const;
    std::string territory_name(TerritoryIndex territory) const;

    /// Every unit's and every territory's index, for loops.
    IndexRange<UnitIndex> units() const { return indices<UnitIndex>(unit_count); }
    IndexRange<TerritoryIndex> territories() const { return indices<TerritoryIndex>(territory_count); }
    /// The neighbours of `unit` (the CSR arrays read for it).
    std::span<const UnitIndex> neighbours_of(UnitIndex unit) const {
        return {neighbours.data() + neighbour_first[unit.value()], neighbours.data() + neighbour_first[unit.value() + 1]};
    }
    /// Whether `unit` is locked to a territory.
    bool is_locked(UnitIndex unit) const { return !locked.empty() && locked[unit].valid(); }

    float d(TerritoryIndex territory, UnitIndex unit) const {
        return distance[unit.value() * territory_count + territory.value()];
    }
    /// The objective contribution of `unit` in `territory` (distance, soft maximum
    /// and realignment penalties included); +inf when not allowed.
    double cost(TerritoryIndex territory, UnitIndex unit) const;
    bool allowed(TerritoryIndex territory, UnitIndex unit) const;
    bool realigning() const { return !current.empty(); }

    /// Throws revir::InputError when the arrays do not fit together or a value is
    /// out of range (NaN, negative weight, capacity ≤ 0, a seed unit locked elsewhere…).
    void validate() const;
};

/// Fills the problem's CSR adjacency from one neighbour list per unit (both
/// directions listed; duplicates are dropped).
void set_adjacency(TerritoryProblem& problem, IndexVector<UnitIndex, std::vector<UnitIndex>> neighbours);

/// Every territory's target and balance window [lower, upper] on every criterion,
/// at [territory * criteria + criterion]: target = capacity_k / Σ capacity × total_c,
/// the window ±tolerance around it, narrowed by the absolute minimum and maximum.
struct BalanceWindows {
    std::size_t criteria = 0;
    std::vector<double> total; // per criterion
    std::vector<double> target;
    std::vector<double> lower;
    std::vector<double> upper;
    std::size_t at(TerritoryIndex territory, std::size_t criterion) const { return territory.value() * criteria + criterion; }
};
BalanceWindows balance_windows(const TerritoryProblem& problem);

/// Why a problem has no plan at all, found without search: a unit no territory may
/// take, a unit heavier than every territory's upper bound, locked load above a
/// territory's upper bound, or lower bounds that the total cannot reach. Empty
/// when none of these holds (the problem may still be infeasible).
std::vector<std::string> obvious_infeasibilities(const TerritoryProblem& problem);
std::vector<std::string> obvious_infeasibilities(const TerritoryProblem& problem, const BalanceWindows& windows);

} // namespace revir::engine
