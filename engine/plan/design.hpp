#pragma once
// Territory design from map data, the one path that `revir territories`, `revir
// plan` and the server share: distances from the bases (drive times over the road
// graph, or straight lines), the problem, an optional realignment of a current
// plan, the design (or, without bases, the choice of centres as well), and the
// plan's summary.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plan/plan_export.hpp"
#include "engine/plan/territory_input.hpp"
#include "engine/territory/territory_design.hpp"
#include "geo/core/progress.hpp"
#include "geo/units/accounts.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"
#include "routing/ch/contraction_hierarchy.hpp"

namespace revir::engine {

/// The settings of a design: `territories:` in a plan configuration, the options of
/// `revir territories`.
struct TerritorySettings {
    std::vector<BalanceSpec> balance;
    Measure measure = Measure::drive_time;
    std::string objective_weight; // empty: the first balance field; "none": every unit weighs 1
    std::optional<double> max_distance;
    std::optional<double> soft_penalty; // makes max_distance soft
    double time_limit_s = 60;
    std::size_t rounds = 0; // 0: the search's own budget
    unsigned threads = 0;
    double max_snap_m = 1000;       // a base farther from a road is refused
    double unit_max_snap_m = 10000; // so is a unit's point
    /// No bases: choose this many centre units as well (location-allocation).
    std::size_t free_centres = 0;
};

/// A current plan to realign (CSV unit_id,territory_id) and its limits.
struct RealignmentSettings {
    std::string current_plan; // empty: design from scratch
    RealignmentLimits limits;
};

/// The road network for drive times; without a graph, straight-line distances.
struct RoadNetwork {
    const routing::RoadGraph* graph = nullptr;
    const routing::ContractionHierarchy* hierarchy = nullptr;
};

struct DesignedPlan {
    std::vector<geo::Base> bases; // with free centres: T1…TK at the chosen units
    TerritoryProblem problem;
    TerritoryPlan plan;
    Assignment current;           // the realigned plan, or empty
    double seconds = 0;                 // wall time of the design (choosing centres included)
};

/// Designs the territories. Throws InputError for a setting that does not fit the
/// data (unknown field, a measure that needs a graph without one, free centres with
/// a current plan…); an infeasible plan is returned with its reasons. The time
/// limit counts from `started` (a command's own start, so that loading counts
/// too; default: this call) and holds for drive times, bounds and searches alike.
DesignedPlan design_plan(const TerritorySettings& settings, std::uint64_t seed, const RealignmentSettings& realignment,
                         const geo::UnitSet& units, const std::vector<geo::AdjacencyLink>& links,
                         std::vector<geo::Base> bases, const RoadNetwork& network, const Log& log,
                         const Deadline& started = {});

/// The plan's map layers (units, bases, accounts, adjacency, assignment, distance unit).
PlanLayers plan_layers(const DesignedPlan& design, const geo::UnitSet& units, const std::vector<geo::AdjacencyLink>& links,
                       const std::vector<geo::Account>* accounts);

/// The summary both `revir territories --json` and `revir plan --json` print:
/// objective, bound, gap, deviations and one object per territory.
nlohmann::json design_summary(const DesignedPlan& design, const std::vector<TerritoryStats>& stats, std::uint64_t seed);

/// One stderr line per territory and one for the plan.
void log_design(const DesignedPlan& design, const std::vector<TerritoryStats>& stats, const Log& log);

} // namespace revir::engine
