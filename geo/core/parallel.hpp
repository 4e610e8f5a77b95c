#pragma once
// Runs work(state, i) for i in [0, count) on several threads, each with its own
// state from make_state() (a search object, say). The first exception stops the
// others and is rethrown to the caller.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "geo/core/cpus.hpp"

namespace revir {

/// threads = 0 uses every CPU the process may use (usable_cpus()).
template <typename MakeState, typename Work>
void parallel_for(std::size_t count, unsigned threads, MakeState make_state, Work work) {
    threads = resolve_threads(threads);
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::exception_ptr error;
    auto run = [&] {
        try {
            auto state = make_state();
            for (std::size_t i; (i = next.fetch_add(1)) < count;) work(state, i);
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            next = count;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run);
    run();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

} // namespace revir
