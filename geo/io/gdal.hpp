#pragma once
// RAII and error handling around GDAL/OGR vector I/O: opening a data source,
// choosing a layer, coordinate transformations. Every failure becomes an
// InputError naming the file (and layer, feature or field).
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

namespace revir::geo {

/// Registers GDAL's drivers once and routes GDAL's messages away from stderr
/// (they are reported through exceptions instead).
void register_gdal();

/// GDAL's last error message, or "" when there is none.
std::string gdal_last_error();

/// Opens a vector data source (Shapefile, GeoPackage, GeoJSON, CSV, …).
GDALDatasetUniquePtr open_vector(const std::string& path, const std::vector<std::string>& open_options = {});

/// The layer named `name`, or the only/first layer when `name` is empty; the error
/// for a missing layer lists the layers there are.
OGRLayer& find_layer(GDALDataset& dataset, const std::string& path, const std::string& name);

/// A spatial reference from user input ("EPSG:3879", a PROJ string, WKT), with the
/// traditional GIS axis order (x = easting/longitude).
std::unique_ptr<OGRSpatialReference> spatial_reference(const std::string& definition);

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using CoordinateTransformation = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;
CoordinateTransformation make_transformation(const OGRSpatialReference& from, const OGRSpatialReference& to);

} // namespace revir::geo
