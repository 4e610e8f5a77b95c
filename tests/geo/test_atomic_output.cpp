// Outputs appear whole or not at all: unique temporaries beside the target, the
// last commit wins, an abandoned output leaves nothing, and errors name the path.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/plan/plan_export.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"
#include "geo/io/geopackage.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;
using geo::AtomicOutput;
namespace fs = std::filesystem;

// A folder of its own per test, so that listing it shows only what the test made.
fs::path fresh_folder(const std::string& name) {
    const auto path = test::temporary_folder("atomic") / name;
    fs::remove_all(path);
    fs::create_directories(path);
    return path;
}

std::set<std::string> names_in(const fs::path& folder) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
    return names;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

template <typename Exception, typename F>
std::string error_of(F call) {
    try {
        call();
    } catch (const Exception& e) {
        return e.what();
    }
    return "no error";
}

TEST(AtomicOutput, TwoOutputsOfOneTargetHaveTheirOwnTemporariesAndTheLastCommitWins) {
    const auto dir = fresh_folder("two");
    const auto target = (dir / "matrix.csv").string();
    AtomicOutput first(target);
    AtomicOutput second(target);
    EXPECT_NE(first.temporary(), second.temporary());
    for (const auto* out : {&first, &second}) {
        const fs::path temporary(out->temporary());
        EXPECT_EQ(temporary.parent_path(), dir);
        EXPECT_EQ(temporary.filename().string().rfind(".matrix.csv.", 0), 0u) << temporary;
        EXPECT_TRUE(fs::exists(temporary));
    }
    const std::string long_text(100000, 'a'), short_text = "b\n";
    first.stream() << long_text;
    second.stream() << short_text;
    second.commit();
    EXPECT_EQ(test::file_contents(target), short_text);
    first.commit();
    EXPECT_EQ(test::file_contents(target), long_text);
    EXPECT_EQ(names_in(dir), std::set<std::string>{"matrix.csv"});
}

TEST(AtomicOutput, ConcurrentWritersLeaveOneCompleteFile) {
    const auto dir = fresh_folder("threads");
    const auto target = (dir / "out.txt").string();
    std::vector<std::thread> writers;
    for (char c = 'a'; c < 'a' + 8; ++c) {
        writers.emplace_back([&target, c] {
            AtomicOutput out(target);
            out.stream() << std::string(50000, c);
            out.commit();
        });
    }
    for (auto& t : writers) t.join();
    const auto text = test::file_contents(target);
    ASSERT_EQ(text.size(), 50000u);
    EXPECT_EQ(text, std::string(50000, text[0]));
    EXPECT_EQ(names_in(dir), std::set<std::string>{"out.txt"});
}

TEST(AtomicOutput, WithoutCommitTheTargetIsUnchangedAndNoTemporaryRemains) {
    const auto dir = fresh_folder("abandoned");
    const auto target = dir / "report.html";
    write(target, "previous run");
    {
        AtomicOutput out(target.string());
        out.stream() << "half a report";
    }
    {
        AtomicOutput out(target.string(), AtomicOutput::Temporary::library);
        write(out.temporary(), "half a GeoPackage");
    }
    {
        AtomicOutput moved_from(target.string());
        AtomicOutput out(std::move(moved_from));
        out.stream() << "moved, then abandoned";
    }
    EXPECT_EQ(test::file_contents(target), "previous run");
    EXPECT_EQ(names_in(dir), std::set<std::string>{"report.html"});
}

TEST(AtomicOutput, AnExistingTargetIsReplacedWhole) {
    const auto dir = fresh_folder("replace");
    const auto target = dir / "plan.json";
    write(target, std::string(20000, 'x'));
    AtomicOutput out(target.string());
    out.stream() << "{}\n";
    out.commit();
    EXPECT_EQ(test::file_contents(target), "{}\n");
    EXPECT_EQ(names_in(dir), std::set<std::string>{"plan.json"});
}

TEST(AtomicOutput, ALibraryWritesTheTargetsNameInAPrivateFolderAndItsCompanionsMoveToo) {
    const auto dir = fresh_folder("library");
    write(dir / "units.shp", "previous");
    AtomicOutput out((dir / "units.shp").string(), AtomicOutput::Temporary::library);
    const fs::path temporary(out.temporary());
    EXPECT_EQ(temporary.filename(), "units.shp"); // GDAL and osmium read the format from it
    EXPECT_EQ(temporary.parent_path().parent_path(), dir);
    EXPECT_FALSE(fs::exists(temporary)); // GDAL refuses to create over an existing file
    EXPECT_THROW(out.stream(), std::logic_error);
    write(temporary, "shapes");
    write(fs::path(temporary).replace_extension(".dbf"), "records");
    out.commit();
    EXPECT_EQ(test::file_contents(dir / "units.shp"), "shapes");
    EXPECT_EQ(test::file_contents(dir / "units.dbf"), "records");
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"units.shp", "units.dbf"}));
}

TEST(AtomicOutput, AMissingFolderIsAnInputErrorNamingThePath) {
    const auto target = (fresh_folder("missing") / "nowhere" / "matrix.csv").string();
    for (auto kind : {AtomicOutput::Temporary::file, AtomicOutput::Temporary::library}) {
        const auto message = error_of<InputError>([&] { AtomicOutput out(target, kind); });
        EXPECT_NE(message.find(target), std::string::npos) << message;
        EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
    }
}

