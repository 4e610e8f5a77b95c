#include "geo/units/units.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"
#include "geo/io/gdal.hpp"
#include "geo/units/unit_input.hpp"

namespace revir::geo {

namespace {

// A units GeoPackage from `revir units` is read back with its own unit ids and
// names: its feature ids are only 1, 2, 3… An option the caller gave always wins,
// and another layer of the file (accounts) keeps the caller's choices.
void default_to_units_geopackage(GDALDataset& dataset, UnitOptions& options) {
    if (!is_units_geopackage(dataset)) return;
    OGRLayer* units = dataset.GetLayerByName("units");
    if (options.layer.empty()) options.layer = units->GetName();
    if (dataset.GetLayerByName(options.layer.c_str()) != units) return;
    if (options.id_field.empty()) options.id_field = "unit_id";
    if (options.name_field.empty() && units->GetLayerDefn()->GetFieldIndex("name") >= 0) options.name_field = "name";
}

class UnitReader {
public:
    UnitReader(const std::string& path, const UnitOptions& options, UnitLoadReport& report)
        : path_(path), options_(options), report_(report) {}

    UnitSet read() {
        auto dataset = open_vector(path_, {"GEOM_POSSIBLE_NAMES=WKT,wkt,geometry,geom,the_geom",
                                           "X_POSSIBLE_NAMES=lon,longitude,lng", "Y_POSSIBLE_NAMES=lat,latitude",
                                           "KEEP_GEOM_COLUMNS=NO"});
        default_to_units_geopackage(*dataset, options_);
        OGRLayer& layer = find_layer(*dataset, path_, options_.layer);
        where_ = path_ + (dataset->GetLayerCount() > 1 ? " layer '" + std::string(layer.GetName()) + "'" : "");
        // An empty layer has no fields either; say that it is empty, not that a field is missing.
        if (layer.GetFeatureCount(TRUE) == 0) throw InputError(where_ + ": no features (an empty layer has no units)");
        resolve_fields(layer);
        const auto wgs84 = spatial_reference("EPSG:4326");
        auto to_wgs84 = source_transformation(layer, *wgs84);

        UnitSet set;
        set.context = std::make_shared<GeosContext>();
        set.source = path_;
        set.weight_names = options_.weight_fields;
        const GeosContext& ctx = *set.context;
        std::unordered_map<std::string, GIntBig> seen;
        BoundingBox box;
        for (auto& feature : layer) {
            ++report_.features_read;
            Unit unit;
            unit.id = id_of(*feature);
            if (auto [it, inserted] = seen.emplace(unit.id, feature->GetFID()); !inserted) {
                throw InputError(where_ + ": unit id '" + unit.id + "' is used by features " +
                                 std::to_string(it->second) + " and " + std::to_string(feature->GetFID()));
            }
            if (name_index_ >= 0 && feature->IsFieldSetAndNotNull(name_index_)) unit.name = feature->GetFieldAsString(name_index_);
            unit.weights = weights_of(*feature, unit.id);
            OGRGeometry* geometry = feature->GetGeometryRef();
            if (geometry == nullptr || geometry->IsEmpty()) {
                report_.dropped_empty.push_back(unit.id);
                continue;
            }
            const auto type = wkbFlatten(geometry->getGeometryType());
            const bool polygon = type == wkbPolygon || type == wkbMultiPolygon || type == wkbCurvePolygon ||
                                 type == wkbMultiSurface;
            if (!polygon && type != wkbPoint) {
                throw InputError(where_ + ": feature " + describe(*feature, unit.id) + " is a " +
                                 OGRGeometryTypeToName(type) + ", not a polygon or point");
            }
            if (set.units.empty()) points_ = type == wkbPoint;
            if (points_ != (type == wkbPoint)) {
                throw InputError(where_ + ": feature " + describe(*feature, unit.id) +
                                 " mixes points and polygons in one layer");
            }
            std::unique_ptr<OGRGeometry> copy(geometry->getLinearGeometry());
            copy->flattenTo2D();
            if (to_wgs84 && copy->transform(to_wgs84.get()) != OGRERR_NONE) {
                throw InputError(where_ + ": feature " + describe(*feature, unit.id) +
                                 " cannot be transformed to WGS84: " + gdal_last_error());
            }
            // An open ring is closed (as QGIS does); what GEOS still cannot take
            // is named by feature, in words.
            if (!points_) copy->closeRings();
            try {
                unit.geometry = to_geos(ctx, *copy);
                if (!points_ && !GEOSisValid_r(ctx.handle(), unit.geometry.get())) {
                    unit.geometry = polygonal_part(ctx, own(ctx, GEOSMakeValid_r(ctx.handle(), unit.geometry.get()), "MakeValid").get());
                    unit.repaired = true;
                    report_.repaired.push_back(unit.id);
                }
            } catch (const InputError&) {
                throw;
            } catch (const Error&) {
                throw InputError(where_ + ": feature " + describe(*feature, unit.id) + " has a geometry that cannot be read: " +
                                 geos_in_words(ctx.last_error()));
            }
            if (GEOSisEmpty_r(ctx.handle(), unit.geometry.get())) {
                report_.dropped_empty.push_back(unit.id);
                continue;
            }
            const Envelope e = envelope(ctx, unit.geometry.get());
            if (points_) unit.representative_point = Coordinate::from_degrees(e.min_x, e.min_y);
            if (!valid_lon_lat(e.min_x, e.min_y) || !valid_lon_lat(e.max_x, e.max_y)) {
                throw InputError(where_ + ": feature " + describe(*feature, unit.id) +
                                 " lies outside WGS84 degrees; is the CRS right? (give one with --crs)");
            }
            box.extend(Coordinate::from_degrees(e.min_x, e.min_y));
            box.extend(Coordinate::from_degrees(e.max_x, e.max_y));
            set.units.push_back(std::move(unit));
        }
        if (set.units.empty()) throw InputError(where_ + ": no unit with a geometry");
        add_metric_geometries(set, box, *wgs84);
        return set;
    }

private:
    void resolve_fields(OGRLayer& layer) {
        OGRFeatureDefn* defn = layer.GetLayerDefn();
        const auto field = [&](const std::string& name, const char* role) {
            const int index = defn->GetFieldIndex(name.c_str());
            if (index < 0) {
                std::vector<std::string> names;
                std::string listed;
                for (int i = 0; i < defn->GetFieldCount(); ++i) {
                    names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
                    listed += (i ? ", " : "") + names.back();
                }
                throw InputError(where_ + ": no " + role + " field '" + name + "'" + did_you_mean(name, names) +
                                 " (fields: " + listed + ")");
            }
            return index;
        };
        for (const auto& w : options_.weight_fields) weight_index_.push_back(field(w, "weight"));
        if (!options_.id_field.empty()) id_index_ = field(options_.id_field, "id");
        if (!options_.name_field.empty()) name_index_ = field(options_.name_field, "name");
    }

