#include "routing/graph_file/graph_file.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <type_traits>

#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"
#include "routing/graph/checksum.hpp"

namespace revir::routing {

namespace {

// The sections hold typed ids as raw 32-bit values; a change of size or layout
// would change the file format.
static_assert(sizeof(NodeId) == 4 && sizeof(EdgeId) == 4 && sizeof(ChRank) == 4 && sizeof(ChEdgeId) == 4);
static_assert(sizeof(ChEdge) == 28 && sizeof(ChArc) == 8 && sizeof(ChArcPath) == 8 && sizeof(ChArcBegin) == 8);

constexpr char kMagic[8] = {'R', 'E', 'V', 'I', 'R', 'G', 'R', '\x1a'};

// Fixed-size header; strings are NUL-padded.
struct FileHeader {
    char magic[8];
    std::uint32_t format_version;
    std::uint32_t header_size;
    std::uint64_t profile_fingerprint;
    std::uint64_t source_size;
    std::uint64_t body_size;
    std::uint64_t body_checksum;
    std::uint64_t header_checksum; // of this header with this field zero
    char profile_name[64];
    char time_unit[16];
    char source_name[360];
};
static_assert(sizeof(FileHeader) == 496);
static_assert(std::is_trivially_copyable_v<FileHeader>);

struct SectionHeader {
    std::uint32_t tag;
    std::uint32_t element_size;
    std::uint64_t count;
};

constexpr std::uint32_t section_tag(const char (&name)[5]) {
    return static_cast<std::uint32_t>(name[0]) | static_cast<std::uint32_t>(name[1]) << 8 |
           static_cast<std::uint32_t>(name[2]) << 16 | static_cast<std::uint32_t>(name[3]) << 24;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

template <std::size_t N>
void copy_string(char (&dest)[N], const std::string& src) {
    std::memset(dest, 0, N);
    std::memcpy(dest, src.data(), std::min(src.size(), N - 1));
}

template <std::size_t N>
std::string read_string(const char (&src)[N]) {
    return std::string(src, strnlen(src, N));
}

class SectionWriter {
public:
    SectionWriter(std::ostream& out, const std::string& path) : out_(out), path_(path) {}

    template <typename T>
    void write(const char (&name)[5], const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        write_raw(name, values.data(), sizeof(T), values.size());
    }
    // Typed ids are their 32-bit values: the same bytes as the plain arrays before them.
    template <typename Index, typename T>
    void write(const char (&name)[5], const IndexVector<Index, T>& values) {
        write(name, values.vector());
    }
    void write(const char (&name)[5], const std::string& text) { write_raw(name, text.data(), 1, text.size()); }

    std::uint64_t size() const { return size_; }
    std::uint64_t checksum() const { return checksum_; }

private:
    void write_raw(const char (&name)[5], const void* data, std::size_t element_size, std::size_t count) {
        const SectionHeader header{section_tag(name), static_cast<std::uint32_t>(element_size), count};
        put(&header, sizeof header);
        put(data, element_size * count);
        static const char padding[8] = {};
        put(padding, (8 - (element_size * count) % 8) % 8);
    }
    void put(const void* data, std::size_t bytes) {
        if (bytes == 0) return;
        if (!out_.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes))) {
            throw Error(path_ + ": write failed (disk full?)");
        }
        checksum_ = fnv1a64(data, bytes, checksum_);
        size_ += bytes;
    }

    std::ostream& out_;
    const std::string& path_;
    std::uint64_t size_ = 0;
    std::uint64_t checksum_ = kFnvOffset;
};

class SectionReader {
public:
    SectionReader(std::FILE* file, const std::string& path, std::uint64_t body_size)
        : file_(file), path_(path), remaining_(body_size) {}

