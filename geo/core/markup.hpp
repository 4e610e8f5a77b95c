#pragma once
// Text inside XML and HTML (QGIS styles, the plan report).
#include <string>

namespace revir::geo {

/// Escapes & < > " ' for element text and attribute values.
inline std::string escape_markup(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace revir::geo
