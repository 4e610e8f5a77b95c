#include "engine/vrp/vrp_routes.hpp"

#include <algorithm>

namespace revir::engine {

RouteSet::RouteSet(const VrpInstance& instance)
    : in_(&instance), timed_(instance.has_time_windows()), route_of_(instance.node_count(), 0),
      position_(instance.node_count(), 0) {}

VrpCost RouteSet::departure_before(std::size_t r, std::size_t at) const {
    if (at == 0) return in_->ready[0] + in_->service[0];
    const auto& route = routes_[r];
    return route.earliest[at - 1] + in_->service[route.visits[at - 1]];
}

VrpCost RouteSet::latest_at(std::size_t r, std::size_t at) const {
    const auto& route = routes_[r];
    return at == route.visits.size() ? in_->due[0] : route.latest[at];
}

VrpCost RouteSet::insertion_delta(std::size_t r, std::size_t at, std::uint32_t c) const {
    const auto& v = routes_[r].visits;
    const std::uint32_t before = at == 0 ? 0 : v[at - 1];
    const std::uint32_t after = at == v.size() ? 0 : v[at];
    if (timed_) {
        const VrpCost start = std::max(in_->ready[c], departure_before(r, at) + in_->c(before, c));
        if (start > in_->due[c]) return kVrpInfinity;
        if (start + in_->service[c] + in_->c(c, after) > latest_at(r, at)) return kVrpInfinity;
    }
    return in_->c(before, c) + in_->c(c, after) - in_->c(before, after);
}

void RouteSet::refresh(std::size_t r) {
    Route& route = routes_[r];
    const auto& v = route.visits;
    const std::size_t size = v.size();
    cost_ -= route.cost;
    route.load = 0;
    route.cost = 0;
    route.prefix_load.resize(size);
    std::uint32_t at = 0;
    for (std::size_t p = 0; p < size; ++p) {
        route.load += in_->demand[v[p]];
        route.prefix_load[p] = route.load;
        route.cost += in_->c(at, v[p]);
        at = v[p];
        route_of_[at] = static_cast<std::uint32_t>(r);
        position_[at] = static_cast<std::uint32_t>(p);
    }
    route.cost += in_->c(at, 0);
    if (size == 0) route.cost = 0;
    cost_ += route.cost;
    if (!timed_) return;
    route.earliest.resize(size);
    route.latest.resize(size);
    VrpCost time = in_->ready[0];
    at = 0;
    for (std::size_t p = 0; p < size; ++p) {
        time = std::max(in_->ready[v[p]], time + in_->service[at] + in_->c(at, v[p]));
        route.earliest[p] = time;
        at = v[p];
    }
    VrpCost latest = in_->due[0];
    std::uint32_t next = 0;
    for (std::size_t p = size; p-- > 0;) {
        latest = std::min(in_->due[v[p]], latest - in_->c(v[p], next) - in_->service[v[p]]);
        route.latest[p] = latest;
        next = v[p];
    }
}

void RouteSet::insert(std::size_t r, std::size_t at, std::uint32_t c) {
    auto& v = routes_[r].visits;
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(at), c);
    refresh(r);
}

void RouteSet::open_route(std::uint32_t c) {
    routes_.emplace_back();
    routes_.back().visits.push_back(c);
    refresh(routes_.size() - 1);
}

void RouteSet::set_route(std::size_t r, std::vector<std::uint32_t> visits) {
    routes_[r].visits = std::move(visits);
    refresh(r);
}

void RouteSet::remove_marked(const std::vector<char>& flagged, const std::vector<std::uint32_t>& routes) {
    for (std::uint32_t r : routes) {
        auto& v = routes_[r].visits;
        v.erase(std::remove_if(v.begin(), v.end(), [&](std::uint32_t c) { return flagged[c] != 0; }), v.end());
        refresh(r);
    }
    drop_empty_routes();
}

void RouteSet::drop_empty_routes() {
    for (std::size_t r = routes_.size(); r-- > 0;) {
        if (!routes_[r].visits.empty()) continue;
        if (r + 1 != routes_.size()) {
            std::swap(routes_[r], routes_.back());
            for (std::uint32_t c : routes_[r].visits) route_of_[c] = static_cast<std::uint32_t>(r);
        }
        routes_.pop_back();
    }
}

VrpSolution RouteSet::solution() const {
    VrpSolution s;
    for (const auto& route : routes_) {
        if (!route.visits.empty()) s.routes.push_back(route.visits);
    }
    s.cost = cost_;
    return s;
}

} // namespace revir::engine
