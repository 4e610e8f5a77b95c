#pragma once
// Progress for long work, on stderr only (results go to files or stdout). On a
// terminal the line is rewritten in place; otherwise a line is printed at most
// every few seconds so that logs stay short.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace revir {

/// Where a stage tells a person what it did, one line a call (the command line
/// prints them on stderr); an empty Log is silent. Counters of long loops go
/// through Progress, which is enabled exactly when there is a Log.
using Log = std::function<void(const std::string&)>;

/// Calls `log` when there is one.
inline void say(const Log& log, const std::string& line) {
    if (log) log(line);
}

class Progress {
public:
    /// A silent progress reporter (library calls from tests).
    Progress() = default;
    explicit Progress(bool enabled);
    /// Enabled when the stage has somebody to tell.
    explicit Progress(const Log& log) : Progress(static_cast<bool>(log)) {}

    /// Starts a stage: "import: reading ways".
    void stage(const std::string& name);
    /// Reports a count within the current stage (throttled).
    void update(std::uint64_t done, std::uint64_t total = 0);
    /// Ends the current stage with a message.
    void finish(const std::string& message = {});

private:
    bool enabled_ = false;
    bool tty_ = false;
    std::string stage_;
    std::chrono::steady_clock::time_point stage_start_;
    std::chrono::steady_clock::time_point last_print_;
};

} // namespace revir
