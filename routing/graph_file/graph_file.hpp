#pragma once
// The versioned binary road-graph file (.rvg). A fixed header (magic, format
// version, profile fingerprint, source file name and size, body size and
// checksum, and a checksum of the header itself) is followed by the graph's
// arrays as raw little-endian sections, so loading is a handful of bulk reads;
// the arrays are then checked against each other (coordinates on the map, the
// hierarchy's times equal to the graph's), which no checksum can do.
#include <cstdint>
#include <string>

#include <optional>

#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::routing {

// 2: optional contraction hierarchy; 3: hierarchy arcs split into times and path
// data; 4: the header has a checksum of its own; 5: street names and refs (route steps)
inline constexpr std::uint32_t kGraphFormatVersion = 5;

/// Writes through a unique temporary file beside PATH (geo::AtomicOutput), renamed
/// into place: a failure leaves no partial file and two writers never share one.
/// The hierarchy, when given, is stored with the graph.
void write_graph_file(const RoadGraph& graph, const std::string& path,
                      const ContractionHierarchy* hierarchy = nullptr);

/// Throws InputError for a missing file and FileFormatError for a file that is not a
/// graph, comes from another format version, is truncated or is damaged.
RoadGraph read_graph_file(const std::string& path);
/// The same, and the file's contraction hierarchy when it has one.
RoadGraph read_graph_file(const std::string& path, std::optional<ContractionHierarchy>& hierarchy);

/// The header alone, for `revir info` and fingerprint checks.
struct GraphFileHeaderInfo {
    std::uint32_t format_version = 0;
    GraphMetadata metadata;
    std::uint64_t file_size = 0;
};
GraphFileHeaderInfo read_graph_file_header(const std::string& path);

} // namespace revir::routing
