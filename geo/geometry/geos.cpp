#include "geo/geometry/geos.hpp"

#include <algorithm>
#include <cstdarg>
#include <cmath>
#include <cstdio>

#include "geo/core/error.hpp"

namespace revir::geo {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_message, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_message(const char* message, void* self) {
    static_cast<GeosContext*>(self)->last_error_ = message != nullptr ? message : "";
}

std::string geos_in_words(const std::string& message) {
    static const std::pair<const char*, const char*> known[] = {
        {"do not form a closed linestring", "a ring does not end where it starts"},
        {"Invalid number of points in LinearRing", "a ring has fewer than four points (three corners and the closing one)"},
        {"TopologyException", "its boundary crosses itself in a way that cannot be repaired"},
        {"Points of LinearRing", "a ring's points are not a closed line"},
        {"NaN", "a coordinate is not a number"},
    };
    for (const auto& [pattern, words] : known) {
        if (message.find(pattern) != std::string::npos) return words;
    }
    const auto colon = message.find("Exception: ");
    return colon == std::string::npos ? message : message.substr(colon + 11);
}

GeosGeometry own(const GeosContext& context, GEOSGeometry* geometry, const char* what) {
    if (geometry == nullptr) throw Error(std::string("GEOS ") + what + " failed: " + geos_in_words(context.last_error()));
    return GeosGeometry(geometry, GeosGeometryDeleter{context.handle()});
}

GeosPrepared prepare(const GeosContext& context, const GEOSGeometry* geometry) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(context.handle(), geometry);
    if (p == nullptr) throw Error("GEOS prepare failed: " + context.last_error());
    return GeosPrepared(p, GeosPreparedDeleter{context.handle()});
}

GeosGeometry from_wkb(const GeosContext& context, std::span<const unsigned char> wkb) {
    GEOSWKBReader* reader = GEOSWKBReader_create_r(context.handle());
    GEOSGeometry* g = GEOSWKBReader_read_r(context.handle(), reader, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(context.handle(), reader);
    return own(context, g, "WKB reading");
}

std::vector<unsigned char> to_wkb(const GeosContext& context, const GEOSGeometry* geometry) {
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(context.handle());
    GEOSWKBWriter_setByteOrder_r(context.handle(), writer, GEOS_WKB_NDR);
    std::size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(context.handle(), writer, geometry, &size);
    GEOSWKBWriter_destroy_r(context.handle(), writer);
    if (bytes == nullptr) throw Error("GEOS WKB writing failed: " + context.last_error());
    std::vector<unsigned char> out(bytes, bytes + size);
    GEOSFree_r(context.handle(), bytes);
    return out;
}

GeosIndexTree::GeosIndexTree(const GeosContext& context, const std::vector<const GEOSGeometry*>& geometries)
    : context_(context), geometries_(geometries), items_(geometries.size()),
      tree_(GEOSSTRtree_create_r(context.handle(), 10)) {
    for (std::uint32_t i = 0; i < items_.size(); ++i) {
        items_[i] = i;
        GEOSSTRtree_insert_r(context.handle(), tree_, geometries[i], &items_[i]);
    }
}

GeosIndexTree::~GeosIndexTree() { GEOSSTRtree_destroy_r(context_.handle(), tree_); }

std::vector<std::uint32_t> GeosIndexTree::query(const GEOSGeometry* area) const {
    std::vector<std::uint32_t> found;
    GEOSSTRtree_query_r(
        context_.handle(), tree_, area,
        [](void* item, void* user) { static_cast<std::vector<std::uint32_t>*>(user)->push_back(*static_cast<std::uint32_t*>(item)); },
        &found);
    return found;
}

std::optional<std::uint32_t> GeosIndexTree::nearest_impl(std::uint32_t from, GEOSDistanceCallback callback, void* user) const {
    const void* found = GEOSSTRtree_nearest_generic_r(context_.handle(), tree_, &items_[from], geometries_[from], callback, user);
    if (found == nullptr) return std::nullopt;
    return *static_cast<const std::uint32_t*>(found);
}

double Envelope::distance(const Envelope& o) const {
    const double dx = std::max({0.0, o.min_x - max_x, min_x - o.max_x});
    const double dy = std::max({0.0, o.min_y - max_y, min_y - o.max_y});
    return std::hypot(dx, dy);
}

Envelope envelope(const GeosContext& context, const GEOSGeometry* geometry) {
    Envelope e{};
    GEOSGeom_getXMin_r(context.handle(), geometry, &e.min_x);
    GEOSGeom_getYMin_r(context.handle(), geometry, &e.min_y);
    GEOSGeom_getXMax_r(context.handle(), geometry, &e.max_x);
    GEOSGeom_getYMax_r(context.handle(), geometry, &e.max_y);
    return e;
}

namespace {
void collect_polygons(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(h, g)) out.push_back(GEOSGeom_clone_r(h, g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) collect_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}
} // namespace

GeosGeometry polygonal_part(const GeosContext& context, const GEOSGeometry* geometry) {
    const auto h = context.handle();
    std::vector<GEOSGeometry*> parts;
    collect_polygons(h, geometry, parts);
    return own(context,
               GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())),
               "collection");
}

} // namespace revir::geo
