// Periodic visit planning: every plan passes the independent checker
// (frequencies, even spacing, weekdays, windows, shift, stop times), what cannot
// fit is listed with a reason, and a seed gives the same plan.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/visits/visit_planning.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir::engine;
using revir::Random;

// A rep with accounts scattered over a 30 km square around the base, driving at
// 40 km/h as the crow flies; weekly, biweekly and monthly accounts.
VisitProblem scenario(std::size_t accounts, unsigned seed) {
    Random rng(seed);
    VisitProblem p;
    std::vector<double> x{0}, y{0};
    for (std::size_t a = 0; a < accounts; ++a) {
        revir::geo::Account acc;
        const auto kind = rng.below(10);
        acc.visits = kind < 2 ? 4 : kind < 5 ? 2 : 1;
        acc.service_minutes = std::round(rng.uniform(20, 45));
        if (rng.below(8) == 0) acc.weekdays = 0b00101;                 // Monday and Wednesday only
        if (rng.below(6) == 0) acc.open_minute = 13 * 60, acc.close_minute = 17 * 60; // afternoons
        p.accounts.push_back(acc);
        x.push_back(rng.uniform(-15, 15));
        y.push_back(rng.uniform(-15, 15));
    }
    const std::size_t n = x.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) p.drive_s.push_back(std::hypot(x[i] - x[j], y[i] - y[j]) / 40.0 * 3600);
    }
    return p;
}

TEST(VisitPlanning, PlansPassTheCheckerAndFitEveryAccountWhenThereIsRoom) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
        const VisitProblem p = scenario(80, seed);
        const VisitPlan plan = plan_visits(p);
        const auto problems = check_visit_plan(p, plan);
        EXPECT_TRUE(problems.empty()) << "seed " << seed << ": " << problems.front();
        EXPECT_TRUE(plan.unscheduled.empty()) << "seed " << seed << ": " << plan.unscheduled.front().reason;
        // Quality, not speed: the days are about even.
        EXPECT_LT(plan.balance_ratio(), 1.3) << "seed " << seed;
        EXPECT_EQ(plan.days_used, p.days);
    }
}

TEST(VisitPlanning, WhatCannotFitIsListedWithItsReason) {
    VisitProblem p = scenario(200, 7); // far more work than 20 days hold
    p.accounts[0].service_minutes = 9 * 60; // longer than the shift
    p.accounts[1].visits = 25;         // more visits than days
    p.accounts[2].weekdays = 0;        // never
    const VisitPlan plan = plan_visits(p);
    EXPECT_TRUE(check_visit_plan(p, plan).empty()) << check_visit_plan(p, plan).front();
    std::vector<std::string> reasons(p.accounts.size());
    for (const auto& u : plan.unscheduled) reasons[u.account] = u.reason;
    EXPECT_NE(reasons[0].find("does not fit in a shift"), std::string::npos) << reasons[0];
    EXPECT_NE(reasons[1].find("25 visits do not fit in 20 days"), std::string::npos) << reasons[1];
    EXPECT_NE(reasons[2].find("weekdays"), std::string::npos) << reasons[2];
    EXPECT_GT(plan.unscheduled.size(), 3u); // the overload too
    for (const auto& day : plan.days) EXPECT_LE(day.end_min, p.shift_start_min + p.shift_min + 1e-6);
}

TEST(VisitPlanning, SameSeedSamePlan) {
    const VisitProblem p = scenario(60, 3);
    const VisitPlan a = plan_visits(p), b = plan_visits(p);
    EXPECT_EQ(a.days_of_account, b.days_of_account);
    for (std::size_t d = 0; d < a.days.size(); ++d) {
        ASSERT_EQ(a.days[d].stops.size(), b.days[d].stops.size());
        for (std::size_t k = 0; k < a.days[d].stops.size(); ++k) EXPECT_EQ(a.days[d].stops[k].account, b.days[d].stops[k].account);
    }
}

TEST(VisitPlanning, CheckerCatchesBrokenPlans) {
    const VisitProblem p = scenario(30, 5);
    VisitPlan plan = plan_visits(p);
    ASSERT_TRUE(check_visit_plan(p, plan).empty());
    // A stop whose time does not follow from the drive times, and a visit left out.
    VisitPlan moved = plan;
    for (auto& day : moved.days) {
        if (!day.stops.empty()) {
            day.stops.front().arrival_min += 5;
            break;
        }
    }
    EXPECT_FALSE(check_visit_plan(p, moved).empty());
    VisitPlan dropped = plan;
    for (auto& day : dropped.days) {
        if (!day.stops.empty()) {
            day.stops.pop_back();
            break;
        }
    }
    EXPECT_FALSE(check_visit_plan(p, dropped).empty());
}

} // namespace
