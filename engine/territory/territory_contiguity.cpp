#include "engine/territory/territory_contiguity.hpp"

#include <algorithm>

namespace revir::engine {

bool is_contiguous(const TerritoryProblem& p, const Assignment& assignment, TerritoryIndex territory) {
    std::vector<UnitIndex> members;
    for (UnitIndex i : p.units()) {
        if (assignment[i] == territory) members.push_back(i);
    }
    if (members.empty()) return false;
    IndexVector<UnitIndex, char> seen(p.unit_count, 0);
    std::vector<UnitIndex> queue{members.front()};
    seen[members.front()] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head) {
        for (UnitIndex v : p.neighbours_of(queue[head])) {
            if (!seen[v] && assignment[v] == territory) {
                seen[v] = 1;
                queue.push_back(v);
            }
        }
    }
    return queue.size() == members.size();
}

double share_cut_off_from_seeds(const TerritoryProblem& p, const Assignment& assignment) {
    IndexVector<UnitIndex, char> reached(p.unit_count, 0);
    std::vector<UnitIndex> queue;
    for (TerritoryIndex t : p.territories()) {
        const UnitIndex seed = p.seed_unit[t];
        if (seed.is_none() || assignment[seed] != t) continue;
        queue.assign(1, seed);
        reached[seed] = 1;
        for (std::size_t h = 0; h < queue.size(); ++h) {
            for (UnitIndex v : p.neighbours_of(queue[h])) {
                if (!reached[v] && assignment[v] == t) {
                    reached[v] = 1;
                    queue.push_back(v);
                }
            }
        }
    }
    double off = 0, all = 0;
    for (UnitIndex i : p.units()) {
        const double w = p.criteria.front().weight[i.value()];
        all += w;
        if (!reached[i]) off += w;
    }
    return all > 0 ? off / all : 0.0;
}

CutUnits::CutUnits(const TerritoryProblem& problem)
    : problem_(problem), cut_(problem.unit_count, 0), separated_(problem.unit_count, 0), order_(problem.unit_count, 0),
      low_(problem.unit_count, 0), size_(problem.unit_count, 0), parent_(problem.unit_count, kNoUnit),
      territory_of_search_(problem.unit_count, kNoTerritory), by_order_(problem.territory_count),
      stamp_(problem.unit_count, 0) {}

void CutUnits::update(const Assignment& assignment, TerritoryIndex territory, const std::vector<UnitIndex>& members,
                      UnitIndex root_hint) {
    ++round_;
    const auto& first = problem_.neighbour_first;
    const auto& adj = problem_.neighbours;
    auto& by_order = by_order_[territory];
    by_order.clear();
    auto discover = [&](UnitIndex v, UnitIndex parent) {
        stamp_[v] = round_;
        order_[v] = low_[v] = static_cast<std::uint32_t>(by_order.size());
        by_order.push_back(v);
        cut_[v] = separated_[v] = 0;
        size_[v] = 1;
        parent_[v] = parent;
        territory_of_search_[v] = territory;
        stack_.push_back({v, parent, first[v.value()]});
    };
    const bool hinted = root_hint.valid() && root_hint.value() < problem_.unit_count && assignment[root_hint] == territory;
    for (std::size_t m = 0; m <= members.size(); ++m) {
        const UnitIndex root = m == 0 ? (hinted ? root_hint : kNoUnit) : members[m - 1];
        if (root.is_none() || stamp_[root] == round_) continue;
        // One DFS tree per connected piece; a root is a cut unit when it has two or
        // more DFS children, any other unit u when some child c has low(c) ≥ order(u).
        std::uint32_t root_children = 0;
        discover(root, kNoUnit);
        while (!stack_.empty()) {
            Frame& f = stack_.back();
            if (f.next < first[f.unit.value() + 1]) {
                const UnitIndex v = adj[f.next++];
                if (assignment[v] != territory) continue;
                if (stamp_[v] != round_) {
                    if (f.unit == root) ++root_children;
                    discover(v, f.unit); // invalidates f
                } else if (v != f.parent) {
                    low_[f.unit] = std::min(low_[f.unit], order_[v]);
                }
                continue;
            }
            const Frame done = f;
            stack_.pop_back();
            if (done.parent.valid()) {
                low_[done.parent] = std::min(low_[done.parent], low_[done.unit]);
                size_[done.parent] += size_[done.unit];
                if (low_[done.unit] >= order_[done.parent]) {
                    separated_[done.unit] = 1;
                    if (done.parent != root) cut_[done.parent] = 1;
                }
            }
        }
        cut_[root] = root_children >= 2 ? 1 : 0;
    }
}

bool CutUnits::branch(UnitIndex unit, std::size_t limit, std::vector<UnitIndex>& out) const {
    const TerritoryIndex territory = territory_of_search_[unit];
    if (territory.is_none() || parent_[unit].is_none()) return false; // a root stays
    const auto& by_order = by_order_[territory];
    const std::size_t start = out.size();
    out.push_back(unit);
    // The subtrees of the children that hang on `unit`: contiguous runs of
    // discovery indices, each starting at such a child.
    const std::uint32_t end = order_[unit] + size_[unit];
    for (std::uint32_t k = order_[unit] + 1; k < end;) {
        const UnitIndex child = by_order[k];
        if (separated_[child]) {
            if (out.size() - start + size_[child] > limit) {
                out.resize(start);
                return false;
            }
            out.insert(out.end(), by_order.begin() + k, by_order.begin() + k + size_[child]);
        }
        k += size_[child]; // next child of `unit`
    }
    return true;
}

} // namespace revir::engine
