#pragma once
// Progress for long work, on stderr only (results go to files or stdout). On a
// terminal the line is rewritten in place; otherwise a line is printed at most
// every few seconds so that logs stay short.
#include <chrono>
#include <cstdint>
#include <string>

namespace revir {

class Progress {
public:
    /// A silent progress reporter (library calls from tests).
    Progress() = default;
    explicit Progress(bool enabled);

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
