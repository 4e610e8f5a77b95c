#pragma once
// Unit adjacency: rook contiguity (a shared boundary of positive length, with its
// length) or queen (touching at a point is enough), robust to data that is not
// perfectly noded: boundaries within a small tolerance count as shared. Units or
// groups of units cut off from the rest (islands, river islands, holes in a grid)
// are linked to their nearest unit of another component, so that contiguous
// territories always exist.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/units/units.hpp"

namespace revir::geo {

enum class Contiguity { rook, queen };

enum class LinkKind : std::uint8_t { rook, queen, island_link, gap_link };
const char* to_string(LinkKind kind);
/// The inverse of to_string ("rook", "queen", "island-link", "gap-link"); nullopt
/// for any other text.
std::optional<LinkKind> link_kind_from_string(std::string_view text);

struct AdjacencyLink {
    std::uint32_t a = 0; // unit indices, a < b
    std::uint32_t b = 0;
    double shared_length_m = 0; // rook and queen links
    double distance_m = 0;      // island and gap links: the gap bridged
    LinkKind kind = LinkKind::rook;
};

struct AdjacencyOptions {
    Contiguity contiguity = Contiguity::rook;
    /// Boundaries closer than this count as touching (metres).
    double tolerance_m = 1.0;
    /// Rook needs a shared boundary longer than this (metres); a shorter contact is
    /// a corner. 0: four times the tolerance.
    double min_shared_length_m = 0;
    bool link_islands = true;
    /// Units closer than this (metres) without touching are linked too ("gap
    /// links"): for grids that leave out empty cells, where a territory may
    /// cross a gap of a cell or two. 0: none.
    double gap_m = 0;
};

struct AdjacencyReport {
    std::size_t components = 0; // before island links
    std::size_t isolated_units = 0;
    std::size_t island_links = 0;
    std::size_t gap_links = 0;
    double seconds = 0;
};

/// Links sorted by (a, b).
std::vector<AdjacencyLink> compute_adjacency(const UnitSet& units, const AdjacencyOptions& options,
                                             AdjacencyReport& report);

/// Component number of every unit given the links (0 … count-1, by first unit).
std::vector<std::uint32_t> connected_components(std::size_t unit_count, const std::vector<AdjacencyLink>& links);

} // namespace revir::geo
