// The CPUs a process may use: its affinity mask bounds usable_cpus().
#include <gtest/gtest.h>

#include <sched.h>

#include "geo/core/cpus.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;

TEST(UsableCpus, AtLeastOneAndNoMoreThanTheAffinityMask) {
    cpu_set_t set;
    CPU_ZERO(&set);
    ASSERT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
    const unsigned cpus = usable_cpus();
    EXPECT_GE(cpus, 1u);
    EXPECT_LE(cpus, static_cast<unsigned>(CPU_COUNT(&set)));
}

TEST(UsableCpus, APinnedThreadSeesOneCpu) {
    test::on_one_cpu([] {
        EXPECT_EQ(usable_cpus(), 1u);
        EXPECT_EQ(resolve_threads(0), 1u);
        EXPECT_EQ(resolve_threads(3), 1u); // more threads than CPUs only wait for each other
    });
}

} // namespace
