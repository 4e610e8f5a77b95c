#include "engine/stages/territories.hpp"

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "engine/plan/limits.hpp"
#include "engine/plan/plan_export.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"
#include "geo/units/unit_output.hpp"
#include "routing/graph_file/graph_file.hpp"

namespace revir::engine {

namespace {

std::string first_ids(const std::vector<std::string>& ids, std::size_t limit = 10) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < limit; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > limit) out += fmt::format(", … ({} more)", ids.size() - limit);
    return out;
}

nlohmann::json units_report(const UnitsRequest& request, const MapInputs& in) {
    nlohmann::json island_links = nlohmann::json::array();
    std::size_t touching = 0;
    for (const auto& l : in.links) {
        if (l.kind == geo::LinkKind::rook || l.kind == geo::LinkKind::queen) ++touching;
        if (l.kind != geo::LinkKind::island_link) continue;
        island_links.push_back({{"unit", in.units.units[l.a].id}, {"neighbour", in.units.units[l.b].id}, {"gap_m", l.distance_m}});
    }
    nlohmann::json report = {{"input", request.units.path},
                             {"output", request.output},
                             {"features", in.load.features_read},
                             {"units", in.units.units.size()},
                             {"source_crs", in.load.source_crs},
                             {"equal_area_crs", in.units.metric_crs},
                             {"repaired", in.load.repaired},
                             {"dropped_empty", in.load.dropped_empty},
                             {"weights_taken_as_zero", in.load.zeroed},
                             {"adjacent_pairs", touching},
                             {"gap_links", in.adjacency.gap_links},
                             {"components_before_linking", in.adjacency.components},
                             {"isolated_units", in.adjacency.isolated_units},
                             {"island_links", island_links},
                             {"accounts", in.accounts.size()},
                             {"orphan_accounts", in.orphans},
                             {"load_seconds", in.load.seconds},
                             {"adjacency_seconds", in.adjacency.seconds}};
    const auto totals = in.units.totals();
    for (std::size_t k = 0; k < totals.size(); ++k) report["total_weight"][in.units.weight_names[k]] = totals[k];
    return report;
}

void log_units(const MapInputs& in, const nlohmann::json& report, const std::string& output, const Log& log) {
    if (!log) return;
    std::string weights;
    for (const auto& [name, total] : report["total_weight"].items()) weights += fmt::format(" {}={:.0f}", name, total.get<double>());
    log("units: total weight" + weights);
    log(fmt::format("units: repaired {}{}{}", in.load.repaired.size(), in.load.repaired.empty() ? "" : ": ",
                    first_ids(in.load.repaired)));
    log(fmt::format("units: dropped {} without geometry{}{}", in.load.dropped_empty.size(),
                    in.load.dropped_empty.empty() ? "" : ": ", first_ids(in.load.dropped_empty)));
    log(fmt::format("units: {} adjacent pairs, {} gap links; {} components ({} isolated units) joined by {} island links",
                    report["adjacent_pairs"].get<std::size_t>(), in.adjacency.gap_links, in.adjacency.components,
                    in.adjacency.isolated_units, in.adjacency.island_links));
    for (const auto& link : report["island_links"]) {
        log(fmt::format("units:   island link {} - {} across {:.0f} m", link["unit"].get<std::string>(),
                        link["neighbour"].get<std::string>(), link["gap_m"].get<double>()));
    }
    if (!in.orphans.empty()) log("units: orphan accounts attached to their nearest unit: " + first_ids(in.orphans));
    log(fmt::format("units: wrote {} in {:.2f} s", output, in.load.seconds + in.adjacency.seconds));
}

// Every number of a unit source in its range (engine/plan/limits.hpp).
void check_unit_source(const UnitSource& units) {
    require_within(units.tolerance_m, limits::kTolerance, "--tolerance");
    require_within(units.link_gaps_m, limits::kLinkGaps, "--link-gaps");
}

