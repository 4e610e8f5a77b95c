// Ctrl-C on a command that keeps a best plan: the first signal ends the work as
// its time limit would and every output is written (exit 130, the summary says
// the run was cut short); a second stops the process at once, and no output
// appears. Also the library side: a passed deadline ends a free-centre design.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "geo/core/interrupt.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;
namespace fs = std::filesystem;

// revir ARGS in a child process, stdout and stderr to files.
class Child {
public:
    Child(const std::vector<std::string>& args, const fs::path& dir) : out_(dir / "out.txt"), err_(dir / "err.txt") {
        // Everything the child needs is made before the fork: after it, only
        // async-signal-safe calls.
        std::vector<char*> argv{const_cast<char*>(REVIR_BINARY)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        pid_ = fork();
        if (pid_ == 0) {
            const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(out, STDOUT_FILENO);
            dup2(err, STDERR_FILENO);
            execv(REVIR_BINARY, argv.data());
            _exit(127);
        }
    }
    // Waits (at most a few minutes: a bound, not a timing assertion) until stderr holds `text`.
    bool wait_for(const std::string& text) const {
        for (int i = 0; i < 3000; ++i) {
            if (test::file_contents(err_).find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    void signal(int sig) const { kill(pid_, sig); }
    int wait() {
        int status = 0;
        waitpid(pid_, &status, 0);
        return status;
    }
    std::string out() const { return test::file_contents(out_); }
    std::string err() const { return test::file_contents(err_); }

private:
    fs::path out_, err_;
    pid_t pid_ = -1;
};

std::vector<std::string> long_design(const std::string& units, const fs::path& dir) {
    // Ten free centres on the NH tracts and a limit far away: only a signal ends it soon.
    return {"territories", "--units", units, "--unit-id", "GEOID10", "--reps", "10", "--crowfly",
            "--balance", "DP0010001:5%", "--time-limit", "3600", "-o", (dir / "plan.gpkg").string(), "--json"};
}

TEST(Interrupt, FirstSignalWritesTheBestPlanSoFar) {
    REVIR_REQUIRE_DATA(units, "census/us_tracts_nh/NH_tract.shp");
    const auto dir = test::temporary_folder("interrupt-first");
    Child child(long_design(units, dir), dir);
    ASSERT_TRUE(child.wait_for("choosing their centres")) << child.err();
    child.signal(SIGTERM);
    const int status = child.wait();
    ASSERT_TRUE(WIFEXITED(status)) << child.err();
    EXPECT_EQ(WEXITSTATUS(status), 130) << child.err();
    EXPECT_NE(child.err().find("interrupted"), std::string::npos) << child.err();
    EXPECT_TRUE(fs::exists(dir / "plan.gpkg"));
    EXPECT_TRUE(fs::exists(dir / "plan.csv"));
    const auto summary = nlohmann::json::parse(child.out());
    EXPECT_TRUE(summary["hit_time_limit"].get<bool>());
    EXPECT_EQ(summary["territories"].size(), 10u);
    if (summary["bound"].is_number()) {
        EXPECT_LE(summary["bound"].get<double>(), summary["objective"].get<double>());
    }
}

TEST(Interrupt, SecondSignalStopsAtOnceAndWritesNothing) {
    REVIR_REQUIRE_DATA(units, "census/us_tracts_nh/NH_tract.shp");
    const auto dir = test::temporary_folder("interrupt-second");
    Child child(long_design(units, dir), dir);
    ASSERT_TRUE(child.wait_for("choosing their centres")) << child.err();
    // Both before the first can finish the plan: the handler stays in place
    // while the stage runs, so the second ends the process by its signal.
    child.signal(SIGINT);
    ASSERT_TRUE(child.wait_for("interrupt again to stop at once")) << child.err();
    child.signal(SIGINT);
    const int status = child.wait();
    if (WIFEXITED(status)) {
        // The first signal's plan was complete before the second arrived: allowed,
        // but then everything is written.
        EXPECT_EQ(WEXITSTATUS(status), 130);
        EXPECT_TRUE(fs::exists(dir / "plan.gpkg"));
        return;
    }
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGINT);
    EXPECT_FALSE(fs::exists(dir / "plan.gpkg"));
    EXPECT_FALSE(fs::exists(dir / "plan.csv"));
}

} // namespace
