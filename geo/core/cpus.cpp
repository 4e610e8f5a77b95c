#include "geo/core/cpus.hpp"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace revir {

namespace {

namespace fs = std::filesystem;

std::optional<std::string> first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    return line;
}

void keep_tighter(std::optional<double>& best, std::optional<double> cpus) {
    if (cpus && (!best || *cpus < *best)) best = cpus;
}

// CPUs allowed by a quota of `quota` µs per `period` µs; nullopt when unlimited.
std::optional<double> quota_cpus(double quota, double period) {
    if (!(quota > 0) || !(period > 0)) return std::nullopt;
    return quota / period;
}

// cgroup v2 "cpu.max": "max 100000" or "150000 100000".
std::optional<double> cgroup2_limit(const fs::path& dir) {
    const auto line = first_line(dir / "cpu.max");
    if (!line) return std::nullopt;
    std::istringstream in(*line);
    std::string quota;
    double period = 0;
    if (!(in >> quota >> period) || quota == "max") return std::nullopt;
    try {
        return quota_cpus(std::stod(quota), period);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// cgroup v1: cpu.cfs_quota_us (-1 when unlimited) over cpu.cfs_period_us.
std::optional<double> cgroup1_limit(const fs::path& dir) {
    const auto quota = first_line(dir / "cpu.cfs_quota_us");
    const auto period = first_line(dir / "cpu.cfs_period_us");
    if (!quota || !period) return std::nullopt;
    try {
        return quota_cpus(std::stod(*quota), std::stod(*period));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The tightest limit on the cgroup path `relative` under `root` and its ancestors
// (a parent's quota binds its children). Inside a container the path in
// /proc/self/cgroup may not exist under the mount; the mount's root still holds
// the container's own limit.
template <typename Limit>
std::optional<double> tightest(const fs::path& root, fs::path relative, Limit limit) {
    std::optional<double> best;
    for (;;) {
        keep_tighter(best, limit(root / relative.relative_path()));
        if (!relative.has_relative_path()) break;
        relative = relative.parent_path();
    }
    return best;
}

std::optional<double> cgroup_limit() {
    std::ifstream in("/proc/self/cgroup");
    std::optional<double> best;
    for (std::string line; std::getline(in, line);) {
        // "hierarchy-id:controllers:path"; v2 is "0::path".
        const auto first = line.find(':');
        const auto second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const fs::path path = line.substr(second + 1);
        if (controllers.empty()) {
            keep_tighter(best, tightest("/sys/fs/cgroup", path, cgroup2_limit));
        } else if (("," + controllers + ",").find(",cpu,") != std::string::npos) {
            for (const char* mount : {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"}) {
                keep_tighter(best, tightest(mount, path, cgroup1_limit));
            }
        }
    }
    return best;
}

unsigned affinity_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

} // namespace

unsigned usable_cpus() {
    unsigned cpus = affinity_cpus();
    if (const auto quota = cgroup_limit()) {
        cpus = std::min(cpus, static_cast<unsigned>(std::max(1.0, std::ceil(*quota - 1e-9))));
    }
    return std::max(1u, cpus);
}

unsigned resolve_threads(unsigned requested) {
    const unsigned usable = usable_cpus();
    return requested == 0 ? usable : std::min(requested, usable);
}

} // namespace revir
