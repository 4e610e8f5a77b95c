#include "geo/units/unit_input.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "geo/core/coordinate.hpp"
#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"

namespace revir::geo {

namespace {

constexpr const char* kAdjacencyTable = "adjacency";

bool has_fields(OGRLayer* layer, std::initializer_list<const char*> names) {
    if (layer == nullptr) return false;
    OGRFeatureDefn* definition = layer->GetLayerDefn();
    return std::all_of(names.begin(), names.end(), [&](const char* n) { return definition->GetFieldIndex(n) >= 0; });
}

class AdjacencyReader {
public:
    AdjacencyReader(const std::string& path, OGRLayer& table, const UnitSet& units)
        : path_(path), table_(table), units_(units) {
        for (std::uint32_t i = 0; i < units.units.size(); ++i) index_of_.emplace(units.units[i].id, i);
    }

    std::vector<AdjacencyLink> read() {
        const int unit = field("unit_id"), neighbour = field("neighbour_id");
        const int shared = field("shared_length_m"), gap = field("gap_m"), kind = field("kind");
        std::vector<AdjacencyLink> links;
        for (auto& feature : table_) {
            AdjacencyLink link;
            link.a = unit_of(*feature, unit);
            link.b = unit_of(*feature, neighbour);
            if (link.a == link.b) fail(*feature, "links unit '" + units_.units[link.a].id + "' to itself");
            if (link.a > link.b) std::swap(link.a, link.b);
            link.shared_length_m = length_of(*feature, shared);
            link.distance_m = length_of(*feature, gap);
            link.kind = kind_of(*feature, kind);
            refuse_duplicate(*feature, link);
            links.push_back(link);
        }
        std::sort(links.begin(), links.end(),
                  [](const AdjacencyLink& x, const AdjacencyLink& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
        return links;
    }

private:
    std::string table_name() const { return path_ + ": table '" + kAdjacencyTable + "'"; }

    [[noreturn]] void fail(OGRFeature& feature, const std::string& what) const {
        throw InputError(table_name() + ", row " + std::to_string(feature.GetFID()) + ": " + what);
    }

    int field(const char* name) const {
        const int index = table_.GetLayerDefn()->GetFieldIndex(name);
        if (index < 0) {
            throw InputError(table_name() + " has no field '" + name + "'; is it a units GeoPackage from revir units?");
        }
        return index;
    }

    void require(OGRFeature& feature, int index) const {
        if (!feature.IsFieldSetAndNotNull(index)) fail(feature, std::string(field_name(index)) + " is empty");
    }

    const char* field_name(int index) const { return table_.GetLayerDefn()->GetFieldDefn(index)->GetNameRef(); }

    std::string text_of(OGRFeature& feature, int index) const {
        require(feature, index);
        return feature.GetFieldAsString(index);
    }

    std::uint32_t unit_of(OGRFeature& feature, int index) const {
        const std::string id = text_of(feature, index);
        const auto it = index_of_.find(id);
        if (it == index_of_.end()) {
            fail(feature, "unknown unit id '" + id + "' in " + field_name(index) + " (not among the " +
                              std::to_string(units_.units.size()) + " units read from " + units_.source + ")");
        }
        return it->second;
    }

    // A table edited by hand may hold lengths as text; GetFieldAsDouble would read "abc" as 0.
    double length_of(OGRFeature& feature, int index) const {
        const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
        const bool numeric = type == OFTReal || type == OFTInteger || type == OFTInteger64;
        const std::string text = text_of(feature, index);
        const std::optional<double> value = numeric ? feature.GetFieldAsDouble(index) : parse_number(text);
        if (!value || !std::isfinite(*value) || *value < 0) {
            fail(feature, std::string(field_name(index)) + " is '" + text + "', not a length (finite, not negative)");
        }
        return *value;
    }

    LinkKind kind_of(OGRFeature& feature, int index) const {
        const std::string text = text_of(feature, index);
        if (const auto kind = link_kind_from_string(text)) return *kind;
        std::vector<std::string> kinds;
        std::string listed;
        for (LinkKind k : {LinkKind::rook, LinkKind::queen, LinkKind::island_link, LinkKind::gap_link}) {
            kinds.emplace_back(to_string(k));
            listed += (listed.empty() ? "" : ", ") + kinds.back();
        }
        fail(feature, "unknown kind '" + text + "'" + did_you_mean(text, kinds) + " (kinds: " + listed + ")");
    }

    void refuse_duplicate(OGRFeature& feature, const AdjacencyLink& link) {
        const auto [it, inserted] = row_of_.emplace(std::pair(link.a, link.b), feature.GetFID());
        if (!inserted) {
            fail(feature, "units '" + units_.units[link.a].id + "' and '" + units_.units[link.b].id +
                              "' are already linked in row " + std::to_string(it->second));
        }
    }

    const std::string& path_;
    OGRLayer& table_;
    const UnitSet& units_;
    std::unordered_map<std::string, std::uint32_t> index_of_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, GIntBig> row_of_;
};

} // namespace

bool is_units_geopackage(GDALDataset& dataset) {
    return has_fields(dataset.GetLayerByName("units"), {"unit_id"}) &&
           has_fields(dataset.GetLayerByName(kAdjacencyTable), {"unit_id", "neighbour_id", "kind"});
}

std::optional<std::vector<AdjacencyLink>> read_units_adjacency(const std::string& path, const UnitSet& units) {
    auto dataset = open_vector(path);
    OGRLayer* table = dataset->GetLayerByName(kAdjacencyTable);
    if (table == nullptr) return std::nullopt;
    return AdjacencyReader(path, *table, units).read();
}

} // namespace revir::geo
