#include "engine/plan/plan_report.hpp"

#include <cmath>
#include <filesystem>
#include <utility>

#include <fmt/format.h>
#include <geos_c.h>

#include "geo/core/version.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/markup.hpp"

namespace revir::engine {

namespace {

std::string escape(const std::string& text) { return geo::escape_markup(text); }

// Distinct colours for neighbouring territories (ColorBrewer Set3/Paired-like).
const char* territory_colour(TerritoryIndex k) {
    static const char* palette[] = {"#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928",
                                    "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99"};
    return palette[k.value() % std::size(palette)];
}

// Lon/lat to SVG pixels: an equirectangular view of the plan's extent.
class View {
public:
    View(double min_lon, double min_lat, double max_lon, double max_lat, double width)
        : min_lon_(min_lon), max_lat_(max_lat), cos_(std::cos((min_lat + max_lat) / 2 * M_PI / 180)) {
        const double w = std::max((max_lon - min_lon) * cos_, 1e-9), h = std::max(max_lat - min_lat, 1e-9);
        scale_ = width / w;
        width_ = width;
        height_ = h * scale_;
    }
    double x(double lon) const { return (lon - min_lon_) * cos_ * scale_ + margin; }
    double y(double lat) const { return (max_lat_ - lat) * scale_ + margin; }
    double width() const { return width_ + 2 * margin; }
    double height() const { return height_ + 2 * margin; }
    double degrees_per_pixel() const { return 1 / scale_; }
    static constexpr double margin = 12;

private:
    double min_lon_, max_lat_, cos_, scale_ = 1, width_ = 0, height_ = 0;
};

// SVG path data of n points (point(i) gives lon, lat), dropping points closer than
// half a pixel to the last one kept (the first and last are always kept).
template <typename Point>
void append_points(std::string& d, std::size_t n, const Point& point, const View& v, bool close) {
    if (n < 2) return;
    double last_x = 0, last_y = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto [lon, lat] = point(i);
        const double px = v.x(lon), py = v.y(lat);
        if (i > 0 && i + 1 < n && std::abs(px - last_x) + std::abs(py - last_y) < 0.5) continue;
        d += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", px, py);
        last_x = px;
        last_y = py;
    }
    if (close) d += "Z";
}

void append_ring(std::string& d, GEOSContextHandle_t h, const GEOSGeometry* ring, const View& v) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &n) == 0) return;
    append_points(d, n, [&](std::size_t i) {
        double lon = 0, lat = 0;
        GEOSCoordSeq_getXY_r(h, seq, static_cast<unsigned int>(i), &lon, &lat);
        return std::pair{lon, lat};
    }, v, true);
}

// SVG path data of a (multi)polygon.
std::string path_data(GEOSContextHandle_t h, const GEOSGeometry* g, const View& v) {
    std::string d;
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) d += path_data(h, GEOSGetGeometryN_r(h, g, i), v);
    } else if (type == GEOS_POLYGON) {
        append_ring(d, h, GEOSGetExteriorRing_r(h, g), v);
        for (int i = 0; i < GEOSGetNumInteriorRings_r(h, g); ++i) append_ring(d, h, GEOSGetInteriorRingN_r(h, g, i), v);
    }
    return d;
}

