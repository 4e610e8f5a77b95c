#pragma once
// Helpers shared by the benchmark programs: wall time, peak memory, medians, and
// running one measurement in a child process so that its peak memory is its own.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <vector>

namespace revir::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// Peak resident memory of this process so far, in MB.
inline double peak_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

template <typename F>
void in_child(F work) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        try {
            work();
            std::fflush(stdout);
            _exit(0);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            _exit(1);
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
}

} // namespace revir::bench
