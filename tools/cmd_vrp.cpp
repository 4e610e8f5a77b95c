#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "benchmarks/formats/vrp_formats.hpp"
#include "engine/vrp/vrp_solution.hpp"
#include "engine/vrp/vrp_solver.hpp"
#include "geo/core/atomic_file.hpp"
#include "geo/core/error.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct VrpConfig {
    std::string instance;
    double time_limit_s = 10;
    std::uint64_t iterations = 0;
    std::uint64_t seed = 1;
    unsigned threads = 0;
    std::string output;
    bool json = false;
};

void run_vrp(const VrpConfig& config) {
    const auto instance = formats::read_vrp_instance(config.instance);
    std::fprintf(stderr, "vrp: %s, %zu customers, capacity %lld%s\n", instance.name.c_str(), instance.customer_count(),
                 static_cast<long long>(instance.capacity), instance.has_time_windows() ? ", time windows" : "");
    engine::VrpOptions options;
    options.time_limit_s = config.time_limit_s;
    options.iterations = config.iterations;
    options.seed = config.seed;
    options.threads = config.threads;
    const auto result = engine::solve_vrp(instance, options);
    const auto problems = engine::check_vrp_solution(instance, result.solution);
    for (const auto& p : problems) std::fprintf(stderr, "vrp: not feasible: %s\n", p.c_str());
    std::fprintf(stderr, "vrp: %zu routes, cost %.1f, %llu iterations in %.1f s%s\n", result.solution.routes.size(),
                 static_cast<double>(result.solution.cost) * instance.cost_unit,
                 static_cast<unsigned long long>(result.iterations), result.seconds,
                 result.hit_time_limit ? " (time limit)" : "");
    const std::string text = engine::format_vrp_solution(instance, result.solution);
    if (!config.output.empty()) {
        geo::AtomicFile file(config.output);
        file.stream() << text;
        file.commit();
    }
    if (config.json) {
        nlohmann::json summary = {{"instance", instance.name},
                                  {"customers", instance.customer_count()},
                                  {"cost", static_cast<double>(result.solution.cost) * instance.cost_unit},
                                  {"routes", result.solution.routes},
                                  {"feasible", problems.empty()},
                                  {"iterations", result.iterations},
                                  {"seconds", result.seconds},
                                  {"hit_time_limit", result.hit_time_limit}};
        std::printf("%s\n", summary.dump(2).c_str());
    } else if (config.output.empty()) {
        std::fputs(text.c_str(), stdout);
    }
    if (!problems.empty()) throw NoFeasiblePlan("vrp: no feasible solution found (" + problems.front() + ")");
}
} // namespace

void add_vrp_command(CLI::App& app) {
    auto config = std::make_shared<VrpConfig>();
    auto* cmd = app.add_subcommand("vrp", "Solve a CVRPLIB (.vrp) or Solomon (.txt) routing instance; prints a .sol");
    cmd->add_option("instance", config->instance, "Instance file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--time-limit", config->time_limit_s, "Seconds at most")->capture_default_str();
    cmd->add_option("--iterations", config->iterations,
                    "Ruin-and-recreate iterations per search (0: 1,000 per customer); the same seed and iterations give "
                    "the same solution unless the time limit comes first")
        ->capture_default_str();
    cmd->add_option("--seed", config->seed, "Random seed")->capture_default_str();
    cmd->add_option("--threads", config->threads, "Threads for the two searches (0: every core)")->capture_default_str();
    cmd->add_option("-o,--output", config->output, "Write the .sol here instead of stdout");
    cmd->add_flag("--json", config->json, "Print a JSON summary (cost, routes, feasible, iterations) on stdout");
    cmd->callback([config] { run_vrp(*config); });
}

} // namespace revir::tools