std::string map_svg(const PlanOutcome& out) {
    const auto h = out.map.units.context->handle();
    double min_lon = 1e9, min_lat = 1e9, max_lon = -1e9, max_lat = -1e9;
    for (const auto& u : out.map.units.units) {
        const auto e = geo::envelope(*out.map.units.context, u.geometry.get());
        min_lon = std::min(min_lon, e.min_x);
        min_lat = std::min(min_lat, e.min_y);
        max_lon = std::max(max_lon, e.max_x);
        max_lat = std::max(max_lat, e.max_y);
    }
    const View v(min_lon, min_lat, max_lon, max_lat, 900);
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"map\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
        "height=\"{:.0f}\" role=\"img\" aria-label=\"Map of the territories\">\n"
        "<rect width=\"100%\" height=\"100%\" fill=\"#f4f4f0\"/>\n",
        v.width(), v.height(), v.width(), v.height());
    svg += "<g class=\"territories\" stroke=\"#333\" stroke-width=\"1.6\" fill-opacity=\"0.45\">\n";
    for (const auto& s : out.stats) {
        if (!s.shape) continue;
        svg += fmt::format("<path fill=\"{}\" d=\"{}\"><title>{}</title></path>\n", territory_colour(s.base),
                           path_data(h, s.shape.get(), v), escape(out.design.bases[s.base.value()].id + " " + out.design.bases[s.base.value()].name));
    }
    svg += "</g>\n<g class=\"units\" fill=\"none\" stroke=\"#fff\" stroke-width=\"0.4\" stroke-opacity=\"0.8\">\n";
    for (const auto& u : out.map.units.units) svg += fmt::format("<path d=\"{}\"/>\n", path_data(h, u.geometry.get(), v));
    svg += "</g>\n<g class=\"routes\" fill=\"none\" stroke-width=\"0.9\" stroke-opacity=\"0.55\">\n";
    for (const auto& r : out.visits.routes) {
        std::string d;
        append_points(d, r.line.size(), [&](std::size_t i) { return std::pair{r.line[i].lon(), r.line[i].lat()}; }, v,
                      false);
        if (!d.empty()) svg += fmt::format("<path stroke=\"{}\" d=\"{}\"/>\n", territory_colour(r.territory), d);
    }
    svg += "</g>\n<g class=\"accounts\" stroke=\"#222\" stroke-width=\"0.3\">\n";
    for (const auto& a : out.map.accounts) {
        const TerritoryIndex k =
            a.unit.value() < out.design.plan.assignment.size() ? out.design.plan.assignment[a.unit] : TerritoryIndex(0);
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"1.8\" fill=\"{}\"/>\n", v.x(a.location.lon()),
                           v.y(a.location.lat()), territory_colour(k));
    }
    svg += "</g>\n<g class=\"bases\" font-family=\"sans-serif\" font-size=\"12\" font-weight=\"bold\">\n";
    for (TerritoryIndex k : indices<TerritoryIndex>(out.design.bases.size())) {
        const auto& b = out.design.bases[k.value()];
        const double x = v.x(b.location.lon()), y = v.y(b.location.lat());
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\" stroke=\"#000\" "
                           "stroke-width=\"1.5\"><title>{}</title></rect>"
                           "<text x=\"{:.1f}\" y=\"{:.1f}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>\n",
                           x - 5, y - 5, territory_colour(k), escape(b.id + " " + b.name), x + 8, y - 6, escape(b.id));
    }
    svg += "</g>\n</svg>\n";
    return svg;
}

std::string number(double v, int decimals = 0) {
    if (!std::isfinite(v)) return "–";
    return fmt::format("{:.{}f}", v, decimals);
}

std::string list_or_none(const std::vector<std::string>& items, std::size_t limit = 40) {
    if (items.empty()) return "none";
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < limit; ++i) out += (i ? ", " : "") + escape(items[i]);
    if (items.size() > limit) out += fmt::format(" … and {} more", items.size() - limit);
    return out;
}

const RepVisits* visits_of(const PlanOutcome& out, TerritoryIndex territory) {
    for (const auto& r : out.visits.reps) {
        if (r.territory == territory) return &r;
    }
    return nullptr;
}

std::string scorecard(const PlanOutcome& out) {
    const auto& criteria = out.design.problem.criteria;
    const char* du = measure_unit(out.design.problem.measure);
    std::string t = "<div class=\"wide\"><table id=\"scorecard\">\n<thead><tr><th>Territory</th><th>Rep</th><th>Units</th><th>Accounts</th>";
    for (const auto& c : criteria) {
        t += fmt::format("<th>{} (tolerance {}&nbsp;%)</th><th>dev.</th>", escape(c.name), number(c.tolerance * 100, 1));
    }
    t += fmt::format("<th>Mean {0}</th><th>Max {0}</th><th>Area km²</th><th>Compactness (PP)</th><th>Contiguous</th>", du);
    if (!out.visits.reps.empty()) {
        t += "<th>Visits</th><th>Days used</th><th>Mean day min</th><th>Max day min</th><th>Day balance</th>"
             "<th>Driving min</th><th>Unscheduled</th>";
    }
    t += "</tr></thead>\n<tbody>\n";
    for (const auto& s : out.stats) {
        const auto& tl = out.design.plan.territories[s.base];
        const auto& b = out.design.bases[s.base.value()];
        t += fmt::format("<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                         territory_colour(s.base), escape(b.id), escape(b.name), s.units, s.accounts);
        for (std::size_t c = 0; c < criteria.size(); ++c) {
            const bool over = std::abs(tl.deviation_pct[c]) > criteria[c].tolerance * 100 + 1e-9;
            t += fmt::format("<td>{}</td><td class=\"{}\">{:+.2f}&nbsp;%</td>", number(tl.load[c]), over ? "bad" : "ok",
                             tl.deviation_pct[c]);
        }
        t += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td>", number(s.mean_distance, 1),
                         number(s.max_distance, 1), number(s.area_m2 / 1e6, 2), number(s.polsby_popper, 2),
                         s.contiguous ? "ok" : "bad", tl.contiguous ? "yes" : "NO");
        if (const auto* r = visits_of(out, s.base)) {
            const auto& p = r->plan;
            t += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td>",
                             r->visits(), p.days_used, number(p.mean_day_min), number(p.max_day_min),
                             number(p.balance_ratio(), 2), number(p.drive_min), p.unscheduled.empty() ? "ok" : "bad",
                             p.unscheduled.size());
        } else if (!out.visits.reps.empty()) {
            t += "<td colspan=\"7\"></td>";
        }
        t += "</tr>\n";
    }
    t += "</tbody>\n</table></div>\n";
    return t;
}

