#pragma once
// The plain records of the data model's accounts (customers) and bases (reps'
// home bases), free of GDAL and GEOS, so that the planners that read them can be
// built and tested without the map libraries (geo/units reads and locates them).
#include <cstdint>
#include <string>
#include <vector>

#include "geo/core/coordinate.hpp"
#include "geo/core/indices.hpp"

namespace revir::geo {

struct Account {
    std::string id;
    std::string where; // file and record, for messages
    Coordinate location;
    double potential = 0;
    double service_minutes = 0;
    double visits = 1;            // per planning period (visit planning needs a whole number)
    std::uint8_t weekdays = 0x7f; // bit 0 = Monday … bit 6 = Sunday
    int open_minute = -1;         // -1: no window
    int close_minute = -1;
    UnitIndex unit = kNoUnit;     // the unit that contains the account (set by locate_accounts)
    bool orphan = false;          // in no unit; attached to the nearest
    double orphan_distance_m = 0;
};

struct Base {
    std::string id;
    std::string name;
    Coordinate location;
    double capacity = 1;
    std::vector<std::string> locked_units;
    UnitIndex unit = kNoUnit; // the unit that contains the base
};

} // namespace revir::geo
