#pragma once
// `revir export`: a given assignment of units to territories written as the plan's
// map layers (a GeoPackage styled for QGIS, GeoJSON or Shapefile) and the CRM table.
#include <string>

#include "engine/plan/inputs.hpp"
#include "engine/stages/stage.hpp"

namespace revir::engine {

struct ExportRequest {
    UnitSource units;
    PointSource accounts;
    PointSource bases;
    std::string assignment; // CSV unit_id,territory_id
    std::string output;     // GeoPackage, or a folder for geojson and shapefile
    std::string format = "gpkg";
    std::string assignments_csv;
};
StageReport run_export(const ExportRequest& request, const Log& log);

} // namespace revir::engine
