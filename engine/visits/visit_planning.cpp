#include "engine/visits/visit_planning.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "engine/vrp/vrp_solver.hpp"
#include "geo/core/deadline.hpp"

namespace revir::engine {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

// Spacing of an account's visits in days, and whether a gap is close enough to it.
double spacing(const VisitProblem& p, std::uint32_t visits) { return static_cast<double>(p.days) / visits; }
bool gap_ok(double gap, double ideal) { return std::abs(gap - ideal) <= std::max(1.0, 0.2 * ideal) + 1e-9; }
std::uint32_t weekday(const VisitProblem& p, std::uint32_t day) { return (p.first_weekday + day) % 5; }

class Planner {
public:
    Planner(const VisitProblem& p, const VisitOptions& o)
        : p_(p), o_(o), n_(p.accounts.size()), tours_(p.days),
          deadline_(Deadline::in(o.time_limit_s)) {
        ready_.resize(n_);
        latest_.resize(n_);
        service_.resize(n_);
        for (std::size_t a = 0; a < n_; ++a) {
            const auto& acc = p.accounts[a];
            service_[a] = acc.service_minutes * 60;
            ready_[a] = acc.open_minute >= 0 ? std::max(0.0, (acc.open_minute - p.shift_start_min) * 60) : 0.0;
            latest_[a] = acc.close_minute >= 0 ? (acc.close_minute - p.shift_start_min) * 60 - service_[a] : kNever;
        }
        chosen_.assign(n_, -1);
    }

    VisitPlan run() {
        make_patterns();
        construct();
        for (std::size_t round = 0; round < o_.improvement_rounds && !out_of_time(); ++round) {
            route_days();
            if (!improve()) break;
        }
        route_days();
        VisitPlan plan = result();
        plan.hit_time_limit = hit_time_limit_;
        return plan;
    }

private:
    bool out_of_time() {
        if (deadline_.passed()) hit_time_limit_ = true;
        return hit_time_limit_;
    }

    double drive(std::size_t from, std::size_t to) const { return p_.drive_s[from * (n_ + 1) + to]; }

    // Seconds the day's tour ends after the shift starts (kNever: infeasible).
    double simulate(const std::vector<std::uint32_t>& tour) const {
        double t = 0;
        std::size_t prev = 0;
        for (std::uint32_t a : tour) {
            t = std::max(t + drive(prev, a + 1), ready_[a]);
            if (t > latest_[a] + 1e-6) return kNever;
            t += service_[a];
            prev = a + 1;
        }
        t += drive(prev, 0);
        return t <= p_.shift_min * 60 + 1e-6 ? t : kNever;
    }

    double tour_drive(const std::vector<std::uint32_t>& tour) const {
        double s = 0;
        std::size_t prev = 0;
        for (std::uint32_t a : tour) {
            s += drive(prev, a + 1);
            prev = a + 1;
        }
        return s + drive(prev, 0);
    }

    double work(std::uint32_t day) const { return tour_drive(tours_[day]) + service_sum_[day]; }

    // Cheapest position for a in the day's tour that keeps it on time: (added drive
    // seconds, position), or (kNever, 0).
    std::pair<double, std::size_t> cheapest_insertion(std::uint32_t day, std::uint32_t a) {
        auto& tour = tours_[day];
        std::pair<double, std::size_t> best{kNever, 0};
        for (std::size_t at = 0; at <= tour.size(); ++at) {
            const std::size_t before = at == 0 ? 0 : tour[at - 1] + 1, after = at == tour.size() ? 0 : tour[at] + 1;
            const double added = drive(before, a + 1) + drive(a + 1, after) - drive(before, after);
            if (added >= best.first) continue;
            tour.insert(tour.begin() + static_cast<std::ptrdiff_t>(at), a);
            const bool on_time = simulate(tour) < kNever;
            tour.erase(tour.begin() + static_cast<std::ptrdiff_t>(at));
            if (on_time) best = {added, at};
        }
        return best;
    }

    double removal_gain(std::uint32_t day, std::uint32_t a) const {
        const auto& tour = tours_[day];
        const auto at = static_cast<std::size_t>(std::find(tour.begin(), tour.end(), a) - tour.begin());
        const std::size_t before = at == 0 ? 0 : tour[at - 1] + 1, after = at + 1 == tour.size() ? 0 : tour[at + 1] + 1;
        return drive(before, a + 1) + drive(a + 1, after) - drive(before, after);
    }

