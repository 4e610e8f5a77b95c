#pragma once
// Visit planning for every territory of a plan: each rep's accounts, the drive
// times between them and the rep's base over the road graph, the periodic plan
// (engine/visit_planning), and the days as road-following route lines and visit
// records for the plan's map layers.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/visits/visit_planning.hpp"
#include "geo/units/accounts.hpp"
#include "engine/visits/visit_records.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::engine {

struct VisitSettings {
    unsigned days = 20;
    unsigned first_weekday = 1; // 1 = Monday … 5 = Friday
    double shift_start_min = 480;
    double shift_min = 480;
    std::uint64_t seed = 1;
    double time_limit_s = 60; // per rep
    double max_snap_m = 1000;
};

struct RepVisits {
    TerritoryIndex territory{0}; // = its base's index
    std::vector<std::uint32_t> accounts; // indices into the accounts, in the order the plan numbers them
    VisitPlan plan;
    std::size_t visits() const;
};

struct TerritoryVisits {
    std::vector<RepVisits> reps; // one per base
    std::vector<engine::PlanVisit> visits;
    std::vector<engine::PlanRoute> routes;
    std::size_t unscheduled() const;
};

/// Plans every rep's visits. Accounts must be located (their unit set). An account
/// the base cannot reach ends up unscheduled ("does not fit in a shift"), one
/// farther than max_snap_m from any road unscheduled with that distance as the
/// reason; a base that far is an InputError naming it.
/// `on_rep` is told after each rep (for progress).
TerritoryVisits plan_territory_visits(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                      const std::vector<geo::Base>& bases,
                                      const Assignment& territory_of_unit,
                                      const std::vector<geo::Account>& accounts, const VisitSettings& settings,
                                      const std::function<void(const RepVisits&)>& on_rep = {});

} // namespace revir::engine
