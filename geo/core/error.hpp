#pragma once
// Revir's exception hierarchy. Build and I/O failures throw; expected outcomes
// (no route, a point too far from any road) are return values, not exceptions.
#include <stdexcept>
#include <string>

namespace revir {

/// Base of every error Revir reports to a user.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A user's input is wrong: missing file, bad record, unknown field. The message
/// names the file and the record.
class InputError : public Error {
public:
    using Error::Error;
};

/// A binary file Revir wrote is damaged, truncated or of another format version.
class FileFormatError : public Error {
public:
    using Error::Error;
};

/// A graceful stop (geo/core/interrupt.hpp) came while work that has nothing to
/// keep yet was running (the road graph's import or hierarchy): it stops there,
/// and nothing is written.
class Interrupted : public Error {
public:
    using Error::Error;
};

/// The constraints admit no plan (or the search found none); outputs were still
/// written, with the best plan found, so that the user can see why.
class NoFeasiblePlan : public Error {
public:
    using Error::Error;
};
} // namespace revir
