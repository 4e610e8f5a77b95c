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

/// `requested` threads, or usable_cpus() when `requested` is 0 ("every CPU").
unsigned resolve_threads(unsigned requested);

} // namespace revir
