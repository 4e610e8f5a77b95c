#include "engine/territory/territory_bound.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "geo/core/cpus.hpp"
#include "geo/core/parallel.hpp"

namespace revir::engine {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The Lagrangian dual: for prices π (balance) and μ (budgets, ≥ 0),
//   g = Σ_i min_k [cost_ik + Σ_c π_kc w_ic + moved_ik (μ_u + μ_w ω_i)]
//       − Σ_kc max(π_kc upper_kc, π_kc lower_kc) − μ_u B_u − μ_w B_w.
class Dual {
public:
    Dual(const PreparedProblem& prepared, unsigned threads)
        : pr_(prepared), p_(prepared.problem()), windows_(prepared.windows()), n_(p_.unit_count), k_(p_.territory_count),
          c_(p_.criteria.size()) {
        const auto& p = p_;
        // Parts only pay off on large problems. Their number is fixed, not the
        // thread count, so that the sums (and the prices, and the plan the search
        // builds from them) have the same bits on any machine.
        threads_ = resolve_threads(threads);
        parts_ = n_ * k_ >= 400'000 ? kParts : 1;
        // Constraint scales: subgradient steps in units of a typical target, so that
        // criteria of very different magnitude move their prices alike.
        for (std::size_t c = 0; c < c_; ++c) scale_.push_back(std::max(windows_.total[c] / k_, 1e-9));
        if (p.realigning() && p.max_moved_units) scale_.push_back(std::max<double>(*p.max_moved_units, 1));
        else scale_.push_back(1);
        if (p.realigning() && p.max_moved_weight) scale_.push_back(std::max(*p.max_moved_weight, 1e-9));
        else scale_.push_back(1);
    }

    std::size_t price_count() const { return k_ * c_ + 2; }
    double scale(std::size_t price) const { return price < k_ * c_ ? scale_[price % c_] : scale_[c_ + price - k_ * c_]; }
    bool has_budget(std::size_t which) const {
        return p_.realigning() && (which == 0 ? p_.max_moved_units.has_value() : p_.max_moved_weight.has_value());
    }

    /// g at `prices`; fills the subgradient (scaled by the constraint scales) and,
    /// when asked, each unit's cheapest territory.
    double evaluate(const std::vector<double>& prices, std::vector<double>& subgradient,
                    Assignment* argmin) {
        const std::size_t parts = parts_;
        std::vector<Partial> partial(parts);
        auto work = [&](std::size_t part) {
            const UnitIndex from(static_cast<std::uint32_t>(n_ * part / parts));
            const UnitIndex to(static_cast<std::uint32_t>(n_ * (part + 1) / parts));
            evaluate_units(prices, from, to, partial[part], argmin);
        };
        if (parts == 1) {
            work(0);
        } else {
            revir::parallel_for(parts, threads_, [] { return 0; }, [&](int&, std::size_t part) { work(part); });
        }
        // Merge in a fixed order: the same prices give the same bits on any machine load.
        Partial all = std::move(partial[0]);
        for (std::size_t part = 1; part < parts; ++part) {
            all.value += partial[part].value;
            for (std::size_t j = 0; j < all.load.size(); ++j) all.load[j] += partial[part].load[j];
            all.moved_units += partial[part].moved_units;
            all.moved_weight += partial[part].moved_weight;
        }
        double g = all.value;
        subgradient.assign(price_count(), 0.0);
        for (std::size_t j = 0; j < k_ * c_; ++j) {
            const double pi = prices[j], lower = windows_.lower[j], upper = windows_.upper[j], load = all.load[j];
            g -= pi >= 0 ? pi * upper : pi * lower;
            double bound = pi > 0 ? upper : pi < 0 ? lower : std::clamp(load, lower, upper);
            subgradient[j] = (load - bound) / scale(j);
        }
        const double used[2] = {all.moved_units, all.moved_weight};
        for (std::size_t b = 0; b < 2; ++b) {
            const std::size_t j = k_ * c_ + b;
            if (!has_budget(b)) continue;
            const double budget = b == 0 ? static_cast<double>(*p_.max_moved_units) : *p_.max_moved_weight;
            g -= prices[j] * budget;
            double s = (used[b] - budget) / scale(j);
            if (prices[j] <= 0 && s < 0) s = 0; // projected: μ stays ≥ 0
            subgradient[j] = s;
        }
        return g;
    }

