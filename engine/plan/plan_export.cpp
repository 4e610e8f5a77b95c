#include "engine/plan/plan_export.hpp"

#include <gdal_utils.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <unordered_map>

#include <fmt/format.h>

#include "geo/core/atomic_output.hpp"
#include "geo/core/csv.hpp"
#include "geo/core/error.hpp"
#include "geo/io/geopackage.hpp"
#include "geo/io/qgis_style.hpp"
#include "geo/units/unit_output.hpp"

namespace revir::engine {

using namespace revir::geo;

namespace {

// Clock minutes as HH:MM.
std::string clock_text(double minutes) {
    const auto m = static_cast<long>(std::lround(minutes));
    return fmt::format("{:02}:{:02}", m / 60, m % 60);
}


GeosGeometry dissolve(const GeosContext& ctx, const std::vector<const GEOSGeometry*>& parts) {
    const auto h = ctx.handle();
    std::vector<GEOSGeometry*> clones;
    for (const auto* g : parts) clones.push_back(GEOSGeom_clone_r(h, g));
    const auto collection = own(ctx,
                                GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                            static_cast<unsigned>(clones.size())),
                                "collection");
    auto merged = own(ctx, GEOSUnaryUnion_r(h, collection.get()), "union");
    return polygonal_part(ctx, merged.get());
}

// The plan's map as a problem whose criteria are every weight field: what
// territory_loads needs for the figures (no search runs on it).
TerritoryProblem map_view(const PlanLayers& plan, const TerritoryProblem* design) {
    const UnitSet& set = *plan.units;
    TerritoryProblem p;
    p.unit_count = set.units.size();
    p.territory_count = plan.bases->size();
    for (std::size_t k = 0; k < set.weight_names.size(); ++k) {
        BalanceCriterion c;
        c.name = set.weight_names[k];
        for (const auto& u : set.units) c.weight.push_back(u.weights[k]);
        p.criteria.push_back(std::move(c));
    }
    for (const auto& b : *plan.bases) p.capacity.push_back(b.capacity);
    IndexVector<UnitIndex, std::vector<UnitIndex>> adjacent(p.unit_count);
    for (const auto& link : *plan.adjacency) { // geo's links hold plain unit positions
        const UnitIndex a(link.a), b(link.b);
        adjacent[a].push_back(b);
        adjacent[b].push_back(a);
    }
    set_adjacency(p, std::move(adjacent));
    if (design != nullptr) {
        p.distance = design->distance;
        p.objective_weight = design->objective_weight;
        p.measure = design->measure;
    }
    return p;
}

std::vector<StyleCategory> territory_categories(const std::vector<Base>& bases) {
    const auto colors = categorical_palette(bases.size());
    std::vector<StyleCategory> out;
    for (std::size_t i = 0; i < bases.size(); ++i) out.push_back({bases[i].id, bases[i].id + " – " + bases[i].name, colors[i]});
    return out;
}

} // namespace

std::vector<TerritoryStats> territory_stats(const PlanLayers& plan, const TerritoryProblem* design) {
    const UnitSet& set = *plan.units;
    const auto& bases = *plan.bases;
    const GeosContext& ctx = *set.context;
    if (plan.adjacency == nullptr) throw std::logic_error("territory_stats needs the adjacency");
    // Per territory (= base index); the unit set and the bases are plain vectors.
    IndexVector<TerritoryIndex, std::vector<std::uint32_t>> members(bases.size());
    for (UnitIndex u : indices<UnitIndex>(set.units.size())) {
        const TerritoryIndex t = plan.territory_of_unit.at(u);
        if (t.value() >= bases.size()) throw InputError("unit '" + set.units[u.value()].id + "' has no territory");
        members[t].push_back(u.value());
    }
    auto loads = territory_loads(map_view(plan, design), plan.territory_of_unit);
    std::vector<TerritoryStats> out(bases.size());
    for (TerritoryIndex t : members.indices()) {
        TerritoryStats& s = out[t.value()];
        static_cast<TerritoryLoad&>(s) = std::move(loads[t]);
        s.base = t;
        if (members[t].empty()) continue;
        std::vector<const GEOSGeometry*> wgs84, metric;
        for (auto u : members[t]) {
            wgs84.push_back(set.units[u].geometry.get());
            metric.push_back(set.units[u].metric.get());
        }
        s.shape = dissolve(ctx, wgs84);
        const auto metric_shape = dissolve(ctx, metric);
        GEOSArea_r(ctx.handle(), metric_shape.get(), &s.area_m2);
        GEOSLength_r(ctx.handle(), metric_shape.get(), &s.perimeter_m);
        s.polsby_popper = s.perimeter_m > 0 ? 4 * std::numbers::pi * s.area_m2 / (s.perimeter_m * s.perimeter_m) : 0;
    }
    if (plan.accounts != nullptr) {
        for (const auto& a : *plan.accounts) ++out[plan.territory_of_unit.at(a.unit).value()].accounts;
    }
    return out;
}

