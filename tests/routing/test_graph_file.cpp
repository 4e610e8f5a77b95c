#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "geo/core/error.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "geo/core/progress.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;

std::string saved_sample(const std::string& name) {
    const auto path = (test::temporary_folder("graphfile") / name).string();
    routing::write_graph_file(test::sample_town_graph(), path);
    return path;
}

template <typename Exception>
std::string error_reading(const std::string& path) {
    try {
        routing::read_graph_file(path);
    } catch (const Exception& e) {
        return e.what();
    }
    return "no error";
}

TEST(GraphFile, RoundTripKeepsEverything) {
    const auto& g = test::sample_town_graph();
    const auto path = saved_sample("roundtrip.rvg");
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    const auto h = routing::read_graph_file(path);
    EXPECT_EQ(h.node_coordinate, g.node_coordinate);
    EXPECT_EQ(h.node_osm_id, g.node_osm_id);
    EXPECT_EQ(h.first_out, g.first_out);
    EXPECT_EQ(h.head, g.head);
    EXPECT_EQ(h.travel_time, g.travel_time);
    EXPECT_EQ(h.length_m, g.length_m);
    EXPECT_EQ(h.edge_geometry, g.edge_geometry);
    EXPECT_EQ(h.edge_flags, g.edge_flags);
    EXPECT_EQ(h.geometry_first, g.geometry_first);
    EXPECT_EQ(h.geometry_points, g.geometry_points);
    EXPECT_EQ(h.geometry_way_osm_id, g.geometry_way_osm_id);
    EXPECT_EQ(h.metadata.profile_name, "car");
    EXPECT_EQ(h.metadata.profile_fingerprint, g.metadata.profile_fingerprint);
    EXPECT_EQ(h.metadata.source_name, "sample-town.osm.pbf");
    EXPECT_EQ(h.metadata.source_size, std::filesystem::file_size(test::sample_town_file()));
    EXPECT_EQ(h.metadata.import_report_json, g.metadata.import_report_json);
    const auto header = routing::read_graph_file_header(path);
    EXPECT_EQ(header.format_version, routing::kGraphFormatVersion);
}

TEST(GraphFile, HierarchyTravelsWithTheGraph) {
    const auto& g = test::sample_town_graph();
    Progress quiet;
    const auto ch = routing::build_contraction_hierarchy(g, quiet);
    const auto path = (test::temporary_folder("graphfile") / "with-ch.rvg").string();
    routing::write_graph_file(g, path, &ch);
    std::optional<routing::ContractionHierarchy> loaded;
    const auto h = routing::read_graph_file(path, loaded);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->rank, ch.rank);
    EXPECT_EQ(loaded->first, ch.first);
    EXPECT_EQ(loaded->up, ch.up);
    EXPECT_EQ(loaded->down, ch.down);
    EXPECT_EQ(loaded->up_path, ch.up_path);
    EXPECT_EQ(loaded->down_path, ch.down_path);
    EXPECT_EQ(loaded->edges.size(), ch.edges.size());
    EXPECT_EQ(h.head, g.head);
    // A file without a hierarchy loads without one.
    std::optional<routing::ContractionHierarchy> none;
    routing::read_graph_file(saved_sample("without-ch.rvg"), none);
    EXPECT_FALSE(none);
}

TEST(GraphFile, MissingFileIsAnInputError) {
    EXPECT_NE(error_reading<InputError>("/nonexistent/region.rvg").find("no such graph file"), std::string::npos);
}

TEST(GraphFile, TruncatedFileIsRefused) {
    const auto path = saved_sample("truncated.rvg");
    const auto size = std::filesystem::file_size(path);
    for (auto keep : {size - 1, size / 2, std::uintmax_t{600}, std::uintmax_t{20}}) {
        std::filesystem::resize_file(path, keep);
        EXPECT_NE(error_reading<FileFormatError>(path).find("truncated"), std::string::npos) << keep;
    }
}

