#include "maps/sample/sample_town.hpp"

#include <osmium/builder/attr.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/memory/buffer.hpp>

#include <cmath>
#include <map>
#include <numbers>
#include <utility>
#include <vector>

#include "geo/core/atomic_output.hpp"

namespace revir::sample {

namespace {

constexpr double kLat0 = 57.05;
constexpr double kLon0 = 14.05;

using Tags = std::vector<std::pair<std::string, std::string>>;
struct P {
    int x, y;
    auto operator<=>(const P&) const = default;
};

class Town {
public:
    // Node at a metre position; ways meeting at the same position share it.
    std::int64_t node(P p) {
        auto [it, inserted] = nodes_.try_emplace(p, static_cast<std::int64_t>(nodes_.size() + 1));
        return it->second;
    }
    void tag_node(P p, Tags tags) { node_tags_[node(p)] = std::move(tags); }

    void way(const std::vector<P>& points, Tags tags) {
        std::vector<std::int64_t> refs;
        for (const P& p : points) refs.push_back(node(p));
        ways_.push_back({std::move(refs), std::move(tags)});
    }

    // A straight axis-parallel road with a node at every multiple of `step` metres
    // along it, so that roads crossing at such positions share their node.
    void straight(P from, P to, int step, Tags tags) {
        std::vector<P> points{from};
        const bool horizontal = from.y == to.y;
        const int a = horizontal ? from.x : from.y;
        const int b = horizontal ? to.x : to.y;
        const int dir = a < b ? 1 : -1;
        for (int v = a + dir; v != b; v += dir) {
            if (v % step == 0) points.push_back(horizontal ? P{v, from.y} : P{from.x, v});
        }
        points.push_back(to);
        way(points, std::move(tags));
    }

