#include "engine/vrp/vrp_files.hpp"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "geo/core/csv.hpp"
#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"

namespace revir::engine {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& what) {
    throw InputError(fmt::format("{}:{}: {}", path, line, what));
}

std::vector<std::string> tokens_of(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> tokens;
    for (std::string t; in >> t;) tokens.push_back(t);
    return tokens;
}

// Whole tokens only: "2.5" is not a whole number and "1e300" not a count.
long long whole_token(const std::string& token, const std::string& path, std::size_t line, const std::string& what) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || end != token.data() + token.size()) fail(path, line, what + " is not a whole number: '" + token + "'");
    return v;
}

double real_token(const std::string& token, const std::string& path, std::size_t line, const std::string& what) {
    double v = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(v)) {
        fail(path, line, what + " is not a number: '" + token + "'");
    }
    if (!(std::abs(v) <= 1e9)) fail(path, line, what + " is out of range (at most 1e9): '" + token + "'");
    return v;
}

// A line of exactly `count` tokens.
std::vector<std::string> fields_of(const std::string& line, std::size_t count, const std::string& path, std::size_t line_no,
                                   const std::string& what) {
    auto tokens = tokens_of(line);
    if (tokens.size() != count) {
        fail(path, line_no, fmt::format("{} needs {} values, not {}: '{}'", what, count, tokens.size(), line));
    }
    return tokens;
}

// TSPLIB/CVRPLIB: "KEY : value" lines, then sections.
VrpInstance read_cvrplib(std::istream& file, const std::string& path) {
    VrpInstance in;
    std::size_t dimension = 0, line_no = 0;
    std::map<std::size_t, std::pair<double, double>> coords;
    std::map<std::size_t, VrpCost> demands;
    std::vector<std::size_t> depots;
    double max_duration = 0, service_time = 0;
    std::set<std::string> seen_keys;
    std::string line, section;
    while (std::getline(file, line)) {
        ++line_no;
        const std::string t = trim(line);
        if (t.empty()) continue;
        if (t == "EOF") break;
        if (t.find("SECTION") != std::string::npos) {
            section = t.substr(0, t.find("SECTION") + 7);
            continue;
        }
        if (const auto colon = t.find(':'); colon != std::string::npos && section.empty()) {
            const std::string key = trim(t.substr(0, colon)), value = trim(t.substr(colon + 1));
            static const std::vector<std::string> known{"NAME",     "COMMENT",      "TYPE",          "DIMENSION", "CAPACITY",
                                                        "DISTANCE", "SERVICE_TIME", "EDGE_WEIGHT_TYPE", "VEHICLES"};
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                fail(path, line_no, "unknown key " + key + geo::did_you_mean(key, known));
            }
            if (!seen_keys.insert(key).second) fail(path, line_no, key + " is given twice");
            if (key == "NAME") in.name = value;
            if (key == "TYPE" && value != "CVRP") fail(path, line_no, "TYPE " + value + " is not a vehicle routing instance (CVRP)");
            if (key == "DIMENSION") {
                const auto v = whole_token(value, path, line_no, key);
                if (v < 2 || v > 100000) fail(path, line_no, "DIMENSION must be from 2 to 100000, not " + value);
                dimension = static_cast<std::size_t>(v);
            }
            if (key == "CAPACITY") {
                in.capacity = whole_token(value, path, line_no, key);
                if (in.capacity <= 0 || in.capacity > static_cast<VrpCost>(kVrpLargestValue)) {
                    fail(path, line_no, "CAPACITY must be from 1 to " + fmt::format("{}", kVrpLargestValue) + ", not " + value);
                }
            }
            if (key == "DISTANCE") max_duration = real_token(value, path, line_no, key);
            if (key == "SERVICE_TIME") service_time = real_token(value, path, line_no, key);
            if (key == "VEHICLES") {
                const auto v = whole_token(value, path, line_no, key);
                if (v < 1 || v > 100000) fail(path, line_no, "VEHICLES must be from 1 to 100000, not " + value);
                in.max_vehicles = static_cast<std::size_t>(v);
            }
            if (max_duration < 0 || service_time < 0) fail(path, line_no, key + " cannot be negative: '" + value + "'");
            if (key == "EDGE_WEIGHT_TYPE" && value != "EUC_2D") {
                fail(path, line_no, "edge weight type " + value + " is not supported (only EUC_2D)");
            }
            continue;
        }
        const auto node_id = [&](const std::string& token) {
            const auto id = whole_token(token, path, line_no, "a node number");
            if (id < 1 || id > static_cast<long long>(dimension)) {
                fail(path, line_no, fmt::format("node {} is outside 1 … DIMENSION ({})", token, dimension));
            }
            return static_cast<std::size_t>(id);
        };
        if (dimension == 0) fail(path, line_no, "a section before DIMENSION");
        if (section == "NODE_COORD_SECTION") {
            const auto f = fields_of(t, 3, path, line_no, "a coordinate line");
            const auto id = node_id(f[0]);
            if (!coords.emplace(id, std::pair{real_token(f[1], path, line_no, "x"), real_token(f[2], path, line_no, "y")}).second) {
                fail(path, line_no, "node " + f[0] + " has two coordinate lines");
            }
        } else if (section == "DEMAND_SECTION") {
            const auto f = fields_of(t, 2, path, line_no, "a demand line");
            const auto id = node_id(f[0]);
            const auto d = whole_token(f[1], path, line_no, "a demand");
            if (d < 0) fail(path, line_no, "a demand cannot be negative: '" + f[1] + "'");
            if (!demands.emplace(id, d).second) fail(path, line_no, "node " + f[0] + " has two demand lines");
        } else if (section == "DEPOT_SECTION") {
            const auto f = fields_of(t, 1, path, line_no, "a depot line");
            if (f[0] == "-1") {
                section = "DEPOT_END";
                continue;
            }
            depots.push_back(node_id(f[0]));
        } else {
            fail(path, line_no, "unexpected line '" + t + "'");
        }
    }
    if (dimension == 0) throw InputError(path + ": no DIMENSION");
    if (!seen_keys.count("CAPACITY")) throw InputError(path + ": no CAPACITY (a vehicle routing instance needs one)");
    if (coords.size() != dimension || demands.size() != dimension) {
        throw InputError(fmt::format("{}: DIMENSION is {} but {} coordinates and {} demands were read", path, dimension,
                                     coords.size(), demands.size()));
    }
    if (depots.size() != 1 || !coords.count(depots.front())) throw InputError(path + ": exactly one depot is needed");
    // The depot first, then the other nodes in file order.
    std::vector<std::size_t> ids{depots.front()};
    for (const auto& [id, xy] : coords) {
        if (id != depots.front()) ids.push_back(id);
    }
    for (std::size_t id : ids) {
        in.x.push_back(coords[id].first);
        in.y.push_back(coords[id].second);
        const auto demand = demands.find(id);
        if (demand == demands.end()) throw InputError(fmt::format("{}: node {} has no demand", path, id));
        in.demand.push_back(id == depots.front() ? 0 : demand->second);
        in.ready.push_back(0);
        in.service.push_back(id == depots.front() ? 0 : std::llround(service_time));
    }
    in.due.assign(dimension, kVrpInfinity);
    if (max_duration > 0) in.due[0] = std::llround(max_duration);
    fill_euclidean_costs(in, 1.0, false);
    return in;
}