TEST(GraphFile, DamagedFileIsRefused) {
    const auto path = saved_sample("damaged.rvg");
    const auto size = std::filesystem::file_size(path);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size * 2 / 3));
        char c = 0;
        f.read(&c, 1);
        f.seekp(static_cast<std::streamoff>(size * 2 / 3));
        c = static_cast<char>(c ^ 0x5a);
        f.write(&c, 1);
    }
    EXPECT_NE(error_reading<FileFormatError>(path).find("damaged"), std::string::npos);
}

TEST(GraphFile, OtherFormatVersionIsRefused) {
    const auto path = saved_sample("version.rvg");
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8); // the format version follows the 8-byte magic
        const std::uint32_t other = routing::kGraphFormatVersion + 1;
        f.write(reinterpret_cast<const char*>(&other), sizeof other);
    }
    const auto message = error_reading<FileFormatError>(path);
    EXPECT_NE(message.find("format version " + std::to_string(routing::kGraphFormatVersion + 1)), std::string::npos)
        << message;
    EXPECT_NE(message.find("import the extract again"), std::string::npos) << message;
}

TEST(GraphFile, OtherFilesAreNotGraphs) {
    const auto path = (test::temporary_folder("graphfile") / "text.rvg").string();
    std::ofstream(path) << "id,lon,lat\n1,2,3\n";
    EXPECT_NE(error_reading<FileFormatError>(path).find("not a Revir graph file"), std::string::npos);
    const auto empty = (test::temporary_folder("graphfile") / "empty.rvg").string();
    std::ofstream{empty};
    EXPECT_NE(error_reading<FileFormatError>(empty).find("not a Revir graph file"), std::string::npos);
}

std::set<std::string> names_in(const std::filesystem::path& folder) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) names.insert(entry.path().filename().string());
    return names;
}

std::filesystem::path fresh_folder(const std::string& name) {
    const auto path = test::temporary_folder("graphfile") / name;
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
}

// Each writer has its own temporary: two at once leave one whole graph, no leftovers.
TEST(GraphFile, TwoWritersOfOnePathLeaveOneValidGraph) {
    const auto& g = test::sample_town_graph();
    Progress quiet;
    const auto ch = routing::build_contraction_hierarchy(g, quiet);
    const auto dir = fresh_folder("concurrent");
    const auto path = (dir / "town.rvg").string();
    std::thread with_hierarchy([&] { routing::write_graph_file(g, path, &ch); });
    std::thread without([&] { routing::write_graph_file(g, path); });
    with_hierarchy.join();
    without.join();
    std::optional<routing::ContractionHierarchy> hierarchy;
    EXPECT_EQ(routing::read_graph_file(path, hierarchy).head, g.head);
    EXPECT_EQ(names_in(dir), std::set<std::string>{"town.rvg"});
}

// The fixed PATH.tmp of older versions (or anyone's file of that name) is not ours.
TEST(GraphFile, AStaleTmpFileIsNeitherUsedNorDeleted) {
    const auto& g = test::sample_town_graph();
    const auto dir = fresh_folder("stale");
    const auto path = (dir / "town.rvg").string();
    std::ofstream(path + ".tmp", std::ios::binary) << "killed run";
    routing::write_graph_file(g, path);
    routing::write_graph_file(g, path);
    EXPECT_EQ(routing::read_graph_file(path).head, g.head);
    std::ifstream stale(path + ".tmp", std::ios::binary);
    std::stringstream text;
    text << stale.rdbuf();
    EXPECT_EQ(text.str(), "killed run");
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"town.rvg", "town.rvg.tmp"}));
}

TEST(GraphFile, AMissingFolderIsAnInputErrorNamingThePath) {
    const auto path = (fresh_folder("missing") / "nowhere" / "town.rvg").string();
    try {
        routing::write_graph_file(test::sample_town_graph(), path);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

} // namespace