    void write(const std::string& path) const {
        osmium::io::Header header;
        header.set("generator", "revir-sample-town");
        const auto lo = town_coordinate(-6000, -3000), hi = town_coordinate(6000, 3000);
        header.add_box(osmium::Box{lo.lon(), lo.lat(), hi.lon(), hi.lat()});
        // osmium names the format from the file name, which the temporary keeps.
        geo::AtomicOutput output(path, geo::AtomicOutput::Temporary::library);
        osmium::io::Writer writer{osmium::io::File{output.temporary()}, header, osmium::io::overwrite::allow};
        osmium::memory::Buffer buffer{1 << 20, osmium::memory::Buffer::auto_grow::yes};
        using namespace osmium::builder::attr;
        std::vector<std::pair<std::int64_t, P>> ordered;
        for (const auto& [p, id] : nodes_) ordered.emplace_back(id, p);
        std::sort(ordered.begin(), ordered.end());
        const Tags none;
        for (const auto& [id, p] : ordered) {
            const auto c = town_coordinate(p.x, p.y);
            const auto t = node_tags_.find(id);
            osmium::builder::add_node(buffer, _id(id), _version(1), _timestamp(osmium::Timestamp{"2026-01-01T00:00:00Z"}),
                                      _user("revir"), _location(c.lon(), c.lat()),
                                      _tags(t == node_tags_.end() ? none : t->second));
        }
        std::int64_t way_id = 1;
        for (const auto& w : ways_) {
            osmium::builder::add_way(buffer, _id(way_id++), _version(1),
                                     _timestamp(osmium::Timestamp{"2026-01-01T00:00:00Z"}), _user("revir"),
                                     _nodes(w.refs), _tags(w.tags));
        }
        writer(std::move(buffer));
        writer.close();
        output.commit();
    }

private:
    struct Way {
        std::vector<std::int64_t> refs;
        Tags tags;
    };
    std::map<P, std::int64_t> nodes_;
    std::map<std::int64_t, Tags> node_tags_;
    std::vector<Way> ways_;
};

Tags road(const char* highway, const std::string& name, Tags extra = {}) {
    Tags t{{"highway", highway}, {"name", name}};
    t.insert(t.end(), extra.begin(), extra.end());
    return t;
}

constexpr int kEdge = 1650; // the grid spans x = ±150 … ±1650 on each river bank
constexpr int kTop = 1200;  // and y = -1200 … 1200

void add_grid(Town& town) {
    const int block = static_cast<int>(kBlock);
    for (int side : {-1, 1}) {
        const char* bank = side < 0 ? "West" : "East";
        const int inner = side * block, outer = side * kEdge;
        // Rows (east–west streets) on this bank.
        for (int y = -kTop; y <= kTop; y += block) {
            if (y == 0 || y == -600) continue; // primary and secondary roads, added below
            const std::string name = std::string(bank) + " " + std::to_string((y + kTop) / block + 1) + "th Street";
            if (side < 0 && y == static_cast<int>(kEastboundY)) {
                town.straight({outer, y}, {inner, y}, block / 2, road("residential", name, {{"oneway", "yes"}, {"maxspeed", "30"}}));
            } else if (side < 0 && y == static_cast<int>(kWestboundY)) {
                town.straight({outer, y}, {inner, y}, block / 2, road("residential", name, {{"oneway", "-1"}, {"maxspeed", "30"}}));
            } else if (side > 0 && y == -150) {
                town.straight({inner, y}, {600, y}, block / 2, road("living_street", "Market Lane"));
                town.straight({600, y}, {outer, y}, block / 2, road("residential", name));
            } else if (y == -kTop || y == kTop) {
                town.straight({inner, y}, {outer, y}, block / 2, road("tertiary", std::string(bank) + (y < 0 ? " South Road" : " North Road"), {{"maxspeed", "DE:urban"}}));
            } else {
                town.straight({inner, y}, {outer, y}, block / 2, road("residential", name));
            }
        }
        // Columns (north–south avenues).
        for (int x = block; x <= kEdge; x += block) {
            if (x == 900) continue; // secondary roads
            const std::string name = std::string(bank) + " " + std::to_string(x / block) + " Avenue";
            town.straight({side * x, -kTop}, {side * x, kTop}, block / 2,
                          road("residential", name, x == kEdge ? Tags{{"maxspeed", "30 mph"}} : Tags{}));
        }
    }
}

void add_main_roads(Town& town) {
    const int block = static_cast<int>(kBlock);
    const int r = static_cast<int>(kRoundaboutRadius);
    const int rx = static_cast<int>(kRoundaboutX);
    // High Street, the primary road, with rural continuations; it crosses the river.
    town.straight({-4000, 0}, {-kEdge, 0}, 500, road("primary", "High Street", {{"maxspeed", "80"}}));
    town.straight({-kEdge, 0}, {-block, 0}, block / 2, road("primary", "High Street", {{"maxspeed", "50"}}));
    town.straight({-block, 0}, {block, 0}, 50, road("primary", "High Bridge", {{"bridge", "yes"}, {"layer", "1"}, {"maxspeed", "50"}}));
    town.straight({block, 0}, {rx - r, 0}, block / 2, road("primary", "High Street", {{"maxspeed", "50"}}));
    town.straight({rx + r, 0}, {kEdge, 0}, block / 2, road("primary", "High Street", {{"maxspeed", "50"}}));
    town.straight({kEdge, 0}, {4000, 0}, 500, road("primary", "High Street", {{"maxspeed", "RU:rural"}}));
    // Mill Road, secondary, with the second bridge.
    town.straight({-kEdge, -600}, {-block, -600}, block / 2, road("secondary", "Mill Road"));
    town.straight({-block, -600}, {block, -600}, 50, road("secondary", "Mill Bridge", {{"bridge", "yes"}, {"layer", "1"}}));
    town.straight({block, -600}, {kEdge, -600}, block / 2, road("secondary", "Mill Road"));
    // The third bridge: a residential lane.
    town.straight({-block, 900}, {block, 900}, 50, road("residential", "Old Bridge Lane", {{"bridge", "yes"}, {"maxspeed", "walk"}}));
    // North–south secondaries; the eastern one meets High Street in the roundabout.
    town.straight({-rx, -kTop}, {-rx, 2100}, block / 2, road("secondary", "West Ring", {{"maxspeed", "signals"}}));
    town.straight({rx, -kTop}, {rx, -r}, block / 2, road("secondary", "East Ring"));
    town.straight({rx, r}, {rx, 2100}, block / 2, road("secondary", "East Ring"));
    // The roundabout, drawn counter-clockwise (the driving direction) from its east point.
    std::vector<P> ring;
    for (int a = 0; a <= 360; a += 30) {
        const double rad = a * std::numbers::pi / 180;
        ring.push_back({rx + static_cast<int>(std::lround(r * std::cos(rad))), static_cast<int>(std::lround(r * std::sin(rad)))});
    }
    town.way(ring, road("primary", "Mill Square", {{"junction", "roundabout"}}));
    // Traffic signals where the secondaries meet the primary and Mill Road.
    town.tag_node({-rx, 0}, {{"highway", "traffic_signals"}});
    town.tag_node({-rx, -600}, {{"highway", "traffic_signals"}});
    town.tag_node({rx, -600}, {{"highway", "traffic_signals"}});
}

void add_motorway(Town& town) {
    // Dual carriageway north of town; one-way is implied by highway=motorway.
    const Tags motorway{{"highway", "motorway"}, {"ref", "E99"}, {"maxspeed", "110"}};
    const int eastbound = static_cast<int>(kMotorwayRows[0]), westbound = static_cast<int>(kMotorwayRows[1]);
    town.straight({-5000, eastbound}, {5000, eastbound}, 50, motorway);
    town.straight({5000, westbound}, {-5000, westbound}, 50, motorway);
    for (int side : {-1, 1}) {
        const int x = side * 900;
        const int before = x - 250, after = x + 250; // motorway nodes either side of the interchange
        // Eastbound exit and entry, then westbound exit and entry (one-way by implication).
        town.way({{before, eastbound}, {x - 100, 1875}, {x, 1875}}, {{"highway", "motorway_link"}});
        town.way({{x, 1875}, {x + 100, 1875}, {after, eastbound}}, {{"highway", "motorway_link"}});
        town.way({{after, westbound}, {x + 100, 2100}, {x, 2100}}, {{"highway", "motorway_link"}});
        town.way({{x, 2100}, {x - 100, 2100}, {before, westbound}}, {{"highway", "motorway_link"}});
    }
}

void add_special_roads(Town& town) {
    const int px = static_cast<int>(kPrivateRoadX);
    // Private and no-access roads off the east grid (attached at mid-block nodes).
    town.way({{px, 600}, {px, 690}}, {{"highway", "service"}, {"access", "private"}, {"name", "Manor Drive"}});
    town.way({{1425, 750}, {1425, 825}, {1500, 825}}, {{"highway", "residential"}, {"access", "no"}, {"name", "Gated Close"}});
    town.way({{-1275, -300}, {-1275, -375}}, {{"highway", "service"}, {"motor_vehicle", "private"}});
    // Destination-only lane along the west river bank.
    town.way({{-150, -1050}, {-75, -1000}, {-75, -700}, {-150, -675}},
             {{"highway", "residential"}, {"access", "destination"}, {"name", "Quay Lane"}});
    // Parking aisles and a driveway off Market Lane.
    town.way({{375, -150}, {375, -225}, {525, -225}, {525, -150}}, {{"highway", "service"}, {"service", "parking_aisle"}});
    town.way({{825, -1200}, {825, -1150}}, {{"highway", "service"}, {"service", "driveway"}});
    // A car park mapped as an area, a reversible lane and a footpath: none is driven on.
    town.way({{225, 375}, {375, 375}, {375, 525}, {225, 525}, {225, 375}}, {{"highway", "service"}, {"area", "yes"}});
    town.way({{-1425, 1050}, {-1425, 1125}}, {{"highway", "service"}, {"oneway", "reversible"}});
    town.way({{-375, 975}, {-375, 1125}}, {{"highway", "footway"}});
    // A one-way spur into a dead end: drivable in, never out, so not strongly connected.
    town.way({{kEdge, -450}, {1800, -450}, {1900, -450}}, {{"highway", "unclassified"}, {"oneway", "yes"}});
    // A road on an island, connected to nothing.
    const int y = static_cast<int>(kIsolatedRoadY);
    town.way({{-3000, y}, {-2900, y}, {-2800, y}}, {{"highway", "residential"}, {"name", "Isle Road"}});
    // The river.
    std::vector<P> river;
    for (int ry = -3000; ry <= 3000; ry += 250) river.push_back({static_cast<int>(kRiverX) + (ry % 500 == 0 ? 10 : -10), ry});
    town.way(river, {{"waterway", "river"}, {"name", "Revir River"}});
}

} // namespace

geo::Coordinate town_coordinate(double x_m, double y_m) {
    constexpr double lat_m = geo::kEarthRadiusM * std::numbers::pi / 180;
    const double lon_m = lat_m * std::cos(kLat0 * std::numbers::pi / 180);
    return geo::Coordinate::from_degrees(kLon0 + x_m / lon_m, kLat0 + y_m / lat_m);
}

void write_sample_town(const std::string& path) {
    Town town;
    add_main_roads(town); // first, so that the main junctions get low ids
    add_grid(town);
    add_motorway(town);
    add_special_roads(town);
    town.write(path);
}

} // namespace revir::sample
