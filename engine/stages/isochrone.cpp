#include "engine/stages/isochrone.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "engine/plan/limits.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"
#include "geo/io/geopackage.hpp"
#include "geo/io/qgis_style.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/query/reach.hpp"

namespace revir::engine {

std::vector<Isochrone> compute_isochrones(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                          const routing::SnappedPoint& from, std::vector<double> minutes,
                                          const geo::GeosContext& context, const geo::LineAreaOptions& options) {
    for (double m : minutes) require_within(m, limits::kBandMinutes, "isochrone minutes");
    require_within(options.buffer_m, limits::kBuffer, "isochrone buffer");
    std::sort(minutes.begin(), minutes.end());
    minutes.erase(std::unique(minutes.begin(), minutes.end()), minutes.end());
    const auto times = routing::times_from(graph, from, hierarchy);
    std::vector<Isochrone> bands;
    for (double m : minutes) {
        const auto limit = static_cast<routing::TimeMs>(std::llround(m * 60'000));
        Isochrone band;
        band.minutes = m;
        band.nodes_reached = static_cast<std::size_t>(std::count_if(times.begin(), times.end(), [&](routing::TimeMs t) { return t <= limit; }));
        auto area = geo::area_around_lines(context, routing::reached_lines(graph, from, times, limit), options);
        band.area = std::move(area.geometry);
        band.area_km2 = area.area_m2 / 1e6;
        bands.push_back(std::move(band));
    }
    return bands;
}

void write_isochrones(const std::vector<Isochrone>& bands, const geo::GeosContext& context, const std::string& path) {
    if (path.ends_with(".geojson") || path.ends_with(".json")) {
        GEOSGeoJSONWriter* writer = GEOSGeoJSONWriter_create_r(context.handle());
        nlohmann::json features = nlohmann::json::array();
        for (const auto& b : bands) {
            char* text = GEOSGeoJSONWriter_writeGeometry_r(context.handle(), writer, b.area.get(), -1);
            features.push_back({{"type", "Feature"},
                                {"properties", {{"minutes", b.minutes}, {"area_km2", b.area_km2}, {"nodes", b.nodes_reached}}},
                                {"geometry", nlohmann::json::parse(text)}});
            GEOSFree_r(context.handle(), text);
        }
        GEOSGeoJSONWriter_destroy_r(context.handle(), writer);
        geo::AtomicOutput file(path);
        // Largest band first, so that smaller ones are drawn on top.
        std::reverse(features.begin(), features.end());
        file.stream() << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() << '\n';
        file.commit();
        return;
    }
    if (!path.ends_with(".gpkg")) throw InputError(path + ": isochrones are written as .gpkg or .geojson");
    geo::GeoPackageWriter gpkg(path);
    auto& layer = gpkg.add_layer("isochrones", wkbMultiPolygon,
                                 {{"band", geo::FieldType::text}, {"minutes", geo::FieldType::real},
                                  {"area_km2", geo::FieldType::real}, {"nodes", geo::FieldType::integer}},
                                 &context);
    const auto label = [](double minutes) {
        char text[32];
        std::snprintf(text, sizeof text, "%g min", minutes);
        return std::string(text);
    };
    // Largest band first, so that QGIS draws the smaller ones on top.
    for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
        layer.add({label(it->minutes), it->minutes, it->area_km2, static_cast<std::int64_t>(it->nodes_reached)},
                  it->area.get());
    }
    std::vector<geo::StyleCategory> categories;
    const auto colors = geo::categorical_palette(bands.size());
    for (std::size_t i = 0; i < bands.size(); ++i) categories.push_back({label(bands[i].minutes), label(bands[i].minutes), colors[i]});
    gpkg.add_style("isochrones", "geom", geo::categorized_fill_style("band", categories, 0.35), "Isochrones by minutes");
    gpkg.commit();
}

StageReport run_isochrone(const IsochroneRequest& request, const Log& log) {
    if (request.minutes.empty()) throw InputError("--minutes needs at least one band");
    for (const double m : request.minutes) require_within(m, limits::kBandMinutes, "--minutes");
    require_within(request.buffer_m, limits::kBuffer, "--buffer");
    require_within(request.max_snap_m, limits::kMaxSnap, "--max-snap");
    const auto from = geo::parse_lat_lon(request.from);
    if (!from) throw InputError("--from '" + request.from + "' is not LAT,LON in degrees");
    geo::require_extension({"-o", request.output}, {".gpkg", ".geojson", ".json"}, "isochrones (GeoPackage or GeoJSON)");
    geo::OutputSet outputs({{"the graph", request.graph}});
    const auto output = outputs.reserve({"-o", request.output});
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(request.graph, hierarchy);
    const routing::Snapper snapper(graph);
    const auto start = snapper.snap(*from, request.max_snap_m, "--from");
    geo::GeosContext context;
    geo::LineAreaOptions options;
    options.buffer_m = request.buffer_m;
    const auto bands = compute_isochrones(graph, hierarchy ? &*hierarchy : nullptr, start, request.minutes, context, options);
    write_isochrones(bands, context, output);
    outputs.commit();
    StageReport report;
    report.summary["bands"] = nlohmann::json::array();
    for (const auto& b : bands) {
        say(log, fmt::format("isochrone: {:5.1f} min  {:8.2f} km²  {:7} road nodes", b.minutes, b.area_km2, b.nodes_reached));
        report.summary["bands"].push_back({{"minutes", b.minutes}, {"area_km2", b.area_km2}, {"nodes", b.nodes_reached}});
    }
    say(log, "isochrone: wrote " + request.output);
    report.summary["output"] = request.output;
    return report;
}

} // namespace revir::engine
