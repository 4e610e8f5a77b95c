#include "routing/import/osm_import.hpp"

#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "geo/core/error.hpp"
#include "geo/core/interrupt.hpp"

namespace revir::routing {

namespace {

struct RoutableWay {
    std::int64_t id;
    std::uint64_t first_ref; // into WayPass::refs
    std::uint64_t end_ref;
    float forward_kmh;
    float backward_kmh;
    bool destination_only;
    std::uint32_t name; // into WayPass::names
    std::uint32_t ref;
};

// Pass 1: the routable ways and the node ids they reference.
class WayPass : public osmium::handler::Handler {
public:
    WayPass(const Profile& profile, ImportReport& report, Progress& progress)
        : profile_(profile), report_(report), progress_(progress) {}

    void way(const osmium::Way& way) {
        ++report_.ways_read;
        if ((report_.ways_read & 0xfff) == 0) {
            progress_.update(report_.ways_read);
            stop_if_interrupted("import");
        }
        if (way.id() <= last_id_) report_.ways_sorted = false;
        last_id_ = way.id();
        const osmium::TagList& tags = way.tags();
        if (tags.get_value_by_key("highway") == nullptr) return;
        ++report_.highway_ways;
        const WayAttributes a = profile_.evaluate_way([&tags](const char* key) { return tags.get_value_by_key(key); });
        if (!a.routable()) {
            ++report_.excluded[static_cast<int>(a.exclusion)];
            return;
        }
        ++report_.routable_ways;
        const std::uint64_t first = refs.size();
        for (const osmium::NodeRef& ref : way.nodes()) refs.push_back(ref.ref());
        ways.push_back({way.id(), first, refs.size(), static_cast<float>(a.forward_kmh),
                        static_cast<float>(a.backward_kmh), a.destination_only, name_id(tags.get_value_by_key("name")),
                        name_id(tags.get_value_by_key("ref"))});
    }

    std::vector<RoutableWay> ways;
    std::vector<std::int64_t> refs;
    std::vector<std::string> names{""}; // street names and refs, each once; 0 is none

private:
    std::uint32_t name_id(const char* value) {
        if (value == nullptr || *value == '\0') return 0;
        const auto [it, added] = name_ids_.try_emplace(value, static_cast<std::uint32_t>(names.size()));
        if (added) names.emplace_back(value);
        return it->second;
    }

    const Profile& profile_;
    ImportReport& report_;
    Progress& progress_;
    std::unordered_map<std::string, std::uint32_t> name_ids_;
    std::int64_t last_id_ = std::numeric_limits<std::int64_t>::min();
};

enum NodeFlag : std::uint8_t { kFound = 1, kSignal = 2 };

// Pass 2: locations (and traffic signals) of the referenced nodes only.
class NodePass : public osmium::handler::Handler {
public:
    NodePass(const std::vector<std::int64_t>& needed, const std::string& path, ImportReport& report,
             Progress& progress)
        : needed_(needed), path_(path), report_(report), progress_(progress), location(needed.size()),
          flags(needed.size(), 0) {}

