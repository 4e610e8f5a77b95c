#include "geo/units/accounts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unordered_map>

#include "geo/core/error.hpp"
#include "geo/io/gdal.hpp"

namespace revir::geo {

namespace {

const std::string& required_text(const PointRecord& r, const char* field, const char* what) {
    const auto it = r.fields.find(field);
    if (it == r.fields.end()) throw InputError(r.where + ": " + what + " has no '" + field + "'");
    return it->second;
}

template <typename T>
void refuse_duplicates(const std::vector<T>& items, const char* what) {
    std::unordered_map<std::string, const T*> seen;
    for (const T& item : items) {
        if (auto [it, inserted] = seen.emplace(item.id, &item); !inserted) {
            throw InputError(std::string(what) + " id '" + item.id + "' appears twice: " + it->second->where + " and " +
                             item.where);
        }
    }
}

int parse_clock(const PointRecord& r, const char* field) {
    const auto it = r.fields.find(field);
    if (it == r.fields.end()) return -1;
    int h = -1, m = -1;
    char colon = 0;
    std::istringstream in(it->second);
    if (!(in >> h >> colon >> m) || colon != ':' || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m > 0)) {
        throw InputError(r.where + ": field '" + field + "' is not a time HH:MM: '" + it->second + "'");
    }
    return h * 60 + m;
}

std::uint8_t parse_weekdays(const PointRecord& r) {
    const auto it = r.fields.find("weekdays");
    if (it == r.fields.end()) return 0x7f;
    static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    std::uint8_t mask = 0;
    std::stringstream in(it->second);
    for (std::string day; std::getline(in, day, ';');) {
        std::string d;
        for (char c : day) {
            if (c != ' ') d.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        if (d.empty()) continue;
        const auto found = std::find_if(std::begin(names), std::end(names), [&](const char* n) { return d.rfind(n, 0) == 0; });
        if (found == std::end(names)) throw InputError(r.where + ": unknown weekday '" + day + "' (use Mon;Tue;…)");
        mask |= static_cast<std::uint8_t>(1u << (found - std::begin(names)));
    }
    if (mask == 0) throw InputError(r.where + ": field 'weekdays' names no day");
    return mask;
}

double non_negative(const PointRecord& r, const char* field, double fallback) {
    const auto v = number_field(r, field);
    if (!v) return fallback;
    if (*v < 0) throw InputError(r.where + ": field '" + field + "' is negative");
    return *v;
}

// The units that cover a point, through the tree of unit geometries.
class UnitLocator {
public:
    explicit UnitLocator(const UnitSet& units) : ctx_(*units.context) {
        for (const auto& u : units.units) geometries_.push_back(u.geometry.get());
        tree_ = std::make_unique<GeosIndexTree>(ctx_, geometries_);
        prepared_.resize(units.units.size());
    }

    UnitIndex covering(Coordinate c) {
        const auto point = own(ctx_, GEOSGeom_createPointFromXY_r(ctx_.handle(), c.lon(), c.lat()), "point");
        auto candidates = tree_->query(point.get());
        std::sort(candidates.begin(), candidates.end()); // the first unit wins on a shared boundary
        for (std::uint32_t u : candidates) {
            if (!prepared_[u]) prepared_[u] = prepare(ctx_, geometries_[u]);
            if (GEOSPreparedCovers_r(ctx_.handle(), prepared_[u].get(), point.get()) == 1) return UnitIndex(u);
        }
        return kNoUnit;
    }

    // Nearest unit and the distance in metres (great-circle from the point to the
    // nearest point of the unit).
    std::pair<UnitIndex, double> nearest(Coordinate c) {
        const auto h = ctx_.handle();
        const auto point = own(ctx_, GEOSGeom_createPointFromXY_r(h, c.lon(), c.lat()), "point");
        UnitIndex best = kNoUnit;
        double best_m = INFINITY;
        // Degrees are not metres: rank by a few candidates in degree space, then measure.
        std::vector<std::pair<double, std::uint32_t>> ranked;
        for (std::uint32_t u = 0; u < geometries_.size(); ++u) {
            double d = 0;
            GEOSDistance_r(h, geometries_[u], point.get(), &d);
            ranked.emplace_back(d, u);
        }
        const std::size_t keep = std::min<std::size_t>(ranked.size(), 8);
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end());
        for (std::size_t k = 0; k < keep; ++k) {
            const std::uint32_t u = ranked[k].second;
            // The first of the two nearest points lies on the unit.
            GEOSCoordSequence* nearest_points = GEOSNearestPoints_r(h, geometries_[u], point.get());
            if (nearest_points == nullptr) continue;
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(h, nearest_points, 0, &x, &y);
            GEOSCoordSeq_destroy_r(h, nearest_points);
            const double m = haversine_m(c, Coordinate::from_degrees(x, y));
            if (m < best_m) best_m = m, best = UnitIndex(u);
        }
        return {best, best_m};
    }

private:
    const GeosContext& ctx_;
    std::vector<const GEOSGeometry*> geometries_;
    std::unique_ptr<GeosIndexTree> tree_;
    std::vector<GeosPrepared> prepared_;
};

} // namespace

