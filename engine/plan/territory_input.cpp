#include "engine/plan/territory_input.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "geo/core/error.hpp"
#include "geo/core/random.hpp"
#include "routing/query/matrix.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::engine {

namespace {

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t");
    const auto last = s.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

std::size_t field_index(const geo::UnitSet& units, const std::string& field) {
    const auto& names = units.weight_names;
    const auto it = std::find(names.begin(), names.end(), field);
    if (it == names.end()) {
        std::string known;
        for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
        throw InputError(fmt::format("{}: no weight field '{}' (loaded: {})", units.source, field, known));
    }
    return static_cast<std::size_t>(it - names.begin());
}

} // namespace

double parse_share(const std::string& text, const std::string& what) {
    std::string t = trim(text);
    bool percent = false;
    if (!t.empty() && t.back() == '%') {
        percent = true;
        t = trim(t.substr(0, t.size() - 1));
    }
    const auto value = geo::parse_number(t);
    if (!value || !std::isfinite(*value) || *value < 0) {
        throw InputError(fmt::format("{}: '{}' is not a share (write 3% or 0.03)", what, text));
    }
    const double share = percent ? *value / 100 : *value;
    if (share > 1 && !percent) {
        throw InputError(fmt::format("{}: '{}' is more than 1; a share is written 3% or 0.03", what, text));
    }
    return share;
}

std::vector<BalanceSpec> parse_balance(const std::string& text, const std::string& what) {
    std::vector<BalanceSpec> specs;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string item = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (item.empty()) throw InputError(what + ": empty item in '" + text + "' (write FIELD:TOL[,FIELD:TOL])");
        const auto colon = item.rfind(':');
        if (colon == std::string::npos || colon == 0) {
            throw InputError(what + ": '" + item + "' needs a field and a tolerance, e.g. population:3%");
        }
        BalanceSpec spec{trim(item.substr(0, colon)), parse_share(item.substr(colon + 1), what + " " + item)};
        for (const auto& s : specs) {
            if (s.field == spec.field) throw InputError(what + ": field '" + spec.field + "' given twice");
        }
        specs.push_back(spec);
    }
    return specs;
}

std::vector<float> straight_line_distances(const geo::UnitSet& units, const std::vector<geo::Coordinate>& bases,
                                           Measure measure) {
    std::vector<float> d(units.units.size() * bases.size());
    for (std::size_t i = 0; i < units.units.size(); ++i) {
        for (std::size_t k = 0; k < bases.size(); ++k) {
            const double km = geo::haversine_m(bases[k], units.units[i].representative_point) / 1000.0;
            d[i * bases.size() + k] = static_cast<float>(measure == Measure::squared_distance ? km * km : km);
        }
    }
    return d;
}

std::vector<float> drive_time_minutes(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                      const geo::UnitSet& units, const std::vector<geo::Base>& bases,
                                      double base_max_snap_m, double unit_max_snap_m, revir::Progress& progress) {
    const routing::Snapper snapper(graph);
    std::vector<routing::SnappedPoint> from, to;
    for (const auto& b : bases) from.push_back(snapper.snap(b.location, base_max_snap_m, "base " + b.id));
    for (const auto& u : units.units) {
        to.push_back(snapper.snap(u.representative_point, unit_max_snap_m, units.source + ": unit " + u.id));
    }
    const auto matrix = routing::drive_time_matrix(graph, from, to, 0, progress, hierarchy);
    std::vector<float> d(units.units.size() * bases.size());
    for (std::size_t k = 0; k < bases.size(); ++k) {
        for (std::size_t i = 0; i < units.units.size(); ++i) {
            const auto& e = matrix[k * units.units.size() + i];
            // The territory cost: drive minutes, +inf (not allowed) where unreachable.
            d[i * bases.size() + k] =
                e.reachable() ? static_cast<float>(e.seconds() / 60.0) : std::numeric_limits<float>::infinity();
        }
    }
    return d;
}

std::vector<UnitIndex> weighted_sample_units(const std::vector<double>& weight, std::size_t k, std::uint64_t seed) {
    std::vector<double> w = weight;
    std::size_t positive = 0;
    for (double x : w) positive += x > 0 ? 1 : 0;
    if (positive < k) throw InputError(fmt::format("cannot draw {} units: only {} have a positive weight", k, positive));
    Random rng(seed);
    std::vector<UnitIndex> chosen;
    while (chosen.size() < k) {
        const std::size_t i = weighted_index(w, rng);
        chosen.push_back(UnitIndex(static_cast<std::uint32_t>(i)));
        w[i] = 0; // without replacement
    }
    return chosen;
}

