#include "tests/test_support.hpp"

#include <unistd.h>

#include <memory>
#include <vector>

#include "maps/sample/sample_town.hpp"
#include "routing/import/osm_import.hpp"

namespace revir::test {

namespace {
struct Cleanup {
    std::vector<std::filesystem::path> folders;
    ~Cleanup() {
        for (const auto& f : folders) {
            std::error_code ec;
            std::filesystem::remove_all(f, ec);
        }
    }
};
Cleanup& cleanup() {
    static Cleanup c;
    return c;
}
} // namespace

std::string shared_data(const std::string& relative) {
    const auto path = std::filesystem::path(REVIR_SHARED_DATA) / relative;
    return std::filesystem::exists(path) ? path.string() : std::string();
}

std::filesystem::path temporary_folder(const std::string& name) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("revir-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    cleanup().folders.push_back(path);
    return path;
}

const std::filesystem::path& sample_town_file() {
    static const std::filesystem::path path = [] {
        const auto p = temporary_folder("sample") / "sample-town.osm.pbf";
        sample::write_sample_town(p.string());
        return p;
    }();
    return path;
}

const routing::RoadGraph& sample_town_graph() {
    static const routing::RoadGraph graph = [] {
        routing::ImportReport report;
        Progress quiet;
        return routing::import_osm(sample_town_file().string(), routing::Profile::load("car"), report, quiet);
    }();
    return graph;
}

} // namespace revir::test
