#include "engine/vrp/vrp_solution.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir::engine {

VrpCost route_cost(const VrpInstance& in, const std::vector<std::uint32_t>& route) {
    VrpCost sum = 0;
    std::uint32_t at = 0;
    for (std::uint32_t v : route) {
        sum += in.c(at, v);
        at = v;
    }
    return sum + in.c(at, 0);
}

VrpCost solution_cost(const VrpInstance& in, const VrpSolution& s) {
    VrpCost sum = 0;
    for (const auto& r : s.routes) sum += route_cost(in, r);
    return sum;
}

std::vector<std::string> check_vrp_solution(const VrpInstance& in, const VrpSolution& s) {
    std::vector<std::string> problems;
    const std::size_t n = in.node_count();
    std::vector<int> visits(n, 0);
    std::size_t used = 0;
    for (std::size_t r = 0; r < s.routes.size(); ++r) {
        const auto& route = s.routes[r];
        if (route.empty()) continue;
        ++used;
        VrpCost load = 0, time = in.ready[0];
        std::uint32_t at = 0;
        for (std::uint32_t v : route) {
            if (v == 0 || v >= n) {
                problems.push_back(fmt::format("route {}: {} is not a customer", r + 1, v));
                continue;
            }
            ++visits[v];
            load += in.demand[v];
            time = std::max(time + in.service[at] + in.c(at, v), in.ready[v]);
            if (time > in.due[v]) problems.push_back(fmt::format("route {}: customer {} served at {} after its window closes ({})", r + 1, v, time, in.due[v]));
            at = v;
        }
        time += in.service[at] + in.c(at, 0);
        if (time > in.due[0]) problems.push_back(fmt::format("route {}: back at the depot at {}, after {}", r + 1, time, in.due[0]));
        if (load > in.capacity) problems.push_back(fmt::format("route {}: load {} over the capacity {}", r + 1, load, in.capacity));
    }
    for (std::size_t v = 1; v < n; ++v) {
        if (visits[v] != 1) problems.push_back(fmt::format("customer {} visited {} times", v, visits[v]));
    }
    if (in.max_vehicles > 0 && used > in.max_vehicles) {
        problems.push_back(fmt::format("{} routes for {} vehicles", used, in.max_vehicles));
    }
    const bool valid_ids = std::all_of(s.routes.begin(), s.routes.end(), [&](const auto& r) {
        return std::all_of(r.begin(), r.end(), [&](std::uint32_t v) { return v > 0 && v < n; });
    });
    if (valid_ids && s.cost != solution_cost(in, s)) {
        problems.push_back(fmt::format("stated cost {} but the routes cost {}", s.cost, solution_cost(in, s)));
    }
    return problems;
}

std::string format_vrp_solution(const VrpInstance& in, const VrpSolution& s) {
    std::string out;
    std::size_t number = 0;
    for (const auto& route : s.routes) {
        if (route.empty()) continue;
        out += fmt::format("Route #{}:", ++number);
        for (std::uint32_t v : route) out += fmt::format(" {}", v);
        out += '\n';
    }
    if (in.cost_unit == 1.0) {
        out += fmt::format("Cost {}\n", s.cost);
    } else {
        const int decimals = static_cast<int>(std::lround(-std::log10(in.cost_unit)));
        out += fmt::format("Cost {:.{}f}\n", static_cast<double>(s.cost) * in.cost_unit, std::max(decimals, 0));
    }
    return out;
}

VrpSolution parse_vrp_solution(const VrpInstance& in, const std::string& text) {
    VrpSolution s;
    std::istringstream lines(text);
    std::string line;
    bool have_cost = false;
    while (std::getline(lines, line)) {
        if (line.rfind("Route", 0) == 0) {
            const auto colon = line.find(':');
            if (colon == std::string::npos) throw InputError("solution: bad route line '" + line + "'");
            std::istringstream ids(line.substr(colon + 1));
            std::vector<std::uint32_t> route;
            for (long long v; ids >> v;) {
                if (v <= 0 || static_cast<std::size_t>(v) >= in.node_count()) {
                    throw InputError(fmt::format("solution: {} is not a customer of {}", v, in.name));
                }
                route.push_back(static_cast<std::uint32_t>(v));
            }
            s.routes.push_back(std::move(route));
        } else if (line.rfind("Cost", 0) == 0) {
            double cost = 0;
            if (!(std::istringstream(line.substr(4)) >> cost)) throw InputError("solution: bad cost line '" + line + "'");
            s.cost = std::llround(cost / in.cost_unit);
            have_cost = true;
        }
    }
    if (!have_cost) throw InputError("solution: no Cost line");
    return s;
}

} // namespace revir::engine
