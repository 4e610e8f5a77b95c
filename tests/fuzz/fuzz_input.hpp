#pragma once
// What every libFuzzer target here shares. Revir's readers take paths, as users
// give them, so an input is written to a file of its own first; a refusal
// (revir::Error, the answer to most inputs) is the expected outcome, and anything
// else — a crash, a sanitizer report, another exception escaping — is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "geo/core/error.hpp"

namespace revir::fuzz {

/// The fuzz input as a file named input<suffix> in this process's own folder
/// (under $TMPDIR), rewritten for every input; the folder goes at exit.
const std::string& input_file(const std::uint8_t* data, std::size_t size, const std::string& suffix);

/// The process's own folder, for companion files a reader needs.
const std::string& work_folder();

/// Runs `read`; Revir's own errors are refusals, everything else escapes.
template <typename F>
void refusals_allowed(F&& read) {
    try {
        read();
    } catch (const revir::Error&) {
    }
}

} // namespace revir::fuzz