TEST(AtomicOutput, ATargetThatIsAFolderIsAnInputError) {
    const auto dir = fresh_folder("folder");
    fs::create_directory(dir / "plan.gpkg");
    const auto target = (dir / "plan.gpkg").string();
    const auto message = error_of<InputError>([&] { AtomicOutput out(target); });
    EXPECT_NE(message.find(target), std::string::npos) << message;
    EXPECT_NE(message.find("Is a directory"), std::string::npos) << message;
    EXPECT_EQ(names_in(dir), std::set<std::string>{"plan.gpkg"});
}

TEST(AtomicOutput, AReadOnlyFolderIsAnInputError) {
    if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
    const auto dir = fresh_folder("read-only");
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    const auto target = (dir / "matrix.csv").string();
    const auto message = error_of<InputError>([&] { AtomicOutput out(target); });
    fs::permissions(dir, fs::perms::owner_all);
    EXPECT_NE(message.find(target), std::string::npos) << message;
    EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
}

// translate_plan writes every layer before any is placed: a layer it cannot write
// leaves the previous export as it was, with no temporaries.
TEST(AtomicOutput, AnExportWithALayerItCannotWriteChangesNothing) {
    const auto dir = fresh_folder("export");
    const auto gpkg = (dir / "plan.gpkg").string();
    {
        geo::GeoPackageWriter writer(gpkg);
        for (const char* name : {"territories", "units"}) {
            writer.add_layer(name, wkbNone, {{"id", geo::FieldType::text}}).add({std::string("a")});
        }
        writer.commit();
    }
    const auto out = dir / "layers";
    fs::create_directories(out / "units.geojson"); // not a file: that layer fails
    write(out / "territories.geojson", "previous export");
    {
        geo::OutputSet outputs({{"the plan", gpkg}});
        EXPECT_THROW(engine::translate_plan(gpkg, out.string(), "geojson", outputs), InputError);
    }
    EXPECT_EQ(test::file_contents(out / "territories.geojson"), "previous export");
    EXPECT_EQ(names_in(out), (std::set<std::string>{"territories.geojson", "units.geojson"}));

    fs::remove(out / "units.geojson");
    geo::OutputSet outputs({{"the plan", gpkg}});
    engine::translate_plan(gpkg, out.string(), "geojson", outputs);
    outputs.commit();
    EXPECT_NE(test::file_contents(out / "territories.geojson").find("FeatureCollection"), std::string::npos);
    EXPECT_EQ(names_in(out), (std::set<std::string>{"territories.geojson", "units.geojson"}));
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"plan.gpkg", "layers"}));
}

// An output set places all its files or none, and refuses an output that is an
// input under any name (a hard link, a symbolic link, ./name) or another output.
TEST(OutputSet, AllOrNothingAndNeverAnInput) {
    const auto dir = fresh_folder("output-set");
    write(dir / "input.csv", "id,lon,lat\n");
    fs::create_hard_link(dir / "input.csv", dir / "hard.csv");
    fs::create_symlink(dir / "input.csv", dir / "soft.csv");
    for (const auto& alias : {dir / "input.csv", dir / "hard.csv", dir / "soft.csv", dir / "." / "input.csv"}) {
        geo::OutputSet outputs({{"--points", (dir / "input.csv").string()}});
        const auto message = error_of<InputError>([&] { outputs.reserve({"-o", alias.string()}); });
        EXPECT_NE(message.find("is the input --points"), std::string::npos) << message;
    }
    EXPECT_EQ(test::file_contents(dir / "input.csv"), "id,lon,lat\n");
    {
        geo::OutputSet outputs({});
        outputs.reserve({"-o", (dir / "a.gpkg").string()});
        const auto message = error_of<InputError>([&] { outputs.reserve({"--csv", (dir / "." / "a.gpkg").string()}); });
        EXPECT_NE(message.find("two outputs"), std::string::npos) << message;
    }
    {
        // Written but not committed: nothing appears, no temporary is left.
        geo::OutputSet outputs({});
        write(outputs.reserve({"-o", (dir / "a.csv").string()}), "a");
        write(outputs.reserve({"-o", (dir / "b.csv").string()}), "b");
    }
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"input.csv", "hard.csv", "soft.csv"}));
    {
        // A folder that cannot be written fails at reserve(), before any work.
        const auto locked = dir / "locked";
        fs::create_directories(locked);
        fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
        geo::OutputSet outputs({});
        write(outputs.reserve({"-o", (dir / "a.csv").string()}), "a");
        if (::geteuid() != 0) {
            EXPECT_THROW(outputs.reserve({"--csv", (locked / "b.csv").string()}), InputError);
        }
        fs::permissions(locked, fs::perms::owner_all);
        fs::remove(locked);
    }
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"input.csv", "hard.csv", "soft.csv"}));
    geo::OutputSet outputs({});
    write(outputs.reserve({"-o", (dir / "a.csv").string()}), "a");
    write(outputs.reserve({"-o", (dir / "b.csv").string()}), "b");
    outputs.commit();
    EXPECT_EQ(test::file_contents(dir / "a.csv"), "a");
    EXPECT_EQ(test::file_contents(dir / "b.csv"), "b");
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"input.csv", "hard.csv", "soft.csv", "a.csv", "b.csv"}));
}

TEST(OutputSet, TheExtensionMustPromiseTheFormatWritten) {
    EXPECT_NO_THROW(geo::require_extension({"-o", "u.gpkg"}, {".gpkg"}, "a GeoPackage"));
    EXPECT_NO_THROW(geo::require_extension({"-o", "U.GPKG"}, {".gpkg"}, "a GeoPackage"));
    const auto message = error_of<InputError>([] { geo::require_extension({"-o", "u.geojson"}, {".gpkg"}, "a GeoPackage"); });
    EXPECT_EQ(message, "-o u.geojson: a GeoPackage is written here; name it .gpkg");
}

} // namespace
