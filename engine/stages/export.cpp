#include "engine/stages/export.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "engine/plan/plan_export.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"

namespace revir::engine {

namespace {

void log_export(const std::vector<TerritoryStats>& territories, const std::vector<geo::Base>& bases,
                const geo::UnitSet& units, const Log& log) {
    if (!log) return;
    for (const auto& t : territories) {
        std::string line = fmt::format("export: {:<10} {:4} units", bases[t.base.value()].id, t.units);
        for (std::size_t k = 0; k < t.load.size(); ++k) {
            line += fmt::format("  {} {:.0f} ({:+.1f} %)", units.weight_names[k], t.load[k], t.deviation_pct[k]);
        }
        log(line + fmt::format("  PP {:.2f}{}", t.polsby_popper, t.contiguous ? "" : "  NOT CONTIGUOUS"));
    }
}

} // namespace

StageReport run_export(const ExportRequest& request, const Log& log) {
    geo::OutputSet outputs({{"--units", request.units.path},
                            {"--accounts", request.accounts.path},
                            {"--bases", request.bases.path},
                            {"--assignment", request.assignment}});
    const bool geopackage = request.format == "gpkg";
    std::string output;
    if (geopackage) {
        geo::require_extension({"-o", request.output}, {".gpkg"}, "a GeoPackage");
        output = outputs.reserve({"-o", request.output});
    } else if (request.format != "geojson" && request.format != "shapefile") {
        throw InputError("unknown export format '" + request.format + "' (gpkg, geojson, shapefile)");
    }
    std::string csv;
    if (!request.assignments_csv.empty()) {
        geo::require_extension({"--assignments-csv", request.assignments_csv}, {".csv"}, "a CSV table");
        csv = outputs.reserve({"--assignments-csv", request.assignments_csv});
    }
    const auto in = load_map_inputs(request.units, {}, request.accounts, log);
    const auto bases = load_bases(request.bases, in.units, log);
    PlanLayers plan;
    plan.units = &in.units;
    plan.bases = &bases;
    plan.accounts = in.accounts.empty() ? nullptr : &in.accounts;
    plan.adjacency = &in.links;
    plan.territory_of_unit = read_unit_assignment(request.assignment, in.units, bases);
    const auto territories = territory_stats(plan);
    if (geopackage) {
        write_plan_geopackage(plan, territories, output);
    } else {
        // Through a scratch GeoPackage beside the output folder (never committed, so
        // always removed), then one file per layer in the folder.
        std::filesystem::path folder(request.output);
        if (!folder.has_filename()) folder = folder.parent_path(); // "out/"
        std::error_code ec;
        const bool made = std::filesystem::create_directories(folder, ec);
        try {
            const geo::AtomicOutput scratch(folder.string() + ".export.gpkg", geo::AtomicOutput::Temporary::library);
            write_plan_geopackage(plan, territories, scratch.temporary());
            translate_plan(scratch.temporary(), folder.string(), request.format, outputs);
        } catch (...) {
            if (made) std::filesystem::remove(folder, ec); // only if still empty
            throw;
        }
    }
    if (!csv.empty()) write_assignment_csv(plan, csv);
    outputs.commit();
    log_export(territories, bases, in.units, log);
    say(log, "export: wrote " + request.output);
    StageReport report;
    report.summary = {{"output", request.output}, {"territories", territories.size()}};
    return report;
}

} // namespace revir::engine