    // Evenly spaced day sets that fit the account's weekdays.
    void make_patterns() {
        patterns_.assign(n_, {});
        reason_.assign(n_, {});
        for (std::uint32_t a = 0; a < n_; ++a) {
            const auto& acc = p_.accounts[a];
            if (acc.visits == 0) continue;
            if (acc.visits > p_.days) {
                reason_[a] = fmt::format("{} visits do not fit in {} days", acc.visits, p_.days);
                continue;
            }
            const double earliest = std::max(drive(0, a + 1), ready_[a]);
            if (earliest > latest_[a] || earliest + service_[a] + drive(a + 1, 0) > p_.shift_min * 60) {
                reason_[a] = "its visit does not fit in a shift (opening hours, service and the drive from the base)";
                continue;
            }
            const double s = spacing(p_, acc.visits);
            const auto offsets = static_cast<std::uint32_t>(std::ceil(s - 1e-9));
            for (std::uint32_t o = 0; o < offsets; ++o) {
                std::vector<std::uint32_t> days;
                bool ok = true;
                for (std::uint32_t k = 0; k < acc.visits && ok; ++k) {
                    const auto d = static_cast<std::uint32_t>(o + std::floor(k * s + 1e-9));
                    ok = d < p_.days && ((acc.weekdays >> weekday(p_, d)) & 1u);
                    days.push_back(d);
                }
                if (ok) patterns_[a].push_back(days);
            }
            if (patterns_[a].empty()) {
                reason_[a] = fmt::format("no {} evenly spaced days fall on its weekdays", acc.visits);
            }
        }
    }

    // Scores a pattern for a: added drive (minutes) plus the balance penalty, using
    // the days' current work; kNever when a day has no room.
    double pattern_cost(std::uint32_t a, const std::vector<std::uint32_t>& days, double target,
                        std::vector<std::size_t>* positions) {
        double cost = 0;
        if (positions) positions->clear();
        for (std::uint32_t d : days) {
            const auto [added, at] = cheapest_insertion(d, a);
            if (added == kNever) return kNever;
            if (positions) positions->push_back(at);
            const double before = work_[d], after = work_[d] + added + service_[a];
            cost += added / 60 + o_.balance_weight * ((after - target) * (after - target) - (before - target) * (before - target)) /
                                     std::max(target, 1.0) / 60;
        }
        return cost;
    }

    void place(std::uint32_t a, int pattern, const std::vector<std::size_t>& positions) {
        chosen_[a] = pattern;
        const auto& days = patterns_[a][static_cast<std::size_t>(pattern)];
        for (std::size_t k = 0; k < days.size(); ++k) {
            auto& tour = tours_[days[k]];
            tour.insert(tour.begin() + static_cast<std::ptrdiff_t>(positions[k]), a);
            service_sum_[days[k]] += service_[a];
            work_[days[k]] = work(days[k]);
        }
    }

    void unplace(std::uint32_t a) {
        for (std::uint32_t d : patterns_[a][static_cast<std::size_t>(chosen_[a])]) {
            auto& tour = tours_[d];
            tour.erase(std::find(tour.begin(), tour.end(), a));
            service_sum_[d] -= service_[a];
            work_[d] = work(d);
        }
        chosen_[a] = -1;
    }

    double mean_work() const { return std::accumulate(work_.begin(), work_.end(), 0.0) / p_.days; }

