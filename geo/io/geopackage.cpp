#include "geo/io/geopackage.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include <cpl_conv.h>

#include "geo/core/error.hpp"

namespace revir::geo {

namespace {

OGRFieldType ogr_type(FieldType type) {
    switch (type) {
    case FieldType::integer: return OFTInteger64;
    case FieldType::real: return OFTReal;
    case FieldType::text: return OFTString;
    case FieldType::boolean: return OFTInteger;
    }
    return OFTString;
}

} // namespace

GeoPackageWriter::GeoPackageWriter(std::string path)
    : path_(std::move(path)), output_(path_, AtomicOutput::Temporary::library) {
    register_gdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) throw Error("GDAL has no GeoPackage driver");
    CPLErrorReset();
    dataset_.reset(driver->Create(output_.temporary().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_) throw Error(path_ + ": cannot create GeoPackage (" + gdal_last_error() + ")");
}

GeoPackageWriter::~GeoPackageWriter() {
    layers_.clear();
    dataset_.reset();
}

GeoPackageWriter::Layer& GeoPackageWriter::add_layer(const std::string& name, OGRwkbGeometryType geometry_type,
                                                     const std::vector<FieldSpec>& fields, const GeosContext* context) {
    // SQLite's column names ignore case: say so before its CREATE TABLE fails.
    std::map<std::string, std::string> seen;
    for (const FieldSpec& f : fields) {
        std::string key = f.name;
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (auto [it, inserted] = seen.emplace(key, f.name); !inserted) {
            throw InputError(std::filesystem::path(path_).filename().string() + ": layer '" + name + "' would have fields '" +
                             it->second + "' and '" + f.name +
                             "', one column in a GeoPackage (its field names ignore case); keep one of them");
        }
    }
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char* options[] = {"SPATIAL_INDEX=YES", nullptr};
    OGRLayer* layer = dataset_->CreateLayer(name.c_str(), geometry_type == wkbNone ? nullptr : &wgs84, geometry_type,
                                            const_cast<char**>(options));
    if (layer == nullptr) throw Error(path_ + ": cannot create layer '" + name + "': " + gdal_last_error());
    for (const FieldSpec& f : fields) {
        OGRFieldDefn defn(f.name.c_str(), ogr_type(f.type));
        if (f.type == FieldType::boolean) defn.SetSubType(OFSTBoolean);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            throw Error(path_ + ": cannot create field '" + f.name + "' in layer '" + name + "'");
        }
    }
    layers_.push_back(std::unique_ptr<Layer>(new Layer(layer, name, fields, context, path_)));
    return *layers_.back();
}

void GeoPackageWriter::Layer::add(const std::vector<FieldValue>& values, const GEOSGeometry* geometry) {
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
    for (std::size_t i = 0; i < fields_.size() && i < values.size(); ++i) {
        const int index = static_cast<int>(i);
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    feature->SetFieldNull(index);
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    feature->SetField(index, static_cast<GIntBig>(v));
                } else if constexpr (std::is_same_v<T, double>) {
                    feature->SetField(index, v);
                } else if constexpr (std::is_same_v<T, std::string>) {
                    feature->SetField(index, v.c_str());
                } else {
                    feature->SetField(index, v ? 1 : 0);
                }
            },
            values[i]);
    }
    if (geometry != nullptr) {
        const auto wkb = to_wkb(*context_, geometry);
        OGRGeometry* raw = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE) {
            throw Error(path_ + ": cannot convert a geometry for layer '" + name_ + "'");
        }
        feature->SetGeometryDirectly(raw);
    }
    if (layer_->CreateFeature(feature.get()) != OGRERR_NONE) {
        throw Error(path_ + ": cannot write to layer '" + name_ + "': " + gdal_last_error());
    }
}

void GeoPackageWriter::add_style(const std::string& layer, const std::string& geometry_column, const std::string& qml,
                                 const std::string& description) {
    if (styles_ == nullptr) {
        // The table QGIS reads styles from when it opens a GeoPackage layer.
        const char* options[] = {"FID=id", nullptr};
        styles_ = dataset_->CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
        if (styles_ == nullptr) throw Error(path_ + ": cannot create layer_styles: " + gdal_last_error());
        for (const char* text : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                                 "styleQML", "styleSLD"}) {
            OGRFieldDefn defn(text, OFTString);
            styles_->CreateField(&defn);
        }
        OGRFieldDefn use_default("useAsDefault", OFTInteger);
        use_default.SetSubType(OFSTBoolean);
        styles_->CreateField(&use_default);
        for (const char* text : {"description", "owner", "ui"}) {
            OGRFieldDefn defn(text, OFTString);
            styles_->CreateField(&defn);
        }
        OGRFieldDefn updated("update_time", OFTDateTime);
        styles_->CreateField(&updated);
    }
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(styles_->GetLayerDefn()));
    feature->SetField("f_table_catalog", "");
    feature->SetField("f_table_schema", "");
    feature->SetField("f_table_name", layer.c_str());
    feature->SetField("f_geometry_column", geometry_column.c_str());
    feature->SetField("styleName", layer.c_str());
    feature->SetField("styleQML", qml.c_str());
    feature->SetField("styleSLD", "");
    feature->SetField("useAsDefault", 1);
    feature->SetField("description", description.c_str());
    feature->SetField("owner", "revir");
    if (styles_->CreateFeature(feature.get()) != OGRERR_NONE) {
        throw Error(path_ + ": cannot write the style of layer '" + layer + "'");
    }
}

void GeoPackageWriter::commit() {
    layers_.clear();
    styles_ = nullptr;
    CPLErrorReset();
    dataset_->FlushCache();
    dataset_.reset(); // closes the file
    if (CPLGetLastErrorType() >= CE_Failure) throw Error(path_ + ": write failed: " + gdal_last_error());
    output_.commit();
}

} // namespace revir::geo
