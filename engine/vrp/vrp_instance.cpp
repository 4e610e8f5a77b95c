#include "engine/vrp/vrp_instance.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir::engine {

namespace {


} // namespace

void fill_euclidean_costs(VrpInstance& in, double scale, bool truncate) {
    const std::size_t n = in.node_count();
    in.cost.assign(n * n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double d = std::hypot(in.x[i] - in.x[j], in.y[i] - in.y[j]) * scale;
            in.cost[i * n + j] = static_cast<VrpCost>(truncate ? std::floor(d + 1e-9) : std::llround(d));
        }
    }
}

void check_vrp_instance(const VrpInstance& in, const std::string& path) {
    if (in.node_count() < 2) throw InputError(path + ": no customers");
    if (in.ready[0] > in.due[0]) throw InputError(path + ": the depot's window is empty");
    for (std::size_t i = 0; i < in.node_count(); ++i) {
        const auto big = static_cast<VrpCost>(kVrpLargestValue);
        if (in.demand[i] > big || in.ready[i] < 0 || in.ready[i] > big || in.service[i] < 0 || in.service[i] > big ||
            (in.due[i] != kVrpInfinity && in.due[i] > big)) {
            throw InputError(fmt::format("{}: node {} has a demand, window or service time out of range", path, i));
        }
    }
    for (std::size_t i = 1; i < in.node_count(); ++i) {
        if (in.demand[i] < 0) throw InputError(fmt::format("{}: customer {} has a negative demand", path, i));
        if (in.demand[i] > in.capacity) {
            throw InputError(fmt::format("{}: customer {} demands {}, more than a vehicle holds ({})", path, i,
                                         in.demand[i], in.capacity));
        }
        if (in.ready[i] > in.due[i]) throw InputError(fmt::format("{}: customer {} has an empty time window", path, i));
    }
}

bool VrpInstance::has_time_windows() const {
    for (std::size_t i = 0; i < node_count(); ++i) {
        if (ready[i] > 0 || due[i] < kVrpInfinity) return true;
    }
    return false;
}

VrpInstance euclidean_vrp_instance(std::string name, std::vector<double> x, std::vector<double> y,
                                   std::vector<VrpCost> demand, VrpCost capacity, double scale) {
    VrpInstance in;
    in.name = std::move(name);
    in.x = std::move(x);
    in.y = std::move(y);
    in.demand = std::move(demand);
    in.capacity = capacity;
    in.ready.assign(in.demand.size(), 0);
    in.due.assign(in.demand.size(), kVrpInfinity);
    in.service.assign(in.demand.size(), 0);
    in.cost_unit = 1.0 / scale;
    fill_euclidean_costs(in, scale, false);
    return in;
}

} // namespace revir::engine