    template <typename T>
    void read(const char (&name)[5], std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        const std::uint64_t count = read_header(name, sizeof(T));
        values.resize(count);
        get(values.data(), sizeof(T) * count);
        skip_padding(sizeof(T) * count);
    }
    template <typename Index, typename T>
    void read(const char (&name)[5], IndexVector<Index, T>& values) {
        read(name, values.vector());
    }
    void read(const char (&name)[5], std::string& text) {
        const std::uint64_t count = read_header(name, 1);
        text.resize(count);
        get(text.data(), count);
        skip_padding(count);
    }
    std::uint64_t checksum() const { return checksum_; }
    bool at_end() const { return remaining_ == 0; }
    std::uint64_t remaining() const { return remaining_; }

private:
    std::uint64_t read_header(const char (&name)[5], std::size_t element_size) {
        SectionHeader header{};
        get(&header, sizeof header);
        if (header.tag != section_tag(name) || header.element_size != element_size) {
            throw FileFormatError(path_ + ": damaged graph file (section '" + name + "' not found where expected)");
        }
        if (header.count > remaining_ / element_size) {
            throw FileFormatError(path_ + ": damaged graph file (section '" + name + "' is larger than the file)");
        }
        return header.count;
    }
    void skip_padding(std::size_t bytes) {
        char padding[8];
        get(padding, (8 - bytes % 8) % 8);
    }
    void get(void* data, std::size_t bytes) {
        if (bytes == 0) return;
        if (bytes > remaining_ || std::fread(data, 1, bytes, file_) != bytes) {
            throw FileFormatError(path_ + ": truncated graph file");
        }
        remaining_ -= bytes;
        checksum_ = fnv1a64(data, bytes, checksum_);
    }

    std::FILE* file_;
    const std::string& path_;
    std::uint64_t remaining_;
    std::uint64_t checksum_ = kFnvOffset;
};

// The sections in file order, for writing (const graph) and reading alike.
template <typename Graph, typename F>
void for_each_graph_section(Graph& g, F&& f) {
    f("META", g.metadata.import_report_json);
    f("NCRD", g.node_coordinate);
    f("NOSM", g.node_osm_id);
    f("FOUT", g.first_out);
    f("HEAD", g.head);
    f("TIME", g.travel_time);
    f("LENG", g.length_m);
    f("EGEO", g.edge_geometry);
    f("EFLG", g.edge_flags);
    f("GFST", g.geometry_first);
    f("GPTS", g.geometry_points);
    f("GWAY", g.geometry_way_osm_id);
    f("GNAM", g.geometry_name);
    f("GREF", g.geometry_ref);
    f("NFST", g.name_first);
    f("NTXT", g.name_text);
}

template <typename Hierarchy, typename F>
void for_each_hierarchy_section(Hierarchy& ch, F&& f) {
    f("CRNK", ch.rank);
    f("CNAR", ch.node_at_rank);
    f("CAFS", ch.first);
    f("CUAR", ch.up);
    f("CUAP", ch.up_path);
    f("CDAR", ch.down);
    f("CDAP", ch.down_path);
    f("CEDG", ch.edges);
}

File open_for_reading(const std::string& path) {
    if (!std::filesystem::exists(path)) throw InputError(path + ": no such graph file");
    File file(std::fopen(path.c_str(), "rb"));
    if (!file) throw InputError(path + ": cannot open graph file");
    return file;
}

std::uint64_t header_checksum(FileHeader header) {
    header.header_checksum = 0;
    return fnv1a64(&header, sizeof header);
}

// Checksums are the one check a fuzzer cannot get past; its build skips them so
// that inputs reach the structural checks behind them.
constexpr bool kVerifyChecksums =
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    false;
#else
    true;
#endif

// Older format versions are told apart from a damaged version field by being
// near this one.
constexpr std::uint32_t kPlausibleVersions = 100;

FileHeader read_header(std::FILE* file, const std::string& path) {
    FileHeader header{};
    const std::size_t got = std::fread(&header, 1, sizeof header, file);
    if (got < sizeof kMagic || std::memcmp(header.magic, kMagic, sizeof kMagic) != 0) {
        throw FileFormatError(path + ": not a Revir graph file (run `revir import` to make one)");
    }
    if (got < sizeof(std::uint32_t) * 2 + sizeof kMagic) throw FileFormatError(path + ": truncated graph file");
    if (header.format_version != kGraphFormatVersion) {
        if (header.format_version == 0 || header.format_version > kGraphFormatVersion + kPlausibleVersions) {
            throw FileFormatError(path + ": damaged graph file (its format version field reads " +
                                  std::to_string(header.format_version) + "); import the extract again");
        }
        throw FileFormatError(path + ": graph file format version " + std::to_string(header.format_version) +
                              ", but this revir reads version " + std::to_string(kGraphFormatVersion) +
                              "; import the extract again with this revir");
    }
    if (got != sizeof header) throw FileFormatError(path + ": truncated graph file (incomplete header)");
    if (kVerifyChecksums && header.header_checksum != header_checksum(header)) {
        throw FileFormatError(path + ": damaged graph file (header checksum mismatch); import the extract again");
    }
    if (header.header_size != sizeof header) {
        throw FileFormatError(path + ": damaged graph file (header size " + std::to_string(header.header_size) +
                              ", expected " + std::to_string(sizeof header) + ")");
    }
    return header;
}

GraphMetadata metadata_from(const FileHeader& header) {
    GraphMetadata m;
    m.profile_name = read_string(header.profile_name);
    m.profile_fingerprint = header.profile_fingerprint;
    m.source_name = read_string(header.source_name);
    m.source_size = header.source_size;
    m.time_unit = read_string(header.time_unit);
    return m;
}

} // namespace