    // The most constrained accounts first (most visits, longest service), each on
    // its cheapest pattern.
    void construct() {
        service_sum_.assign(p_.days, 0);
        work_.assign(p_.days, 0);
        std::vector<std::uint32_t> order(n_);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
            const auto& ax = p_.accounts[x];
            const auto& ay = p_.accounts[y];
            return ax.visits != ay.visits ? ax.visits > ay.visits : ax.service_minutes > ay.service_minutes;
        });
        // The day the plan aims for: all service plus a first guess of the driving.
        double service_total = 0;
        for (std::uint32_t a = 0; a < n_; ++a) service_total += service_[a] * p_.accounts[a].visits;
        const double target = 1.3 * service_total / p_.days;
        std::vector<std::size_t> positions, best_positions;
        for (std::uint32_t a : order) {
            if (patterns_[a].empty()) continue;
            double best = kNever;
            int best_pattern = -1;
            for (std::size_t q = 0; q < patterns_[a].size(); ++q) {
                const double c = pattern_cost(a, patterns_[a][q], target, &positions);
                if (c < best) {
                    best = c;
                    best_pattern = static_cast<int>(q);
                    best_positions = positions;
                }
            }
            if (best_pattern < 0) {
                reason_[a] = "no day of any of its patterns has room left in the shift";
                continue;
            }
            place(a, best_pattern, best_positions);
        }
    }

    // Moves accounts to other patterns while drive plus imbalance falls.
    bool improve() {
        bool any = false;
        std::vector<std::size_t> positions;
        for (std::uint32_t a = 0; a < n_; ++a) {
            if (chosen_[a] < 0 || patterns_[a].size() < 2) continue;
            const double target = mean_work();
            const int current = chosen_[a];
            // The cost of staying: what the account adds to its days now.
            double stay = 0;
            for (std::uint32_t d : patterns_[a][static_cast<std::size_t>(current)]) {
                const double gain = removal_gain(d, a);
                const double after = work_[d], before = work_[d] - gain - service_[a];
                stay += gain / 60 + o_.balance_weight * ((after - target) * (after - target) - (before - target) * (before - target)) /
                                        std::max(target, 1.0) / 60;
            }
            const auto& days_before = patterns_[a][static_cast<std::size_t>(current)];
            std::vector<std::size_t> kept_positions;
            for (std::uint32_t d : days_before) {
                kept_positions.push_back(static_cast<std::size_t>(std::find(tours_[d].begin(), tours_[d].end(), a) - tours_[d].begin()));
            }
            unplace(a);
            // Leaving a day could make it late only where drive times break the
            // triangle inequality (rounding); then the account stays.
            const bool still_on_time = std::all_of(days_before.begin(), days_before.end(),
                                                   [&](std::uint32_t d) { return simulate(tours_[d]) < kNever; });
            double best = still_on_time ? stay - 1e-6 : -kNever;
            int best_pattern = -1;
            std::vector<std::size_t> best_positions;
            for (std::size_t q = 0; q < patterns_[a].size(); ++q) {
                if (static_cast<int>(q) == current) continue;
                const double c = pattern_cost(a, patterns_[a][q], target, &positions);
                if (c < best) {
                    best = c;
                    best_pattern = static_cast<int>(q);
                    best_positions = positions;
                }
            }
            if (best_pattern >= 0) {
                place(a, best_pattern, best_positions);
                any = true;
            } else {
                place(a, current, kept_positions); // back where it was
            }
        }
        return any;
    }

    // Each day's order by the VRP core (one vehicle, the shift as the depot's
    // window); kept only when on time and shorter.
    void route_days() {
        for (std::uint32_t d = 0; d < p_.days; ++d) {
            auto& tour = tours_[d];
            if (tour.size() < 3 || out_of_time()) continue;
            VrpInstance day;
            const std::size_t m = tour.size() + 1;
            day.name = fmt::format("day {}", d + 1);
            day.x.assign(m, 0);
            day.y.assign(m, 0);
            day.demand.assign(m, 0);
            day.capacity = kVrpInfinity;
            day.max_vehicles = 1;
            day.ready.assign(m, 0);
            day.due.assign(m, kVrpInfinity);
            day.service.assign(m, 0);
            day.due[0] = static_cast<VrpCost>(std::floor(p_.shift_min * 60));
            auto node = [&](std::size_t i) { return i == 0 ? std::size_t{0} : tour[i - 1] + 1; };
            for (std::size_t i = 1; i < m; ++i) {
                const std::uint32_t a = tour[i - 1];
                day.ready[i] = static_cast<VrpCost>(std::ceil(ready_[a]));
                day.due[i] = latest_[a] == kNever ? kVrpInfinity : static_cast<VrpCost>(std::floor(latest_[a]));
                day.service[i] = static_cast<VrpCost>(std::ceil(service_[a]));
            }
            day.cost.resize(m * m);
            for (std::size_t i = 0; i < m; ++i) {
                for (std::size_t j = 0; j < m; ++j) day.cost[i * m + j] = static_cast<VrpCost>(std::ceil(drive(node(i), node(j))));
            }
            VrpOptions options;
            options.seed = o_.seed + d;
            options.iterations = 200 * tour.size();
            options.searches = 1;
            options.threads = 1;
            options.time_limit_s = deadline_.remaining_s();
            const auto solved = solve_vrp(day, options);
            if (solved.solution.routes.size() != 1) continue;
            std::vector<std::uint32_t> order;
            for (std::uint32_t i : solved.solution.routes.front()) order.push_back(tour[i - 1]);
            if (simulate(order) < kNever && tour_drive(order) < tour_drive(tour) - 1e-6) tour = order;
            work_[d] = work(d);
        }
    }

    VisitPlan result() const {
        VisitPlan plan;
        plan.days.resize(p_.days);
        plan.days_of_account.assign(n_, {});
        double total = 0;
        for (std::uint32_t d = 0; d < p_.days; ++d) {
            VisitDay& day = plan.days[d];
            double t = 0;
            std::size_t prev = 0;
            for (std::uint32_t a : tours_[d]) {
                day.drive_min += drive(prev, a + 1) / 60;
                t = std::max(t + drive(prev, a + 1), ready_[a]);
                day.stops.push_back({a, p_.shift_start_min + t / 60, p_.shift_start_min + (t + service_[a]) / 60});
                t += service_[a];
                day.service_min += service_[a] / 60;
                plan.days_of_account[a].push_back(d);
                prev = a + 1;
            }
            if (!tours_[d].empty()) {
                day.drive_min += drive(prev, 0) / 60;
                t += drive(prev, 0);
                ++plan.days_used;
            }
            day.end_min = p_.shift_start_min + t / 60;
            plan.drive_min += day.drive_min;
            plan.max_day_min = std::max(plan.max_day_min, day.work_min());
            total += day.work_min();
        }
        plan.mean_day_min = total / p_.days;
        for (std::uint32_t a = 0; a < n_; ++a) {
            if (p_.accounts[a].visits > 0 && chosen_[a] < 0) {
                plan.unscheduled.push_back({a, reason_[a].empty() ? "no room in the shift" : reason_[a]});
            }
        }
        return plan;
    }

    const VisitProblem& p_;
    const VisitOptions o_;
    std::size_t n_;
    std::vector<double> ready_, latest_, service_;
    std::vector<std::vector<std::vector<std::uint32_t>>> patterns_;
    std::vector<std::string> reason_;
    std::vector<int> chosen_;
    std::vector<std::vector<std::uint32_t>> tours_;
    std::vector<double> service_sum_, work_;
    Deadline deadline_;
    bool hit_time_limit_ = false;
};

} // namespace