// Solomon: name, VEHICLE / NUMBER CAPACITY, CUSTOMER table.
VrpInstance read_solomon(std::istream& file, const std::string& path) {
    VrpInstance in;
    in.cost_unit = 0.1;
    std::string line;
    std::size_t line_no = 0;
    bool vehicles = false, customers = false;
    while (std::getline(file, line)) {
        ++line_no;
        const std::string t = trim(line);
        if (t.empty()) continue;
        if (in.name.empty()) {
            in.name = t;
            continue;
        }
        if (t == "VEHICLE") {
            vehicles = true;
            continue;
        }
        if (t == "CUSTOMER") {
            customers = true;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(t.front()))) continue; // column titles
        if (vehicles && !customers) {
            const auto f = fields_of(t, 2, path, line_no, "the vehicle line (NUMBER CAPACITY)");
            const auto number = whole_token(f[0], path, line_no, "the number of vehicles");
            const auto capacity = whole_token(f[1], path, line_no, "the capacity");
            if (number <= 0 || number > 100000) fail(path, line_no, "the number of vehicles must be from 1 to 100000, not " + f[0]);
            if (capacity <= 0 || capacity > static_cast<VrpCost>(kVrpLargestValue)) fail(path, line_no, "the capacity is out of range: " + f[1]);
            if (in.capacity != kVrpInfinity) fail(path, line_no, "a second vehicle line");
            in.max_vehicles = static_cast<std::size_t>(number);
            in.capacity = capacity;
            vehicles = false;
            continue;
        }
        if (!customers) fail(path, line_no, "unexpected line '" + t + "'");
        const auto f = fields_of(t, 7, path, line_no, "a customer line (CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME)");
        const auto id = whole_token(f[0], path, line_no, "the customer number");
        const double px = real_token(f[1], path, line_no, "XCOORD"), py = real_token(f[2], path, line_no, "YCOORD");
        const auto demand = whole_token(f[3], path, line_no, "DEMAND");
        const double ready = real_token(f[4], path, line_no, "READY TIME"), due = real_token(f[5], path, line_no, "DUE DATE");
        const double service = real_token(f[6], path, line_no, "SERVICE TIME");
        if (demand < 0 || ready < 0 || due < ready || service < 0) {
            fail(path, line_no, "a negative demand or time, or a due date before the ready time");
        }
        if (id != static_cast<long long>(in.x.size())) fail(path, line_no, "customers must be numbered 0, 1, 2, ... in order");
        in.x.push_back(px);
        in.y.push_back(py);
        in.demand.push_back(demand);
        // Times in tenths, like the distances.
        in.ready.push_back(std::llround(ready * 10));
        in.due.push_back(std::llround(due * 10));
        in.service.push_back(std::llround(service * 10));
    }
    if (in.capacity == kVrpInfinity) throw InputError(path + ": no VEHICLE section");
    fill_euclidean_costs(in, 10.0, true);
    return in;
}

} // namespace

VrpInstance read_vrp_instance(const std::string& path) {
    const std::string head = read_text_file(path);
    std::istringstream text(head);
    const bool cvrplib = head.find("NODE_COORD_SECTION") != std::string::npos;
    if (!cvrplib && head.find("CUSTOMER") == std::string::npos) {
        throw InputError(path + ": neither a CVRPLIB file (no NODE_COORD_SECTION) nor a Solomon file (no CUSTOMER table)");
    }
    VrpInstance in = cvrplib ? read_cvrplib(text, path) : read_solomon(text, path);
    check_vrp_instance(in, path);
    return in;
}

} // namespace revir::engine