    /// g at `prices` less a bound on its rounding error, so that no float
    /// evaluation, whatever the magnitudes, puts the certificate above the dual's
    /// true value. Each unit's cheapest choice is wrong by at most γ times the
    /// largest sum of magnitudes among its choices, and the outer sum by γ times its
    /// terms' magnitudes (γ_N = N u / (1 − N u), N the longest chain of additions).
    double certified_value(const std::vector<double>& prices) const {
        const bool realigning = p_.realigning();
        const double mu_units = prices[k_ * c_], mu_weight = prices[k_ * c_ + 1];
        double value = 0, magnitude = 0;
        for (UnitIndex i : p_.units()) {
            const std::size_t u = i.value();
            double best = kInfinity, widest = 0;
            const double* row = pr_.cost_row(i);
            for (TerritoryIndex t : p_.territories()) {
                double v = row[t.value()];
                if (v == kInfinity) continue;
                double size = std::abs(v);
                for (std::size_t c = 0; c < c_; ++c) {
                    const double term = prices[t.value() * c_ + c] * p_.criteria[c].weight[u];
                    v += term;
                    size += std::abs(term);
                }
                if (realigning && p_.current[i].valid() && p_.current[i] != t) {
                    const double term = mu_weight * p_.objective_weight[u];
                    v += mu_units + term;
                    size += std::abs(mu_units) + std::abs(term);
                }
                best = std::min(best, v);
                widest = std::max(widest, size);
            }
            if (best == kInfinity) return kInfinity; // no plan exists
            value += best;
            magnitude += widest + std::abs(best);
        }
        for (std::size_t j = 0; j < k_ * c_; ++j) {
            const double term = prices[j] >= 0 ? prices[j] * windows_.upper[j] : prices[j] * windows_.lower[j];
            value -= term;
            magnitude += std::abs(term);
        }
        for (std::size_t b = 0; b < 2; ++b) {
            if (!has_budget(b)) continue;
            const double budget = b == 0 ? static_cast<double>(*p_.max_moved_units) : *p_.max_moved_weight;
            const double term = prices[k_ * c_ + b] * budget;
            value -= term;
            magnitude += std::abs(term);
        }
        const double chain = static_cast<double>(n_ + k_ * c_ + 2 * c_ + 8);
        const double unit_roundoff = std::numeric_limits<double>::epsilon() / 2;
        const double gamma = chain * unit_roundoff / (1 - chain * unit_roundoff);
        const double certified = value - 2 * gamma * magnitude;
        return std::isfinite(certified) ? certified : -kInfinity; // overflow certifies nothing
    }

    /// A fractional plan that meets every balance window: each unit split over the
    /// territories in proportion to their targets. Its cost is ≥ the relaxation's
    /// optimum when every territory may take every unit.
    double proportional_cost() const {
        const double capacity = std::accumulate(p_.capacity.begin(), p_.capacity.end(), 0.0);
        double sum = 0;
        for (UnitIndex i : p_.units()) {
            double best = kInfinity, spread = 0;
            for (TerritoryIndex t : p_.territories()) {
                const double c = pr_.c(t, i);
                best = std::min(best, c);
                spread += p_.capacity[t.value()] / capacity * (std::isfinite(c) ? c : 0.0);
            }
            sum += std::max(spread, std::isfinite(best) ? best : 0.0);
        }
        return sum;
    }

private:
    struct Partial {
        double value = 0;
        std::vector<double> load;
        double moved_units = 0;
        double moved_weight = 0;
    };

    void evaluate_units(const std::vector<double>& prices, UnitIndex from, UnitIndex to, Partial& out,
                        Assignment* argmin) const {
        out.load.assign(k_ * c_, 0.0);
        const bool realigning = p_.realigning();
        const double mu_units = prices[k_ * c_], mu_weight = prices[k_ * c_ + 1];
        for (UnitIndex i = from; i < to; ++i) {
            const std::size_t u = i.value(); // for the plain per-unit weight arrays
            double best = kInfinity;
            TerritoryIndex best_t = kNoTerritory;
            const double* row = pr_.cost_row(i);
            for (TerritoryIndex t : p_.territories()) {
                double v = row[t.value()];
                if (v == kInfinity) continue;
                for (std::size_t c = 0; c < c_; ++c) v += prices[t.value() * c_ + c] * p_.criteria[c].weight[u];
                if (realigning && p_.current[i].valid() && p_.current[i] != t) {
                    v += mu_units + mu_weight * p_.objective_weight[u];
                }
                if (v < best) {
                    best = v;
                    best_t = t;
                }
            }
            if (best_t.is_none()) { // no territory may take this unit: no plan exists
                out.value = kInfinity;
                continue;
            }
            out.value += best;
            for (std::size_t c = 0; c < c_; ++c) out.load[best_t.value() * c_ + c] += p_.criteria[c].weight[u];
            if (realigning && p_.current[i].valid() && p_.current[i] != best_t) {
                out.moved_units += 1;
                out.moved_weight += p_.objective_weight[u];
            }
            if (argmin) (*argmin)[i] = best_t;
        }
    }

