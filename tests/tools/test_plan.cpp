// End-to-end tests of `revir plan`: the four outputs on the built-in sample,
// reproducibility, a run killed in the middle, the report in a real browser,
// the configuration mistakes users make, and a full plan on Porto Alegre.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/stages/plan.hpp"
#include "engine/stages/territories.hpp"
#include "geo/digest/file_digest.hpp"
#include "geo/io/gdal.hpp"
#include "maps/sample/sample_accounts.hpp"
#include "maps/sample/sample_plan.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_support.hpp"

namespace {

using namespace revir;
namespace fs = std::filesystem;

// The sample's inputs and the shipped configuration, in a fresh folder.
fs::path sample_folder(const std::string& name) {
    const auto dir = test::temporary_folder(name);
    sample::write_sample_plan_inputs(dir.string());
    fs::copy_file(fs::path(REVIR_SOURCE_DIR) / "maps/sample/plan.yaml", dir / "plan.yaml");
    return dir;
}

// Every layer's features (attributes and geometry as WKT), in order: what "the
// same GeoPackage contents" means (the file also holds timestamps).
std::string geopackage_contents(const fs::path& path) {
    auto dataset = geo::open_vector(path.string());
    std::string out;
    for (int l = 0; l < dataset->GetLayerCount(); ++l) {
        OGRLayer* layer = dataset->GetLayer(l);
        out += std::string("layer ") + layer->GetName() + "\n";
        layer->ResetReading();
        for (auto& feature : *layer) {
            for (int f = 0; f < feature->GetFieldCount(); ++f) out += std::string(feature->GetFieldAsString(f)) + "|";
            if (const OGRGeometry* g = feature->GetGeometryRef()) out += g->exportToWkt();
            out += "\n";
        }
    }
    return out;
}

// Runs `revir plan` in a child process and SIGKILLs it as soon as its stderr shows
// `marker`. Returns whether the marker was seen before the run ended.
bool run_and_kill_at(const std::string& args, const std::string& marker) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return false;
    const pid_t child = fork();
    if (child == 0) {
        dup2(pipe_fds[1], STDERR_FILENO);
        close(pipe_fds[0]);
        const std::string command = std::string(REVIR_BINARY) + " " + args + " >/dev/null";
        execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(pipe_fds[1]);
    FILE* err = fdopen(pipe_fds[0], "r");
    std::string seen;
    char line[4096];
    bool killed = false;
    while (std::fgets(line, sizeof line, err)) {
        seen += line;
        if (seen.find(marker) != std::string::npos) {
            kill(child, SIGKILL);
            killed = true;
            break;
        }
    }
    std::fclose(err);
    int status = 0;
    waitpid(child, &status, 0);
    return killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(PlanSample, WritesTheFourOutputsAndTheSameSeedGivesTheSamePlan) {
    const auto dir = sample_folder("plan-sample");
    const auto config = (dir / "plan.yaml").string();
    auto r = test::run_revir("plan " + config + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto out = dir / "plan";
    for (const char* name : {"plan.gpkg", "assignments.csv", "report.html", "manifest.json"}) {
        EXPECT_TRUE(fs::exists(out / name)) << name;
    }
    EXPECT_FALSE(fs::exists(dir / ".plan.partial"));
    // Progress goes to stderr, the summary to stdout.
    const auto summary = nlohmann::json::parse(r.out);
    EXPECT_TRUE(summary["feasible"].get<bool>());
    EXPECT_TRUE(summary["contiguous"].get<bool>());
    ASSERT_EQ(summary["territories"].size(), 6u);
    EXPECT_GE(summary["gap_percent"].get<double>(), 0.0);
    EXPECT_GT(summary["visits"].get<int>(), sample::kSampleAccounts);
    for (const char* stage : {"== road graph ==", "== units ==", "== territories ==", "== visits ==", "== export =="}) {
        EXPECT_NE(r.err.find(stage), std::string::npos) << stage;
    }

    // The manifest: inputs with their SHA-256, every parameter, the seed, the
    // version and the stages' timings.
    const auto manifest = nlohmann::json::parse(test::file_contents(out / "manifest.json"));
    EXPECT_EQ(manifest["inputs"]["units"]["sha256"], geo::digest_file((dir / "units.geojson").string()).sha256);
    EXPECT_EQ(manifest["inputs"]["osm"]["bytes"], fs::file_size(dir / "town.osm.pbf"));
    EXPECT_EQ(manifest["seed"], 1);
    EXPECT_EQ(manifest["parameters"]["territories"]["balance"]["population"], 0.05);
    EXPECT_EQ(manifest["parameters"]["visits"]["shift_min"], 480.0);
    EXPECT_NE(manifest["program"].get<std::string>().find("revir"), std::string::npos);
    EXPECT_EQ(manifest["stages"].size(), 6u);
    EXPECT_EQ(manifest["outputs"]["assignments.csv"]["sha256"], geo::digest_file((out / "assignments.csv").string()).sha256);

    // assignments.csv: one row per account, every territory a base.
    const auto csv = test::file_contents(out / "assignments.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), sample::kSampleAccounts + 1);
    EXPECT_EQ(csv.rfind("account_id,unit_id,territory_id,rep_id,rep_name", 0), 0u) << csv.substr(0, 80);

    // The report: map, scorecard and every rep.
    const auto html = test::file_contents(out / "report.html");
    for (const char* part : {"<svg", "id=\"map\"", "id=\"scorecard\"", "class=\"territories\"", "class=\"routes\"",
                             "Lower bound", "Gap", "Anna Berg", "Oskar Dahl", "Linked islands", "Orphaned accounts"}) {
        EXPECT_NE(html.find(part), std::string::npos) << part;
    }
    // Self-contained: nothing to fetch, no scripts.
    for (const char* outside : {"src=", "<link", "<script", "http://", "https://"}) {
        if (std::string(outside) == "http://" && html.find("http://www.w3.org/2000/svg") != std::string::npos) {
            EXPECT_EQ(html.find("http://", html.find("http://www.w3.org/2000/svg") + 1), std::string::npos);
            continue;
        }
        EXPECT_EQ(html.find(outside), std::string::npos) << outside;
    }

    // Same seed, same inputs: the same plan; and the road graph is reused.
    const auto first_gpkg = geopackage_contents(out / "plan.gpkg");
    r = test::run_revir("plan " + config);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("reused"), std::string::npos) << r.err;
    EXPECT_EQ(test::file_contents(out / "assignments.csv"), csv);
    EXPECT_EQ(geopackage_contents(out / "plan.gpkg"), first_gpkg);
    // A changed profile is a different graph: imported again, not reused.
    {
        auto profile = test::file_contents(fs::path(REVIR_SOURCE_DIR) / "maps/profiles/car.json");
        const auto at = profile.find("\"primary\": 65");
        ASSERT_NE(at, std::string::npos);
        profile.replace(at, 13, "\"primary\": 60");
        std::ofstream(dir / "slower.json") << profile;
        r = test::run_revir("plan " + config + " --set inputs.profile=slower.json -o " + (dir / "slower").string());
        ASSERT_EQ(r.exit_code, 0) << r.err;
        r = test::run_revir("plan " + config + " -o " + (dir / "slower").string());
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.err.find("reused"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("importing"), std::string::npos) << r.err;
    }
    // Another folder from scratch (no graph to reuse): still the same plan.
    r = test::run_revir("plan " + config + " -o " + (dir / "again").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::file_contents(dir / "again" / "assignments.csv"), csv);
    EXPECT_EQ(geopackage_contents(dir / "again" / "plan.gpkg"), first_gpkg);
    // A different seed is a different search (it may still find the same plan, so
    // only check that it runs and says so in the manifest).
    r = test::run_revir("plan " + config + " --set seed=7 -o " + (dir / "seed7").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(test::file_contents(dir / "seed7" / "manifest.json"))["seed"], 7);
}

TEST(PlanSample, KilledInTheTerritoryStageLeavesNoPartialOutput) {
    const auto dir = sample_folder("plan-kill");
    const auto config = (dir / "plan.yaml").string();
    // The kill lands as soon as the territory stage starts (the search's default
    // budget takes about a second here).
    const std::string slow = " --set territories.time_limit=60";
    ASSERT_TRUE(run_and_kill_at("plan " + config + slow, "== territories =="));
    EXPECT_FALSE(fs::exists(dir / "plan")) << "a killed first run left an output folder";
    // A rerun succeeds (and clears the killed run's staging folder).
    auto r = test::run_revir("plan " + config);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(dir / ".plan.partial"));
    const auto manifest = test::file_contents(dir / "plan" / "manifest.json");
    const auto csv = test::file_contents(dir / "plan" / "assignments.csv");
    // Killed while replacing a finished plan: the finished plan stays as it was.
    ASSERT_TRUE(run_and_kill_at("plan " + config + slow + " --set seed=3", "== territories =="));
    EXPECT_EQ(test::file_contents(dir / "plan" / "manifest.json"), manifest);
    EXPECT_EQ(test::file_contents(dir / "plan" / "assignments.csv"), csv);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "plan")) ++files;
    EXPECT_EQ(files, 6u); // the four outputs, the road graph and its fingerprint
    r = test::run_revir("plan " + config + " --set seed=3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(test::file_contents(dir / "plan" / "manifest.json"), manifest);
}

TEST(PlanSample, RealignsACurrentPlanWithinItsBudget) {
    const auto dir = sample_folder("plan-realign");
    const auto config = (dir / "plan.yaml").string();
    auto r = test::run_revir("plan " + config + " --set visits.enabled=false");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The plan's units layer is the current plan: unit_id,territory_id.
    {
        auto dataset = geo::open_vector((dir / "plan" / "plan.gpkg").string());
        OGRLayer& units = geo::find_layer(*dataset, "plan.gpkg", "units");
        std::ofstream current(dir / "current.csv");
        current << "unit_id,territory_id\n";
        for (auto& f : units) current << f->GetFieldAsString("unit_id") << "," << f->GetFieldAsString("territory_id") << "\n";
    }
    // Tighter balance forces moves; at most 10 % of the 240 units may move.
    r = test::run_revir("plan " + config + " --set inputs.current_plan=current.csv --set realignment.max_moved=10% " +
                        "--set territories.balance.population=2% --set visits.enabled=false -o " +
                        (dir / "realigned").string() + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    const auto moved = summary["moved_units"].get<std::size_t>();
    EXPECT_GT(moved, 0u);
    EXPECT_LE(moved, 24u);
    EXPECT_TRUE(summary["feasible"].get<bool>());
    for (const auto& t : summary["territories"]) {
        EXPECT_LE(std::abs(t["deviation_percent"]["population"].get<double>()), 2.0 + 1e-6) << t.dump();
    }
    const auto html = test::file_contents(dir / "realigned" / "report.html");
    EXPECT_NE(html.find(std::to_string(moved) + " units moved"), std::string::npos);
    std::size_t rows = 0;
    const auto table = html.find("id=\"moves\"");
    ASSERT_NE(table, std::string::npos);
    for (auto at = html.find("<tr><td>", table); at != std::string::npos && at < html.find("</table>", table);
         at = html.find("<tr><td>", at + 1)) {
        ++rows;
    }
    EXPECT_EQ(rows, moved);
    // A realignment section without a current plan is a mistake.
    r = test::run_revir("plan " + config + " --set realignment.max_moved=10%");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("needs inputs.current_plan"), std::string::npos) << r.err;
}

// `revir territories` and `revir plan` run one design path: on the same inputs they
// write the same assignment and report the same figures.
TEST(PlanSample, TerritoriesCommandGivesThePlansAssignmentAndFigures) {
    const auto dir = sample_folder("plan-territories-same");
    auto r = test::run_revir("plan " + (dir / "plan.yaml").string() + " --set visits.enabled=false --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto plan = nlohmann::json::parse(r.out);
    const auto t_csv = (dir / "territories.csv").string();
    r = test::run_revir("territories --units " + (dir / "units.geojson").string() + " --unit-id unit_id --bases " +
                        (dir / "bases.csv").string() + " --accounts " + (dir / "accounts.csv").string() +
                        " --graph " + (dir / "plan" / "road-graph.rvg").string() +
                        " --balance population:5%,workload_min:5% --objective-weight population --seed 1 --json -o " +
                        (dir / "territories.gpkg").string() + " --assignments-csv " + t_csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto territories = nlohmann::json::parse(r.out);
    EXPECT_EQ(test::file_contents(dir / "plan" / "assignments.csv"), test::file_contents(t_csv));
    for (const char* key : {"objective", "compactness", "bound", "gap_percent", "max_deviation_percent", "feasible",
                            "contiguous", "measure", "rounds"}) {
        EXPECT_EQ(plan[key], territories[key]) << key;
    }
    ASSERT_EQ(plan["territories"].size(), territories["territories"].size());
    for (std::size_t k = 0; k < plan["territories"].size(); ++k) {
        auto a = plan["territories"][k];
        a.erase("visits");
        EXPECT_EQ(a, territories["territories"][k]) << k;
    }
}

// A front end that does not listen (a server's batch job, a library caller) passes
// no Log: the stages then run silently instead of failing.
TEST(PlanSample, StagesRunWithoutALog) {
    const auto dir = sample_folder("plan-no-log");
    engine::PlanRequest plan{(dir / "plan.yaml").string(), (dir / "quiet").string(), {"visits.enabled=false"}};
    const auto report = engine::run_plan_folder(plan, Log());
    EXPECT_TRUE(report.infeasible.empty());
    EXPECT_TRUE(fs::exists(dir / "quiet" / "plan.gpkg"));
    engine::UnitsRequest units;
    units.units.path = (dir / "units.geojson").string();
    units.units.id = "unit_id";
    units.units.weights = {"population"};
    units.output = (dir / "units.gpkg").string();
    EXPECT_EQ(engine::run_units(units, Log()).summary["units"], 240);
}

TEST(PlanSample, RefusesAnOutputFolderThatIsNotAPlan) {
    const auto dir = sample_folder("plan-foreign");
    fs::create_directories(dir / "mine");
    std::ofstream(dir / "mine" / "thesis.docx") << "important";
    const auto r = test::run_revir("plan " + (dir / "plan.yaml").string() + " -o " + (dir / "mine").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("holds other files"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(dir / "mine" / "thesis.docx"));
}

// A configuration with one line replaced, for the mistake tests.
std::string with_line(const std::string& config, const std::string& from, const std::string& to) {
    auto text = test::file_contents(config);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(PlanConfig, MistakesNameTheFileLineAndKey) {
    const auto dir = sample_folder("plan-mistakes");
    const auto config = (dir / "plan.yaml").string();
    const auto bad = (dir / "bad.yaml").string();
    struct Case {
        std::string from, to, expected;
    };
    const Case cases[] = {
        // A missing file: the key, the line, the resolved path.
        {"path: units.geojson", "path: unit.geojson", "inputs.units.path: no such file: " + (dir / "unit.geojson").string()},
        {"  osm: town.osm.pbf", "  osm: town.pbf", "bad.yaml:21:8: inputs.osm: no such file"},
        // Unknown keys, with the closest known one.
        {"  balance:", "  balanse:", "territories.balanse: unknown key (did you mean 'balance'?)"},
        {"seed: 1", "sead: 1", "bad.yaml:17:1: sead: unknown key (did you mean 'seed'?)"},
        {"  shift: 8h", "  shfit: 8h", "visits.shfit: unknown key (did you mean 'shift'?)"},
        // Wrong types.
        {"seed: 1", "seed: one", "seed: expected a whole number, got 'one'"},
        {"  days: 20", "  days: [20]", "visits.days: expected a whole number, got a list"},
        {"  enabled: true", "  enabled: sometimes", "visits.enabled: expected true or false, got 'sometimes'"},
        {"  shift: 8h", "  shift: 8 hours", "visits.shift '8 hours' is not a duration"},
        {"    population: 5%", "    population: lots", "territories.balance.population: 'lots' is not a share"},
        {"  objective: time ", "  objective: tme ", "use time, distance or squared (did you mean 'time'?)"},
        // A weight field the units do not have.
        {"    population: 5%", "    populaton: 5%", "no weight field 'populaton' (did you mean 'population'?)"},
        // Not YAML at all; a key twice; a setting that needs another.
        {"inputs:", "inputs: [", "not valid YAML"},
        {"seed: 1", "seed: 1\nseed: 2", "bad.yaml:18:1: seed: given twice"},
        {"  # max_distance: 25", "  soft_penalty: 10", "territories.soft_penalty: needs max_distance"},
    };
    for (const auto& c : cases) {
        std::ofstream(bad) << with_line(config, c.from, c.to);
        const auto r = test::run_revir("plan " + bad);
        EXPECT_EQ(r.exit_code, 2) << c.to << "\n" << r.err;
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.to << " → " << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_FALSE(fs::exists(dir / "plan")) << c.to;
    }
    // The configuration itself missing; an override of an unknown key.
    auto r = test::run_revir("plan " + (dir / "nope.yaml").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("nope.yaml: no such configuration file"), std::string::npos) << r.err;
    r = test::run_revir("plan " + config + " --set territories.rouns=5");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--set territories.rouns: unknown key (did you mean 'rounds'?)"), std::string::npos) << r.err;
    r = test::run_revir("plan " + config + " --set seed=one");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--set seed: expected a whole number, got 'one'"), std::string::npos) << r.err;
    // A short-form input keeps its path when one of its settings is changed.
    r = test::run_revir("plan " + config + " --set inputs.bases.crs=EPSG:4326 --set visits.enabled=false --set "
                        "territories.time_limit=1 -o " + (dir / "short").string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = test::run_revir("plan " + config + " --set inputs.graph=plan/town.rvg");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("is inside the output folder"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "plan"));
}

// The report in a real browser: Debian's chromium, headless. The page must load
// without console errors, and the rendered DOM must hold the map and the tables.
TEST(PlanSample, ReportOpensInHeadlessChromium) {
    std::string browser;
    for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
        if (fs::exists(candidate)) browser = candidate;
    }
    if (browser.empty()) GTEST_SKIP() << "no chromium here (scripts/setup.sh installs Debian's chromium)";
    const auto dir = sample_folder("plan-browser");
    const auto r = test::run_revir("plan " + (dir / "plan.yaml").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto report = dir / "plan" / "report.html";
    const auto dom = dir / "dom.html", log = dir / "chromium.log";
    const std::string command = "timeout 120 " + browser +
                                " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                                "--user-data-dir=" + (dir / "profile").string() +
                                " --enable-logging=stderr --v=0 --dump-dom file://" + report.string() + " >" +
                                dom.string() + " 2>" + log.string();
    ASSERT_EQ(std::system(command.c_str()), 0) << test::file_contents(log);
    const auto html = test::file_contents(dom);
    const auto messages = test::file_contents(log);
    EXPECT_EQ(messages.find("CONSOLE"), std::string::npos) << messages;
    EXPECT_EQ(messages.find("Uncaught"), std::string::npos) << messages;
    EXPECT_EQ(messages.find("Failed to load"), std::string::npos) << messages;
    // The browser parsed the page into a DOM with the map's shapes and the tables.
    EXPECT_NE(html.find("<svg"), std::string::npos);
    std::size_t paths = 0;
    for (std::size_t at = html.find("<path"); at != std::string::npos; at = html.find("<path", at + 1)) ++paths;
    EXPECT_GT(paths, 240u); // 6 territories, 240 units, the routes
    EXPECT_NE(html.find("id=\"scorecard\""), std::string::npos);
    for (int b = 1; b <= 6; ++b) EXPECT_NE(html.find(">B" + std::to_string(b) + "<"), std::string::npos) << b;
}

TEST(PlanPortoAlegre, FullPlanFromTheBenchmarkConfiguration) {
    REVIR_REQUIRE_DATA(cells, "porto_alegre/poa_hexgrid_h3.gpkg");
    REVIR_REQUIRE_DATA(extract, "porto_alegre/poa_osm.pbf");
    const auto dir = test::temporary_folder("plan-poa");
    sample::SampleDraw draw;
    draw.units = cells;
    draw.weight = "population";
    draw.accounts = 900;
    draw.bases = 8;
    sample::write_sample_accounts(draw, dir.string());
    const auto config = fs::path(REVIR_SOURCE_DIR) / "benchmarks/porto_alegre/plan.yaml";
    const auto r = test::run_revir("plan " + config.string() + " --set inputs.accounts=" + (dir / "accounts.csv").string() +
                                   " --set inputs.bases=" + (dir / "bases.csv").string() + " -o " +
                                   (dir / "plan").string() + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    EXPECT_TRUE(summary["feasible"].get<bool>());
    EXPECT_TRUE(summary["contiguous"].get<bool>());
    EXPECT_EQ(summary["territories"].size(), 8u);
    EXPECT_LT(summary["gap_percent"].get<double>(), 5.0);
    EXPECT_GT(summary["visits"].get<int>(), 900);
    // Accounts on the islands, far from the mainland roads, are reported, not lost.
    const auto html = test::file_contents(dir / "plan" / "report.html");
    const auto islands = html.find("<b>Linked islands</b>");
    ASSERT_NE(islands, std::string::npos);
    EXPECT_NE(html.substr(islands, html.find("</li>", islands) - islands).find(" m)"), std::string::npos)
        << "the three island links are listed";
    EXPECT_EQ(summary["unscheduled"].get<std::size_t>() == 0, html.find("id=\"unscheduled\"><thead>") == std::string::npos);
}

} // namespace