    void node(const osmium::Node& node) {
        ++report_.nodes_read;
        if ((report_.nodes_read & 0xffff) == 0) {
            progress_.update(report_.nodes_read);
            stop_if_interrupted("import");
        }
        if (node.id() <= last_id_) report_.nodes_sorted = false;
        last_id_ = node.id();
        const auto it = std::lower_bound(needed_.begin(), needed_.end(), node.id());
        if (it == needed_.end() || *it != node.id()) return;
        const std::size_t index = static_cast<std::size_t>(it - needed_.begin());
        if (flags[index] & kFound) {
            throw InputError(path_ + ": node " + std::to_string(node.id()) +
                             " appears twice (a history file or overlapping extracts); run `osmium sort` "
                             "(and `osmium merge` for several extracts) first");
        }
        const osmium::Location loc = node.location();
        if (!loc.valid()) return; // treated like a missing node
        location[index] = {loc.x(), loc.y()};
        flags[index] = kFound;
        if (const char* hw = node.tags().get_value_by_key("highway"); hw && std::strcmp(hw, "traffic_signals") == 0) {
            flags[index] |= kSignal;
            ++report_.traffic_signals;
        }
    }

private:
    const std::vector<std::int64_t>& needed_;
    const std::string& path_;
    ImportReport& report_;
    Progress& progress_;
    std::int64_t last_id_ = std::numeric_limits<std::int64_t>::min();

public:
    std::vector<geo::Coordinate> location;
    std::vector<std::uint8_t> flags;
};

// The descriptors open on `path` (Linux: through /proc/self/fd).
std::vector<int> descriptors_on(const std::string& path) {
    std::vector<int> found;
    struct stat file {};
    if (::stat(path.c_str(), &file) != 0) return found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = -1;
        const std::string name = entry.path().filename().string();
        if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
        struct stat open_file {};
        if (::fstat(fd, &open_file) == 0 && open_file.st_dev == file.st_dev && open_file.st_ino == file.st_ino) {
            found.push_back(fd);
        }
    }
    return found;
}

template <typename Handler>
void read_osm(const std::string& path, osmium::osm_entity_bits::type entities, Handler& handler) {
    // libosmium 2.19's PBF parser closes its file only after a complete parse: a
    // damaged file would leave a descriptor open for every failed read (found by
    // fuzzing; a long-lived process runs out of them). The ones it left are closed.
    const std::vector<int> before = descriptors_on(path);
    const auto close_left_open = [&] {
        for (int fd : descriptors_on(path)) {
            if (std::find(before.begin(), before.end(), fd) == before.end()) ::close(fd);
        }
    };
    try {
        osmium::io::Reader reader{osmium::io::File{path}, entities};
        osmium::apply(reader, handler);
        reader.close();
    } catch (const Error&) { // ours, from a handler: InputError, Interrupted
        close_left_open();
        throw;
    } catch (const std::exception& e) {
        close_left_open();
        throw InputError(path + ": cannot read OSM data: " + e.what());
    }
}

TimeMs to_time_ms(double seconds) {
    return static_cast<TimeMs>(std::min(std::llround(seconds * 1000.0), static_cast<long long>(kInfiniteTime - 1)));
}

// A run of consecutive node references of one way, all with locations.
struct Piece {
    std::uint32_t way;
    std::uint64_t first; // into `index`
    std::uint64_t end;
};

class GraphAssembly {
public:
    GraphAssembly(const WayPass& ways, const NodePass& nodes, const std::vector<std::int64_t>& node_ids,
                  const std::vector<std::uint32_t>& index, const Profile& profile, ImportReport& report)
        : ways_(ways), nodes_(nodes), node_ids_(node_ids), index_(index), report_(report),
          signal_penalty_s_(profile.traffic_signal_penalty_s()) {}

    RoadGraph build(GraphMetadata metadata) {
        cut_pieces();
        choose_graph_nodes();
        for (const Piece& piece : pieces_) emit_edges(piece);
        return std::move(builder_).build(std::move(metadata));
    }

private:
    bool found(std::uint32_t i) const { return nodes_.flags[i] & kFound; }

    void cut_pieces() {
        for (std::uint32_t w = 0; w < ways_.ways.size(); ++w) {
            const RoutableWay& way = ways_.ways[w];
            bool cut = false;
            std::uint64_t start = way.first_ref;
            for (std::uint64_t r = way.first_ref; r <= way.end_ref; ++r) {
                if (r < way.end_ref && found(index_[r])) continue;
                if (r < way.end_ref) {
                    ++report_.missing_node_refs;
                    cut = true;
                }
                if (r - start >= 2) pieces_.push_back({w, start, r});
                start = r + 1;
            }
            if (cut) ++report_.ways_cut;
        }
    }