void write_plan_geopackage(const PlanLayers& plan, const std::vector<TerritoryStats>& territories,
                           const std::string& path) {
    const UnitSet& set = *plan.units;
    const auto& bases = *plan.bases;
    const GeosContext* ctx = set.context.get();
    const auto categories = territory_categories(bases);
    GeoPackageWriter gpkg(path);

    std::vector<FieldSpec> fields = {{"territory_id", FieldType::text}, {"rep_id", FieldType::text},
                                     {"rep_name", FieldType::text},     {"capacity", FieldType::real},
                                     {"units", FieldType::integer},     {"accounts", FieldType::integer}};
    for (const auto& w : set.weight_names) {
        fields.push_back({"load_" + w, FieldType::real});
        fields.push_back({"target_" + w, FieldType::real});
        fields.push_back({"dev_" + w + "_pct", FieldType::real});
    }
    for (const char* f : {"area_km2", "polsby_popper"}) fields.push_back({f, FieldType::real});
    fields.push_back({"contiguous", FieldType::boolean});
    const std::string& du = plan.distance_unit;
    if (!du.empty()) {
        for (const std::string f : {"weighted_", "mean_", "max_"}) fields.push_back({f + du, FieldType::real});
    }
    auto& layer = gpkg.add_layer("territories", wkbMultiPolygon, fields, ctx);
    for (const auto& t : territories) {
        const Base& b = bases[t.base.value()];
        std::vector<FieldValue> v = {b.id, b.id, b.name, b.capacity, static_cast<std::int64_t>(t.units),
                                     static_cast<std::int64_t>(t.accounts)};
        for (std::size_t k = 0; k < t.load.size(); ++k) v.insert(v.end(), {t.load[k], t.target[k], t.deviation_pct[k]});
        v.insert(v.end(), {t.area_m2 / 1e6, t.polsby_popper});
        v.emplace_back(t.contiguous);
        if (!du.empty()) v.insert(v.end(), {t.weighted_distance, t.mean_distance, t.max_distance});
        layer.add(v, t.shape.get());
    }
    gpkg.add_style("territories", "geom", categorized_fill_style("territory_id", categories, 0.55, "rep_name"),
                   "Territories by rep (colour-blind-safe palette)");

    std::vector<FieldSpec> unit_fields = {{"unit_id", FieldType::text}, {"name", FieldType::text},
                                          {"territory_id", FieldType::text}};
    for (const auto& w : set.weight_names) unit_fields.push_back({w, FieldType::real});
    auto& units = gpkg.add_layer("units", wkbMultiPolygon, unit_fields, ctx);
    for (UnitIndex u : indices<UnitIndex>(set.units.size())) {
        const Unit& unit = set.units[u.value()];
        std::vector<FieldValue> v = {unit.id, unit.name, bases[plan.territory_of_unit[u].value()].id};
        for (double w : unit.weights) v.emplace_back(w);
        units.add(v, unit.geometry.get());
    }
    gpkg.add_style("units", "geom", outline_style({110, 110, 110}, 0.15), "Unit outlines");
    add_adjacency_table(gpkg, set, *plan.adjacency); // what the plan was designed on, for the stages after it

    auto& base_layer = gpkg.add_layer("bases", wkbPoint,
                                      {{"base_id", FieldType::text}, {"name", FieldType::text},
                                       {"capacity", FieldType::real}, {"unit_id", FieldType::text}},
                                      ctx);
    for (const auto& b : bases) {
        const auto point = own(*ctx, GEOSGeom_createPointFromXY_r(ctx->handle(), b.location.lon(), b.location.lat()), "point");
        std::vector<FieldValue> v;
        v.emplace_back(b.id);
        v.emplace_back(b.name);
        v.emplace_back(b.capacity);
        if (b.unit.is_none()) {
            v.emplace_back(std::monostate{});
        } else {
            v.emplace_back(set.units[b.unit.value()].id);
        }
        base_layer.add(v, point.get());
    }
    gpkg.add_style("bases", "geom", labelled_marker_style({20, 20, 20}, "name"), "Reps' home bases");

    auto& account_layer = gpkg.add_layer("accounts", wkbPoint,
                                         {{"account_id", FieldType::text}, {"unit_id", FieldType::text},
                                          {"territory_id", FieldType::text}, {"potential", FieldType::real},
                                          {"service_min", FieldType::real}, {"visits", FieldType::real},
                                          {"orphan", FieldType::boolean}, {"day", FieldType::integer},
                                          {"sequence", FieldType::integer}, {"arrival", FieldType::text},
                                          {"departure", FieldType::text}},
                                         ctx);
    // First visit per account (visits are given day by day, in order).
    std::vector<const PlanVisit*> first_visit(plan.accounts != nullptr ? plan.accounts->size() : 0, nullptr);
    if (plan.visits != nullptr) {
        for (const auto& visit : *plan.visits) {
            auto& first = first_visit.at(visit.account);
            if (first == nullptr || visit.day < first->day) first = &visit;
        }
    }
    if (plan.accounts != nullptr) {
        for (std::size_t i = 0; i < plan.accounts->size(); ++i) {
            const auto& a = (*plan.accounts)[i];
            const auto point = own(*ctx, GEOSGeom_createPointFromXY_r(ctx->handle(), a.location.lon(), a.location.lat()), "point");
            std::vector<FieldValue> v;
            v.emplace_back(a.id);
            v.emplace_back(set.units[a.unit.value()].id);
            v.emplace_back(bases[plan.territory_of_unit[a.unit].value()].id);
            v.emplace_back(a.potential);
            v.emplace_back(a.service_minutes);
            v.emplace_back(a.visits);
            v.emplace_back(a.orphan);
            if (const PlanVisit* first = first_visit[i]) { // empty until visit planning fills them
                v.emplace_back(static_cast<std::int64_t>(first->day));
                v.emplace_back(static_cast<std::int64_t>(first->sequence));
                v.emplace_back(clock_text(first->arrival_min));
                v.emplace_back(clock_text(first->departure_min));
            }
            account_layer.add(v, point.get());
        }
    }
    gpkg.add_style("accounts", "geom", categorized_point_style("territory_id", categories, 1.8), "Accounts by territory");

    if (plan.visits != nullptr && plan.accounts != nullptr) {
        auto& visit_layer = gpkg.add_layer("visits", wkbPoint,
                                           {{"account_id", FieldType::text}, {"territory_id", FieldType::text},
                                            {"day", FieldType::integer}, {"sequence", FieldType::integer},
                                            {"arrival", FieldType::text}, {"departure", FieldType::text}},
                                           ctx);
        for (const auto& visit : *plan.visits) {
            const auto& a = plan.accounts->at(visit.account);
            const auto point = own(*ctx, GEOSGeom_createPointFromXY_r(ctx->handle(), a.location.lon(), a.location.lat()), "point");
            visit_layer.add({a.id, bases[plan.territory_of_unit[a.unit].value()].id, static_cast<std::int64_t>(visit.day),
                             static_cast<std::int64_t>(visit.sequence), clock_text(visit.arrival_min),
                             clock_text(visit.departure_min)},
                            point.get());
        }
        gpkg.add_style("visits", "geom", labelled_marker_style({60, 60, 60}, "sequence"), "Visits (sequence of the day)");
    }
    auto& route_layer = gpkg.add_layer("routes", wkbLineString,
                                       {{"territory_id", FieldType::text}, {"rep_id", FieldType::text}, {"day", FieldType::integer},
                                        {"drive_min", FieldType::real}, {"service_min", FieldType::real}, {"km", FieldType::real}},
                                       ctx);
    if (plan.routes != nullptr) {
        for (const auto& r : *plan.routes) {
            if (r.line.size() < 2) continue;
            GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(ctx->handle(), static_cast<unsigned>(r.line.size()), 2);
            for (std::size_t k = 0; k < r.line.size(); ++k) {
                GEOSCoordSeq_setXY_r(ctx->handle(), sequence, static_cast<unsigned>(k), r.line[k].lon(), r.line[k].lat());
            }
            const auto line = own(*ctx, GEOSGeom_createLineString_r(ctx->handle(), sequence), "route line");
            const auto& b = bases.at(r.territory.value());
            route_layer.add({b.id, b.id, static_cast<std::int64_t>(r.day), r.drive_min, r.service_min, r.km}, line.get());
        }
    }
    std::vector<StyleCategory> days;
    const auto day_colors = categorical_palette(20);
    for (int d = 1; d <= 20; ++d) days.push_back({std::to_string(d), "Day " + std::to_string(d), day_colors[d - 1]});
    gpkg.add_style("routes", "geom", categorized_line_style("day", days, 0.8), "Visit routes by day");
    gpkg.commit();
}

