#include "engine/vrp/vrp_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "engine/vrp/vrp_local_search.hpp"
#include "engine/vrp/vrp_routes.hpp"
#include "geo/core/interrupt.hpp"
#include "geo/core/random.hpp"
#include "geo/core/parallel.hpp"

namespace revir::engine {

namespace {

using Clock = std::chrono::steady_clock;

// SISR's published parameters: about 10 customers removed on average, strings
// of at most 10, split strings half of the time, 1 % blinks.
constexpr double kMeanRemoved = 10;
constexpr double kMaxString = 10;
constexpr double kSplitRate = 0.5;
constexpr double kSplitDepth = 0.01;
constexpr double kBlinkRate = 0.01;

class Sisr {
public:
    Sisr(const VrpInstance& in, const std::vector<std::vector<std::uint32_t>>& neighbours, std::uint64_t seed)
        : in_(in), neighbours_(neighbours), rng_(seed), current_(in), work_(in), local_search_(in, neighbours) {
        removed_flag_.assign(in.node_count(), 0);
    }

    VrpSolution run(std::uint64_t iterations, Clock::time_point deadline, std::uint64_t& done,
                    bool& hit_time_limit) {
        // Start: every customer inserted greedily into an empty plan.
        removed_.clear();
        for (std::uint32_t v = 1; v < in_.node_count(); ++v) removed_.push_back(v);
        recreate(work_);
        local_search_.improve(work_, rng_);
        current_ = work_;
        best_ = current_.solution();
        double best_obj = objective(current_);
        const double edges = static_cast<double>(in_.node_count() + current_.route_count());
        const double mean_edge = std::max(1.0, static_cast<double>(current_.cost()) / edges);
        const double t0 = 0.5 * mean_edge, tf = 0.005 * mean_edge;
        // The cooling follows the iterations, unless at the current pace they would
        // not all run before the deadline: then it follows the clock, so that a
        // time-limited search still ends cold. Time counts from this search's own
        // start (a search may wait for a thread), and plays no part while the
        // iterations bind, so a seed and an iteration budget give one solution
        // whatever the machine's load.
        const auto begun = Clock::now();
        const double budget_s = std::chrono::duration<double>(deadline - begun).count();
        for (done = 0; done < iterations; ++done) {
            double progress = static_cast<double>(done) / static_cast<double>(iterations);
            if ((done & 63) == 0) {
                const auto now = Clock::now();
                if (now >= deadline || interrupted()) {
                    hit_time_limit = true;
                    break;
                }
                const double elapsed = std::chrono::duration<double>(now - begun).count();
                const bool time_binds = done > 0 && elapsed * static_cast<double>(iterations) > budget_s * static_cast<double>(done);
                time_progress_ = time_binds ? elapsed / budget_s : 0.0;
            }
            progress = std::max(progress, time_progress_);
            const double temperature = t0 * std::pow(tf / t0, progress);
            work_ = current_;
            ruin(work_);
            recreate(work_);
            const double obj = objective(work_);
            if (obj < objective(current_) - temperature * std::log(rng_.uniform())) {
                std::swap(current_, work_);
                if (obj < best_obj) {
                    // A new best: polished by the local search, and the annealing
                    // goes on from the polished one.
                    local_search_.improve(current_, rng_);
                    best_obj = objective(current_);
                    best_ = current_.solution();
                }
            }
        }
        return best_;
    }

private:
    // Routes over the vehicle limit cost as much as a route across the plan.
    double objective(const RouteSet& s) const {
        double obj = static_cast<double>(s.cost());
        if (in_.max_vehicles > 0 && s.route_count() > in_.max_vehicles) {
            obj += 1e9 * static_cast<double>(s.route_count() - in_.max_vehicles);
        }
        return obj;
    }

    void ruin(RouteSet& s) {
        const std::size_t routes = std::max<std::size_t>(s.route_count(), 1);
        const double mean_size = static_cast<double>(in_.customer_count()) / static_cast<double>(routes);
        const double string_max = std::min(kMaxString, mean_size);
        const double strings_max = 4 * kMeanRemoved / (1 + string_max) - 1;
        const auto strings = static_cast<std::size_t>(std::floor(rng_.uniform(1, strings_max + 1)));
        const auto seed = static_cast<std::uint32_t>(1 + rng_.below(in_.customer_count()));
        removed_.clear();
        ruined_.clear();
        for (std::uint32_t c : neighbours_[seed]) {
            if (ruined_.size() >= strings) break;
            if (removed_flag_[c]) continue;
            const std::uint32_t r = s.route_of(c);
            if (std::find(ruined_.begin(), ruined_.end(), r) != ruined_.end()) continue;
            const auto& route = s.route(r);
            const auto size = route.size();
            const double cap = std::min(static_cast<double>(size), string_max);
            const auto length = static_cast<std::size_t>(std::floor(rng_.uniform(1, cap + 1)));
            const std::size_t at = s.position_of(c);
            if (length >= size || rng_.uniform() < kSplitRate) {
                const std::size_t first = pick_start(at, length, size);
                for (std::size_t p = first; p < first + length; ++p) take(route[p]);
            } else {
                // A longer string of which m consecutive customers stay.
                std::size_t keep = 1;
                while (length + keep < size && rng_.uniform() >= kSplitDepth) ++keep;
                const std::size_t span = length + keep;
                const std::size_t first = pick_start(at, span, size);
                const std::size_t kept = first + rng_.below(length + 1);
                for (std::size_t p = first; p < first + span; ++p) {
                    if (p < kept || p >= kept + keep) take(route[p]);
                }
            }
            ruined_.push_back(r);
        }
        s.remove_marked(removed_flag_, ruined_);
    }