    void choose_graph_nodes() {
        std::vector<std::uint8_t> uses(nodes_.flags.size(), 0);
        graph_node_.assign(nodes_.flags.size(), kNoNode);
        std::vector<bool> is_graph_node(nodes_.flags.size(), false);
        for (const Piece& p : pieces_) {
            for (std::uint64_t r = p.first; r < p.end; ++r) {
                if (r > p.first && index_[r] == index_[r - 1]) continue; // repeated reference
                auto& u = uses[index_[r]];
                if (u < 2) ++u;
            }
            is_graph_node[index_[p.first]] = true;
            is_graph_node[index_[p.end - 1]] = true;
            // A closed ring needs a second graph node, else its edge would be a self-loop.
            if (index_[p.first] == index_[p.end - 1]) is_graph_node[index_[p.first + (p.end - p.first) / 2]] = true;
        }
        for (std::size_t i = 0; i < uses.size(); ++i) {
            if (uses[i] >= 2 || is_graph_node[i]) graph_node_[i] = builder_.add_node(nodes_.location[i], node_ids_[i]);
        }
    }

    void emit_edges(const Piece& piece) {
        const RoutableWay& way = ways_.ways[piece.way];
        const double forward_ms = way.forward_kmh / 3.6;
        const double backward_ms = way.backward_kmh / 3.6;
        std::vector<geo::Coordinate> shape;
        std::uint32_t from = index_[piece.first];
        shape.push_back(nodes_.location[from]);
        double length = 0, forward_penalty = 0, backward_penalty = 0;
        for (std::uint64_t r = piece.first + 1; r < piece.end; ++r) {
            const std::uint32_t prev = index_[r - 1];
            const std::uint32_t node = index_[r];
            if (node == prev) continue;
            length += geo::haversine_m(nodes_.location[prev], nodes_.location[node]);
            shape.push_back(nodes_.location[node]);
            if (nodes_.flags[node] & kSignal) forward_penalty += signal_penalty_s_;
            if (nodes_.flags[prev] & kSignal) backward_penalty += signal_penalty_s_;
            if (graph_node_[node] == kNoNode) continue;
            if (node == from) {
                ++report_.self_loops_dropped;
            } else {
                const GeometryId g = builder_.add_geometry(shape, way.id, builder_.add_name(ways_.names[way.name]),
                                                           builder_.add_name(ways_.names[way.ref]));
                const std::uint8_t destination = way.destination_only ? kDestinationOnly : 0;
                if (forward_ms > 0) {
                    builder_.add_edge(graph_node_[from], graph_node_[node], to_time_ms(length / forward_ms + forward_penalty),
                                      static_cast<float>(length), g, destination);
                }
                if (backward_ms > 0) {
                    builder_.add_edge(graph_node_[node], graph_node_[from], to_time_ms(length / backward_ms + backward_penalty),
                                      static_cast<float>(length), g, destination | kGeometryReversed);
                }
            }
            from = node;
            shape.assign(1, nodes_.location[node]);
            length = forward_penalty = backward_penalty = 0;
        }
    }

    const WayPass& ways_;
    const NodePass& nodes_;
    const std::vector<std::int64_t>& node_ids_;
    const std::vector<std::uint32_t>& index_;
    ImportReport& report_;
    double signal_penalty_s_;
    std::vector<Piece> pieces_;
    std::vector<NodeId> graph_node_;
    GraphBuilder builder_;
};

} // namespace

std::string ImportReport::to_json() const {
    nlohmann::json excluded_json;
    for (int i = 1; i < kExclusionCount; ++i) excluded_json[to_string(static_cast<Exclusion>(i))] = excluded[i];
    nlohmann::json j = {
        {"ways_read", ways_read},
        {"highway_ways", highway_ways},
        {"routable_ways", routable_ways},
        {"excluded_ways", excluded_json},
        {"nodes_read", nodes_read},
        {"missing_node_refs", missing_node_refs},
        {"ways_cut_at_missing_nodes", ways_cut},
        {"traffic_signals", traffic_signals},
        {"self_loops_dropped", self_loops_dropped},
        {"input_sorted", ways_sorted && nodes_sorted},
        {"components", components.components},
        {"dropped_component_nodes", components.dropped_nodes},
        {"dropped_component_edges", components.dropped_edges},
        {"nodes", nodes},
        {"edges", edges},
        {"seconds", std::round(seconds * 1000) / 1000},
    };
    return j.dump();
}

