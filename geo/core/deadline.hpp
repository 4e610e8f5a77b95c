#pragma once
// A moment after which long work stops and keeps its best result: one clock for
// every stage that promises a time limit, so that a stage made of parts (a
// bound, a search, a bound again; many designs when the centres are free) hands
// each part what is left instead of giving each the whole limit. A graceful
// stop (Ctrl-C) passes every deadline at once.
#include <algorithm>
#include <chrono>
#include <limits>

#include "geo/core/interrupt.hpp"

namespace revir {

class Deadline {
public:
    using Clock = std::chrono::steady_clock;

    /// Never.
    Deadline() = default;
    /// `seconds` from now (infinite or huge: never; 0 or less: already passed).
    static Deadline in(double seconds) { return Deadline().sooner(seconds); }

    /// Also true once a signal asked a graceful stop (geo/core/interrupt.hpp).
    bool passed() const { return interrupted() || (at_ != Clock::time_point::max() && Clock::now() >= at_); }
    bool never() const { return at_ == Clock::time_point::max(); }
    /// Seconds left (0 once passed; infinite for never).
    double remaining_s() const {
        if (never()) return std::numeric_limits<double>::infinity();
        return std::max(0.0, std::chrono::duration<double>(at_ - Clock::now()).count());
    }
    /// This deadline or `seconds` from now, whichever comes first.
    Deadline sooner(double seconds) const {
        Deadline d = *this;
        // Beyond a century is never (and stays clear of the clock's overflow).
        if (!(seconds < 3.2e9)) return d;
        const auto at = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(std::max(seconds, 0.0)));
        d.at_ = std::min(d.at_, at);
        return d;
    }
    /// This deadline less a share of what is left now: a reserve for the work after.
    Deadline leaving(double share) const { return never() ? *this : sooner(remaining_s() * (1 - share)); }
    Clock::time_point at() const { return at_; }

private:
    Clock::time_point at_ = Clock::time_point::max();
};

} // namespace revir
