#pragma once
// Every output file appears whole or not at all: it is written under a unique
// hidden temporary name beside the target and renamed into place on commit(), so
// a failed, killed or concurrent run never leaves or reads a partial file.
#include <fstream>
#include <string>

namespace revir::geo {

class AtomicOutput {
public:
    /// Who creates the temporary file.
    enum class Temporary {
        /// Revir: an empty file .NAME.XXXXXX.tmp, made exclusively (O_EXCL), written
        /// through stream().
        file,
        /// A library that opens the file by name and refuses to overwrite one (GDAL),
        /// or infers the format from its extension: temporary() is NAME itself in a
        /// fresh private folder .NAME.XXXXXX.tmp, not yet created. Companion files the
        /// library writes beside it (a Shapefile's .shx, .dbf, …) are moved with it.
        library,
    };

    /// Throws InputError, naming `target` and the system's reason, when the folder
    /// is missing or not writable or `target` is a folder; Error otherwise.
    explicit AtomicOutput(std::string target, Temporary kind = Temporary::file);
    ~AtomicOutput(); // removes the temporary (and its folder) unless committed
    AtomicOutput(AtomicOutput&& other) noexcept;
    AtomicOutput& operator=(AtomicOutput&&) = delete;
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& target() const { return target_; }
    /// Where to write until commit().
    const std::string& temporary() const { return temporary_; }
    /// The temporary file, open for writing (binary); Temporary::file only.
    std::ostream& stream();

    /// Flushes the file to disk, renames it (companions first) over the target and
    /// syncs the folder; throws Error (InputError for a target it may not write)
    /// on failure. A single file leaves the target as it was; with companions (a
    /// Shapefile's .dbf, .shx) the renames are several steps, and a failure between
    /// them can leave new companions beside the old main file.
    void commit();
    bool committed() const { return committed_; }

private:
    void discard() noexcept;

    std::string target_;
    Temporary kind_;
    std::string folder_; // Temporary::library: the private folder
    std::string temporary_;
    std::ofstream out_;
    int fd_ = -1; // Temporary::file: the descriptor that created it, for fsync
    bool committed_ = false;
};

} // namespace revir::geo