    // A random start for a string of `length` in a route of `size` covering `at`.
    std::size_t pick_start(std::size_t at, std::size_t length, std::size_t size) {
        const std::size_t low = at + 1 >= length ? at + 1 - length : 0;
        const std::size_t high = std::min(at, size - length);
        return low + rng_.below(high - low + 1);
    }

    void take(std::uint32_t c) {
        removed_flag_[c] = 1;
        removed_.push_back(c);
    }

    void recreate(RouteSet& s) {
        // Order: random (4), largest demand (4), farthest from the depot (2), closest (1).
        const auto pick = rng_.below(11);
        revir::shuffle(removed_.begin(), removed_.end(), rng_);
        if (pick >= 4 && pick < 8) {
            std::stable_sort(removed_.begin(), removed_.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return in_.demand[a] > in_.demand[b]; });
        } else if (pick >= 8 && pick < 10) {
            std::stable_sort(removed_.begin(), removed_.end(), [&](std::uint32_t a, std::uint32_t b) { return in_.c(0, a) > in_.c(0, b); });
        } else if (pick == 10) {
            std::stable_sort(removed_.begin(), removed_.end(), [&](std::uint32_t a, std::uint32_t b) { return in_.c(0, a) < in_.c(0, b); });
        }
        for (std::uint32_t c : removed_) {
            VrpCost best = kVrpInfinity;
            std::size_t best_route = 0, best_at = 0;
            for (std::size_t r = 0; r < s.route_count(); ++r) {
                if (s.load(r) + in_.demand[c] > in_.capacity) continue;
                const std::size_t size = s.route(r).size();
                for (std::size_t at = 0; at <= size; ++at) {
                    if (rng_.uniform() < kBlinkRate) continue;
                    const VrpCost delta = s.insertion_delta(r, at, c);
                    if (delta < best) {
                        best = delta;
                        best_route = r;
                        best_at = at;
                    }
                }
            }
            if (best == kVrpInfinity) {
                s.open_route(c);
            } else {
                s.insert(best_route, best_at, c);
            }
            removed_flag_[c] = 0;
        }
        removed_.clear();
    }

    const VrpInstance& in_;
    const std::vector<std::vector<std::uint32_t>>& neighbours_;
    Random rng_;
    RouteSet current_, work_;
    VrpLocalSearch local_search_;
    VrpSolution best_;
    std::vector<std::uint32_t> removed_;
    std::vector<std::uint32_t> ruined_;
    std::vector<char> removed_flag_;
    double time_progress_ = 0;
};

} // namespace

VrpResult solve_vrp(const VrpInstance& in, const VrpOptions& options) {
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(std::isfinite(options.time_limit_s) ? std::clamp(options.time_limit_s, 0.0, 1e7) : 1e7));
    const std::size_t n = in.node_count();
    // Every customer's customers by distance (itself first): where strings are cut.
    std::vector<std::vector<std::uint32_t>> neighbours(n);
    for (std::uint32_t v = 1; v < n; ++v) {
        auto& list = neighbours[v];
        for (std::uint32_t w = 1; w < n; ++w) list.push_back(w);
        std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
            const VrpCost ca = a == v ? -1 : in.c(v, a), cb = b == v ? -1 : in.c(v, b);
            return ca != cb ? ca < cb : a < b;
        });
    }
    const std::uint64_t iterations = options.iterations > 0 ? options.iterations : 1000 * in.customer_count();
    const unsigned searches = std::max(1u, options.searches);
    std::vector<VrpSolution> found(searches);
    std::vector<std::uint64_t> done(searches, 0);
    std::vector<char> stopped(searches, 0);
    revir::parallel_for(
        searches, options.threads, [] { return 0; },
        [&](int&, std::size_t s) {
            Sisr search(in, neighbours, options.seed * 0x9E3779B97F4A7C15ULL + s * 0xBF58476D1CE4E5B9ULL + 1);
            bool hit = false;
            found[s] = search.run(iterations, deadline, done[s], hit);
            stopped[s] = hit;
        });
    VrpResult result;
    for (unsigned s = 0; s < searches; ++s) {
        const bool over = in.max_vehicles > 0 && found[s].routes.size() > in.max_vehicles;
        const bool best_over = in.max_vehicles > 0 && result.solution.routes.size() > in.max_vehicles;
        if (s == 0 || (over == best_over ? found[s].cost < result.solution.cost : !over)) result.solution = found[s];
        result.iterations += done[s];
        result.hit_time_limit = result.hit_time_limit || stopped[s];
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

} // namespace revir::engine