std::string figures(const PlanConfig& config, const PlanOutcome& out) {
    const auto& ev = out.design.plan.evaluation;
    const char* du = measure_unit(out.design.problem.measure);
    double weight = 0;
    for (double w : out.design.problem.objective_weight) weight += w;
    auto card = [](const std::string& label, const std::string& value, const std::string& note) {
        return fmt::format("<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}</div>"
                           "<div class=\"note\">{}</div></div>\n",
                           label, value, note);
    };
    std::string f = "<div class=\"cards\" id=\"figures\">\n";
    f += card("Objective", number(ev.objective, 0),
              fmt::format("Σ weight × {} from the base; {} {} per unit of weight", to_string(out.design.problem.measure),
                          number(weight > 0 ? ev.compactness / weight : 0, 2), du));
    f += card("Lower bound", number(out.design.plan.bound, 0),
              out.design.plan.bound_optimal ? "the relaxation's optimum" : "Lagrangian relaxation");
    f += card("Gap", std::isfinite(out.design.plan.gap_percent) ? fmt::format("{:.2f}&nbsp;%", out.design.plan.gap_percent) : "unknown",
              std::isfinite(out.design.plan.gap_percent) ? "no plan can be better than the bound"
                                                         : "no certified bound (the time limit came first)");
    f += card("Largest deviation", fmt::format("{:.2f}&nbsp;%", ev.max_deviation_pct),
              ev.feasible ? "every territory within its tolerance" : "NOT every territory within tolerance");
    f += card("Contiguous", ev.contiguous ? "yes" : "no", fmt::format("{} territories, {} units", out.design.bases.size(), out.map.units.units.size()));
    if (!out.visits.reps.empty()) {
        f += card("Visits", std::to_string(out.visits.visits.size()),
                  fmt::format("{} unscheduled over {} days of {} min", out.visits.unscheduled(), config.visits.days,
                              number(config.visits.shift_min)));
    }
    if (!out.design.current.empty()) {
        f += card("Moved", std::to_string(ev.moved_units), "units moved from their current territory");
    }
    f += "</div>\n";
    return f;
}

std::string data_notes(const PlanOutcome& out) {
    std::vector<std::string> islands, gaps;
    for (const auto& l : out.map.links) {
        const auto pair = out.map.units.units[l.a].id + "–" + out.map.units.units[l.b].id + fmt::format(" ({:.0f} m)", l.distance_m);
        if (l.kind == geo::LinkKind::island_link) islands.push_back(pair);
        if (l.kind == geo::LinkKind::gap_link) gaps.push_back(pair);
    }
    std::string s = "<ul id=\"data-notes\">\n";
    s += fmt::format("<li><b>Repaired</b> (invalid geometry made valid): {}</li>\n", list_or_none(out.map.load.repaired));
    s += fmt::format("<li><b>Dropped</b> (no geometry): {}</li>\n", list_or_none(out.map.load.dropped_empty));
    s += fmt::format("<li><b>Weights taken as zero</b>: {}</li>\n", list_or_none(out.map.load.zeroed));
    s += fmt::format("<li><b>Orphaned accounts</b> (in no unit, attached to the nearest): {}</li>\n", list_or_none(out.map.orphans));
    s += fmt::format("<li><b>Linked islands</b> (pieces of the map joined to their nearest unit; the units formed {} "
                     "piece{}): {}</li>\n",
                     out.map.adjacency.components, out.map.adjacency.components == 1 ? "" : "s", list_or_none(islands));
    s += fmt::format("<li><b>Gap links</b> (units closer than the gap setting): {}</li>\n", list_or_none(gaps, 20));
    for (const auto& why : out.design.plan.infeasible) s += fmt::format("<li class=\"bad\"><b>Infeasible</b>: {}</li>\n", escape(why));
    s += "</ul>\n";
    return s;
}

