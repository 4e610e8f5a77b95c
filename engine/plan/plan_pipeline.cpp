#include "engine/plan/plan_pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "engine/plan/plan_report.hpp"
#include "geo/core/cpus.hpp"
#include "geo/core/version.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"
#include "geo/digest/file_digest.hpp"
#include "engine/plan/plan_export.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/graph/profile.hpp"

namespace revir::engine {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return in ? s.str() : std::string();
}

void write_text(const std::string& path, const std::string& text) {
    geo::AtomicOutput file(path);
    file.stream() << text;
    file.commit();
}

struct LoadedGraph {
    routing::RoadGraph graph;
    std::optional<routing::ContractionHierarchy> hierarchy;
};

// The road graph: reused when a graph file beside a fingerprint of the same
// extract, profile and program exists (the configured cache, or the previous
// run's output folder), else imported and contracted.
LoadedGraph road_graph(const PlanConfig& config, const std::string& folder, PlanOutcome& out, const Log& log) {
    const auto profile = routing::Profile::load(config.profile);
    out.osm_digest = geo::digest_file(config.osm);
    const auto& extract = out.osm_digest;
    const std::string fingerprint =
        fmt::format("osm sha256 {} size {}; profile {} {:016x}; graph format {}; {}\n", extract.sha256, extract.size,
                    profile.name(), profile.fingerprint(), routing::kGraphFormatVersion, version_string());
    const bool cached = !config.graph.empty();
    const fs::path previous = cached ? fs::path(config.graph) : fs::path(config.output) / kRoadGraph;
    const fs::path target = cached ? fs::path(config.graph) : fs::path(folder) / kRoadGraph;
    const auto sidecar = [](const fs::path& p) { return p.string() + ".fingerprint"; };
    if (cached && fs::exists(target) && !fs::exists(sidecar(target))) {
        throw InputError(fmt::format("inputs.graph: {} exists but no run of revir plan made it (no {}); remove it or "
                                     "choose another path",
                                     target.string(), sidecar(target)));
    }
    // The sidecar says which extract and profile; the graph's own header must agree.
    auto matches = [&](const fs::path& p) {
        if (!fs::exists(p) || read_text(sidecar(p)) != fingerprint) return false;
        try {
            const auto header = routing::read_graph_file_header(p.string());
            return header.metadata.profile_fingerprint == profile.fingerprint() && header.metadata.source_size == extract.size;
        } catch (const Error&) {
            return false;
        }
    };
    LoadedGraph g;
    if (matches(previous)) {
        if (previous != target) {
            std::error_code ec;
            fs::create_hard_link(previous, target, ec);
            if (ec) fs::copy_file(previous, target, fs::copy_options::overwrite_existing);
            write_text(sidecar(target), fingerprint);
        }
        say(log, fmt::format("road graph: {} matches the extract and profile; reused", previous.string()));
        g.graph = routing::read_graph_file(target.string(), g.hierarchy);
        out.graph_reused = true;
    } else {
        say(log, fmt::format("road graph: importing {} ({:.1f} MB, profile {})", config.osm, extract.size / 1e6, profile.name()));
        Progress progress(log);
        routing::ImportReport report;
        g.graph = routing::import_osm(config.osm, profile, report, progress);
        g.hierarchy = routing::build_contraction_hierarchy(g.graph, progress);
        if (cached) fs::create_directories(target.parent_path());
        // The old fingerprint goes first: a run killed in between leaves a graph
        // without one, which is never reused.
        fs::remove(sidecar(target));
        routing::write_graph_file(g.graph, target.string(), &*g.hierarchy);
        write_text(sidecar(target), fingerprint);
        say(log, "road graph: " + report.summary());
    }
    out.graph_path = cached ? target.string() : (fs::path(config.output) / kRoadGraph).string(); // where it ends up
    out.graph_nodes = g.graph.node_count();
    return g;
}

// Units with every weight the balance and the objective name, and their adjacency.
void read_units(const PlanConfig& config, PlanOutcome& out, const Log& log) {
    std::vector<std::string> weights;
    for (const auto& b : config.territories.balance) weights.push_back(b.field);
    weights.push_back(config.territories.objective_weight);
    out.map = load_units(config.units, weights, true, log);
}

// The accounts located in the units (adding their weights), and the bases.
void read_points(const PlanConfig& config, PlanOutcome& out, const Log& log) {
    add_accounts(config.accounts, out.map, log);
    out.design.bases = load_bases(config.bases, out.map.units, log);
}