    const PreparedProblem& pr_;
    const TerritoryProblem& p_;
    const BalanceWindows& windows_;
    std::size_t n_, k_, c_;
    std::vector<double> scale_;
    static constexpr std::size_t kParts = 8;
    unsigned threads_ = 1;
    std::size_t parts_ = 1;
};

} // namespace

double lagrangian_value(const TerritoryProblem& problem, const std::vector<double>& prices) {
    const PreparedProblem prepared(problem);
    Dual dual(prepared, 1);
    std::vector<double> subgradient;
    return dual.evaluate(prices, subgradient, nullptr);
}

Certificate certify(double objective, double bound) {
    constexpr double kNothing = std::numeric_limits<double>::infinity();
    if (std::isnan(objective) || std::isnan(bound)) return {-kNothing, kNothing};
    if (bound >= objective) return {objective, 0.0};
    if (!(bound > 0)) return {bound, kNothing};
    return {bound, (objective - bound) / bound * 100};
}

std::string certificate_text(double bound, double gap_percent, int gap_decimals) {
    if (!std::isfinite(bound)) return "no bound (the time limit came first), gap unknown";
    if (!std::isfinite(gap_percent)) return fmt::format("bound {:.6g}, gap unknown (the bound is not positive)", bound);
    return fmt::format("bound {:.6g}, gap {:.{}f} %", bound, gap_percent, gap_decimals);
}

TerritoryBound lagrangian_bound(const TerritoryProblem& problem, const BoundOptions& options) {
    return lagrangian_bound(PreparedProblem(problem), options);
}

TerritoryBound lagrangian_bound(const PreparedProblem& prepared, const BoundOptions& options) {
    const TerritoryProblem& problem = prepared.problem();
    Dual dual(prepared, options.threads);
    const std::size_t m = dual.price_count();
    std::vector<double> prices = options.start_prices.size() == m ? options.start_prices : std::vector<double>(m, 0.0);
    double upper = std::isfinite(options.upper_hint) ? options.upper_hint : dual.proportional_cost();

    TerritoryBound result;
    result.relaxed_assignment.assign(problem.unit_count, kNoTerritory);
    Assignment argmin(problem.unit_count, kNoTerritory);
    std::vector<double> subgradient, direction(m, 0.0);
    double theta = 1.0;
    std::size_t since_improved = 0;
    double checkpoint = -kInfinity; // best value 200 iterations ago
    for (std::size_t it = 0; it < options.max_iterations; ++it) {
        const double g = dual.evaluate(prices, subgradient, &argmin);
        ++result.iterations;
        if (g > result.value) {
            result.value = g;
            result.prices = prices;
            result.relaxed_assignment = argmin;
            since_improved = 0;
        } else if (++since_improved >= 20) {
            theta /= 2;
            since_improved = 0;
        }
        if (!std::isfinite(g)) break; // infeasible problem: no plan, nothing to bound
        double norm2 = 0;
        for (double s : subgradient) norm2 += s * s;
        if (norm2 == 0) { // the cheapest choices meet every window: optimal
            result.optimal = true;
            break;
        }
        if (theta < 1e-9) break;
        if (options.deadline.passed()) {
            result.hit_time_limit = true;
            break;
        }
        if (it % 200 == 199) {
            if (result.value - checkpoint <= options.stall_share * std::abs(result.value)) break;
            checkpoint = result.value;
        }
        // A hint below the dual's value cannot be an upper bound: raise it.
        if (upper <= result.value) upper = result.value + std::max(1e-3 * std::abs(result.value), 1e-9);
        // Deflected subgradient (a share of the previous direction) damps zig-zags.
        double dnorm2 = 0;
        for (std::size_t j = 0; j < m; ++j) {
            direction[j] = subgradient[j] + 0.3 * direction[j];
            dnorm2 += direction[j] * direction[j];
        }
        const double step = theta * (upper - g) / std::max(dnorm2, 1e-300);
        for (std::size_t j = 0; j < m; ++j) {
            prices[j] += step * direction[j] / dual.scale(j);
            if (j >= m - 2) prices[j] = std::max(prices[j], 0.0); // budget prices stay ≥ 0
        }
    }
    if (result.prices.empty()) result.prices = prices;
    // The value reported is the certified one at the best prices (a few units in
    // the last digits below the float evaluation).
    if (std::isfinite(result.value)) result.value = dual.certified_value(result.prices);
    return result;
}

} // namespace revir::engine
