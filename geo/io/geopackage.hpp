#pragma once
// Writes GeoPackages through GDAL: layers with typed fields and WGS84 geometries,
// attribute tables, and QGIS styles in the `layer_styles` table that QGIS reads
// on open. Everything goes to a temporary file that commit() renames into place,
// so a failed run never leaves a half-written GeoPackage.
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "geo/core/atomic_output.hpp"
#include "geo/io/gdal.hpp"
#include "geo/geometry/geos.hpp"

namespace revir::geo {

enum class FieldType { integer, real, text, boolean };

struct FieldSpec {
    std::string name;
    FieldType type;
};

/// A field's value; monostate writes NULL.
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string, bool>;

class GeoPackageWriter {
public:
    class Layer {
    public:
        /// One feature: values in the order of the layer's fields, geometry in WGS84
        /// (nullptr for attribute tables).
        void add(const std::vector<FieldValue>& values, const GEOSGeometry* geometry = nullptr);
        const std::string& name() const { return name_; }

    private:
        friend class GeoPackageWriter;
        Layer(OGRLayer* layer, std::string name, std::vector<FieldSpec> fields, const GeosContext* context,
              std::string path)
            : layer_(layer), name_(std::move(name)), fields_(std::move(fields)), context_(context), path_(std::move(path)) {}
        OGRLayer* layer_;
        std::string name_;
        std::vector<FieldSpec> fields_;
        const GeosContext* context_;
        std::string path_;
    };

    explicit GeoPackageWriter(std::string path);
    ~GeoPackageWriter();
    GeoPackageWriter(const GeoPackageWriter&) = delete;
    GeoPackageWriter& operator=(const GeoPackageWriter&) = delete;

    /// geometry_type wkbNone makes an attribute table. `context` converts geometries.
    Layer& add_layer(const std::string& name, OGRwkbGeometryType geometry_type, const std::vector<FieldSpec>& fields,
                     const GeosContext* context = nullptr);
    /// A default QGIS style (QML document) for `layer`.
    void add_style(const std::string& layer, const std::string& geometry_column, const std::string& qml,
                   const std::string& description);
    /// Finishes the file and renames it into place; throws Error on failure.
    void commit();

private:
    std::string path_;
    AtomicOutput output_; // before dataset_: GDAL closes the file before it is removed
    GDALDatasetUniquePtr dataset_;
    std::vector<std::unique_ptr<Layer>> layers_;
    OGRLayer* styles_ = nullptr;
};

} // namespace revir::geo
