#include "geo/core/version.hpp"

#ifndef REVIR_VERSION
#define REVIR_VERSION "unknown"
#endif

namespace revir {

const char* version_string() { return "revir " REVIR_VERSION; }

} // namespace revir