void design(const PlanConfig& config, const LoadedGraph& g, PlanOutcome& out, const Log& log) {
    const RoadNetwork network{&g.graph, g.hierarchy ? &*g.hierarchy : nullptr};
    out.design = design_plan(config.territories, config.seed, {config.current_plan, config.realignment}, out.map.units,
                             out.map.links, std::move(out.design.bases), network, log);
    const auto& ev = out.design.plan.evaluation;
    say(log, fmt::format("territories: objective {:.6g}, {}, max deviation {:.2f} %{}{}",
                    ev.objective, certificate_text(out.design.plan.bound, out.design.plan.gap_percent, 2), ev.max_deviation_pct,
                    out.design.current.empty() ? "" : fmt::format(", {} units moved", ev.moved_units),
                    ev.feasible ? "" : "; NO FEASIBLE PLAN"));
}

void plan_visits_stage(const PlanConfig& config, const LoadedGraph& g, PlanOutcome& out, const Log& log) {
    VisitSettings s;
    s.days = config.visits.days;
    s.first_weekday = config.visits.first_weekday;
    s.shift_start_min = config.visits.shift_start_min;
    s.shift_min = config.visits.shift_min;
    s.seed = config.seed;
    s.time_limit_s = config.visits.time_limit_s;
    s.max_snap_m = config.visits.max_snap_m;
    out.visits = plan_territory_visits(
        g.graph, g.hierarchy ? &*g.hierarchy : nullptr, out.design.bases, out.design.plan.assignment, out.map.accounts, s,
        [&](const RepVisits& rep) {
            const auto& p = rep.plan;
            say(log, fmt::format("visits: {}: {} accounts, {} visits on {} days, day {:.0f} min mean / {:.0f} max, "
                            "{:.0f} min driving, {} unscheduled{}",
                            out.design.bases[rep.territory.value()].id, rep.accounts.size(), rep.visits(), p.days_used, p.mean_day_min,
                            p.max_day_min, p.drive_min, p.unscheduled.size(), p.hit_time_limit ? " (time limit)" : ""));
        });
}

PlanLayers layers_of(const PlanOutcome& out) {
    auto layers = plan_layers(out.design, out.map.units, out.map.links, &out.map.accounts);
    if (!out.visits.reps.empty()) {
        layers.visits = &out.visits.visits;
        layers.routes = &out.visits.routes;
    }
    return layers;
}

// A file's size and SHA-256; a Shapefile's with its attribute, index and
// projection files (the weights live in the .dbf).
nlohmann::json input_entry(const std::string& path, const geo::FileDigest* known = nullptr) {
    nlohmann::json files = nlohmann::json::array();
    auto add = [&](const fs::path& p) {
        const auto d = known != nullptr && p == fs::path(path) ? *known : geo::digest_file(p.string());
        files.push_back({{"path", p.string()}, {"bytes", d.size}, {"sha256", d.sha256}});
    };
    fs::path p(path);
    if (fs::is_directory(p)) { // a File Geodatabase and the like: every file in it
        std::vector<fs::path> inside;
        for (const auto& e : fs::recursive_directory_iterator(p)) {
            if (e.is_regular_file()) inside.push_back(e.path());
        }
        std::sort(inside.begin(), inside.end());
        for (const auto& f : inside) add(f);
        return files;
    }
    add(path);
    if (p.extension() == ".shp") {
        for (const char* ext : {".dbf", ".shx", ".prj", ".cpg"}) {
            if (auto side = fs::path(p).replace_extension(ext); fs::exists(side)) add(side);
        }
    }
    return files.size() == 1 ? files[0] : files;
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// Whether a time limit cut a stage short: such a run depends on the machine's speed.
bool time_limit_hit(const PlanOutcome& out) {
    if (out.design.plan.hit_time_limit) return true;
    for (const auto& r : out.visits.reps) {
        if (r.plan.hit_time_limit) return true;
    }
    return false;
}

std::string reproduce_command(const PlanConfig& config) {
    std::string command = "revir plan " + config.file;
    for (const auto& o : config.overrides) command += " --set '" + o + "'";
    return command + " -o " + config.output;
}

void write_manifest(const PlanConfig& config, const PlanOutcome& out, const std::string& folder) {
    nlohmann::json inputs = {{"config", input_entry(config.file)},
                             {"osm", input_entry(config.osm, &out.osm_digest)},
                             {"units", input_entry(config.units.path)},
                             {"accounts", input_entry(config.accounts.path)},
                             {"bases", input_entry(config.bases.path)}};
    if (!config.current_plan.empty()) inputs["current_plan"] = input_entry(config.current_plan);
    if (fs::exists(config.profile)) inputs["profile"] = input_entry(config.profile);
    nlohmann::json stages = nlohmann::json::array();
    double total = 0;
    for (const auto& s : out.stages) {
        stages.push_back({{"stage", s.name}, {"seconds", s.seconds}});
        total += s.seconds;
    }
    nlohmann::json outputs = nlohmann::json::object();
    for (const char* name : {kPlanGeoPackage, kAssignmentsCsv, kReportHtml}) {
        const auto d = geo::digest_file((fs::path(folder) / name).string());
        outputs[name] = {{"bytes", d.size}, {"sha256", d.sha256}};
    }
    const nlohmann::json manifest = {
        {"program", version_string()},
        {"created_utc", utc_now()},
        {"seed", config.seed},
        {"inputs", inputs},
        {"parameters", config.parameters},
        {"road_graph", {{"path", out.graph_path}, {"reused", out.graph_reused}, {"nodes", out.graph_nodes}}},
        {"stages", stages},
        {"total_seconds", total},
        {"outputs", outputs},
        {"overrides", config.overrides},
        {"threads", resolve_threads(config.territories.threads)},
        {"searches", config.territories.threads == 0 ? kDefaultSearches : config.territories.threads},
        {"time_limit_hit", time_limit_hit(out)},
        {"reproduce", reproduce_command(config)},
    };
    write_text((fs::path(folder) / kManifestJson).string(), manifest.dump(2) + "\n");
}

} // namespace

