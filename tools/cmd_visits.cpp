#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/visit_planning.hpp"
#include "geo/error.hpp"
#include "geo/plan_export.hpp"
#include "geo/plan_reader.hpp"
#include "routing/graph_file.hpp"
#include "routing/matrix.hpp"
#include "routing/route.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct VisitsConfig {
    std::string plan;
    std::string accounts;
    std::string accounts_crs;
    std::string graph;
    unsigned days = 20;
    std::string shift = "8h";
    std::string shift_start = "08:00";
    unsigned first_weekday = 1;
    std::uint64_t seed = 1;
    double time_limit_s = 60;
    double max_snap_m = kDefaultMaxSnapM;
    std::string output;
    bool json = false;
};

// A number at the start of `text` from `at` on (digits and one point); advances `at`.
std::optional<double> number_at(const std::string& text, std::size_t& at) {
    const std::size_t start = at;
    while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.')) ++at;
    if (at == start) return std::nullopt;
    try {
        std::size_t used = 0;
        const double v = std::stod(text.substr(start, at - start), &used);
        if (used != at - start) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// "8h", "7h30", "450m" or "450" (minutes).
double parse_minutes(const std::string& text, const char* option) {
    std::size_t at = 0;
    const auto first = number_at(text, at);
    std::optional<double> minutes;
    if (first && at == text.size()) {
        minutes = *first;
    } else if (first && text[at] == 'm' && at + 1 == text.size()) {
        minutes = *first;
    } else if (first && text[at] == 'h') {
        ++at;
        double extra = 0;
        if (at < text.size()) {
            const auto rest = number_at(text, at);
            if (rest && (at == text.size() || (text[at] == 'm' && at + 1 == text.size()))) extra = *rest;
            else at = std::string::npos;
        }
        if (at != std::string::npos) minutes = *first * 60 + extra;
    }
    if (!minutes || !(*minutes > 0 && *minutes <= 24 * 60)) {
        throw InputError(fmt::format("{} '{}' is not a duration such as 8h, 7h30 or 450m", option, text));
    }
    return *minutes;
}

double parse_clock(const std::string& text, const char* option) {
    const auto colon = text.find(':');
    int hours = -1, minutes = -1;
    if (colon != std::string::npos && colon >= 1 && colon <= 2 && text.size() == colon + 3 &&
        std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ':'; })) {
        hours = std::stoi(text.substr(0, colon));
        minutes = std::stoi(text.substr(colon + 1));
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        throw InputError(fmt::format("{} '{}' is not a time of day such as 08:00", option, text));
    }
    return hours * 60.0 + minutes;
}