    CoordinateTransformation source_transformation(OGRLayer& layer, const OGRSpatialReference& wgs84) {
        std::unique_ptr<OGRSpatialReference> source;
        if (!options_.source_crs.empty()) {
            source = spatial_reference(options_.source_crs);
        } else if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
            source.reset(srs->Clone());
            source->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        }
        if (!source) {
            report_.source_crs = "none given; taken as WGS84 (EPSG:4326)";
            return nullptr;
        }
        const char* name = source->GetName();
        const char* authority = source->GetAuthorityName(nullptr);
        const char* code = source->GetAuthorityCode(nullptr);
        report_.source_crs = std::string(name ? name : "unnamed") +
                             (authority && code ? " (" + std::string(authority) + ":" + code + ")" : "");
        if (source->IsSame(&wgs84)) return nullptr;
        return make_transformation(*source, wgs84);
    }

    std::string id_of(OGRFeature& feature) const {
        if (id_index_ < 0) return std::to_string(feature.GetFID());
        if (!feature.IsFieldSetAndNotNull(id_index_)) {
            throw InputError(where_ + ": feature " + std::to_string(feature.GetFID()) + " has no value in id field '" +
                             options_.id_field + "'");
        }
        return feature.GetFieldAsString(id_index_);
    }

    std::string describe(OGRFeature& feature, const std::string& id) const {
        return std::to_string(feature.GetFID()) + (id_index_ >= 0 ? " (id '" + id + "')" : "");
    }

