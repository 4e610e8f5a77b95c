#include "geo/io/gdal.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir::geo {

void register_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
}

std::string gdal_last_error() {
    const char* message = CPLGetLastErrorMsg();
    return message != nullptr ? message : "";
}

namespace {

// The GDAL drivers a file's extension promises: a units.geojson is read as
// GeoJSON or refused, never guessed at by every driver (GDAL would open one
// holding "JCSDataFile" as OpenJUMP JML). Other extensions leave GDAL to choose.
struct PromisedFormat {
    const char* extension;
    const char* name;
    std::vector<const char*> drivers;
};

const PromisedFormat* promised_format(const std::string& path) {
    static const std::vector<PromisedFormat> formats = {
        {".geojson", "GeoJSON", {"GeoJSON", "GeoJSONSeq", nullptr}},
        {".json", "GeoJSON", {"GeoJSON", "GeoJSONSeq", "TopoJSON", "ESRIJSON", nullptr}},
        {".gpkg", "GeoPackage", {"GPKG", nullptr}},
        {".shp", "Shapefile", {"ESRI Shapefile", nullptr}},
        {".csv", "CSV", {"CSV", nullptr}},
        {".fgb", "FlatGeobuf", {"FlatGeobuf", nullptr}},
    };
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& f : formats) {
        if (ext == f.extension) return &f;
    }
    return nullptr;
}

} // namespace

GDALDatasetUniquePtr open_vector(const std::string& path, const std::vector<std::string>& open_options) {
    register_gdal();
    if (!std::filesystem::exists(path)) throw InputError(path + ": no such file");
    std::vector<const char*> options;
    for (const auto& o : open_options) options.push_back(o.c_str());
    options.push_back(nullptr);
    const PromisedFormat* format = promised_format(path);
    CPLErrorReset();
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                   format ? format->drivers.data() : nullptr, options.data(), nullptr));
    if (!dataset) {
        const std::string why = gdal_last_error();
        const std::string as = format ? fmt::format("{} (what its name promises)", format->name) : "vector data";
        throw InputError(path + ": cannot open as " + as + (why.empty() ? "" : " (" + why + ")"));
    }
    return dataset;
}

OGRLayer& find_layer(GDALDataset& dataset, const std::string& path, const std::string& name) {
    if (dataset.GetLayerCount() == 0) throw InputError(path + ": holds no layer");
    if (name.empty()) return *dataset.GetLayer(0);
    if (OGRLayer* layer = dataset.GetLayerByName(name.c_str())) return *layer;
    std::string names;
    for (int i = 0; i < dataset.GetLayerCount(); ++i) {
        names += (i ? ", " : "") + std::string(dataset.GetLayer(i)->GetName());
    }
    throw InputError(path + ": no layer '" + name + "' (layers: " + names + ")");
}

std::unique_ptr<OGRSpatialReference> spatial_reference(const std::string& definition) {
    auto srs = std::make_unique<OGRSpatialReference>();
    if (srs->SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
        throw InputError("not a coordinate reference system: '" + definition + "'");
    }
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

CoordinateTransformation make_transformation(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    CPLErrorReset();
    CoordinateTransformation t(OGRCreateCoordinateTransformation(&from, &to));
    if (!t) throw InputError("cannot transform coordinates between the CRSs: " + gdal_last_error());
    return t;
}

} // namespace revir::geo
