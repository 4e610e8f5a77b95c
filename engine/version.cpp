#include "engine/version.hpp"

#ifndef REVIR_VERSION
#define REVIR_VERSION "unknown"
#endif

namespace revir::engine {

const char* version_string() { return "revir " REVIR_VERSION; }

} // namespace revir::engine