std::vector<geo::Base> bases_at_units(const geo::UnitSet& units, const std::vector<UnitIndex>& at) {
    std::vector<geo::Base> bases;
    for (UnitIndex i : at) {
        geo::Base b;
        b.id = b.name = fmt::format("B{}", bases.size() + 1);
        b.location = units.units.at(i.value()).representative_point;
        b.unit = i;
        bases.push_back(std::move(b));
    }
    return bases;
}

TerritoryProblem make_territory_problem(const TerritoryInput& input, std::vector<float> distance) {
    const geo::UnitSet& units = *input.units;
    const auto& bases = *input.bases;
    TerritoryProblem p;
    p.unit_count = units.units.size();
    p.territory_count = bases.size();
    p.measure = input.measure;
    if (input.balance.empty()) throw InputError("no balance criterion (--balance FIELD:TOL)");
    for (const auto& spec : input.balance) {
        const std::size_t f = field_index(units, spec.field);
        BalanceCriterion c;
        c.name = spec.field;
        c.tolerance = spec.tolerance;
        for (const auto& u : units.units) c.weight.push_back(u.weights[f]);
        p.criteria.push_back(std::move(c));
    }
    if (input.objective_weight == "none") {
        p.objective_weight.assign(p.unit_count, 1.0);
    } else if (input.objective_weight.empty()) {
        p.objective_weight = p.criteria.front().weight;
    } else {
        const std::size_t f = field_index(units, input.objective_weight);
        for (const auto& u : units.units) p.objective_weight.push_back(u.weights[f]);
    }
    // Adjacency, both directions, in CSR form.
    IndexVector<UnitIndex, std::vector<UnitIndex>> adjacent(p.unit_count);
    for (const auto& link : *input.links) { // geo's links hold plain unit positions
        const UnitIndex a(link.a), b(link.b);
        adjacent[a].push_back(b);
        adjacent[b].push_back(a);
    }
    set_adjacency(p, std::move(adjacent));
    p.distance = std::move(distance);
    std::unordered_map<std::string, UnitIndex> unit_index;
    for (UnitIndex i : p.units()) unit_index.emplace(units.units[i.value()].id, i);
    p.locked.assign(p.unit_count, kNoTerritory);
    // A territory per base, in the bases' order.
    for (TerritoryIndex k : indices<TerritoryIndex>(bases.size())) {
        const auto& b = bases[k.value()];
        p.capacity.push_back(b.capacity);
        // The unit that holds the base; a base outside every unit seeds the unit
        // nearest to it.
        UnitIndex seed = b.unit;
        if (seed.is_none()) {
            double best = std::numeric_limits<double>::infinity();
            for (UnitIndex i : p.units()) {
                const double d = geo::haversine_m(b.location, units.units[i.value()].representative_point);
                if (d < best) {
                    best = d;
                    seed = i;
                }
            }
        }
        p.seed_unit.push_back(seed);
        for (const auto& id : b.locked_units) {
            const auto it = unit_index.find(id);
            if (it == unit_index.end()) {
                throw InputError(fmt::format("base {}: locked unit '{}' is not in {}", b.id, id, units.source));
            }
            if (p.locked[it->second].valid() && p.locked[it->second] != k) {
                throw InputError(fmt::format("unit {} is locked to both base {} and base {}", id,
                                             bases[p.locked[it->second].value()].id, b.id));
            }
            p.locked[it->second] = k;
        }
    }
    for (TerritoryIndex k : p.territories()) {
        for (TerritoryIndex other(0); other < k; ++other) {
            if (p.seed_unit[k] == p.seed_unit[other]) {
                throw InputError(fmt::format("bases {} and {} both lie in unit {}; a unit belongs to one territory "
                                             "(use finer units or move one base)",
                                             bases[other.value()].id, bases[k.value()].id,
                                             units.units[p.seed_unit[k].value()].id));
            }
        }
    }
    for (const auto& u : units.units) p.unit_names.push_back(u.id);
    for (const auto& b : bases) p.territory_names.push_back(b.id);
    p.validate();
    return p;
}

void set_realignment(TerritoryProblem& problem, Assignment current, const RealignmentLimits& limits) {
    problem.current = std::move(current);
    double total = 0, compactness = 0;
    for (UnitIndex i : problem.units()) {
        total += problem.objective_weight[i.value()];
        const float d = problem.d(problem.current[i], i);
        if (std::isfinite(d)) compactness += problem.objective_weight[i.value()] * d;
    }
    if (limits.max_moved) {
        problem.max_moved_units = static_cast<std::size_t>(std::floor(*limits.max_moved * problem.unit_count));
    }
    if (limits.max_moved_weight) problem.max_moved_weight = *limits.max_moved_weight * total;
    problem.move_penalty = limits.move_penalty.value_or(total > 0 ? 0.25 * compactness / total : 0.0);
}

} // namespace revir::engine
