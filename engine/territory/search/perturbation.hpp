#pragma once
// The territory search's perturbation: a stretch of border between two
// neighbouring territories rotates (a small connected group goes one way, a group
// of about the same weight elsewhere on their border the other way), so that the
// plan stays about as balanced as it was and the local search only tidies up
// around the two groups.
#include <cstdint>
#include <vector>

#include "engine/territory/search/local_search.hpp"

namespace revir::engine {

class Perturbation {
public:
    Perturbation(SearchState& state, LocalSearch& local, SearchRandom& random);
    /// One rotation (nothing when 50 random tries find no movable border unit); the
    /// units around it are queued in the local search.
    void perturb();

private:
    double shift_group(UnitIndex start, TerritoryIndex from, TerritoryIndex to, std::size_t size, double weight);

    SearchState& s_;
    LocalSearch& local_;
    const TerritoryProblem& p_;
    const Assignment& assign_;
    SearchRandom& rng_;
    std::vector<UnitIndex> group_;
};

} // namespace revir::engine
