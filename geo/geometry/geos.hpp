#pragma once
// RAII over the GEOS C API (reentrant `_r` calls): a context per owner, geometries
// as unique_ptrs that know their context, prepared geometries and WKB transfer.
// Algorithm code uses these types; no naked GEOSGeom_destroy_r elsewhere.
#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace revir::geo {

/// One GEOS context; not shared between threads.
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    /// The last message GEOS reported on this context.
    const std::string& last_error() const { return last_error_; }

private:
    static void on_message(const char* message, void* self);
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

struct GeosGeometryDeleter {
    GEOSContextHandle_t context = nullptr;
    void operator()(GEOSGeometry* g) const {
        if (g != nullptr) GEOSGeom_destroy_r(context, g);
    }
};
using GeosGeometry = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

struct GeosPreparedDeleter {
    GEOSContextHandle_t context = nullptr;
    void operator()(const GEOSPreparedGeometry* g) const {
        if (g != nullptr) GEOSPreparedGeom_destroy_r(context, g);
    }
};
using GeosPrepared = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

/// GEOS's message said for a user ("Points of LinearRing do not form a closed
/// linestring" → "a ring does not end where it starts"); others lose their
/// exception-class prefix.
std::string geos_in_words(const std::string& message);

/// Takes ownership of a geometry a GEOS call returned; throws Error naming `what`
/// (and GEOS's message in words) when the call failed and returned null.
GeosGeometry own(const GeosContext& context, GEOSGeometry* geometry, const char* what);
GeosPrepared prepare(const GeosContext& context, const GEOSGeometry* geometry);

/// An STR tree over geometries' envelopes whose items are indices 0 … n-1.
class GeosIndexTree {
public:
    GeosIndexTree(const GeosContext& context, const std::vector<const GEOSGeometry*>& geometries);
    ~GeosIndexTree();
    GeosIndexTree(const GeosIndexTree&) = delete;
    GeosIndexTree& operator=(const GeosIndexTree&) = delete;

    /// Indices whose envelope intersects `area`'s envelope.
    std::vector<std::uint32_t> query(const GEOSGeometry* area) const;
    /// The index minimising `distance(from, candidate)`, which must be at least the
    /// envelopes' distance; return a huge value to rule a candidate out, and check
    /// the winner (every candidate may have been ruled out).
    template <typename Distance>
    std::optional<std::uint32_t> nearest(std::uint32_t from, Distance distance) const;

private:
    std::optional<std::uint32_t> nearest_impl(std::uint32_t from, GEOSDistanceCallback callback, void* user) const;

    const GeosContext& context_;
    const std::vector<const GEOSGeometry*>& geometries_;
    std::vector<std::uint32_t> items_;
    GEOSSTRtree* tree_;
};

template <typename Distance>
std::optional<std::uint32_t> GeosIndexTree::nearest(std::uint32_t from, Distance distance) const {
    auto callback = [](const void* a, const void* b, double* result, void* user) -> int {
        *result = (*static_cast<Distance*>(user))(*static_cast<const std::uint32_t*>(a), *static_cast<const std::uint32_t*>(b));
        return 1;
    };
    return nearest_impl(from, callback, &distance);
}

/// Reads ISO WKB (as OGR writes it).
GeosGeometry from_wkb(const GeosContext& context, std::span<const unsigned char> wkb);
/// Writes ISO WKB (as OGR reads it).
std::vector<unsigned char> to_wkb(const GeosContext& context, const GEOSGeometry* geometry);

/// Bounding box of a non-empty geometry.
struct Envelope {
    double min_x, min_y, max_x, max_y;
    /// Distance between two boxes (0 when they overlap).
    double distance(const Envelope& other) const;
};
Envelope envelope(const GeosContext& context, const GEOSGeometry* geometry);

/// A copy of `geometry` holding only its polygonal parts (MakeValid may return
/// lines and points beside the polygons); an empty MultiPolygon when none is left.
GeosGeometry polygonal_part(const GeosContext& context, const GEOSGeometry* geometry);

} // namespace revir::geo