std::string ImportReport::summary() const {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%u nodes, %u edges; dropped %u of %u strongly connected components (%u nodes, %u edges); "
                  "%llu missing node refs in %llu ways; %.2f s",
                  nodes, edges, components.components == 0 ? 0 : components.components - 1, components.components,
                  components.dropped_nodes, components.dropped_edges,
                  static_cast<unsigned long long>(missing_node_refs), static_cast<unsigned long long>(ways_cut),
                  seconds);
    return line;
}

RoadGraph import_osm(const std::string& path, const Profile& profile, ImportReport& report, Progress& progress,
                     const ImportOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": no such OSM file");
    report = ImportReport{};

    progress.stage("import: reading ways");
    WayPass way_pass(profile, report, progress);
    read_osm(path, osmium::osm_entity_bits::way, way_pass);
    stop_if_interrupted("import"); // a small extract gets past the counters' checks
    progress.finish(std::to_string(report.routable_ways) + " routable of " + std::to_string(report.highway_ways) +
                    " highways");
    {
        std::vector<std::int64_t> ids(way_pass.ways.size());
        std::transform(way_pass.ways.begin(), way_pass.ways.end(), ids.begin(), [](const RoutableWay& w) { return w.id; });
        std::sort(ids.begin(), ids.end());
        if (const auto dup = std::adjacent_find(ids.begin(), ids.end()); dup != ids.end()) {
            throw InputError(path + ": way " + std::to_string(*dup) +
                             " appears twice (a history file or overlapping extracts); run `osmium sort` "
                             "(and `osmium merge` for several extracts) first");
        }
    }
    if (way_pass.ways.empty()) throw InputError(path + ": no roads a " + profile.name() + " may use");

    std::vector<std::int64_t> needed = way_pass.refs;
    std::sort(needed.begin(), needed.end());
    needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
    std::vector<std::uint32_t> index(way_pass.refs.size());
    for (std::size_t r = 0; r < index.size(); ++r) {
        index[r] = static_cast<std::uint32_t>(std::lower_bound(needed.begin(), needed.end(), way_pass.refs[r]) -
                                              needed.begin());
    }
    way_pass.refs.clear();
    way_pass.refs.shrink_to_fit();

    progress.stage("import: reading node locations");
    NodePass node_pass(needed, path, report, progress);
    read_osm(path, osmium::osm_entity_bits::node, node_pass);
    stop_if_interrupted("import");
    progress.finish(std::to_string(report.nodes_read) + " nodes read");

    progress.stage("import: building graph");
    GraphMetadata metadata;
    metadata.profile_name = profile.name();
    metadata.profile_fingerprint = profile.fingerprint();
    metadata.source_name = std::filesystem::path(path).filename().string();
    metadata.source_size = std::filesystem::file_size(path);
    GraphAssembly assembly(way_pass, node_pass, needed, index, profile, report);
    RoadGraph graph = assembly.build(std::move(metadata));
    progress.finish(std::to_string(graph.node_count()) + " nodes, " + std::to_string(graph.edge_count()) + " edges");

    if (!options.keep_all_components) {
        progress.stage("import: strongly connected components");
        graph = keep_largest_strong_component(graph, report.components);
        progress.finish("kept " + std::to_string(report.components.kept_nodes) + " nodes");
    }
    if (graph.edge_count() == 0) throw InputError(path + ": the roads form no connected network");
    report.nodes = graph.node_count();
    report.edges = graph.edge_count();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    graph.metadata.import_report_json = report.to_json();
    return graph;
}

} // namespace revir::routing
