#pragma once
// A solution of a VrpInstance (routes of customer indices, depot implied at both
// ends), its independent cost and feasibility check, and the CVRPLIB `.sol` text
// format ("Route #1: 3 7 2" lines, then "Cost 1234").
#include <cstdint>
#include <string>
#include <vector>

#include "engine/vrp/vrp_instance.hpp"

namespace revir::engine {

struct VrpSolution {
    std::vector<std::vector<std::uint32_t>> routes;
    VrpCost cost = 0;
};

/// Depot → customers → depot, from the cost matrix alone.
VrpCost route_cost(const VrpInstance& instance, const std::vector<std::uint32_t>& route);
VrpCost solution_cost(const VrpInstance& instance, const VrpSolution& solution);

/// Everything wrong with a solution, one line each (empty: feasible): customers
/// missing or visited twice, loads over capacity, windows missed, routes that
/// end too late, more routes than vehicles, a stated cost that is not the cost.
std::vector<std::string> check_vrp_solution(const VrpInstance& instance, const VrpSolution& solution);

/// CVRPLIB `.sol` text; the cost in the file's unit (one decimal for Solomon).
std::string format_vrp_solution(const VrpInstance& instance, const VrpSolution& solution);
/// Parses `.sol` text (routes and the cost in the file's unit); throws InputError.
VrpSolution parse_vrp_solution(const VrpInstance& instance, const std::string& text);

} // namespace revir::engine
