#include "tests/test_support.hpp"

#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
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

std::string file_contents(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
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

void on_one_cpu(const std::function<void()>& body) {
    std::thread pinned([&] {
        cpu_set_t current;
        CPU_ZERO(&current);
        ASSERT_EQ(sched_getaffinity(0, sizeof(current), &current), 0);
        int first = 0;
        while (!CPU_ISSET(first, &current)) ++first;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(first, &one);
        ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
        body();
    });
    pinned.join();
}

} // namespace revir::test
