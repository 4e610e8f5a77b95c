#include "engine/vrp/vrp_files.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "geo/core/error.hpp"

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

// TSPLIB/CVRPLIB: "KEY : value" lines, then sections.
VrpInstance read_cvrplib(std::istream& file, const std::string& path) {
    VrpInstance in;
    std::size_t dimension = 0, line_no = 0;
    std::map<std::size_t, std::pair<double, double>> coords;
    std::map<std::size_t, VrpCost> demands;
    std::vector<std::size_t> depots;
    double max_duration = 0, service_time = 0;
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
            try {
                if (key == "NAME") in.name = value;
                if (key == "DIMENSION") dimension = std::stoul(value);
                if (key == "CAPACITY") in.capacity = std::stoll(value);
                if (key == "DISTANCE") max_duration = std::stod(value);
                if (key == "SERVICE_TIME") service_time = std::stod(value);
                if (key == "VEHICLES") in.max_vehicles = std::stoul(value);
            } catch (const std::exception&) {
                fail(path, line_no, "cannot read the value of " + key + ": '" + value + "'");
            }
            const bool capacity_ok = key != "CAPACITY" || (in.capacity > 0 && in.capacity <= static_cast<VrpCost>(kVrpLargestValue));
            if (!(max_duration >= 0 && max_duration <= kVrpLargestValue) || !(service_time >= 0 && service_time <= kVrpLargestValue) ||
                !capacity_ok || dimension > 100000) {
                fail(path, line_no, key + " is out of range: '" + value + "'");
            }
            if (key == "EDGE_WEIGHT_TYPE" && value != "EUC_2D") {
                fail(path, line_no, "edge weight type " + value + " is not supported (only EUC_2D)");
            }
            continue;
        }
        std::istringstream fields(t);
        if (section == "NODE_COORD_SECTION") {
            std::size_t id;
            double px, py;
            if (!(fields >> id >> px >> py) || !(std::abs(px) <= 1e9) || !(std::abs(py) <= 1e9)) fail(path, line_no, "bad coordinate line");
            coords[id] = {px, py};
        } else if (section == "DEMAND_SECTION") {
            std::size_t id;
            VrpCost d;
            if (!(fields >> id >> d)) fail(path, line_no, "bad demand line");
            demands[id] = d;
        } else if (section == "DEPOT_SECTION") {
            long long id;
            if (!(fields >> id)) fail(path, line_no, "bad depot line");
            if (id >= 0) depots.push_back(static_cast<std::size_t>(id));
        } else {
            fail(path, line_no, "unexpected line '" + t + "'");
        }
    }
    if (dimension == 0) throw InputError(path + ": no DIMENSION");
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
        if (!std::isdigit(static_cast<unsigned char>(t.front()))) continue; // column titles
        std::istringstream fields(t);
        if (vehicles && !customers) {
            long long number, capacity;
            if (!(fields >> number >> capacity) || number <= 0 || capacity <= 0 || capacity > 1e12) fail(path, line_no, "bad vehicle line");
            in.max_vehicles = static_cast<std::size_t>(number);
            in.capacity = capacity;
            vehicles = false;
            continue;
        }
        if (!customers) fail(path, line_no, "unexpected line '" + t + "'");
        double id, px, py, demand, ready, due, service;
        if (!(fields >> id >> px >> py >> demand >> ready >> due >> service)) fail(path, line_no, "bad customer line");
        for (double v : {px, py, demand, ready, due, service}) {
            if (!(std::abs(v) <= 1e9)) fail(path, line_no, "a value out of range");
        }
        if (id != static_cast<double>(in.x.size())) fail(path, line_no, "customers must be numbered 0, 1, 2, ... in order");
        in.x.push_back(px);
        in.y.push_back(py);
        in.demand.push_back(std::llround(demand));
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
    std::ifstream file(path);
    if (!file) throw InputError("cannot open " + path);
    std::string head((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
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