void translate_plan(const std::string& geopackage, const std::string& directory, const std::string& format,
                    geo::OutputSet& outputs) {
    const bool shapefile = format == "shapefile" || format == "shp";
    if (!shapefile && format != "geojson") throw InputError("unknown export format '" + format + "' (geojson, shapefile)");
    auto source = open_vector(geopackage);
    // Every layer goes to a temporary of the caller's output set, which places them
    // all (with the other outputs) or none.
    for (const char* layer : {"territories", "units", "bases", "accounts", "visits", "routes"}) {
        if (source->GetLayerByName(layer) == nullptr) continue;
        const std::string target = (std::filesystem::path(directory) / (std::string(layer) + (shapefile ? ".shp" : ".geojson"))).string();
        const std::string temporary = outputs.reserve({"-o", target});
        const char* args[] = {"-f", shapefile ? "ESRI Shapefile" : "GeoJSON", "-overwrite", layer, nullptr};
        GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
        GDALDatasetH handle = GDALDataset::ToHandle(source.get());
        int usage_error = 0;
        GDALDatasetH out = GDALVectorTranslate(temporary.c_str(), nullptr, 1, &handle, options, &usage_error);
        GDALVectorTranslateOptionsFree(options);
        if (out == nullptr) throw Error(target + ": cannot write (" + gdal_last_error() + ")");
        GDALClose(out);
    }
}

