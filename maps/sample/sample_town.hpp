#pragma once
// The built-in sample region: "Revirby", a small made-up town written as an OSM
// extract. It is generated deterministically (nothing generated is committed) and
// has what a real town has: a motorway with interchanges, primary and secondary
// roads, a residential grid, a one-way pair, a roundabout, a river crossed by
// three bridges only, private and destination-only roads, and pieces that are not
// connected to the network. Positions are in metres east (x) and north (y) of
// the town centre.
#include <string>

#include "geo/core/coordinate.hpp"

namespace revir::sample {

/// The town's metre grid as WGS84.
geo::Coordinate town_coordinate(double x_m, double y_m);

/// Writes the town as .osm.pbf, .osm, .osm.gz or .osm.bz2 (chosen by the suffix).
void write_sample_town(const std::string& path);

// Landmarks the tests rely on.
inline constexpr double kBlock = 150;            // grid spacing
inline constexpr double kEastboundY = 450;       // west side: one-way row driven west → east
inline constexpr double kWestboundY = 300;       // west side: one-way row driven east → west (oneway=-1)
inline constexpr double kRoundaboutX = 900;      // centre of the roundabout
inline constexpr double kRoundaboutY = 0;
inline constexpr double kRoundaboutRadius = 40;
inline constexpr double kRiverX = 0;             // the river runs north–south here
inline constexpr double kBridgeRows[] = {-600, 0, 900}; // town bridges
inline constexpr double kMotorwayRows[] = {1990, 2010};  // the motorway's carriageways (it bridges the river too)
inline constexpr double kIsolatedRoadY = -2000;  // a road connected to nothing (x -3000 … -2800)
inline constexpr double kPrivateRoadX = 1275;    // access=private service road (y 600 … 690)

} // namespace revir::sample
