#pragma once
// The territory search's start: a contiguous plan from the relaxation's cheapest
// assignment (or a given start) at the bound's prices. Cut-off pieces are joined
// to their seed through a cheap corridor or freed, then every territory grows
// outwards from its seed by price-adjusted cost, so that each stays one piece.
#include <cstdint>
#include <vector>

#include "engine/territory/prepared_problem.hpp"

namespace revir::engine {

/// A complete assignment: `start` when it has one territory per unit, else built
/// from `relaxed` (empty: from the seeds alone) at `prices` (the bound's, empty:
/// none). Seeds and locks are kept; a unit no territory reaches through the
/// adjacency goes to its cheapest allowed territory.
Assignment construct_plan(const PreparedProblem& prepared, const std::vector<double>& prices, const Assignment& relaxed,
                          const Assignment& start);

} // namespace revir::engine
