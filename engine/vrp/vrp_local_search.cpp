#include "engine/vrp/vrp_local_search.hpp"

#include <algorithm>
#include <numeric>

namespace revir::engine {

namespace {

std::uint32_t before(const RouteSet& s, std::uint32_t c) {
    const std::size_t p = s.position_of(c);
    return p == 0 ? 0 : s.route(s.route_of(c))[p - 1];
}

std::uint32_t at_or_depot(const RouteSet& s, std::size_t r, std::size_t p) {
    const auto& route = s.route(r);
    return p < route.size() ? route[p] : 0;
}

} // namespace

VrpLocalSearch::VrpLocalSearch(const VrpInstance& instance, const std::vector<std::vector<std::uint32_t>>& neighbours,
                               std::size_t granularity)
    : in_(instance), neighbours_(neighbours), granularity_(granularity) {}

VrpCost VrpLocalSearch::improve(RouteSet& s, Random& rng) {
    const VrpCost start = s.cost();
    order_.resize(in_.customer_count());
    std::iota(order_.begin(), order_.end(), 1u);
    revir::shuffle(order_.begin(), order_.end(), rng);
    for (bool improved = true; improved;) {
        improved = false;
        for (std::uint32_t u : order_) {
            const auto& near = neighbours_[u];
            const std::size_t last = std::min(near.size(), granularity_ + 1);
            for (std::size_t k = 1; k < last; ++k) {
                if (try_moves(s, u, near[k])) improved = true;
            }
        }
    }
    return start - s.cost();
}

bool VrpLocalSearch::try_moves(RouteSet& s, std::uint32_t u, std::uint32_t v) {
    if (s.route_of(u) == s.route_of(v)) return within_route(s, u, v);
    return relocate(s, u, v, 1, true) || relocate(s, u, v, 1, false) || relocate(s, u, v, 2, true) ||
           exchange(s, u, v, 1, 1) || exchange(s, u, v, 2, 1) || exchange(s, u, v, 1, 2) || exchange(s, u, v, 2, 2) ||
           two_opt_star(s, u, v);
}

bool VrpLocalSearch::joins(const RouteSet& s, std::size_t a, std::size_t keep, const std::uint32_t* middle,
                           std::size_t count, std::size_t b, std::size_t from) const {
    VrpCost load = s.load_before(a, keep) + s.load(b) - s.load_before(b, from);
    for (std::size_t m = 0; m < count; ++m) load += in_.demand[middle[m]];
    if (load > in_.capacity) return false;
    if (!s.timed()) return true;
    VrpCost time = s.departure_before(a, keep);
    std::uint32_t prev = keep == 0 ? 0 : s.route(a)[keep - 1];
    for (std::size_t m = 0; m < count; ++m) {
        time = std::max(in_.ready[middle[m]], time + in_.c(prev, middle[m]));
        if (time > in_.due[middle[m]]) return false;
        time += in_.service[middle[m]];
        prev = middle[m];
    }
    return time + in_.c(prev, at_or_depot(s, b, from)) <= s.latest_at(b, from);
}

// Moves u (and, with length 2, its successor) next to v in v's route.
bool VrpLocalSearch::relocate(RouteSet& s, std::uint32_t u, std::uint32_t v, std::size_t length, bool after) {
    const std::size_t ru = s.route_of(u), pu = s.position_of(u), rv = s.route_of(v);
    const auto& from_route = s.route(ru);
    if (pu + length > from_route.size()) return false;
    const std::uint32_t segment[2] = {u, length == 2 ? from_route[pu + 1] : u};
    const std::uint32_t last = segment[length - 1];
    const std::size_t at = s.position_of(v) + (after ? 1 : 0);
    const std::uint32_t a = at == 0 ? 0 : s.route(rv)[at - 1], b = at_or_depot(s, rv, at);
    const std::uint32_t pred = before(s, u), succ = at_or_depot(s, ru, pu + length);
    const VrpCost delta = in_.c(pred, succ) - in_.c(pred, u) - in_.c(last, succ) + in_.c(a, u) + in_.c(last, b) - in_.c(a, b);
    if (delta >= 0) return false;
    if (!joins(s, ru, pu, nullptr, 0, ru, pu + length) || !joins(s, rv, at, segment, length, rv, at)) return false;
    scratch_a_ = from_route;
    scratch_a_.erase(scratch_a_.begin() + static_cast<std::ptrdiff_t>(pu), scratch_a_.begin() + static_cast<std::ptrdiff_t>(pu + length));
    scratch_b_ = s.route(rv);
    scratch_b_.insert(scratch_b_.begin() + static_cast<std::ptrdiff_t>(at), segment, segment + length);
    s.set_route(ru, scratch_a_);
    s.set_route(rv, scratch_b_);
    s.drop_empty_routes();
    return true;
}

// Cross exchange: the stretch of `la` visits from u and the stretch of `lb` from v
// trade places (1 and 1: a swap).
bool VrpLocalSearch::exchange(RouteSet& s, std::uint32_t u, std::uint32_t v, std::size_t la, std::size_t lb) {
    const std::size_t ru = s.route_of(u), pu = s.position_of(u), rv = s.route_of(v), pv = s.position_of(v);
    const auto& a = s.route(ru);
    const auto& b = s.route(rv);
    if (pu + la > a.size() || pv + lb > b.size()) return false;
    const std::uint32_t a_before = before(s, u), a_after = at_or_depot(s, ru, pu + la);
    const std::uint32_t b_before = before(s, v), b_after = at_or_depot(s, rv, pv + lb);
    const std::uint32_t a_last = a[pu + la - 1], b_last = b[pv + lb - 1];
    // Inside each stretch nothing changes (costs are symmetric only at the ends).
    const VrpCost delta = in_.c(a_before, v) + in_.c(b_last, a_after) - in_.c(a_before, u) - in_.c(a_last, a_after) +
                          in_.c(b_before, u) + in_.c(a_last, b_after) - in_.c(b_before, v) - in_.c(b_last, b_after);
    if (delta >= 0) return false;
    if (!joins(s, ru, pu, &b[pv], lb, ru, pu + la) || !joins(s, rv, pv, &a[pu], la, rv, pv + lb)) return false;
    scratch_a_.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(pu));
    scratch_a_.insert(scratch_a_.end(), b.begin() + static_cast<std::ptrdiff_t>(pv), b.begin() + static_cast<std::ptrdiff_t>(pv + lb));
    scratch_a_.insert(scratch_a_.end(), a.begin() + static_cast<std::ptrdiff_t>(pu + la), a.end());
    scratch_b_.assign(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(pv));
    scratch_b_.insert(scratch_b_.end(), a.begin() + static_cast<std::ptrdiff_t>(pu), a.begin() + static_cast<std::ptrdiff_t>(pu + la));
    scratch_b_.insert(scratch_b_.end(), b.begin() + static_cast<std::ptrdiff_t>(pv + lb), b.end());
    s.set_route(ru, scratch_a_);
    s.set_route(rv, scratch_b_);
    return true;
}