PlanOutcome run_plan(const PlanConfig& config, const std::string& folder, const Log& log) {
    PlanOutcome out;
    auto stage = [&](const char* name, const std::function<void()>& work) {
        say(log, fmt::format("== {} ==", name));
        const auto start = Clock::now();
        work();
        out.stages.push_back({name, seconds_since(start)});
    };
    LoadedGraph g;
    stage("road graph", [&] { g = road_graph(config, folder, out, log); });
    stage("units", [&] { read_units(config, out, log); });
    stage("accounts and bases", [&] { read_points(config, out, log); });
    stage("territories", [&] { design(config, g, out, log); });
    if (config.visits.enabled) stage("visits", [&] { plan_visits_stage(config, g, out, log); });
    stage("export", [&] {
        const auto layers = layers_of(out);
        out.stats = territory_stats(layers, &out.design.problem);
        const auto path = [&](const char* name) { return (fs::path(folder) / name).string(); };
        engine::write_plan_geopackage(layers, out.stats, path(kPlanGeoPackage));
        engine::write_assignment_csv(layers, path(kAssignmentsCsv));
        write_plan_report(config, out, path(kReportHtml));
        say(log, fmt::format("export: {}, {} and {}", kPlanGeoPackage, kAssignmentsCsv, kReportHtml));
    });
    if (time_limit_hit(out)) {
        say(log, "note: a time limit cut the search short, so another machine (or a busier one) may find another plan; "
            "raise territories.time_limit / visits.time_limit for a reproducible run");
    }
    write_manifest(config, out, folder);
    return out;
}

nlohmann::json plan_summary(const PlanConfig& config, const PlanOutcome& out) {
    auto summary = design_summary(out.design, out.stats, config.seed);
    for (auto& t : summary["territories"]) {
        for (const auto& rep : out.visits.reps) {
            if (out.design.bases[rep.territory.value()].id != t["territory_id"]) continue;
            t["visits"] = {{"visits", rep.visits()},
                           {"days_used", rep.plan.days_used},
                           {"mean_day_min", rep.plan.mean_day_min},
                           {"max_day_min", rep.plan.max_day_min},
                           {"drive_min", rep.plan.drive_min},
                           {"unscheduled", rep.plan.unscheduled.size()}};
        }
    }
    nlohmann::json stages = nlohmann::json::object();
    for (const auto& s : out.stages) stages[s.name] = s.seconds;
    summary["output"] = config.output;
    summary["visits"] = out.visits.visits.size();
    summary["unscheduled"] = out.visits.unscheduled();
    summary["road_graph_reused"] = out.graph_reused;
    summary["seconds"] = stages;
    return summary;
}

} // namespace revir::engine