std::vector<Account> read_accounts(const std::string& path, const PointRecordOptions& options) {
    std::vector<Account> accounts;
    for (const PointRecord& r : read_point_records(path, options, "account")) {
        Account a;
        a.id = required_text(r, "id", "account");
        a.where = r.where;
        a.location = r.location;
        a.potential = non_negative(r, "potential", 0);
        a.service_minutes = non_negative(r, "service_minutes", 0);
        a.visits = non_negative(r, "visits", 1);
        a.weekdays = parse_weekdays(r);
        a.open_minute = parse_clock(r, "open");
        a.close_minute = parse_clock(r, "close");
        if (a.open_minute >= 0 && a.close_minute >= 0 && a.close_minute <= a.open_minute) {
            throw InputError(r.where + ": account '" + a.id + "' closes before it opens");
        }
        accounts.push_back(std::move(a));
    }
    if (accounts.empty()) throw InputError(path + ": no accounts");
    refuse_duplicates(accounts, "account");
    return accounts;
}

std::vector<Base> read_bases(const std::string& path, const PointRecordOptions& options) {
    std::vector<Base> bases;
    std::vector<std::string> where;
    for (const PointRecord& r : read_point_records(path, options, "base")) {
        Base b;
        b.id = required_text(r, "id", "base");
        const auto name = r.fields.find("name");
        b.name = name != r.fields.end() ? name->second : b.id;
        b.location = r.location;
        if (const auto capacity = number_field(r, "capacity")) {
            if (!(*capacity > 0)) throw InputError(r.where + ": base '" + b.id + "' needs a capacity above 0");
            b.capacity = *capacity;
        }
        if (const auto locked = r.fields.find("locked_units"); locked != r.fields.end()) {
            std::stringstream in(locked->second);
            for (std::string unit; std::getline(in, unit, ';');) {
                if (!unit.empty()) b.locked_units.push_back(unit);
            }
        }
        bases.push_back(std::move(b));
        where.push_back(r.where);
    }
    if (bases.empty()) throw InputError(path + ": no bases");
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < bases.size(); ++i) {
        if (auto [it, inserted] = seen.emplace(bases[i].id, i); !inserted) {
            throw InputError("base id '" + bases[i].id + "' appears twice: " + where[it->second] + " and " + where[i]);
        }
    }
    return bases;
}

void locate_accounts(const UnitSet& units, std::vector<Account>& accounts, bool strict, LocateReport& report,
                     bool keep_going) {
    UnitLocator locator(units);
    std::vector<std::string> refused;
    for (Account& a : accounts) a.unit = locator.covering(a.location);
    const auto outside = static_cast<std::size_t>(std::count_if(accounts.begin(), accounts.end(), [](const Account& a) { return !a.unit.valid(); }));
    if (!keep_going && outside * 2 > accounts.size()) {
        std::size_t swapped_inside = 0;
        const Account* example = nullptr;
        for (const Account& a : accounts) {
            if (a.unit.valid() || !valid_lon_lat(a.location.lat(), a.location.lon())) continue;
            if (locator.covering(Coordinate::from_degrees(a.location.lat(), a.location.lon())).valid()) {
                ++swapped_inside;
                if (example == nullptr) example = &a;
            }
        }
        if (swapped_inside * 2 > outside) {
            throw InputError(std::to_string(outside) + " of " + std::to_string(accounts.size()) +
                             " accounts lie in no unit, but " + std::to_string(swapped_inside) +
                             " of them would with longitude and latitude swapped (e.g. " + example->where +
                             "): are the lon and lat columns the wrong way round? (--keep-going attaches them anyway)");
        }
    }
    for (Account& a : accounts) {
        if (a.unit.valid()) continue;
        if (strict) {
            refused.push_back(a.where + " (" + a.id + ")");
            continue;
        }
        std::tie(a.unit, a.orphan_distance_m) = locator.nearest(a.location);
        a.orphan = true;
        report.orphans.push_back(a.id);
    }
    if (!refused.empty()) {
        std::string list;
        for (std::size_t i = 0; i < refused.size() && i < 10; ++i) list += (i ? ", " : "") + refused[i];
        throw InputError(std::to_string(refused.size()) + " account(s) lie in no unit: " + list +
                         (refused.size() > 10 ? ", …" : ""));
    }
}

void locate_bases(const UnitSet& units, std::vector<Base>& bases) {
    UnitLocator locator(units);
    std::unordered_map<std::string, std::uint32_t> unit_index;
    for (std::uint32_t u = 0; u < units.units.size(); ++u) unit_index.emplace(units.units[u].id, u);
    for (Base& b : bases) {
        b.unit = locator.covering(b.location);
        for (const auto& locked : b.locked_units) {
            if (!unit_index.contains(locked)) {
                throw InputError("base '" + b.id + "': locked unit '" + locked + "' is not among the units");
            }
        }
    }
}

bool is_account_weight(std::string_view field) {
    return std::find(kAccountWeights.begin(), kAccountWeights.end(), field) != kAccountWeights.end();
}

void add_account_weights(UnitSet& units, const std::vector<Account>& accounts) {
    for (const auto name : kAccountWeights) {
        if (std::find(units.weight_names.begin(), units.weight_names.end(), name) != units.weight_names.end()) {
            throw InputError("the units already have a weight named '" + std::string(name) + "'");
        }
        units.weight_names.emplace_back(name);
    }
    for (Unit& u : units.units) u.weights.insert(u.weights.end(), {0.0, 0.0, 0.0});
    const std::size_t k = units.weight_names.size() - 3;
    for (const Account& a : accounts) {
        auto& w = units.units.at(a.unit.value()).weights;
        w[k] += 1;
        w[k + 1] += a.potential;
        w[k + 2] += a.service_minutes * a.visits;
    }
}

} // namespace revir::geo
