// The routing core: readers checked against every best-known solution (their
// stated costs must come out of our cost matrices, their routes must pass our
// checker), optimality on tiny instances against brute force, and the solver's
// solutions on real instances checked and re-costed independently.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "engine/vrp/vrp_files.hpp"
#include "engine/vrp/vrp_solution.hpp"
#include "engine/vrp/vrp_solver.hpp"
#include "geo/core/error.hpp"
#include "tests/test_support.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir;
using namespace revir::engine;
using revir::engine::read_vrp_instance;

std::string read_text(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

void expect_best_known_solutions_check_out(const std::string& folder, const std::string& extension) {
    REVIR_REQUIRE_DATA(dir, folder);
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != extension) continue;
        const auto instance = read_vrp_instance(entry.path().string());
        auto sol_path = entry.path();
        sol_path.replace_extension(".sol");
        const VrpSolution known = parse_vrp_solution(instance, read_text(sol_path));
        const auto problems = check_vrp_solution(instance, known);
        EXPECT_TRUE(problems.empty()) << entry.path() << ": " << (problems.empty() ? "" : problems.front());
        ++checked;
    }
    EXPECT_GT(checked, 50u);
}

TEST(VrpInstances, EveryXBestKnownSolutionIsFeasibleAndCostsWhatItSays) {
    expect_best_known_solutions_check_out("vrp/cvrp_x", ".vrp");
}

TEST(VrpInstances, EverySolomonBestKnownSolutionIsFeasibleAndCostsWhatItSays) {
    expect_best_known_solutions_check_out("vrp/solomon_vrptw", ".txt");
}

TEST(VrpInstances, MistakesNameTheFile) {
    const auto dir = std::filesystem::temp_directory_path() / "revir_vrp_test";
    std::filesystem::create_directories(dir);
    const auto bad = dir / "bad.vrp";
    std::ofstream(bad) << "NAME : bad\nDIMENSION : 3\nCAPACITY : 10\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
                          "1 0 0\n2 1 x\n3 2 2\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n";
    try {
        read_vrp_instance(bad.string());
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.vrp:7"), std::string::npos) << e.what();
    }
    const auto heavy = dir / "heavy.vrp";
    std::ofstream(heavy) << "NAME : heavy\nDIMENSION : 2\nCAPACITY : 10\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
                            "1 0 0\n2 1 1\nDEMAND_SECTION\n1 0\n2 11\nDEPOT_SECTION\n1\n-1\nEOF\n";
    EXPECT_THROW(read_vrp_instance(heavy.string()), InputError);
    EXPECT_THROW(read_vrp_instance((dir / "missing.vrp").string()), InputError);
    std::filesystem::remove_all(dir);
}

// Brute force: every order of the customers, cut into routes at the best places
// (a shortest path over cut points, each piece checked for capacity and windows).
VrpCost brute_force(const VrpInstance& in) {
    std::vector<std::uint32_t> order(in.customer_count());
    std::iota(order.begin(), order.end(), 1u);
    VrpCost best = kVrpInfinity;
    do {
        const std::size_t m = order.size();
        std::vector<VrpCost> up_to(m + 1, kVrpInfinity);
        up_to[0] = 0;
        for (std::size_t a = 0; a < m; ++a) {
            if (up_to[a] == kVrpInfinity) continue;
            for (std::size_t b = a + 1; b <= m; ++b) {
                VrpSolution piece;
                piece.routes.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(a), order.begin() + static_cast<std::ptrdiff_t>(b));
                piece.cost = route_cost(in, piece.routes[0]);
                // The piece alone: only its own constraints can fail (every other
                // customer is "missing", which is not a route problem).
                bool ok = true;
                for (const auto& p : check_vrp_solution(in, piece)) ok = ok && p.find("route") == std::string::npos;
                if (ok) up_to[b] = std::min(up_to[b], up_to[a] + piece.cost);
            }
        }
        best = std::min(best, up_to[m]);
    } while (std::next_permutation(order.begin(), order.end()));
    return best;
}

TEST(VrpSolver, OptimalOnTinyInstancesAgainstBruteForce) {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        Random rng(seed);
        const std::size_t n = 5 + seed % 3; // 4-6 customers (brute force is n! orders)
        std::vector<double> x(n), y(n);
        std::vector<VrpCost> demand(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = rng.uniform(0, 100);
            y[i] = rng.uniform(0, 100);
            if (i > 0) demand[i] = static_cast<VrpCost>(1 + rng.below(9));
        }
        VrpInstance in = euclidean_vrp_instance("tiny", x, y, demand, 15);
        if (seed % 2 == 0) { // windows: a morning or an afternoon per customer
            for (std::size_t i = 1; i < n; ++i) {
                const bool morning = rng.chance(0.5);
                in.ready[i] = morning ? 0 : 150;
                in.due[i] = morning ? 150 : 400;
                in.service[i] = 10;
            }
            in.due[0] = 500;
        }
        const VrpCost exact = brute_force(in);
        VrpOptions options;
        options.iterations = 3000;
        options.threads = 1;
        const auto found = solve_vrp(in, options);
        EXPECT_TRUE(check_vrp_solution(in, found.solution).empty()) << "seed " << seed;
        EXPECT_EQ(found.solution.cost, exact) << "seed " << seed;
    }
}

void expect_solver_checks_out(const std::string& relative, std::uint64_t iterations, double worst_gap,
                              unsigned searches = 2) {
    REVIR_REQUIRE_DATA(path, relative);
    const auto in = read_vrp_instance(path);
    VrpOptions options;
    options.iterations = iterations;
    options.searches = searches;
    options.time_limit_s = 120;
    const auto result = solve_vrp(in, options);
    const auto problems = check_vrp_solution(in, result.solution);
    EXPECT_TRUE(problems.empty()) << problems.front();
    EXPECT_EQ(result.solution.cost, solution_cost(in, result.solution));
    // Not a speed test: the iterations are fixed; the best known solution's cost
    // tells that the search works at all.
    auto sol = std::filesystem::path(path).replace_extension(".sol");
    const VrpCost known = parse_vrp_solution(in, read_text(sol)).cost;
    EXPECT_LE(static_cast<double>(result.solution.cost), static_cast<double>(known) * (1 + worst_gap)) << relative;
    // The .sol text parses back to the same routes and cost.
    const auto again = parse_vrp_solution(in, format_vrp_solution(in, result.solution));
    EXPECT_EQ(again.routes, result.solution.routes);
    EXPECT_EQ(again.cost, result.solution.cost);
    // A seed and an iteration budget give the same solution.
    EXPECT_EQ(solve_vrp(in, options).solution.routes, result.solution.routes);
}

TEST(VrpSolver, XInstanceFeasibleAndCostedIndependently) { expect_solver_checks_out("vrp/cvrp_x/X-n101-k25.vrp", 20000, 0.02); }

TEST(VrpSolver, SolomonInstancesFeasibleAndCostedIndependently) {
    expect_solver_checks_out("vrp/solomon_vrptw/R101.txt", 50000, 0.03);
    // RC208 varies most from seed to seed: with 2 searches, 3 of seeds 1–30 end more
    // than 5 % above the best known (mean 1.9 %, worst 6.5 %; the earlier random
    // stream: 4, 2.3 %, 7.0 %); with 4 searches none (mean 1.0 %, worst 2.4 %).
    expect_solver_checks_out("vrp/solomon_vrptw/RC208.txt", 50000, 0.05, 4);
}

} // namespace