void run_visits(const VisitsConfig& config) {
    const double shift_min = parse_minutes(config.shift, "--shift");
    const double shift_start = parse_clock(config.shift_start, "--shift-start");
    if (config.days == 0) throw InputError("--days must be at least 1");
    if (config.first_weekday < 1 || config.first_weekday > 5) throw InputError("--first-weekday is 1 (Monday) to 5 (Friday)");
    auto plan = geo::read_plan_geopackage(config.plan);
    geo::PointRecordOptions point_options;
    point_options.source_crs = config.accounts_crs;
    auto accounts = geo::read_accounts(config.accounts, point_options);
    if (accounts.empty()) throw InputError(config.accounts + ": no accounts");
    geo::LocateReport located;
    geo::locate_accounts(plan.units, accounts, false, located);
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(config.graph, hierarchy);
    const auto* ch = hierarchy ? &*hierarchy : nullptr;
    const routing::Snapper snapper(graph);
    routing::Router router(graph, ch);
    Progress quiet;

    std::vector<geo::PlanVisit> visits;
    std::vector<geo::PlanRoute> routes;
    nlohmann::json reps = nlohmann::json::array();
    std::size_t unscheduled_total = 0;
    for (std::uint32_t t = 0; t < plan.bases.size(); ++t) {
        const auto& base = plan.bases[t];
        std::vector<std::uint32_t> members;
        for (std::uint32_t i = 0; i < accounts.size(); ++i) {
            if (plan.territory_of_unit[accounts[i].unit] == t) members.push_back(i);
        }
        std::vector<routing::SnappedPoint> points{snapper.snap(base.location, config.max_snap_m, "base " + base.id)};
        engine::VisitProblem problem;
        problem.days = config.days;
        problem.first_weekday = config.first_weekday - 1;
        problem.shift_start_min = shift_start;
        problem.shift_min = shift_min;
        for (std::uint32_t i : members) {
            const auto& a = accounts[i];
            points.push_back(snapper.snap(a.location, config.max_snap_m, a.where));
            engine::VisitAccount v;
            if (!(a.visits >= 0 && a.visits <= 1e6) || std::abs(a.visits - std::round(a.visits)) > 1e-9) {
                throw InputError(fmt::format("{}: visits {} is not a whole number of visits in the horizon", a.where, a.visits));
            }
            v.visits = static_cast<std::uint32_t>(std::lround(a.visits));
            v.service_min = a.service_minutes;
            v.weekdays = static_cast<std::uint8_t>(a.weekdays & 0x1f);
            if (a.open_minute >= 0) v.open_min = a.open_minute;
            if (a.close_minute >= 0) v.close_min = a.close_minute;
            problem.accounts.push_back(v);
        }
        const auto matrix = routing::drive_time_matrix(graph, points, 0, quiet, ch);
        // An account the base cannot reach (or not return from) is a day's drive away:
        // it ends up unscheduled with "does not fit in a shift".
        for (const auto& m : matrix) problem.drive_s.push_back(m.reachable() ? m.duration_s : 24 * 3600.0);
        engine::VisitOptions options;
        options.seed = config.seed;
        options.time_limit_s = config.time_limit_s;
        const auto result = engine::plan_visits(problem, options);
        if (const auto problems = engine::check_visit_plan(problem, result); !problems.empty()) {
            throw Error("visit plan of " + base.id + " fails its own check: " + problems.front());
        }
        nlohmann::json missing = nlohmann::json::array();
        for (const auto& u : result.unscheduled) {
            const auto& a = accounts[members[u.account]];
            std::fprintf(stderr, "visits: %s: account %s not scheduled: %s\n", base.id.c_str(), a.id.c_str(), u.reason.c_str());
            missing.push_back({{"account_id", a.id}, {"reason", u.reason}});
        }
        unscheduled_total += result.unscheduled.size();
        for (std::uint32_t d = 0; d < result.days.size(); ++d) {
            const auto& day = result.days[d];
            if (day.stops.empty()) continue;
            geo::PlanRoute route;
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
                visits.push_back({members[stop.account], d + 1, k + 1, stop.arrival_min, stop.departure_min});
                drive_to(stop.account + 1);
            }
            drive_to(0);
            routes.push_back(std::move(route));
        }
        std::fprintf(stderr, "visits: %s: %zu accounts, %u days used, day %.0f min mean / %.0f max (ratio %.2f), %.0f min driving, %zu unscheduled%s\n",
                     base.id.c_str(), members.size(), result.days_used, result.mean_day_min, result.max_day_min,
                     result.balance_ratio(), result.drive_min, result.unscheduled.size(),
                     result.hit_time_limit ? " (time limit)" : "");
        reps.push_back({{"territory_id", base.id},
                        {"rep_name", base.name},
                        {"accounts", members.size()},
                        {"days_used", result.days_used},
                        {"mean_day_min", result.mean_day_min},
                        {"max_day_min", result.max_day_min},
                        {"balance_ratio", result.balance_ratio()},
                        {"drive_min", result.drive_min},
                        {"hit_time_limit", result.hit_time_limit},
                        {"unscheduled", missing}});
    }
    geo::PlanLayers layers;
    layers.units = &plan.units;
    layers.bases = &plan.bases;
    layers.accounts = &accounts;
    layers.territory_of_unit = plan.territory_of_unit;
    layers.visits = &visits;
    layers.routes = &routes;
    geo::write_plan_geopackage(layers, geo::territory_stats(layers), config.output);
    std::fprintf(stderr, "visits: %zu visits on %zu rep-days, %zu accounts unscheduled; wrote %s\n", visits.size(),
                 routes.size(), unscheduled_total, config.output.c_str());
    if (config.json) {
        const nlohmann::json summary = {{"days", config.days}, {"shift_min", shift_min}, {"visits", visits.size()},
                                        {"unscheduled", unscheduled_total}, {"reps", reps}};
        std::printf("%s\n", summary.dump(2).c_str());
    }
}
} // namespace

void add_visits_command(CLI::App& app) {
    auto config = std::make_shared<VisitsConfig>();
    auto* cmd = app.add_subcommand("visits", "Periodic visit plan per rep: visit days, daily routes from the base, balanced days");
    cmd->add_option("--plan", config->plan, "Plan GeoPackage from revir territories")->required()->check(CLI::ExistingFile);
    cmd->add_option("--accounts", config->accounts,
                    "Accounts CSV (id,lon,lat[,service_minutes,visits,weekdays,open,close]) or point layer")
        ->required();
    cmd->add_option("--accounts-crs", config->accounts_crs, "CRS of x,y columns in the accounts CSV");
    cmd->add_option("--graph", config->graph, "Road graph (.rvg, with a hierarchy for speed)")->required();
    cmd->add_option("--days", config->days, "Working days in the horizon (5 a week)")->capture_default_str();
    cmd->add_option("--shift", config->shift, "Shift length including driving (8h, 7h30, 450m)")->capture_default_str();
    cmd->add_option("--shift-start", config->shift_start, "When the shift starts (HH:MM)")->capture_default_str();
    cmd->add_option("--first-weekday", config->first_weekday, "Weekday of day 1 (1 = Monday … 5 = Friday)")->capture_default_str();
    cmd->add_option("--seed", config->seed, "Random seed")->capture_default_str();
    cmd->add_option("--time-limit", config->time_limit_s,
                    "Seconds per rep at most (past it, days keep their insertion order)")
        ->capture_default_str();
    cmd->add_option("--max-snap", config->max_snap_m, "Refuse an account or base farther than this from a road (metres)")
        ->capture_default_str();
    cmd->add_option("-o,--output", config->output, "GeoPackage to write (plan layers plus visits and routes)")->required();
    cmd->add_flag("--json", config->json, "Print a JSON summary per rep on stdout");
    cmd->callback([config] { run_visits(*config); });
}

} // namespace revir::tools
