#pragma once
// QGIS layer styles (QML documents) for the plan GeoPackage: categorized fills,
// markers and lines with a colour-blind-safe palette, and labels. Stored in the
// GeoPackage's layer_styles table, QGIS applies them when it opens the file.
#include <string>
#include <vector>

namespace revir::geo {

struct Rgb {
    int r, g, b;
};

/// `count` distinct colours, colour-blind safe: the Okabe–Ito set first, then
/// Paul Tol's muted set, then the same hues lightened.
std::vector<Rgb> categorical_palette(std::size_t count);

struct StyleCategory {
    std::string value; // attribute value
    std::string label; // legend text
    Rgb color;
};

/// Polygons filled per category, with a darker outline of the same hue.
std::string categorized_fill_style(const std::string& field, const std::vector<StyleCategory>& categories,
                                   double fill_opacity, const std::string& label_field = "");
/// Points as circles per category.
std::string categorized_point_style(const std::string& field, const std::vector<StyleCategory>& categories,
                                    double size_mm);
/// Lines per category (routes per day).
std::string categorized_line_style(const std::string& field, const std::vector<StyleCategory>& categories,
                                   double width_mm);
/// One marker (a star) for every point, labelled with `label_field`.
std::string labelled_marker_style(Rgb color, const std::string& label_field);
/// Thin outlines without fill (for units under the territories).
std::string outline_style(Rgb color, double width_mm);

} // namespace revir::geo
