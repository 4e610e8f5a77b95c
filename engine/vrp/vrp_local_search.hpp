#pragma once
// Local search on a RouteSet: for every customer u and each of its nearest
// customers v, moves that put u next to v or trade places with it — relocate u
// (also with its successor: or-opt), swap u and v and cross exchange (stretches
// of one or two visits from u and from v trade places), 2-opt* (u's route goes on
// with v and the rest of v's route), and within a route 2-opt (reverse the
// stretch between them) and relocate. Moves between routes are checked and
// priced in O(1) from the cached loads and earliest/latest service starts; moves
// within a route are re-timed in O(route length). First improvement, until no
// move improves. Internal to the VRP solver.
#include <cstdint>
#include <vector>

#include "engine/vrp/vrp_routes.hpp"
#include "geo/core/random.hpp"

namespace revir::engine {

class VrpLocalSearch {
public:
    /// `neighbours[v]`: customers by distance from v (v first); the first
    /// `granularity` after v are tried.
    VrpLocalSearch(const VrpInstance& instance, const std::vector<std::vector<std::uint32_t>>& neighbours,
                   std::size_t granularity = 20);

    /// Improves `routes` in place; returns how much the cost fell.
    VrpCost improve(RouteSet& routes, Random& rng);

private:
    bool try_moves(RouteSet& s, std::uint32_t u, std::uint32_t v);
    bool relocate(RouteSet& s, std::uint32_t u, std::uint32_t v, std::size_t length, bool after);
    bool exchange(RouteSet& s, std::uint32_t u, std::uint32_t v, std::size_t la, std::size_t lb);
    bool two_opt_star(RouteSet& s, std::uint32_t u, std::uint32_t v);
    bool within_route(RouteSet& s, std::uint32_t u, std::uint32_t v);

    /// Can the first `keep` visits of route a, then `middle`, then route b from
    /// position `from` on, be driven on time and within capacity?
    bool joins(const RouteSet& s, std::size_t a, std::size_t keep, const std::uint32_t* middle, std::size_t count,
               std::size_t b, std::size_t from) const;
    /// Cost and timing of a whole visit list (kVrpInfinity when infeasible).
    VrpCost route_if_feasible(const std::vector<std::uint32_t>& visits) const;

    const VrpInstance& in_;
    const std::vector<std::vector<std::uint32_t>>& neighbours_;
    std::size_t granularity_;
    std::vector<std::uint32_t> order_;
    std::vector<std::uint32_t> scratch_a_, scratch_b_;
};

} // namespace revir::engine
