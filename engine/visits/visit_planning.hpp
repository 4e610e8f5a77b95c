#pragma once
// Periodic visit planning for one rep: accounts that need a number of visits over
// a horizon of working days, each visit taking service minutes, some only on
// certain weekdays or within opening hours; every day a route from the rep's base
// and back within the shift. Visit days come from patterns (evenly spaced days,
// e.g. the same weekday every week for a weekly account), chosen to keep drive
// time low and the days balanced; each day is then routed by the VRP core, and
// accounts are moved between patterns while that pays. What cannot be fitted is
// listed with the reason, never dropped silently.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/core/account.hpp"

namespace revir::engine {

/// The drive between two places that no road joins: longer than any shift, so
/// that the planner never puts them in one day (finite, so that sums of drives
/// stay numbers).
inline constexpr double kOutOfReach_s = 24 * 3600.0;

struct VisitProblem {
    /// What the planner reads of an account: visits, service_minutes, weekdays
    /// (only Monday to Friday are working days) and open_minute/close_minute.
    std::vector<geo::Account> accounts;
    /// Drive seconds between nodes: 0 is the base, account i is node i + 1;
    /// (n + 1)² values, row by row. Where there is no drive, kOutOfReach_s.
    std::vector<double> drive_s;
    std::uint32_t days = 20;
    std::uint32_t first_weekday = 0; // weekday of day 0 (0 = Monday); weeks have 5 working days
    double shift_start_min = 8 * 60; // clock time the shift starts
    double shift_min = 8 * 60;       // including driving
};

struct VisitStop {
    std::uint32_t account;
    double arrival_min;   // clock minutes the visit starts (after any wait for opening)
    double departure_min; // clock minutes it ends
};

struct VisitDay {
    std::vector<VisitStop> stops; // in driving order
    double drive_min = 0, service_min = 0;
    double end_min = 0; // clock time back at the base (shift start when idle)
    double work_min() const { return drive_min + service_min; }
};

struct VisitUnscheduled {
    std::uint32_t account;
    std::string reason;
};

struct VisitPlan {
    std::vector<VisitDay> days;
    std::vector<std::vector<std::uint32_t>> days_of_account;
    std::vector<VisitUnscheduled> unscheduled;
    double drive_min = 0;
    double mean_day_min = 0, max_day_min = 0; // work per day over every day of the horizon
    std::uint32_t days_used = 0;
    bool hit_time_limit = false;
    double balance_ratio() const { return mean_day_min > 0 ? max_day_min / mean_day_min : 1.0; }
};

struct VisitOptions {
    std::uint64_t seed = 1;
    /// Weight of the days' imbalance (squared deviation from the mean day, per
    /// mean day) against drive minutes.
    double balance_weight = 1.0;
    std::size_t improvement_rounds = 4;
    /// Seconds at most: past it, no more improvement rounds and days keep their
    /// insertion order (still on time). The plan is the same for a seed unless the
    /// limit is hit.
    double time_limit_s = 60;
};

VisitPlan plan_visits(const VisitProblem& problem, const VisitOptions& options = {});

/// Everything wrong with a plan (empty: none): visits missing or extra, days not
/// evenly spaced (a gap more than a fifth of the spacing, at least a day, off),
/// a weekday not allowed, a window missed, a day over the shift, stop times that
/// do not follow from the drive times.
std::vector<std::string> check_visit_plan(const VisitProblem& problem, const VisitPlan& plan);

} // namespace revir::engine
