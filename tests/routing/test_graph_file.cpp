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
    EXPECT_EQ(h.geometry_name, g.geometry_name);
    EXPECT_EQ(h.geometry_ref, g.geometry_ref);
    EXPECT_EQ(h.name_first, g.name_first);
    EXPECT_EQ(h.name_text, g.name_text);
    EXPECT_EQ(h.metadata.profile_name, "car");
    EXPECT_EQ(h.metadata.profile_fingerprint, g.metadata.profile_fingerprint);
    EXPECT_EQ(h.metadata.source_name, "sample-town.osm.pbf");
    EXPECT_EQ(h.metadata.source_size, std::filesystem::file_size(test::sample_town_file()));
    EXPECT_EQ(h.metadata.import_report_json, g.metadata.import_report_json);
    const auto header = routing::read_graph_file_header(path);
    EXPECT_EQ(header.format_version, routing::kGraphFormatVersion);
}

TEST(GraphFile, StreetNamesComeFromTheWaysAndSurviveASubgraph) {
    const auto& g = test::sample_town_graph();
    std::set<std::string> names;
    for (routing::EdgeId e : g.edges()) names.emplace(g.street_name(e));
    EXPECT_TRUE(names.count("High Street"));
    EXPECT_TRUE(names.count("Market Lane"));
    EXPECT_TRUE(names.count("Quay Lane"));
    EXPECT_GT(names.size(), 5u);
    // Each name is stored once.
    std::set<std::string_view> table;
    for (std::size_t i = 0; i + 1 < g.name_first.size(); ++i) EXPECT_TRUE(table.insert(g.name(i)).second);
    IndexVector<routing::NodeId, bool> keep(g.node_count(), false);
    for (routing::NodeId n : g.nodes()) keep[n] = n.value() % 3 != 0;
    const auto sub = routing::induced_subgraph(g, keep);
    sub.validate();
    std::size_t compared = 0;
    for (routing::NodeId n : sub.nodes()) {
        for (routing::EdgeId e : sub.out_edges(n)) {
            // The same way (by OSM id) carries the same name in both graphs.
            const auto way = sub.geometry_way_osm_id[sub.edge_geometry[e]];
            for (routing::EdgeId f : g.edges()) {
                if (g.geometry_way_osm_id[g.edge_geometry[f]] != way) continue;
                EXPECT_EQ(sub.street_name(e), g.street_name(f));
                EXPECT_EQ(sub.street_ref(e), g.street_ref(f));
                ++compared;
                break;
            }
        }
    }
    EXPECT_GT(compared, 100u);
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

// Every byte of the header is covered: a flipped byte anywhere in it is called
// damaged (not truncated, not another version), and so are bytes after the end.
TEST(GraphFile, DamagedHeaderAndTrailingBytesAreRefused) {
    const auto path = saved_sample("header.rvg");
    std::string bytes = test::file_contents(path);
    for (std::size_t at : {12, 16, 24, 40, 56, 100, 200, 400, 495}) {
        std::string damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
        const auto damaged_path = (test::temporary_folder("graphfile") / "flipped.rvg").string();
        std::ofstream(damaged_path, std::ios::binary) << damaged;
        const auto message = error_reading<FileFormatError>(damaged_path);
        EXPECT_NE(message.find("damaged"), std::string::npos) << "byte " << at << ": " << message;
    }
    const auto longer = (test::temporary_folder("graphfile") / "longer.rvg").string();
    std::ofstream(longer, std::ios::binary) << bytes << "junk";
    const auto message = error_reading<FileFormatError>(longer);
    EXPECT_NE(message.find("4 bytes after the end"), std::string::npos) << message;
}

// What a checksum cannot vouch for: a file written with a correct checksum
// around a graph that is wrong (a node off the map, a hierarchy whose times are
// not the graph's) is refused when read.
TEST(GraphFile, ConsistentChecksumAroundAWrongGraphIsRefused) {
    const auto folder = test::temporary_folder("graphfile");
    {
        routing::RoadGraph g = test::sample_town_graph();
        g.node_coordinate[routing::NodeId(3)] = geo::Coordinate::from_degrees(200.0, 57.0);
        routing::write_graph_file(g, (folder / "off-map.rvg").string());
        const auto message = error_reading<FileFormatError>((folder / "off-map.rvg").string());
        EXPECT_NE(message.find("node 3 is off the map"), std::string::npos) << message;
    }
    const auto& g = test::sample_town_graph();
    Progress quiet;
    const auto ch = routing::build_contraction_hierarchy(g, quiet);
    const auto refused = [&](routing::ContractionHierarchy wrong, const std::string& name) {
        const auto path = (folder / name).string();
        routing::write_graph_file(g, path, &wrong);
        return error_reading<FileFormatError>(path);
    };
    {
        auto wrong = ch;
        for (auto& e : wrong.edges) {
            if (e.road_edge != routing::kNoEdge) {
                e.time += 1000;
                break;
            }
        }
        EXPECT_NE(refused(wrong, "slow-copy.rvg").find("disagrees with road edge"), std::string::npos);
    }
    {
        auto wrong = ch;
        ASSERT_FALSE(wrong.up.empty());
        wrong.up[wrong.up.size() / 2].time /= 2; // an arc faster than its edge
        EXPECT_NE(refused(wrong, "fast-arc.rvg").find("disagrees with its edge"), std::string::npos);
    }
    {
        auto wrong = ch;
        for (auto& e : wrong.edges) {
            if (e.road_edge == routing::kNoEdge) {
                e.time -= 1;
                break;
            }
        }
        ASSERT_GT(ch.shortcut_count(), 0u);
        EXPECT_NE(refused(wrong, "shortcut.rvg").find("shortcut"), std::string::npos);
    }
    {
        // Found by fuzzing: an arc index that rises past the arcs and falls back to
        // their count at the end was read out of bounds before it was refused.
        auto wrong = ch;
        wrong.first[routing::ChRank(1)].up = 1u << 30;
        EXPECT_NE(refused(wrong, "index.rvg").find("index not sorted"), std::string::npos);
    }
    {
        routing::RoadGraph g2 = test::sample_town_graph();
        g2.geometry_first[1] = 0xFFFFFFFFu; // + 2 wrapped to 1 and passed
        routing::write_graph_file(g2, (folder / "geometry.rvg").string());
        EXPECT_NE(error_reading<FileFormatError>((folder / "geometry.rvg").string()).find("geometry"), std::string::npos);
    }
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
