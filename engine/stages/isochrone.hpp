#pragma once
// Isochrones: for each time band, the area reachable from a point within that
// time, cumulative (the 10-minute area covers everything reachable in 10
// minutes), built around the road network actually reached, with edges partly
// reached cut where the time runs out.
#include <string>
#include <vector>

#include "engine/stages/stage.hpp"
#include "geo/geometry/line_area.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::engine {

struct Isochrone {
    double minutes = 0;
    geo::GeosGeometry area; // WGS84 MultiPolygon
    double area_km2 = 0;
    std::size_t nodes_reached = 0;
};

/// Bands in increasing order of `minutes`; times come from PHAST when a hierarchy
/// is given, else from Dijkstra.
std::vector<Isochrone> compute_isochrones(const routing::RoadGraph& graph,
                                          const routing::ContractionHierarchy* hierarchy,
                                          const routing::SnappedPoint& from, std::vector<double> minutes,
                                          const geo::GeosContext& context, const geo::LineAreaOptions& options = {});

/// Writes the bands as a GeoPackage (layer `isochrones`) or GeoJSON (chosen by
/// the suffix), through a temporary file. Fields: minutes, area_km2, nodes.
void write_isochrones(const std::vector<Isochrone>& bands, const geo::GeosContext& context, const std::string& path);

struct IsochroneRequest {
    std::string graph;
    std::string from; // LAT,LON
    std::vector<double> minutes;
    std::string output; // .gpkg or .geojson
    double buffer_m = 60;
    double max_snap_m = kDefaultMaxSnapM;
};
/// Computes and writes the bands; the summary lists each band's area and nodes.
StageReport run_isochrone(const IsochroneRequest& request, const Log& log);

} // namespace revir::engine
