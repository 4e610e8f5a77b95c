#pragma once
// A team of threads for many short parallel loops in a row (a few microseconds
// each, as when the contraction re-rates a node's neighbours): the helpers stay
// alive between loops and wait by spinning briefly, then sleeping on the
// generation counter, so that starting a loop costs well under a microsecond
// while the team is busy and nothing while it is idle.
//
// Every wait spins a bounded number of pauses (tens of microseconds), then
// sleeps on a futex until the awaited member wakes it. Not yield: on a machine
// whose CPUs other processes share, a yield hands the CPU to them for a time
// slice and the loop waits that long, while a sleeper that is woken preempts
// them at once (measured on New York with two niced fuzzers on both CPUs:
// build 18.7 s with yields against 12.2 s on one thread). The team never has
// more threads than usable CPUs (resolve_threads).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "geo/core/cpus.hpp"

namespace revir::routing {

class SpinTeam {
public:
    /// threads = 0 uses every CPU the process may use; the caller's thread is member 0.
    explicit SpinTeam(unsigned threads) {
        threads = resolve_threads(threads);
        for (unsigned m = 1; m < threads; ++m) helpers_.emplace_back([this, m] { serve(m); });
    }
    SpinTeam(const SpinTeam&) = delete;
    SpinTeam& operator=(const SpinTeam&) = delete;
    ~SpinTeam() {
        stop_ = true;
        generation_.fetch_add(1);
        generation_.notify_all();
        for (auto& h : helpers_) h.join();
    }

    unsigned size() const { return static_cast<unsigned>(helpers_.size()) + 1; }

    /// Calls work(member, i) for every i in [0, count), member < size(); returns
    /// when all calls have returned. The first exception is rethrown here.
    void run(std::size_t count, const std::function<void(unsigned, std::size_t)>& work) {
        if (helpers_.empty() || count < 2) {
            for (std::size_t i = 0; i < count; ++i) work(0, i);
            return;
        }
        work_ = &work;
        count_ = count;
        next_ = 0;
        busy_ = helpers_.size();
        generation_.fetch_add(1);
        if (sleepers_.load() > 0) generation_.notify_all();
        take(0);
        for (unsigned spins = 0; busy_.load() != 0;) {
            if (spins++ < kSpins) {
                pause();
                continue;
            }
            waiting_ = true;
            if (const std::size_t busy = busy_.load(); busy != 0) busy_.wait(busy);
            waiting_ = false;
        }
        work_ = nullptr;
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    }

private:
    // Pauses before a waiter sleeps: some tens of microseconds, longer than most
    // loops, so a busy team rarely sleeps.
    static constexpr unsigned kSpins = 2000;

    static void pause() {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }

    void take(unsigned member) {
        try {
            for (std::size_t i; (i = next_.fetch_add(1)) < count_;) (*work_)(member, i);
        } catch (...) {
            std::lock_guard lock(error_mutex_);
            if (!error_) error_ = std::current_exception();
            next_ = count_;
        }
    }

    void serve(unsigned member) {
        std::uint64_t seen = 0;
        for (;;) {
            // Spin a little, then sleep until the next loop starts.
            for (unsigned spins = 0; generation_.load() == seen;) {
                if (spins++ < kSpins) {
                    pause();
                } else {
                    ++sleepers_;
                    generation_.wait(seen);
                    --sleepers_;
                }
            }
            seen = generation_.load();
            if (stop_) return;
            take(member);
            // The last one out wakes the caller if it sleeps.
            if (busy_.fetch_sub(1) == 1 && waiting_.load()) busy_.notify_one();
        }
    }

    std::vector<std::thread> helpers_;
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<int> sleepers_{0};
    std::atomic<bool> waiting_{false}; // the caller sleeps on busy_
    std::atomic<std::size_t> busy_{0};
    std::atomic<std::size_t> next_{0};
    std::atomic<bool> stop_{false};
    std::size_t count_ = 0;
    const std::function<void(unsigned, std::size_t)>* work_ = nullptr;
    std::mutex error_mutex_;
    std::exception_ptr error_;
};

} // namespace revir::routing
