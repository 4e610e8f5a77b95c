#include "engine/plan/plan_reader.hpp"

#include "geo/units/unit_input.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include "geo/core/error.hpp"
#include "geo/io/gdal.hpp"

namespace revir::engine {

using namespace revir::geo;

namespace {

OGRLayer& layer_of(GDALDataset& dataset, const std::string& path, const char* name) {
    OGRLayer* layer = dataset.GetLayerByName(name);
    if (layer == nullptr) throw InputError(fmt::format("{}: no '{}' layer; is it a plan from revir territories?", path, name));
    return *layer;
}

int field_of(OGRLayer& layer, const std::string& path, const char* name) {
    const int index = layer.GetLayerDefn()->GetFieldIndex(name);
    if (index < 0) throw InputError(fmt::format("{}: layer '{}' has no field '{}'", path, layer.GetName(), name));
    return index;
}

} // namespace

PlanFile read_plan_geopackage(const std::string& path) {
    auto dataset = open_vector(path);
    PlanFile plan;
    // Bases, in file order: territory ids are base ids.
    OGRLayer& bases = layer_of(*dataset, path, "bases");
    const int base_id = field_of(bases, path, "base_id"), base_name = field_of(bases, path, "name");
    const int base_capacity = field_of(bases, path, "capacity");
    std::map<std::string, TerritoryIndex> base_index;
    bases.ResetReading();
    for (auto& feature : bases) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint) {
            throw InputError(fmt::format("{}: base feature {} has no point", path, feature->GetFID()));
        }
        Base b;
        b.id = feature->GetFieldAsString(base_id);
        b.name = feature->GetFieldAsString(base_name);
        b.capacity = feature->GetFieldAsDouble(base_capacity);
        const auto* p = g->toPoint();
        if (p->IsEmpty() || !(std::abs(p->getX()) <= 180) || !(std::abs(p->getY()) <= 90)) {
            throw InputError(fmt::format("{}: base {} is not a lon/lat point in degrees", path, b.id));
        }
        if (!(b.capacity > 0)) throw InputError(fmt::format("{}: base {} has capacity {}", path, b.id, b.capacity));
        b.location = Coordinate::from_degrees(p->getX(), p->getY());
        if (!base_index.emplace(b.id, TerritoryIndex(static_cast<std::uint32_t>(plan.bases.size()))).second) {
            throw InputError(fmt::format("{}: base id {} appears twice", path, b.id));
        }
        plan.bases.push_back(std::move(b));
    }
    if (plan.bases.empty()) throw InputError(path + ": the plan has no bases");
    // Units: their weights are every numeric field but the ids.
    OGRLayer& units = layer_of(*dataset, path, "units");
    const int territory = field_of(units, path, "territory_id");
    field_of(units, path, "unit_id");
    UnitOptions options;
    options.layer = "units";
    options.id_field = "unit_id";
    options.name_field = "name";
    OGRFeatureDefn* definition = units.GetLayerDefn();
    for (int f = 0; f < definition->GetFieldCount(); ++f) {
        const OGRFieldType type = definition->GetFieldDefn(f)->GetType();
        const std::string name = definition->GetFieldDefn(f)->GetNameRef();
        if ((type == OFTReal || type == OFTInteger || type == OFTInteger64) && name != "unit_id") options.weight_fields.push_back(name);
    }
    options.missing_weight_as_zero = true;
    UnitLoadReport report;
    plan.units = read_units(path, options, report);
    std::map<std::string, TerritoryIndex> territory_of_id;
    units.ResetReading();
    for (auto& feature : units) {
        const std::string t = feature->GetFieldAsString(territory);
        const auto it = base_index.find(t);
        if (it == base_index.end()) {
            throw InputError(fmt::format("{}: unit feature {} belongs to territory '{}', which is not a base", path, feature->GetFID(), t));
        }
        territory_of_id[feature->GetFieldAsString("unit_id")] = it->second;
    }
    for (const auto& u : plan.units.units) {
        const auto it = territory_of_id.find(u.id);
        if (it == territory_of_id.end()) throw InputError(fmt::format("{}: unit {} has no territory", path, u.id));
        plan.territory_of_unit.push_back(it->second);
    }
    locate_bases(plan.units, plan.bases);
    if (auto written = read_units_adjacency(path, plan.units)) {
        plan.adjacency = std::move(*written);
    } else {
        AdjacencyReport adjacency_report;
        plan.adjacency = compute_adjacency(plan.units, {}, adjacency_report);
    }
    return plan;
}

} // namespace revir::engine
