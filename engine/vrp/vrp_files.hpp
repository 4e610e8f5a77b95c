#pragma once
// The standard vehicle-routing files `revir vrp` solves: CVRPLIB/TSPLIB (EUC_2D,
// distances rounded as in the X instances' best-known solutions) and Solomon
// VRPTW (tenths, distances truncated to one decimal as in CVRPLIB's solutions).
#include <string>

#include "engine/vrp/vrp_instance.hpp"

namespace revir::engine {

/// Reads a CVRPLIB `.vrp` (EUC_2D, one depot) or a Solomon `.txt` file, told
/// apart by content. Throws InputError naming the file and line on bad input.
VrpInstance read_vrp_instance(const std::string& path);

} // namespace revir::engine
