#pragma once
// Every output file appears whole or not at all: it is written under a unique
// hidden temporary name beside the target and renamed into place on commit(), so
// a failed, killed or concurrent run never leaves or reads a partial file.
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

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

/// A file a user named, and how they named it ("--points", "-o"), for messages.
struct NamedPath {
    std::string what;
    std::string path;
};

/// Refuses (InputError) an output whose extension is none of `extensions` (".gpkg"),
/// e.g. a GeoPackage written under a .geojson name: "-o u.geojson: a GeoPackage is
/// written here; name it .gpkg".
void require_extension(const NamedPath& output, std::initializer_list<const char*> extensions, const std::string& format);

/// Refuses (InputError) an input that lies inside `folder`, an output folder that
/// is replaced as a whole: the input would go with it.
void refuse_inputs_inside(const NamedPath& folder, const std::vector<NamedPath>& inputs);

/// The outputs of one command: all appear or none does, and none is an input.
/// reserve() each output first, before the long work (a folder that cannot be
/// written fails there, and an output that is the same file as an input, through
/// links or other spellings, or two outputs that are one file, are refused); write
/// each to the path reserve() returned; commit() moves them all into place. Until
/// then nothing the user can see has changed, and the destructor removes every
/// temporary. All temporaries are complete and on disk before the first rename.
class OutputSet {
public:
    explicit OutputSet(std::vector<NamedPath> inputs);

    /// Where to write `output` until commit(): a path of the same file name in a
    /// private folder beside the target, so that libraries that infer the format
    /// from the name (GDAL), or write companions (a Shapefile's .dbf), work unchanged.
    std::string reserve(const NamedPath& output);

    void commit();

private:
    std::vector<NamedPath> inputs_;
    std::vector<NamedPath> reserved_;
    std::vector<AtomicOutput> outputs_;
};

} // namespace revir::geo