std::string unscheduled_table(const PlanOutcome& out) {
    if (out.visits.reps.empty()) return "<p>Visit planning was switched off.</p>\n";
    if (out.visits.unscheduled() == 0) return "<p id=\"unscheduled\">Every account has all its visits.</p>\n";
    std::string t = "<table id=\"unscheduled\"><thead><tr><th>Account</th><th>Territory</th><th>Reason</th></tr></thead><tbody>\n";
    for (const auto& r : out.visits.reps) {
        for (const auto& u : r.plan.unscheduled) {
            t += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(out.map.accounts[r.accounts[u.account]].id),
                             escape(out.design.bases[r.territory.value()].id), escape(u.reason));
        }
    }
    return t + "</tbody></table>\n";
}

std::string moves_table(const PlanOutcome& out) {
    if (out.design.current.empty()) return "<p id=\"moves\">A new design: no current plan was given.</p>\n";
    std::string rows;
    std::size_t moved = 0;
    for (UnitIndex i : out.design.current.indices()) {
        if (out.design.current[i] == out.design.plan.assignment[i]) continue;
        ++moved;
        rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(out.map.units.units[i.value()].id),
                            escape(out.design.bases[out.design.current[i].value()].id),
                            escape(out.design.bases[out.design.plan.assignment[i].value()].id));
    }
    if (moved == 0) return "<p id=\"moves\">No unit moved: the current plan stays.</p>\n";
    return fmt::format("<p>{} units moved (weight {:.0f}).</p>\n<table id=\"moves\"><thead><tr><th>Unit</th><th>From</th>"
                       "<th>To</th></tr></thead><tbody>\n{}</tbody></table>\n",
                       moved, out.design.plan.evaluation.moved_weight, rows);
}

std::string timings(const PlanOutcome& out) {
    std::string t = "<table id=\"timings\"><thead><tr><th>Stage</th><th>Seconds</th></tr></thead><tbody>\n";
    for (const auto& s : out.stages) t += fmt::format("<tr><td>{}</td><td>{:.2f}</td></tr>\n", escape(s.name), s.seconds);
    return t + "</tbody></table>\n<p class=\"sub\">The export stage, which wrote this page, is timed in manifest.json.</p>\n";
}

constexpr const char* kStyle = R"(body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:1.5em;margin-bottom:0}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
.sub{color:#666;margin-top:4px}.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:150px}
.label{color:#666;font-size:.85em}.value{font-size:1.4em;font-weight:600}.note{color:#666;font-size:.8em;max-width:220px}
table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f0f0f0}td:first-child,td:nth-child(2),th:first-child,th:nth-child(2){text-align:left}
.bad{color:#b00;font-weight:600}.swatch{display:inline-block;width:10px;height:10px;margin-right:5px;border:1px solid #333}
svg{border:1px solid #ccc;max-width:100%;height:auto}.wide{overflow-x:auto})";

} // namespace

void write_plan_report(const PlanConfig& config, const PlanOutcome& out, const std::string& path) {
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    const auto name = std::filesystem::path(config.file).filename().string();
    html += fmt::format("<title>Territory plan – {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n", escape(name), kStyle);
    html += fmt::format("<h1>Territory plan – {}</h1>\n<p class=\"sub\">{} reps, {} units, {} accounts · seed {} · {}</p>\n",
                        escape(name), out.design.bases.size(), out.map.units.units.size(), out.map.accounts.size(), config.seed,
                        version_string());
    html += figures(config, out);
    html += "<h2>Map</h2>\n<p class=\"sub\">Territories (colour), units (white lines), accounts (dots), bases "
            "(squares) and the reps' daily routes.</p>\n";
    html += map_svg(out);
    html += "<h2>Scorecard</h2>\n" + scorecard(out);
    html += "<h2>Input notes</h2>\n" + data_notes(out);
    html += "<h2>Unscheduled visits</h2>\n" + unscheduled_table(out);
    html += "<h2>Realignment</h2>\n" + moves_table(out);
    html += "<h2>Timings</h2>\n" + timings(out);
    html += "</body>\n</html>\n";
    geo::AtomicOutput file(path);
    file.stream() << html;
    file.commit();
}

} // namespace revir::engine
