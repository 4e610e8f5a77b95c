#pragma once
// Reads a 9th DIMACS Challenge road graph (`.gr` arcs and `.co` coordinates,
// plain or gzipped) into the same RoadGraph type, for benchmarks against the
// published figures. Arc weights are kept in the file's own unit; lengths are
// great-circle metres between the coordinates; each arc is a straight segment.
#include <string>

#include "geo/core/progress.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::routing {

RoadGraph read_dimacs(const std::string& arcs_path, const std::string& coordinates_path, Progress& progress);

} // namespace revir::routing