void write_assignment_csv(const PlanLayers& plan, const std::string& path) {
    const UnitSet& set = *plan.units;
    const auto& bases = *plan.bases;
    const auto quote = [](const std::string& s) { return csv_field(s); };
    AtomicOutput file(path);
    auto& out = file.stream();
    if (plan.accounts != nullptr) {
        out << "account_id,unit_id,territory_id,rep_id,rep_name\n";
        for (const auto& a : *plan.accounts) {
            const Base& b = bases[plan.territory_of_unit[a.unit].value()];
            out << quote(a.id) << ',' << quote(set.units[a.unit.value()].id) << ',' << quote(b.id) << ',' << quote(b.id) << ','
                << quote(b.name) << '\n';
        }
    } else {
        out << "unit_id,territory_id,rep_id\n";
        for (UnitIndex u : indices<UnitIndex>(set.units.size())) {
            const Base& b = bases[plan.territory_of_unit[u].value()];
            out << quote(set.units[u.value()].id) << ',' << quote(b.id) << ',' << quote(b.id) << '\n';
        }
    }
    file.commit();
}

Assignment read_unit_assignment(const std::string& path, const UnitSet& units, const std::vector<Base>& bases) {
    if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": no such file");
    std::unordered_map<std::string, UnitIndex> unit_index;
    std::unordered_map<std::string, TerritoryIndex> base_index;
    for (UnitIndex u : indices<UnitIndex>(units.units.size())) unit_index.emplace(units.units[u.value()].id, u);
    for (TerritoryIndex b : indices<TerritoryIndex>(bases.size())) base_index.emplace(bases[b.value()].id, b);
    Assignment territory(units.units.size(), kNoTerritory);
    const auto table = read_csv(path);
    const std::size_t unit_column = table.column("unit_id"), base_column = table.column("territory_id");
    for (const auto& record : table.records) {
        const std::string& unit = record.fields[unit_column];
        const std::string& base = record.fields[base_column];
        const std::string where = table.where(record);
        const auto u = unit_index.find(unit);
        if (u == unit_index.end()) throw InputError(where + ": unknown unit '" + unit + "'");
        const auto b = base_index.find(base);
        if (b == base_index.end()) throw InputError(where + ": territory '" + base + "' is not a base id");
        if (territory[u->second].valid()) throw InputError(where + ": unit '" + unit + "' is assigned twice");
        territory[u->second] = b->second;
    }
    for (UnitIndex u : territory.indices()) {
        if (territory[u].is_none()) throw InputError(path + ": unit '" + units.units[u.value()].id + "' has no territory");
    }
    return territory;
}

} // namespace revir::engine
