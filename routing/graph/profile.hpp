#pragma once
// The vehicle profile: which OSM ways a car may use, in which direction and how
// fast. Kept as data (maps/profiles/*.json) so that speeds can be tuned without
// recompiling; this class reads such a file and evaluates a way's tags.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "routing/graph/maxspeed.hpp"

namespace revir::routing {

/// Looks a tag up by key; nullptr when the way has no such tag.
using TagGetter = std::function<const char*(const char* key)>;

/// Why a highway was not made routable.
enum class Exclusion : std::uint8_t {
    none,
    not_a_road,     // highway class without a speed (footway, track, construction, …)
    area,           // area=yes
    access,         // access/motor_vehicle/motorcar = no, private, …
    service,        // excluded service type (emergency_access)
    reversible,     // oneway=reversible: direction depends on the time of day
    impassable,     // impassable=yes, status=impassable, a surface cap of 0
};
inline constexpr int kExclusionCount = 7;
const char* to_string(Exclusion e);

struct WayAttributes {
    Exclusion exclusion = Exclusion::none;
    double forward_kmh = 0;  // 0: not allowed in the way's direction
    double backward_kmh = 0; // 0: not allowed against the way's direction
    bool destination_only = false;

    bool routable() const { return exclusion == Exclusion::none && (forward_kmh > 0 || backward_kmh > 0); }
};

class Profile {
public:
    /// Reads a profile JSON file; throws InputError naming the file and key on error.
    static Profile from_file(const std::string& path);
    /// A name ("car") is looked up in the shipped profile folder; a path is read as is.
    static Profile load(const std::string& name_or_path);

    const std::string& name() const { return name_; }
    /// Hash of the profile's content, stored in graph files.
    std::uint64_t fingerprint() const { return fingerprint_; }
    double traffic_signal_penalty_s() const { return traffic_signal_penalty_s_; }
    double max_speed_kmh() const;

    /// For a way with a `highway` tag. Ways without one are not roads.
    WayAttributes evaluate_way(const TagGetter& tag) const;

    const MaxspeedTables& maxspeed_tables() const { return maxspeed_; }

private:
    std::optional<double> way_maxspeed(const TagGetter& tag, const char* directional_key) const;

    std::string name_;
    std::uint64_t fingerprint_ = 0;
    std::map<std::string, double> speeds_kmh_;
    std::set<std::string> implied_oneway_;
    std::vector<std::string> oneway_keys_;
    std::vector<std::string> access_keys_;
    std::set<std::string> access_excluded_;
    std::set<std::string> access_destination_;
    double destination_factor_ = 1.0;
    std::map<std::string, double> service_factors_;
    std::set<std::string> service_excluded_;
    double maxspeed_factor_ = 1.0;
    double side_road_factor_ = 1.0;
    // Caps by surface=*, tracktype=*, smoothness=* (km/h; 0: impassable).
    std::vector<std::pair<std::string, std::map<std::string, double>>> caps_;
    MaxspeedTables maxspeed_;
    double traffic_signal_penalty_s_ = 0;
    double default_speed_kmh_ = 0; // for highway classes without a speed of their own (0: not roads)
};

/// Folder where the shipped profiles live (next to the executable, else the source tree).
std::string profile_directory();

} // namespace revir::routing
