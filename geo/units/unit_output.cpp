#include "geo/units/unit_output.hpp"

#include "geo/io/geopackage.hpp"

namespace revir::geo {

void add_adjacency_table(GeoPackageWriter& gpkg, const UnitSet& set, const std::vector<AdjacencyLink>& links) {
    auto& adjacency = gpkg.add_layer("adjacency", wkbNone,
                                     {{"unit_id", FieldType::text},
                                      {"neighbour_id", FieldType::text},
                                      {"shared_length_m", FieldType::real},
                                      {"gap_m", FieldType::real},
                                      {"kind", FieldType::text}});
    for (const auto& l : links) {
        adjacency.add({set.units[l.a].id, set.units[l.b].id, l.shared_length_m, l.distance_m, std::string(to_string(l.kind))});
    }
}

void write_units_geopackage(const UnitSet& set, const std::vector<AdjacencyLink>& links, const std::string& path,
                            const std::vector<Account>* accounts) {
    GeoPackageWriter gpkg(path);
    std::vector<FieldSpec> fields = {{"unit_id", FieldType::text}, {"name", FieldType::text}};
    for (const auto& w : set.weight_names) fields.push_back({w, FieldType::real});
    for (const char* f : {"area_m2", "perimeter_m", "rep_lon", "rep_lat"}) fields.push_back({f, FieldType::real});
    fields.push_back({"repaired", FieldType::boolean});
    auto& units = gpkg.add_layer("units", wkbMultiPolygon, fields, set.context.get());
    for (const Unit& u : set.units) {
        std::vector<FieldValue> values = {u.id, u.name};
        for (double w : u.weights) values.emplace_back(w);
        values.insert(values.end(), {u.area_m2, u.perimeter_m, u.representative_point.lon(), u.representative_point.lat()});
        values.emplace_back(u.repaired);
        units.add(values, u.geometry.get());
    }
    add_adjacency_table(gpkg, set, links);
    if (accounts != nullptr) {
        auto& layer = gpkg.add_layer("accounts", wkbPoint,
                                     {{"account_id", FieldType::text},
                                      {"unit_id", FieldType::text},
                                      {"orphan", FieldType::boolean},
                                      {"orphan_distance_m", FieldType::real}},
                                     set.context.get());
        const auto h = set.context->handle();
        for (const auto& a : *accounts) {
            const auto point = own(*set.context, GEOSGeom_createPointFromXY_r(h, a.location.lon(), a.location.lat()), "point");
            layer.add({a.id, set.units[a.unit.value()].id, a.orphan, a.orphan_distance_m}, point.get());
        }
    }
    gpkg.commit();
}

} // namespace revir::geo