void write_graph_file(const RoadGraph& graph, const std::string& path, const ContractionHierarchy* hierarchy) {
    geo::AtomicOutput output(path);
    std::ostream& file = output.stream();
    FileHeader header{};
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.format_version = kGraphFormatVersion;
    header.header_size = sizeof header;
    header.profile_fingerprint = graph.metadata.profile_fingerprint;
    header.source_size = graph.metadata.source_size;
    copy_string(header.profile_name, graph.metadata.profile_name);
    copy_string(header.time_unit, graph.metadata.time_unit);
    copy_string(header.source_name, graph.metadata.source_name);
    // A placeholder until the body's size and checksum are known.
    if (!file.write(reinterpret_cast<const char*>(&header), sizeof header)) throw Error(path + ": write failed");

    SectionWriter out(file, path);
    const auto write = [&out](const char(&name)[5], const auto& values) { out.write(name, values); };
    for_each_graph_section(graph, write);
    const std::vector<std::uint8_t> has_hierarchy{static_cast<std::uint8_t>(hierarchy != nullptr)};
    out.write("CHIN", has_hierarchy);
    if (hierarchy != nullptr) for_each_hierarchy_section(*hierarchy, write);

    header.body_size = out.size();
    header.body_checksum = out.checksum();
    header.header_checksum = header_checksum(header);
    if (!file.seekp(0) || !file.write(reinterpret_cast<const char*>(&header), sizeof header)) {
        throw Error(path + ": write failed");
    }
    output.commit();
}

GraphFileHeaderInfo read_graph_file_header(const std::string& path) {
    File file = open_for_reading(path);
    const FileHeader header = read_header(file.get(), path);
    return {header.format_version, metadata_from(header), std::filesystem::file_size(path)};
}

RoadGraph read_graph_file(const std::string& path) {
    std::optional<ContractionHierarchy> ignored;
    return read_graph_file(path, ignored);
}

RoadGraph read_graph_file(const std::string& path, std::optional<ContractionHierarchy>& hierarchy) {
    File file = open_for_reading(path);
    const FileHeader header = read_header(file.get(), path);
    const std::uint64_t file_size = std::filesystem::file_size(path);
    if (header.body_size > file_size || file_size - header.body_size < sizeof header) {
        throw FileFormatError(path + ": truncated graph file (" + std::to_string(file_size) + " bytes, expected " +
                              std::to_string(sizeof header + header.body_size) + ")");
    }
    if (file_size - header.body_size > sizeof header) {
        throw FileFormatError(path + ": damaged graph file (" + std::to_string(file_size - header.body_size - sizeof header) +
                              " bytes after the end of the graph); import the extract again");
    }
    RoadGraph g;
    g.metadata = metadata_from(header);
    SectionReader in(file.get(), path, header.body_size);
    const auto read = [&in](const char(&name)[5], auto& values) { in.read(name, values); };
    for_each_graph_section(g, read);
    std::vector<std::uint8_t> has_hierarchy;
    in.read("CHIN", has_hierarchy);
    hierarchy.reset();
    if (has_hierarchy.size() == 1 && has_hierarchy[0] == 1) for_each_hierarchy_section(hierarchy.emplace(), read);
    if (!in.at_end()) {
        throw FileFormatError(path + ": damaged graph file (" + std::to_string(in.remaining()) +
                              " bytes after the last section)");
    }
    if (kVerifyChecksums && in.checksum() != header.body_checksum) {
        throw FileFormatError(path + ": damaged graph file (checksum mismatch); import the extract again");
    }
    try {
        g.validate();
        if (hierarchy) hierarchy->validate(g);
    } catch (const FileFormatError& e) {
        throw FileFormatError(path + ": " + e.what());
    }
    return g;
}

} // namespace revir::routing
