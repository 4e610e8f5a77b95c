// revir-bench-vrp: the routing core on the CVRPLIB X instances with at most 400
// customers and on the 56 Solomon VRPTW instances, a fixed time per instance;
// prints each instance's cost, the best-known cost, the gap and the routes, then
// the mean gap per set. Usage: revir-bench-vrp [FILTER] [SECONDS] (instances whose
// name contains FILTER; 10 s each by default).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/vrp/vrp_files.hpp"
#include "engine/vrp/vrp_solution.hpp"
#include "engine/vrp/vrp_solver.hpp"

using namespace revir;

namespace {

struct Known {
    std::string name;
    double cost;
    std::size_t routes;
};

// bks.csv: name, then (X) dimension, capacity, routes, cost or (Solomon) routes, distance.
std::vector<Known> read_bks(const std::filesystem::path& csv, bool x_set) {
    std::vector<Known> list;
    std::ifstream file(csv);
    std::string line;
    std::getline(file, line);
    while (std::getline(file, line)) {
        std::vector<std::string> f;
        std::stringstream fields(line);
        for (std::string v; std::getline(fields, v, ',');) f.push_back(v);
        if (x_set && f.size() >= 5 && std::stoul(f[1]) <= 401) list.push_back({f[0], std::stod(f[4]), std::stoul(f[3])});
        if (!x_set && f.size() >= 3) list.push_back({f[0], std::stod(f[2]), std::stoul(f[1])});
    }
    return list;
}

} // namespace

int main(int argc, char** argv) {
    const std::string filter = argc > 1 ? argv[1] : "";
    const double seconds = argc > 2 ? std::atof(argv[2]) : 10.0;
    const std::filesystem::path data = REVIR_SHARED_DATA;
    std::printf("cores: %u; %.0f s per instance, 2 searches on all cores\n", std::thread::hardware_concurrency(), seconds);
    for (const bool x_set : {true, false}) {
        const auto dir = data / "vrp" / (x_set ? "cvrp_x" : "solomon_vrptw");
        const auto known = read_bks(dir / "bks.csv", x_set);
        double gap_sum = 0;
        std::size_t count = 0;
        std::printf("%-16s %12s %12s %8s %7s %7s %10s\n", "instance", "cost", "bks", "gap_%", "routes", "bks_rt", "iterations");
        for (const auto& k : known) {
            if (k.name.find(filter) == std::string::npos) continue;
            const auto instance = engine::read_vrp_instance((dir / (k.name + (x_set ? ".vrp" : ".txt"))).string());
            engine::VrpOptions options;
            options.time_limit_s = seconds;
            options.iterations = ~std::uint64_t{0} >> 1; // the time limit decides
            const auto result = engine::solve_vrp(instance, options);
            const double cost = static_cast<double>(result.solution.cost) * instance.cost_unit;
            const double gap = (cost - k.cost) / k.cost * 100;
            const auto problems = engine::check_vrp_solution(instance, result.solution);
            std::printf("%-16s %12.1f %12.1f %8.3f %7zu %7zu %10llu%s\n", k.name.c_str(), cost, k.cost, gap,
                        result.solution.routes.size(), k.routes, static_cast<unsigned long long>(result.iterations),
                        problems.empty() ? "" : "  INFEASIBLE");
            for (const auto& p : problems) std::printf("    %s\n", p.c_str());
            std::fflush(stdout);
            gap_sum += gap;
            ++count;
        }
        if (count > 0) std::printf("%s: mean gap %.3f %% over %zu instances\n\n", x_set ? "X (n <= 400)" : "Solomon", gap_sum / static_cast<double>(count), count);
    }
    return 0;
}