    std::vector<double> weights_of(OGRFeature& feature, const std::string& id) {
        std::vector<double> weights;
        for (std::size_t k = 0; k < weight_index_.size(); ++k) {
            const int index = weight_index_[k];
            const std::string& name = options_.weight_fields[k];
            std::optional<double> value;
            std::string problem;
            if (!feature.IsFieldSetAndNotNull(index)) {
                problem = "is empty";
            } else {
                const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
                if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
                    value = feature.GetFieldAsDouble(index);
                } else {
                    value = parse_number(feature.GetFieldAsString(index));
                    if (!value) problem = std::string("is not a number: '") + feature.GetFieldAsString(index) + "'";
                }
                if (value && std::isnan(*value)) problem = "is NaN";
                if (value && *value < 0) problem = "is negative: " + std::to_string(*value);
                if (value && std::isinf(*value)) problem = "is infinite";
            }
            if (!problem.empty()) {
                if (!options_.missing_weight_as_zero) {
                    throw InputError(where_ + ": feature " + describe(feature, id) + ": weight field '" + name + "' " +
                                     problem + " (use --missing-weight-as-zero to take it as 0)");
                }
                report_.zeroed.push_back(id + ": " + name);
                value = 0;
            }
            weights.push_back(*value);
        }
        return weights;
    }

    static GeosGeometry to_geos(const GeosContext& ctx, const OGRGeometry& geometry) {
        std::vector<unsigned char> wkb(geometry.WkbSize());
        geometry.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        return from_wkb(ctx, wkb);
    }

