#pragma once
// Writes an output file through a temporary file beside it that is renamed into
// place on commit(), so a failed or interrupted run never leaves a partial file.
#include <fstream>
#include <string>

namespace revir::geo {

class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile(); // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ostream& stream() { return out_; }
    /// Flushes, closes and renames into place; throws Error on failure.
    void commit();

private:
    std::string path_;
    std::string temporary_;
    std::ofstream out_;
    bool committed_ = false;
};

} // namespace revir::geo
