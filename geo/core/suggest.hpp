#pragma once
// "Did you mean …?" for names a user typed: configuration keys, field names.
#include <string>
#include <vector>

namespace revir::geo {

/// The candidate closest to `name` (case-insensitive edit distance), or "" when
/// none is close enough to be a likely typo.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

} // namespace revir::geo