    // Areas, perimeters and adjacency are measured in a Lambert azimuthal equal-area
    // projection centred on the data.
    void add_metric_geometries(UnitSet& set, const BoundingBox& box, const OGRSpatialReference& wgs84) {
        char definition[200];
        std::snprintf(definition, sizeof definition, "+proj=laea +lat_0=%.6f +lon_0=%.6f +datum=WGS84 +units=m +no_defs",
                      (box.min.lat() + box.max.lat()) / 2, (box.min.lon() + box.max.lon()) / 2);
        set.metric_crs = definition;
        const auto metric = spatial_reference(definition);
        const auto to_metric = make_transformation(wgs84, *metric);
        const GeosContext& ctx = *set.context;
        const auto h = ctx.handle();
        if (points_) {
            tessellate(set, *to_metric, *make_transformation(*metric, wgs84));
            return;
        }
        for (Unit& unit : set.units) {
            const auto wkb = to_wkb(ctx, unit.geometry.get());
            OGRGeometry* raw = nullptr;
            OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size());
            std::unique_ptr<OGRGeometry> projected(raw);
            if (!projected || projected->transform(to_metric.get()) != OGRERR_NONE) {
                throw InputError(where_ + ": unit '" + unit.id + "' cannot be projected to metres");
            }
            unit.metric = to_geos(ctx, *projected);
            if (!GEOSisValid_r(h, unit.metric.get())) { // projection can fold a near-degenerate ring
                unit.metric = polygonal_part(ctx, own(ctx, GEOSMakeValid_r(h, unit.metric.get()), "MakeValid").get());
            }
            GEOSArea_r(h, unit.metric.get(), &unit.area_m2);
            GEOSLength_r(h, unit.metric.get(), &unit.perimeter_m);
            const auto point = own(ctx, GEOSPointOnSurface_r(h, unit.geometry.get()), "PointOnSurface");
            double x = 0, y = 0;
            GEOSGeomGetX_r(h, point.get(), &x);
            GEOSGeomGetY_r(h, point.get(), &y);
            unit.representative_point = Coordinate::from_degrees(x, y);
        }
    }

    // Units given as points become the cells of their Voronoi diagram (computed in
    // metres), clipped to the area within 1.5 median neighbour distances of a point
    // so that cells on the edge stay a plausible size.
    void tessellate(UnitSet& set, OGRCoordinateTransformation& to_metric, OGRCoordinateTransformation& to_wgs84) {
        const GeosContext& ctx = *set.context;
        const auto h = ctx.handle();
        std::vector<GeosGeometry> points;
        for (Unit& unit : set.units) {
            double x = unit.representative_point.lon(), y = unit.representative_point.lat();
            if (!to_metric.Transform(1, &x, &y)) throw InputError(where_ + ": unit '" + unit.id + "' cannot be projected");
            points.push_back(own(ctx, GEOSGeom_createPointFromXY_r(h, x, y), "point"));
        }
        std::vector<const GEOSGeometry*> raw;
        for (const auto& p : points) raw.push_back(p.get());
        const GeosIndexTree tree(ctx, raw);
        std::vector<double> nearest;
        for (std::uint32_t i = 0; i < raw.size() && raw.size() > 1; ++i) {
            const auto distance = [&](std::uint32_t a, std::uint32_t b) {
                if (a == b) return std::numeric_limits<double>::max();
                double d = 0;
                GEOSDistance_r(h, raw[a], raw[b], &d);
                return d;
            };
            if (const auto j = tree.nearest(i, distance); j && *j != i) nearest.push_back(distance(i, *j));
        }
        std::sort(nearest.begin(), nearest.end());
        const double radius = std::max(1.0, 1.5 * (nearest.empty() ? 1000.0 : nearest[nearest.size() / 2]));

        std::vector<GEOSGeometry*> clones, buffers;
        for (const auto* p : raw) {
            clones.push_back(GEOSGeom_clone_r(h, p));
            buffers.push_back(GEOSBuffer_r(h, p, radius, 8));
        }
        const auto multipoint = own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, clones.data(),
                                                                     static_cast<unsigned>(clones.size())), "multipoint");
        const auto discs = own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, buffers.data(),
                                                                static_cast<unsigned>(buffers.size())), "discs");
        const auto footprint = own(ctx, GEOSUnaryUnion_r(h, discs.get()), "union");
        const auto cells = own(ctx, GEOSVoronoiDiagram_r(h, multipoint.get(), footprint.get(), 0.0, 0), "Voronoi");
        std::vector<GeosGeometry> cell_of(raw.size());
        for (int c = 0; c < GEOSGetNumGeometries_r(h, cells.get()); ++c) {
            const GEOSGeometry* cell = GEOSGetGeometryN_r(h, cells.get(), c);
            const auto prepared = prepare(ctx, cell);
            for (std::uint32_t i : tree.query(cell)) {
                if (!cell_of[i] && GEOSPreparedCovers_r(h, prepared.get(), raw[i]) == 1) {
                    cell_of[i] = own(ctx, GEOSIntersection_r(h, cell, footprint.get()), "clip");
                    break;
                }
            }
        }
        for (std::uint32_t i = 0; i < set.units.size(); ++i) {
            Unit& unit = set.units[i];
            if (!cell_of[i]) {
                throw InputError(where_ + ": unit '" + unit.id + "' lies on the same point as another unit");
            }
            unit.metric = polygonal_part(ctx, cell_of[i].get());
            const auto wkb = to_wkb(ctx, unit.metric.get());
            OGRGeometry* back = nullptr;
            OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &back, wkb.size());
            std::unique_ptr<OGRGeometry> wgs84_cell(back);
            if (!wgs84_cell || wgs84_cell->transform(&to_wgs84) != OGRERR_NONE) {
                throw InputError(where_ + ": the cell of unit '" + unit.id + "' cannot be transformed to WGS84");
            }
            unit.geometry = to_geos(ctx, *wgs84_cell);
            GEOSArea_r(h, unit.metric.get(), &unit.area_m2);
            GEOSLength_r(h, unit.metric.get(), &unit.perimeter_m);
        }
    }

    const std::string& path_;
    UnitOptions options_; // with the defaults of a units GeoPackage
    UnitLoadReport& report_;
    bool points_ = false;
    std::string where_;
    std::vector<int> weight_index_;
    int id_index_ = -1;
    int name_index_ = -1;
};

} // namespace

std::vector<double> UnitSet::totals() const {
    std::vector<double> sum(weight_names.size(), 0.0);
    for (const Unit& u : units) {
        for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += u.weights[k];
    }
    return sum;
}

UnitSet read_units(const std::string& path, const UnitOptions& options, UnitLoadReport& report) {
    const auto start = std::chrono::steady_clock::now();
    report = UnitLoadReport{};
    UnitSet set = UnitReader(path, options, report).read();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return set;
}

} // namespace revir::geo
