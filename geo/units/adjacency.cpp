#include "geo/units/adjacency.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

namespace revir::geo {

namespace {

class DisjointSets {
public:
    explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
    std::uint32_t find(std::uint32_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    bool unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return false;
        parent_[std::max(a, b)] = std::min(a, b);
        return true;
    }

private:
    std::vector<std::uint32_t> parent_;
};

// Touching pairs through the tree, then the length of boundary each pair shares.
std::vector<AdjacencyLink> touching_pairs(const UnitSet& units, const AdjacencyOptions& options,
                                          const std::vector<const GEOSGeometry*>& metric, const GeosIndexTree& tree) {
    const GeosContext& ctx = *units.context;
    const auto h = ctx.handle();
    const double tolerance = options.tolerance_m;
    const double min_shared = options.min_shared_length_m > 0 ? options.min_shared_length_m : 4 * tolerance;
    const std::size_t n = metric.size();
    std::vector<GeosGeometry> boundary(n), buffered(n);
    const auto boundary_of = [&](std::uint32_t i) -> const GEOSGeometry* {
        if (!boundary[i]) boundary[i] = own(ctx, GEOSBoundary_r(h, metric[i]), "Boundary");
        return boundary[i].get();
    };
    const auto buffer_of = [&](std::uint32_t i) -> const GEOSGeometry* {
        if (!buffered[i]) buffered[i] = own(ctx, GEOSBuffer_r(h, metric[i], tolerance, 4), "Buffer");
        return buffered[i].get();
    };

    const double reach = std::max(tolerance, options.gap_m);
    std::vector<AdjacencyLink> links;
    for (std::uint32_t i = 0; i < n; ++i) {
        const Envelope e = envelope(ctx, metric[i]);
        const auto search = own(ctx, GEOSGeom_createRectangle_r(h, e.min_x - reach, e.min_y - reach,
                                                                e.max_x + reach, e.max_y + reach),
                                "Rectangle");
        std::vector<std::uint32_t> candidates = tree.query(search.get());
        std::sort(candidates.begin(), candidates.end());
        GeosPrepared prepared;
        for (std::uint32_t j : candidates) {
            if (j <= i) continue;
            if (!prepared) prepared = prepare(ctx, metric[i]);
            if (GEOSPreparedDistanceWithin_r(h, prepared.get(), metric[j], tolerance) != 1) {
                if (options.gap_m > 0 && GEOSPreparedDistanceWithin_r(h, prepared.get(), metric[j], options.gap_m) == 1) {
                    double gap = 0;
                    GEOSDistance_r(h, metric[i], metric[j], &gap);
                    links.push_back({i, j, 0, gap, LinkKind::gap_link});
                }
                continue;
            }
            const auto shared = own(ctx, GEOSIntersection_r(h, boundary_of(i), buffer_of(j)), "Intersection");
            double length = 0;
            GEOSLength_r(h, shared.get(), &length);
            if (length > min_shared) {
                links.push_back({i, j, length, 0, LinkKind::rook});
            } else if (options.contiguity == Contiguity::queen) {
                links.push_back({i, j, length, 0, LinkKind::queen});
            } else if (options.gap_m > 0) { // a corner is closer than any gap
                links.push_back({i, j, 0, 0, LinkKind::gap_link});
            }
        }
    }
    return links;
}

} // namespace

const char* to_string(LinkKind kind) {
    switch (kind) {
    case LinkKind::rook: return "rook";
    case LinkKind::queen: return "queen";
    case LinkKind::island_link: return "island-link";
    case LinkKind::gap_link: return "gap-link";
    }
    return "?";
}

std::optional<LinkKind> link_kind_from_string(std::string_view text) {
    for (LinkKind kind : {LinkKind::rook, LinkKind::queen, LinkKind::island_link, LinkKind::gap_link}) {
        if (text == to_string(kind)) return kind;
    }
    return std::nullopt;
}

std::vector<std::uint32_t> connected_components(std::size_t unit_count, const std::vector<AdjacencyLink>& links) {
    DisjointSets sets(unit_count);
    for (const auto& l : links) sets.unite(l.a, l.b);
    std::vector<std::uint32_t> number(unit_count, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint32_t> component(unit_count);
    std::uint32_t next = 0;
    for (std::uint32_t i = 0; i < unit_count; ++i) {
        auto& n = number[sets.find(i)];
        if (n == std::numeric_limits<std::uint32_t>::max()) n = next++;
        component[i] = n;
    }
    return component;
}

std::vector<AdjacencyLink> compute_adjacency(const UnitSet& units, const AdjacencyOptions& options,
                                             AdjacencyReport& report) {
    const auto start = std::chrono::steady_clock::now();
    report = AdjacencyReport{};
    const GeosContext& ctx = *units.context;
    const std::size_t n = units.units.size();
    std::vector<const GEOSGeometry*> metric(n);
    for (std::size_t i = 0; i < n; ++i) metric[i] = units.units[i].metric.get();
    const GeosIndexTree tree(ctx, metric);

    std::vector<AdjacencyLink> links = touching_pairs(units, options, metric, tree);
    report.gap_links = static_cast<std::size_t>(
        std::count_if(links.begin(), links.end(), [](const AdjacencyLink& l) { return l.kind == LinkKind::gap_link; }));
    {
        const auto component = connected_components(n, links);
        report.components = n == 0 ? 0 : *std::max_element(component.begin(), component.end()) + 1;
        std::vector<std::uint32_t> degree(n, 0);
        for (const auto& l : links) ++degree[l.a], ++degree[l.b];
        report.isolated_units = static_cast<std::size_t>(std::count(degree.begin(), degree.end(), 0u));
    }

    if (options.link_islands && n > 1) {
        // Repeatedly join the smallest component to its nearest unit elsewhere.
        DisjointSets sets(n);
        for (const auto& l : links) sets.unite(l.a, l.b);
        for (;;) {
            std::vector<std::uint32_t> size(n, 0);
            for (std::uint32_t i = 0; i < n; ++i) ++size[sets.find(i)];
            std::uint32_t smallest = 0, roots = 0;
            for (std::uint32_t r = 0; r < n; ++r) {
                if (size[r] == 0) continue;
                ++roots;
                if (size[smallest] == 0 || size[r] < size[smallest]) smallest = r;
            }
            if (roots <= 1) break;
            AdjacencyLink best{0, 0, 0, std::numeric_limits<double>::infinity(), LinkKind::island_link};
            for (std::uint32_t u = 0; u < n; ++u) {
                if (sets.find(u) != smallest) continue;
                // The query unit is in the smallest component; so is the candidate
                // exactly when both are (GEOS may pass the two in either order).
                const auto distance = [&](std::uint32_t a, std::uint32_t b) {
                    if (sets.find(a) == smallest && sets.find(b) == smallest) return std::numeric_limits<double>::max();
                    double d = 0;
                    GEOSDistance_r(ctx.handle(), metric[a], metric[b], &d);
                    return d;
                };
                const auto v = tree.nearest(u, distance);
                if (!v || sets.find(*v) == smallest) continue;
                const double d = distance(u, *v);
                if (d < best.distance_m) best = {std::min(u, *v), std::max(u, *v), 0, d, LinkKind::island_link};
            }
            if (!std::isfinite(best.distance_m)) break; // cannot happen with finite geometries
            sets.unite(best.a, best.b);
            links.push_back(best);
            ++report.island_links;
        }
    }
    std::sort(links.begin(), links.end(),
              [](const AdjacencyLink& x, const AdjacencyLink& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return links;
}

} // namespace revir::geo