// u's route up to u, then v and the rest of v's route; v's route up to v's
// predecessor, then what followed u.
bool VrpLocalSearch::two_opt_star(RouteSet& s, std::uint32_t u, std::uint32_t v) {
    const std::size_t ru = s.route_of(u), pu = s.position_of(u), rv = s.route_of(v), pv = s.position_of(v);
    const std::uint32_t u_after = at_or_depot(s, ru, pu + 1), v_before = before(s, v);
    const VrpCost delta = in_.c(u, v) + in_.c(v_before, u_after) - in_.c(u, u_after) - in_.c(v_before, v);
    if (delta >= 0) return false;
    if (!joins(s, ru, pu + 1, nullptr, 0, rv, pv) || !joins(s, rv, pv, nullptr, 0, ru, pu + 1)) return false;
    const auto& a = s.route(ru);
    const auto& b = s.route(rv);
    scratch_a_.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(pu + 1));
    scratch_a_.insert(scratch_a_.end(), b.begin() + static_cast<std::ptrdiff_t>(pv), b.end());
    scratch_b_.assign(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(pv));
    scratch_b_.insert(scratch_b_.end(), a.begin() + static_cast<std::ptrdiff_t>(pu + 1), a.end());
    s.set_route(ru, scratch_a_);
    s.set_route(rv, scratch_b_);
    s.drop_empty_routes();
    return true;
}

VrpCost VrpLocalSearch::route_if_feasible(const std::vector<std::uint32_t>& visits) const {
    VrpCost cost = 0, load = 0, time = in_.ready[0];
    std::uint32_t at = 0;
    for (std::uint32_t v : visits) {
        cost += in_.c(at, v);
        load += in_.demand[v];
        time = std::max(in_.ready[v], time + in_.service[at] + in_.c(at, v));
        if (time > in_.due[v]) return kVrpInfinity;
        at = v;
    }
    if (load > in_.capacity || time + in_.service[at] + in_.c(at, 0) > in_.due[0]) return kVrpInfinity;
    return cost + in_.c(at, 0);
}

// Same route: 2-opt that makes u and v neighbours, or u moved next to v.
bool VrpLocalSearch::within_route(RouteSet& s, std::uint32_t u, std::uint32_t v) {
    const std::size_t r = s.route_of(u), pu = s.position_of(u), pv = s.position_of(v);
    const auto& route = s.route(r);
    const VrpCost now = s.route_cost(r);
    auto accept = [&](std::vector<std::uint32_t>& candidate) {
        const VrpCost cost = route_if_feasible(candidate);
        if (cost >= now) return false;
        s.set_route(r, candidate);
        return true;
    };
    // 2-opt: the stretch after u up to v (or from v up to before u) reversed.
    const std::size_t first = pu < pv ? pu + 1 : pv, end = pu < pv ? pv + 1 : pu;
    if (end > first + 1) {
        const std::uint32_t out = first == 0 ? 0 : route[first - 1], in = at_or_depot(s, r, end);
        const VrpCost delta = in_.c(out, route[end - 1]) + in_.c(route[first], in) - in_.c(out, route[first]) -
                              in_.c(route[end - 1], in);
        if (delta < 0) {
            scratch_a_ = route;
            std::reverse(scratch_a_.begin() + static_cast<std::ptrdiff_t>(first), scratch_a_.begin() + static_cast<std::ptrdiff_t>(end));
            if (accept(scratch_a_)) return true;
        }
    }
    // Relocate u right after v.
    if (pv + 1 != pu) {
        const std::uint32_t pred = before(s, u), succ = at_or_depot(s, r, pu + 1), after_v = at_or_depot(s, r, pv + 1);
        const VrpCost delta = in_.c(pred, succ) - in_.c(pred, u) - in_.c(u, succ) + in_.c(v, u) + in_.c(u, after_v) - in_.c(v, after_v);
        if (delta < 0) {
            scratch_a_ = route;
            scratch_a_.erase(scratch_a_.begin() + static_cast<std::ptrdiff_t>(pu));
            const std::size_t at = pv < pu ? pv + 1 : pv;
            scratch_a_.insert(scratch_a_.begin() + static_cast<std::ptrdiff_t>(at), u);
            if (accept(scratch_a_)) return true;
        }
    }
    return false;
}

} // namespace revir::engine
