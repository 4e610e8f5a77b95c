#pragma once
// Helpers shared by the test suites: where the real data is, temporary folders,
// and the sample town imported once per test program.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "routing/graph/road_graph.hpp"

namespace revir::test {

/// Path of a file under ../shared/data, or "" when it is not there.
std::string shared_data(const std::string& relative);

/// The whole contents of a file ("" when it cannot be read).
std::string file_contents(const std::filesystem::path& path);

/// A fresh folder under the system's temporary directory, removed at exit.
std::filesystem::path temporary_folder(const std::string& name);

/// The built-in sample town, generated and imported with the car profile (cached).
const routing::RoadGraph& sample_town_graph();
/// Its .osm.pbf file.
const std::filesystem::path& sample_town_file();

/// Runs `body` on a thread pinned to one CPU of the process's affinity mask, as
/// under `taskset -c N`: threads it starts inherit the mask.
void on_one_cpu(const std::function<void()>& body);

} // namespace revir::test

/// Skips the test (saying which file) when a real-data file is missing.
#define REVIR_REQUIRE_DATA(var, relative)                                                \
    const std::string var = ::revir::test::shared_data(relative);                        \
    if (var.empty()) GTEST_SKIP() << "real data missing: ../shared/data/" << (relative)
