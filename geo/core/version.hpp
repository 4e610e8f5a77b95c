#pragma once
// The planning engine (territory design, realignment, visit planning) builds on
// routing and geo. For now it holds the product's version, shared by every tool.
namespace revir {

/// "revir 0.1.0", for outputs and manifests.
const char* version_string();

} // namespace revir