// The design's settings, checked, with the measure the request asks for or implies.
TerritorySettings settings_of(const TerritoriesRequest& request) {
    const auto& s = request.settings;
    check_unit_source(request.units);
    if (s.free_centres > 0) require_within(std::uint64_t{s.free_centres}, limits::kFreeCentres, "--reps");
    if (s.max_distance) require_within(*s.max_distance, limits::kMaxDistance, "--max-distance");
    if (s.soft_penalty) {
        if (!s.max_distance) throw InputError("--soft needs --max-distance, the distance it softens");
        require_within(*s.soft_penalty, limits::kSoftPenalty, "--soft");
    }
    if (request.realignment.limits.move_penalty) {
        require_within(*request.realignment.limits.move_penalty, limits::kMovePenalty, "--move-penalty");
    }
    require_within(s.time_limit_s, limits::kTimeLimit, "--time-limit");
    require_within(std::uint64_t{s.rounds}, limits::kRounds, "--rounds");
    require_within(std::uint64_t{s.threads}, limits::kThreads, "--threads");
    require_within(s.max_snap_m, limits::kMaxSnap, "--max-snap");
    require_within(s.unit_max_snap_m, limits::kUnitMaxSnap, "--unit-max-snap");
    if (request.graph.empty() == !request.crowfly) {
        throw InputError("give either --graph REGION.rvg (drive times) or --crowfly (straight-line distances)");
    }
    if ((request.settings.free_centres > 0) == !request.bases.path.empty()) throw InputError("give either --bases BASES.csv or --reps K");
    if (request.settings.free_centres > 0 && !request.realignment.current_plan.empty()) {
        throw InputError("--current needs --bases (the current plan's territories)");
    }
    if (request.settings.balance.empty()) throw InputError("give at least one balance criterion (--balance FIELD:TOL)");
    TerritorySettings settings = request.settings;
    settings.measure = request.objective.value_or(request.graph.empty() ? Measure::distance : Measure::drive_time);
    if (settings.measure == Measure::drive_time && request.graph.empty()) {
        throw InputError("--objective time needs --graph REGION.rvg (or use distance with --crowfly)");
    }
    return settings;
}

std::string csv_path(const std::string& given, const std::string& output) {
    return !given.empty() ? given : std::filesystem::path(output).replace_extension(".csv").string();
}

} // namespace

StageReport run_units(const UnitsRequest& request, const Log& log) {
    check_unit_source(request.units);
    geo::require_extension({"-o", request.output}, {".gpkg"}, "a units GeoPackage");
    geo::OutputSet outputs({{"the units", request.units.path}, {"--accounts", request.accounts.path}});
    const auto output = outputs.reserve({"-o", request.output});
    UnitSource source = request.units;
    source.reuse_written_adjacency = false; // making the adjacency is this stage's job
    const auto in = load_map_inputs(source, {}, request.accounts, log);
    geo::write_units_geopackage(in.units, in.links, output, in.accounts.empty() ? nullptr : &in.accounts);
    outputs.commit();
    StageReport report;
    report.summary = units_report(request, in);
    log_units(in, report.summary, request.output, log);
    return report;
}

StageReport run_territories(const TerritoriesRequest& request, const Log& log) {
    const auto settings = settings_of(request);
    const Deadline started = Deadline::in(settings.time_limit_s); // the limit is the command's
    const auto& realignment = request.realignment;
    const auto csv = csv_path(request.assignments_csv, request.output);
    geo::require_extension({"-o", request.output}, {".gpkg"}, "a plan GeoPackage");
    geo::require_extension({"--assignments-csv", csv}, {".csv"}, "a CSV table");
    geo::OutputSet outputs({{"--units", request.units.path},
                            {"--accounts", request.accounts.path},
                            {"--bases", request.bases.path},
                            {"--graph", request.graph},
                            {"--current", realignment.current_plan}});
    const auto output = outputs.reserve({"-o", request.output});
    const auto csv_output = outputs.reserve({"--assignments-csv", csv});
    std::vector<std::string> weights;
    for (const auto& b : settings.balance) weights.push_back(b.field);
    weights.push_back(settings.objective_weight);
    const auto in = load_map_inputs(request.units, weights, request.accounts, log);
    auto bases = request.bases.path.empty() ? std::vector<geo::Base>{} : load_bases(request.bases, in.units, log);
    std::optional<routing::ContractionHierarchy> hierarchy;
    std::optional<routing::RoadGraph> graph;
    if (settings.measure == Measure::drive_time) graph = routing::read_graph_file(request.graph, hierarchy);
    const RoadNetwork network{graph ? &*graph : nullptr, hierarchy ? &*hierarchy : nullptr};
    const auto design = design_plan(settings, request.seed, realignment, in.units, in.links, std::move(bases), network, log, started);
    const auto layers = plan_layers(design, in.units, in.links, &in.accounts);
    const auto stats = territory_stats(layers, &design.problem);
    write_plan_geopackage(layers, stats, output);
    write_assignment_csv(layers, csv_output);
    outputs.commit();
    log_design(design, stats, log);
    say(log, fmt::format("territories: wrote {} and {}", request.output, csv));
    StageReport report;
    report.summary = design_summary(design, stats, request.seed);
    report.summary["seconds"] = design.seconds;
    report.summary["output"] = request.output;
    report.summary["assignments_csv"] = csv;
    report.infeasible = infeasibility(design.plan);
    return report;
}

} // namespace revir::engine
