#include "benchmarks/formats/ctdp_instance.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir::formats {

using namespace revir::engine;

engine::FreeCentreProblem read_ctdp_instance(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open");
    std::size_t line_number = 0;
    auto next_line = [&](const char* what) {
        std::string line;
        while (std::getline(in, line)) {
            ++line_number;
            line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
            if (line.find_first_not_of(" \t") != std::string::npos) return line;
        }
        throw InputError(fmt::format("{}: ends before {}", path, what));
    };
    auto fail = [&](const std::string& what) { throw InputError(fmt::format("{}:{}: {}", path, line_number, what)); };

    std::size_t n = 0;
    if (!(std::istringstream(next_line("the unit count")) >> n) || n == 0) fail("expected the number of units");
    FreeCentreProblem fp;
    TerritoryProblem& p = fp.base;
    p.unit_count = n;
    std::vector<double> x(n), y(n);
    p.criteria.resize(3);
    const char* names[] = {"activity1", "activity2", "activity3"};
    for (std::size_t c = 0; c < 3; ++c) p.criteria[c].name = names[c];
    for (std::size_t i = 0; i < n; ++i) {
        std::istringstream row(next_line("a unit"));
        std::size_t id = 0;
        double w[3];
        if (!(row >> id >> x[i] >> y[i] >> w[0] >> w[1] >> w[2])) fail("expected 'id x y w1 w2 w3'");
        if (id != i) fail(fmt::format("unit {} where {} was expected", id, i));
        for (std::size_t c = 0; c < 3; ++c) p.criteria[c].weight.push_back(w[c]);
    }
    std::size_t m = 0;
    if (!(std::istringstream(next_line("the edge count")) >> m)) fail("expected the number of adjacency pairs");
    IndexVector<UnitIndex, std::vector<UnitIndex>> adjacent(n);
    for (std::size_t e = 0; e < m; ++e) {
        std::istringstream row(next_line("an adjacency pair"));
        std::uint32_t a = 0, b = 0;
        if (!(row >> a >> b) || a >= n || b >= n || a == b) fail("expected two different unit ids");
        adjacent[UnitIndex(a)].push_back(UnitIndex(b));
        adjacent[UnitIndex(b)].push_back(UnitIndex(a));
    }
    set_adjacency(p, std::move(adjacent));
    std::istringstream params(next_line("the parameters"));
    std::size_t k = 0, k_again = 0;
    double tolerance[3];
    if (!(params >> k >> k_again >> tolerance[0] >> tolerance[1] >> tolerance[2]) || k == 0 || k > n) {
        fail("expected 'K K tol1 tol2 tol3 …'");
    }
    for (std::size_t c = 0; c < 3; ++c) p.criteria[c].tolerance = tolerance[c];
    p.territory_count = k;
    p.capacity.assign(k, 1.0);
    p.objective_weight.assign(n, 1.0);
    p.measure = Measure::distance;
    for (std::size_t i = 0; i < n; ++i) p.unit_names.push_back(std::to_string(i));
    fp.unit_distance.resize(n * n);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t i = 0; i < n; ++i) {
            fp.unit_distance[j * n + i] = static_cast<float>(std::hypot(x[j] - x[i], y[j] - y[i]));
        }
    }
    return fp;
}

} // namespace revir::formats
