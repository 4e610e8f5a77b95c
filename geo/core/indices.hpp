#pragma once
// The index spaces that the territory engine and the data model's records share:
// units (census areas, grid cells) and territories (one per base or centre). Both
// were plain std::uint32_t with the same "none" value, and got mixed up (a unit
// parameter defaulting to the territory sentinel); as distinct types they cannot.
#include "geo/core/strong_index.hpp"

namespace revir {

struct UnitTag {};
struct TerritoryTag {};

/// A unit's position in its UnitSet (and in every per-unit array).
using UnitIndex = StrongIndex<UnitTag>;
/// A territory's position among a problem's territories (bases, centres).
using TerritoryIndex = StrongIndex<TerritoryTag>;

/// "No unit" (a base outside every unit) and "no territory" (an unlocked or new unit).
inline constexpr UnitIndex kNoUnit = UnitIndex::none();
inline constexpr TerritoryIndex kNoTerritory = TerritoryIndex::none();

/// A territory per unit: a plan's assignment, locks, the current plan.
using Assignment = IndexVector<UnitIndex, TerritoryIndex>;

} // namespace revir
