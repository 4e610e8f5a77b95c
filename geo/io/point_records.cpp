#include "geo/io/point_records.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "geo/core/csv.hpp"
#include "geo/core/error.hpp"
#include "geo/io/gdal.hpp"

namespace revir::geo {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

std::optional<double> number_field(const PointRecord& record, const std::string& field) {
    const auto it = record.fields.find(field);
    if (it == record.fields.end()) return std::nullopt;
    const auto value = parse_number(it->second);
    if (!value) throw InputError(record.where + ": field '" + field + "' is not a number: '" + it->second + "'");
    return value;
}

std::vector<PointRecord> read_point_records(const std::string& path, const PointRecordOptions& options,
                                            const std::string& what) {
    auto dataset = open_vector(path);
    OGRLayer& layer = find_layer(*dataset, path, options.layer);
    const bool csv = std::string(dataset->GetDriverName()) == "CSV";
    if (csv) read_text_file(path); // GDAL would read a value only up to a NUL byte
    OGRFeatureDefn* defn = layer.GetLayerDefn();

    // Coordinate columns of a CSV: lon/lat (WGS84) or x/y (in --crs).
    int x_index = -1, y_index = -1;
    bool projected_columns = false;
    if (csv) {
        const auto column = [&](std::initializer_list<const char*> names) {
            for (const char* n : names) {
                for (int i = 0; i < defn->GetFieldCount(); ++i) {
                    if (lower(defn->GetFieldDefn(i)->GetNameRef()) == n) return i;
                }
            }
            return -1;
        };
        x_index = column({"lon", "longitude", "lng"});
        y_index = column({"lat", "latitude"});
        if (x_index < 0 || y_index < 0) {
            x_index = column({"x"});
            y_index = column({"y"});
            projected_columns = true;
        }
        if (x_index < 0 || y_index < 0) throw InputError(path + ": needs lon,lat columns (or x,y with a CRS)");
        if (projected_columns && options.source_crs.empty()) {
            throw InputError(path + ": x,y columns need their CRS (give one with --crs, e.g. EPSG:3067)");
        }
    }
    std::unique_ptr<OGRSpatialReference> source;
    if (!options.source_crs.empty()) {
        source = spatial_reference(options.source_crs);
    } else if (!csv && layer.GetSpatialRef() != nullptr) {
        source.reset(layer.GetSpatialRef()->Clone());
        source->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    const auto wgs84 = spatial_reference("EPSG:4326");
    CoordinateTransformation to_wgs84;
    if (source && !source->IsSame(wgs84.get()) && (!csv || projected_columns)) to_wgs84 = make_transformation(*source, *wgs84);

    std::vector<PointRecord> records;
    for (auto& feature : layer) {
        PointRecord r;
        // The CSV driver numbers data rows from 1; the header is line 1.
        r.where = csv ? path + ":" + std::to_string(feature->GetFID() + 1)
                      : path + " feature " + std::to_string(feature->GetFID());
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feature->IsFieldSetAndNotNull(i)) continue;
            std::string value = feature->GetFieldAsString(i);
            if (value.empty()) continue;
            r.fields[lower(defn->GetFieldDefn(i)->GetNameRef())] = std::move(value);
        }
        double x = 0, y = 0;
        if (csv) {
            const auto xs = feature->GetFieldAsString(x_index), ys = feature->GetFieldAsString(y_index);
            const auto xv = parse_number(xs), yv = parse_number(ys);
            if (!xv || !yv) {
                throw InputError(r.where + ": " + what + " has no valid coordinate ('" + xs + "', '" + ys + "')");
            }
            x = *xv;
            y = *yv;
        } else {
            const OGRGeometry* g = feature->GetGeometryRef();
            if (g == nullptr || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPoint) {
                throw InputError(r.where + ": " + what + " is not a point");
            }
            x = g->toPoint()->getX();
            y = g->toPoint()->getY();
        }
        if (to_wgs84 && !to_wgs84->Transform(1, &x, &y)) {
            throw InputError(r.where + ": " + what + " cannot be transformed to WGS84");
        }
        if (!valid_lon_lat(x, y)) {
            throw InputError(r.where + ": " + what + " lies off the map (lon " + std::to_string(x) + ", lat " +
                             std::to_string(y) + ")");
        }
        r.location = Coordinate::from_degrees(x, y);
        records.push_back(std::move(r));
    }
    return records;
}

} // namespace revir::geo
