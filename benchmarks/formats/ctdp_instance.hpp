#pragma once
// Commercial territory design (CTDP) benchmark instances in the Ríos-Mercado "DU"
// style as found in ../shared/data/territory_design/ctdp_du_instances: units with
// planar coordinates and three activity measures, a planar adjacency, the number
// of territories and a tolerance per measure. Read as a free-centre problem with
// straight-line (planar) distances and every unit weighing 1 in the objective, so
// that the objective is the instances' "compactness" Σ d(centre, unit).
#include <string>

#include "engine/territory/free_centres.hpp"

namespace revir::formats {

/// Throws InputError naming the file and line for a malformed instance.
engine::FreeCentreProblem read_ctdp_instance(const std::string& path);

} // namespace revir::formats
