#include "engine/visits/territory_visits.hpp"

#include <cmath>

#include <fmt/format.h>

#include "geo/core/error.hpp"
#include "routing/query/matrix.hpp"
#include "routing/query/route.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::engine {

std::size_t RepVisits::visits() const {
    std::size_t n = 0;
    for (const auto& d : plan.days) n += d.stops.size();
    return n;
}

std::size_t TerritoryVisits::unscheduled() const {
    std::size_t n = 0;
    for (const auto& r : reps) n += r.plan.unscheduled.size();
    return n;
}


namespace {

// Visit planning needs a whole number of visits in the horizon.
const geo::Account& whole_visits(const geo::Account& a) {
    if (!(a.visits >= 0 && a.visits <= 1e6) || std::abs(a.visits - std::round(a.visits)) > 1e-9) {
        throw InputError(fmt::format("{}: visits {} is not a whole number of visits in the horizon", a.where, a.visits));
    }
    return a;
}

} // namespace

TerritoryVisits plan_territory_visits(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                      const std::vector<geo::Base>& bases,
                                      const Assignment& territory_of_unit,
                                      const std::vector<geo::Account>& accounts, const VisitSettings& settings,
                                      const std::function<void(const RepVisits&)>& on_rep) {
    if (settings.days == 0) throw InputError("visits: the horizon needs at least one day");
    if (settings.first_weekday < 1 || settings.first_weekday > 5) {
        throw InputError("visits: the first weekday is 1 (Monday) to 5 (Friday)");
    }
    const routing::Snapper snapper(graph);
    // Every record before the long work: a bad account or a base off the roads is
    // refused before any rep is planned, not after the first ones.
    for (const auto& a : accounts) whole_visits(a);
    std::vector<routing::SnappedPoint> base_points;
    for (const auto& base : bases) base_points.push_back(snapper.snap(base.location, settings.max_snap_m, "base " + base.id));
    routing::Router router(graph, hierarchy);
    Progress quiet;
    TerritoryVisits out;
    for (TerritoryIndex t : indices<TerritoryIndex>(bases.size())) {
        const auto& base = bases[t.value()];
        RepVisits rep;
        rep.territory = t;
        for (std::uint32_t i = 0; i < accounts.size(); ++i) {
            const UnitIndex u = accounts[i].unit;
            if (u.value() < territory_of_unit.size() && territory_of_unit[u] == t) rep.accounts.push_back(i);
        }
        std::vector<routing::SnappedPoint> points{base_points[t.value()]};
        VisitProblem problem;
        problem.days = settings.days;
        problem.first_weekday = settings.first_weekday - 1;
        problem.shift_start_min = settings.shift_start_min;
        problem.shift_min = settings.shift_min;
        // An account farther than max_snap_m from a road cannot be driven to: it is
        // planned as a day's drive away, so it ends up unscheduled, with the reason.
        std::vector<std::string> off_road(rep.accounts.size()); // why, per account; empty: on the roads
        for (std::uint32_t k = 0; k < rep.accounts.size(); ++k) {
            const auto& a = accounts[rep.accounts[k]];
            const auto snapped = snapper.nearest(a.location);
            if (!snapped) throw InputError("the road graph has no roads");
            if (snapped->distance_m > settings.max_snap_m) {
                off_road[k] = fmt::format("{:.0f} m from the nearest road (the limit is {:.0f} m)", snapped->distance_m,
                                          settings.max_snap_m);
            }
            points.push_back(*snapped);
            problem.accounts.push_back(a);
        }
        const auto matrix = routing::drive_time_matrix(graph, points, 0, quiet, hierarchy);
        // An account the base cannot reach (or not return from) is out of reach
        // (kOutOfReach_s): it ends up unscheduled with "does not fit in a shift".
        const std::size_t n = points.size();
        auto on_roads = [&](std::size_t point) { return point == 0 || off_road[point - 1].empty(); }; // 0: the base
        for (std::size_t m = 0; m < matrix.size(); ++m) {
            const bool driven = matrix[m].reachable() && on_roads(m / n) && on_roads(m % n);
            problem.drive_s.push_back(driven ? matrix[m].seconds() : kOutOfReach_s);
        }
        VisitOptions options;
        options.seed = settings.seed;
        options.time_limit_s = settings.time_limit_s;
        rep.plan = plan_visits(problem, options);
        if (const auto problems = check_visit_plan(problem, rep.plan); !problems.empty()) {
            throw Error("visit plan of " + base.id + " fails its own check: " + problems.front());
        }
        for (auto& u : rep.plan.unscheduled) {
            if (!off_road[u.account].empty()) u.reason = off_road[u.account];
        }
        for (std::uint32_t d = 0; d < rep.plan.days.size(); ++d) {
            const auto& day = rep.plan.days[d];
            if (day.stops.empty()) continue;
            engine::PlanRoute route;
            route.territory = t;
            route.day = d + 1;
            route.drive_min = day.drive_min;
            route.service_min = day.service_min;
            std::size_t prev = 0;
            auto drive_to = [&](std::size_t next) {
                if (const auto leg = router.route(points[prev], points[next])) {
                    route.line.insert(route.line.end(), leg->geometry.begin(), leg->geometry.end());
                    route.km += leg->distance_m / 1000;
                }
                prev = next;
            };
            for (std::uint32_t k = 0; k < day.stops.size(); ++k) {
                const auto& stop = day.stops[k];
                out.visits.push_back({rep.accounts[stop.account], d + 1, k + 1, stop.arrival_min, stop.departure_min});
                drive_to(stop.account + 1);
            }
            drive_to(0);
            out.routes.push_back(std::move(route));
        }
        if (on_rep) on_rep(rep);
        out.reps.push_back(std::move(rep));
    }
    return out;
}

} // namespace revir::engine
