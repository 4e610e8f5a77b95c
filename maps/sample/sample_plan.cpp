#include "maps/sample/sample_plan.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "geo/core/atomic_output.hpp"
#include "maps/sample/sample_town.hpp"

namespace revir::sample {

namespace {

// The units are drawn on a lattice of 250 m × 200 m cells whose inner vertices are
// moved a little (census boundaries are not straight); in the dense centre every
// cell is a unit, further out 2 × 2 cells make one. The river runs along x = 0,
// which is a lattice line, except at three vertices moved across it: the units
// there straddle the river.
constexpr double kCellX = 250, kCellY = 200;
constexpr int kColumns = 24, kRows = 22; // x −3000 … 3000, y −2000 … 2400
constexpr double kX0 = -3000, kY0 = -2000;

} // namespace

double noise(std::uint64_t a, std::uint64_t b, std::uint64_t salt) {
    std::uint64_t z = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL ^ salt * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    z *= 0xBF58476D1CE4E5B9ULL;
    z ^= z >> 29;
    return static_cast<double>(z >> 11) / 9007199254740992.0;
}

std::string account_terms(std::uint64_t draw) {
    const double kind = noise(draw, 3, 10);
    const int visits = kind < 0.6 ? 1 : kind < 0.9 ? 2 : 4;
    const int service = visits == 4 ? 20 : visits == 2 ? 30 : 45;
    const double potential = std::round(2000 * std::exp(2 * noise(draw, 4, 10)) * visits);
    const double special = noise(draw, 5, 10);
    const char* weekdays = special < 0.08 ? "Mon;Wed;Fri" : "";
    const bool morning = special >= 0.08 && special < 0.16;
    return fmt::format("{:.0f},{},{},{},{},{}", potential, service, visits, weekdays, morning ? "08:30" : "",
                       morning ? "12:00" : "");
}

namespace {

struct Vertex {
    double x, y;
};

Vertex vertex(int i, int j) {
    Vertex v{kX0 + i * kCellX, kY0 + j * kCellY};
    const bool edge_i = i == 0 || i == kColumns, edge_j = j == 0 || j == kRows;
    if (i == kColumns / 2) { // on the river
        if (j == 5 || j == 6) v.x += 160;
        if (j == 16) v.x -= 160;
        return v;
    }
    if (!edge_i) v.x += (noise(i, j, 1) - 0.5) * 100;
    if (!edge_j) v.y += (noise(i, j, 2) - 0.5) * 80;
    return v;
}

struct Unit {
    int i0, j0, size; // lattice cell and 1 or 2 cells a side
    std::vector<Vertex> ring;
    double population = 0, households = 0;
};

// Persons per km²: a dense centre fading to countryside.
double density(double x, double y) { return 11000 * std::exp(-std::hypot(x, y) / 800) + 120; }

std::vector<Unit> make_units() {
    std::vector<Unit> units;
    for (int bj = 0; bj < kRows / 2; ++bj) {
        for (int bi = 0; bi < kColumns / 2; ++bi) {
            const double cx = kX0 + (2 * bi + 1) * kCellX, cy = kY0 + (2 * bj + 1) * kCellY;
            const bool core = std::abs(cx) < 1600 && std::abs(cy) < 1300;
            if (core) {
                for (int dj = 0; dj < 2; ++dj) {
                    for (int di = 0; di < 2; ++di) units.push_back({2 * bi + di, 2 * bj + dj, 1, {}});
                }
            } else {
                units.push_back({2 * bi, 2 * bj, 2, {}});
            }
        }
    }
    for (auto& u : units) {
        // Counter-clockwise along the lattice, every lattice vertex on the boundary,
        // so that neighbouring units share their vertices exactly.
        const int s = u.size;
        for (int k = 0; k < s; ++k) u.ring.push_back(vertex(u.i0 + k, u.j0));
        for (int k = 0; k < s; ++k) u.ring.push_back(vertex(u.i0 + s, u.j0 + k));
        for (int k = s; k > 0; --k) u.ring.push_back(vertex(u.i0 + k, u.j0 + s));
        for (int k = s; k > 0; --k) u.ring.push_back(vertex(u.i0, u.j0 + k));
        double area = 0, cx = 0, cy = 0;
        for (std::size_t k = 0; k < u.ring.size(); ++k) {
            const auto& a = u.ring[k];
            const auto& b = u.ring[(k + 1) % u.ring.size()];
            area += (a.x * b.y - b.x * a.y) / 2;
            cx += a.x / u.ring.size();
            cy += a.y / u.ring.size();
        }
        const double km2 = area / 1e6;
        u.population = std::round(km2 * density(cx, cy) * (0.7 + 0.6 * noise(u.i0, u.j0, 3)));
        u.households = std::round(u.population / (1.9 + 0.8 * noise(u.i0, u.j0, 4)));
    }
    return units;
}

std::string unit_id(const Unit& u) { return fmt::format("U{:02}{:02}", u.j0, u.i0); }

std::string coordinate(double x, double y) {
    const auto c = town_coordinate(x, y);
    return fmt::format("[{:.7f},{:.7f}]", c.lon(), c.lat());
}

void write_units(const std::vector<Unit>& units, const std::string& path) {
    geo::AtomicOutput file(path);
    auto& out = file.stream();
    out << "{\"type\":\"FeatureCollection\",\"name\":\"units\",\"features\":[\n";
    for (std::size_t k = 0; k < units.size(); ++k) {
        const auto& u = units[k];
        const double cx = kX0 + (u.i0 + u.size / 2.0) * kCellX;
        const std::string name = fmt::format("{} {}", cx < 0 ? "West" : "East", k + 1);
        out << fmt::format("{{\"type\":\"Feature\",\"properties\":{{\"unit_id\":\"{}\",\"name\":\"{}\",\"population\":{:.0f},"
                           "\"households\":{:.0f}}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[",
                           unit_id(u), name, u.population, u.households);
        for (const auto& v : u.ring) out << coordinate(v.x, v.y) << ",";
        out << coordinate(u.ring[0].x, u.ring[0].y) << "]]}}" << (k + 1 < units.size() ? ",\n" : "\n");
    }
    out << "]}\n";
    file.commit();
}

// Accounts: a unit drawn by population, a point inside it, and the kind of
// customer: most monthly, some every other week, a few weekly; a few only in the
// morning or only on some weekdays.
void write_accounts(const std::vector<Unit>& units, const std::string& path) {
    std::vector<double> cumulative;
    double total = 0;
    for (const auto& u : units) cumulative.push_back(total += u.population);
    geo::AtomicOutput file(path);
    auto& out = file.stream();
    out << "id,name,lon,lat," << kAccountTermsHeader << "\n";
    // Customers live along the roads: the town grid and High Street; a draw
    // farther out is drawn again.
    auto near_roads = [](double x, double y) {
        const double dx = std::max(std::abs(x) - 1650, 0.0), dy = std::max(std::abs(y) - 1200, 0.0);
        return std::hypot(dx, dy) < 450 || (std::abs(y) < 450 && std::abs(x) < 4000);
    };
    for (int a = 0, draw = 0; a < kSampleAccounts; ++draw) {
        const double pick = noise(draw, 0, 10) * total;
        const auto k = static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
        const auto& u = units[std::min(k, units.size() - 1)];
        // Bilinear between the unit's corners, away from its boundary.
        const double s = 0.15 + 0.7 * noise(draw, 1, 10), t = 0.15 + 0.7 * noise(draw, 2, 10);
        const auto p00 = vertex(u.i0, u.j0), p10 = vertex(u.i0 + u.size, u.j0);
        const auto p01 = vertex(u.i0, u.j0 + u.size), p11 = vertex(u.i0 + u.size, u.j0 + u.size);
        const double x = (1 - s) * (1 - t) * p00.x + s * (1 - t) * p10.x + (1 - s) * t * p01.x + s * t * p11.x;
        const double y = (1 - s) * (1 - t) * p00.y + s * (1 - t) * p10.y + (1 - s) * t * p01.y + s * t * p11.y;
        if (!near_roads(x, y)) continue;
        const auto c = town_coordinate(x, y);
        out << fmt::format("A{:04},Account {},{:.7f},{:.7f},{}\n", a + 1, a + 1, c.lon(), c.lat(), account_terms(draw));
        ++a;
    }
    file.commit();
}

void write_bases(const std::string& path) {
    struct Rep {
        const char* id;
        const char* name;
        double x, y, capacity;
    };
    // Unequal capacities: a senior rep carries more, a part-timer half.
    const Rep reps[kSampleBases] = {{"B1", "Anna Berg", -1200, 750, 1.0},  {"B2", "Johan Lind", 900, 900, 1.0},
                                    {"B3", "Sara Holm", -900, -900, 1.2},  {"B4", "Erik Strand", 1050, -750, 0.8},
                                    {"B5", "Maja Ek", 2400, 150, 0.5},     {"B6", "Oskar Dahl", -2300, -150, 1.0}};
    geo::AtomicOutput file(path);
    auto& out = file.stream();
    out << "id,name,lon,lat,capacity\n";
    for (const auto& r : reps) {
        const auto c = town_coordinate(r.x, r.y);
        out << fmt::format("{},{},{:.7f},{:.7f},{}\n", r.id, r.name, c.lon(), c.lat(), r.capacity);
    }
    file.commit();
}

} // namespace

void write_sample_plan_inputs(const std::string& folder) {
    std::filesystem::create_directories(folder);
    const std::filesystem::path f(folder);
    write_sample_town((f / "town.osm.pbf").string());
    const auto units = make_units();
    write_units(units, (f / "units.geojson").string());
    write_accounts(units, (f / "accounts.csv").string());
    write_bases((f / "bases.csv").string());
}

} // namespace revir::sample
