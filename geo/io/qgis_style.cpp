#include "geo/io/qgis_style.hpp"

#include "geo/core/markup.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace revir::geo {

namespace {

std::string escape(const std::string& text) { return escape_markup(text); }

std::string rgba(Rgb c, int alpha = 255) {
    char text[64];
    std::snprintf(text, sizeof text, "%d,%d,%d,%d", c.r, c.g, c.b, alpha);
    return text;
}

Rgb darker(Rgb c) { return {c.r * 6 / 10, c.g * 6 / 10, c.b * 6 / 10}; }

// One symbol layer's properties, in the <prop k v> form every QGIS 3 reads.
std::string props(std::initializer_list<std::pair<const char*, std::string>> values) {
    std::string out;
    for (const auto& [k, v] : values) out += "        <prop k=\"" + std::string(k) + "\" v=\"" + escape(v) + "\"/>\n";
    return out;
}

std::string fill_symbol(const std::string& name, Rgb color, double opacity, Rgb outline, double outline_mm) {
    char width[32];
    std::snprintf(width, sizeof width, "%.2f", outline_mm);
    return "    <symbol type=\"fill\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
           "      <layer class=\"SimpleFill\" pass=\"0\" locked=\"0\" enabled=\"1\">\n" +
           props({{"color", rgba(color, static_cast<int>(opacity * 255))},
                  {"style", opacity > 0 ? "solid" : "no"},
                  {"outline_color", rgba(outline)},
                  {"outline_style", "solid"},
                  {"outline_width", width},
                  {"outline_width_unit", "MM"},
                  {"joinstyle", "bevel"}}) +
           "      </layer>\n    </symbol>\n";
}

std::string marker_symbol(const std::string& name, Rgb color, const char* shape, double size_mm) {
    char size[32];
    std::snprintf(size, sizeof size, "%.2f", size_mm);
    return "    <symbol type=\"marker\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
           "      <layer class=\"SimpleMarker\" pass=\"0\" locked=\"0\" enabled=\"1\">\n" +
           props({{"name", shape},
                  {"color", rgba(color)},
                  {"outline_color", rgba(darker(color))},
                  {"outline_width", "0.3"},
                  {"outline_width_unit", "MM"},
                  {"size", size},
                  {"size_unit", "MM"}}) +
           "      </layer>\n    </symbol>\n";
}

std::string line_symbol(const std::string& name, Rgb color, double width_mm) {
    char width[32];
    std::snprintf(width, sizeof width, "%.2f", width_mm);
    return "    <symbol type=\"line\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
           "      <layer class=\"SimpleLine\" pass=\"0\" locked=\"0\" enabled=\"1\">\n" +
           props({{"line_color", rgba(color)},
                  {"line_style", "solid"},
                  {"line_width", width},
                  {"line_width_unit", "MM"},
                  {"capstyle", "round"},
                  {"joinstyle", "round"}}) +
           "      </layer>\n    </symbol>\n";
}

std::string labels(const std::string& field) {
    if (field.empty()) return "";
    return "  <labeling type=\"simple\">\n"
           "    <settings calloutType=\"simple\">\n"
           "      <text-style fieldName=\"" + escape(field) + "\" isExpression=\"0\" fontSize=\"9\" fontWeight=\"75\" "
           "textColor=\"30,30,30,255\" textOpacity=\"1\" namedStyle=\"Bold\">\n"
           "        <text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.8\"/>\n"
           "      </text-style>\n"
           "      <placement placement=\"1\" dist=\"1.5\" distUnits=\"MM\" offsetType=\"0\" quadOffset=\"4\"/>\n"
           "      <rendering obstacle=\"1\" scaleVisibility=\"0\" drawLabels=\"1\"/>\n"
           "    </settings>\n"
           "  </labeling>\n";
}

std::string document(const std::string& renderer, const std::string& labeling) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" +
           std::string(labeling.empty() ? "0" : "1") + "\">\n" + renderer + labeling + "</qgis>\n";
}

template <typename SymbolFor>
std::string categorized(const std::string& field, const std::vector<StyleCategory>& categories, SymbolFor symbol) {
    std::string out = "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" + escape(field) +
                      "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
    for (std::size_t i = 0; i < categories.size(); ++i) {
        out += "      <category symbol=\"" + std::to_string(i) + "\" value=\"" + escape(categories[i].value) +
               "\" label=\"" + escape(categories[i].label) + "\" render=\"true\"/>\n";
    }
    out += "    </categories>\n  <symbols>\n";
    for (std::size_t i = 0; i < categories.size(); ++i) out += symbol(std::to_string(i), categories[i].color);
    out += "  </symbols>\n  </renderer-v2>\n";
    return out;
}

} // namespace

std::vector<Rgb> categorical_palette(std::size_t count) {
    static const Rgb okabe_ito[] = {{230, 159, 0}, {86, 180, 233}, {0, 158, 115}, {240, 228, 66},
                                    {0, 114, 178}, {213, 94, 0},   {204, 121, 167}, {153, 153, 153}};
    static const Rgb tol_muted[] = {{51, 34, 136},  {136, 204, 238}, {68, 170, 153}, {17, 119, 51},  {153, 153, 51},
                                    {221, 204, 119}, {204, 102, 119}, {136, 34, 85},  {170, 68, 153}};
    std::vector<Rgb> base(std::begin(okabe_ito), std::end(okabe_ito));
    base.insert(base.end(), std::begin(tol_muted), std::end(tol_muted));
    std::vector<Rgb> out;
    for (std::size_t i = 0; i < count; ++i) {
        Rgb c = base[i % base.size()];
        // Later rounds: the same hues, lightened, so neighbours stay distinguishable.
        const int round = static_cast<int>(i / base.size());
        for (int k = 0; k < round; ++k) c = {(c.r + 255) / 2, (c.g + 255) / 2, (c.b + 255) / 2};
        out.push_back(c);
    }
    return out;
}

std::string categorized_fill_style(const std::string& field, const std::vector<StyleCategory>& categories,
                                   double fill_opacity, const std::string& label_field) {
    return document(categorized(field, categories,
                                [&](const std::string& name, Rgb c) { return fill_symbol(name, c, fill_opacity, darker(c), 0.5); }),
                    labels(label_field));
}

std::string categorized_point_style(const std::string& field, const std::vector<StyleCategory>& categories,
                                    double size_mm) {
    return document(categorized(field, categories,
                                [&](const std::string& name, Rgb c) { return marker_symbol(name, c, "circle", size_mm); }),
                    "");
}

std::string categorized_line_style(const std::string& field, const std::vector<StyleCategory>& categories,
                                   double width_mm) {
    return document(
        categorized(field, categories, [&](const std::string& name, Rgb c) { return line_symbol(name, c, width_mm); }), "");
}

std::string labelled_marker_style(Rgb color, const std::string& label_field) {
    const std::string renderer = "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
                                 "  <symbols>\n" + marker_symbol("0", color, "star", 5.0) +
                                 "  </symbols>\n  </renderer-v2>\n";
    return document(renderer, labels(label_field));
}

std::string outline_style(Rgb color, double width_mm) {
    const std::string renderer = "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
                                 "  <symbols>\n" + fill_symbol("0", color, 0.0, color, width_mm) +
                                 "  </symbols>\n  </renderer-v2>\n";
    return document(renderer, "");
}

} // namespace revir::geo
