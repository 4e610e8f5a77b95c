#pragma once
// How many CPUs this process may use: what the scheduler will actually give it,
// not how many the machine has. A process pinned with taskset, placed in a
// cpuset or limited by a container's CPU quota gets fewer than
// std::thread::hardware_concurrency() says, and a team of more threads than that
// only waits for itself.

namespace revir {

/// The CPUs this process may run on: the smaller of its affinity mask and its
/// cgroup CPU quota (cgroup v2 cpu.max or v1 cpu.cfs_quota_us, rounded up, along
/// the whole cgroup path); at least 1. Read afresh at each call.
unsigned usable_cpus();

/// The threads of a team: usable_cpus() when `requested` is 0 ("every CPU"),
/// else `requested` cut to usable_cpus() (more threads than CPUs only wait for
/// each other: 1.33 times slower for a hierarchy build of New York with two
/// threads on one CPU). Work split into items of its own (independent searches,
/// a fixed number of parts) gives the same result on any number of threads.
unsigned resolve_threads(unsigned requested);

} // namespace revir
