#pragma once
// Standard vehicle-routing benchmark files: CVRPLIB/TSPLIB (EUC_2D: distances
// rounded to the nearest integer, as in the X instances' best-known solutions)
// and Solomon VRPTW (distances, times and windows in tenths, distances truncated
// to one decimal, as in CVRPLIB's best-known Solomon solutions).
#include <string>

#include "engine/vrp/vrp_instance.hpp"

namespace revir::formats {

/// Reads a CVRPLIB `.vrp` (EUC_2D, one depot) or a Solomon `.txt` file, told
/// apart by content. Throws InputError naming the file and line on bad input.
engine::VrpInstance read_vrp_instance(const std::string& path);

} // namespace revir::formats