VisitPlan plan_visits(const VisitProblem& problem, const VisitOptions& options) {
    const std::size_t nodes = problem.accounts.size() + 1;
    if (problem.drive_s.size() != nodes * nodes) throw std::invalid_argument("plan_visits: the drive matrix does not fit");
    if (problem.days == 0) throw std::invalid_argument("plan_visits: no days");
    return Planner(problem, options).run();
}

std::vector<std::string> check_visit_plan(const VisitProblem& p, const VisitPlan& plan) {
    std::vector<std::string> problems;
    const std::size_t n = p.accounts.size();
    std::vector<std::vector<std::uint32_t>> seen(n);
    std::vector<char> unscheduled(n, 0);
    for (const auto& u : plan.unscheduled) unscheduled[u.account] = 1;
    auto drive = [&](std::size_t from, std::size_t to) { return p.drive_s[from * (n + 1) + to]; };
    for (std::uint32_t d = 0; d < plan.days.size(); ++d) {
        double t = p.shift_start_min;
        std::size_t prev = 0;
        for (const auto& stop : plan.days[d].stops) {
            const auto& acc = p.accounts[stop.account];
            seen[stop.account].push_back(d);
            if (!((acc.weekdays >> weekday(p, d)) & 1u)) problems.push_back(fmt::format("day {}: account {} on a weekday it does not take", d + 1, stop.account));
            const double arrival = t + drive(prev, stop.account + 1) / 60;
            const double start = std::max(arrival, acc.open_minute >= 0 ? acc.open_minute : arrival);
            if (std::abs(start - stop.arrival_min) > 1e-6) problems.push_back(fmt::format("day {}: account {} starts at {:.2f}, not {:.2f}", d + 1, stop.account, stop.arrival_min, start));
            if (acc.close_minute >= 0 && start + acc.service_minutes > acc.close_minute + 1e-6) problems.push_back(fmt::format("day {}: account {} served after it closes", d + 1, stop.account));
            t = start + acc.service_minutes;
            if (std::abs(t - stop.departure_min) > 1e-6) problems.push_back(fmt::format("day {}: account {} leaves at {:.2f}, not {:.2f}", d + 1, stop.account, stop.departure_min, t));
            prev = stop.account + 1;
        }
        if (!plan.days[d].stops.empty()) t += drive(prev, 0) / 60;
        if (t > p.shift_start_min + p.shift_min + 1e-6) problems.push_back(fmt::format("day {}: back at {:.1f}, after the shift", d + 1, t));
    }
    for (std::uint32_t a = 0; a < n; ++a) {
        const auto want = p.accounts[a].visits;
        if (unscheduled[a]) {
            if (!seen[a].empty()) problems.push_back(fmt::format("account {} is listed as unscheduled but visited", a));
            continue;
        }
        if (seen[a].size() != want) {
            problems.push_back(fmt::format("account {} visited {} times, not {}", a, seen[a].size(), want));
            continue;
        }
        for (std::size_t k = 1; k < seen[a].size(); ++k) {
            const double gap = static_cast<double>(seen[a][k]) - seen[a][k - 1];
            if (!gap_ok(gap, spacing(p, want))) problems.push_back(fmt::format("account {}: visits {} days apart, not about {:.1f}", a, gap, spacing(p, want)));
        }
    }
    return problems;
}

} // namespace revir::engine
