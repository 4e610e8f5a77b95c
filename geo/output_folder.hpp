#pragma once
// An output folder that appears whole or not at all. Everything is written into a
// hidden staging folder beside it (.NAME.partial); commit() swaps it into place in
// one rename (the previous run's folder, if any, is then removed). A run that
// fails or is killed leaves the output folder as it was; the next run clears the
// stale staging folder.
#include <string>

namespace revir::geo {

class StagedFolder {
public:
    /// Refuses an existing `path` that is not a folder, or a non-empty folder that
    /// holds no `marker` file (it is not ours to replace).
    StagedFolder(std::string path, std::string marker);
    ~StagedFolder(); // removes the staging folder unless committed
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// Where to write: the staging folder.
    const std::string& staging() const { return staging_; }
    /// The final folder.
    const std::string& path() const { return path_; }
    /// `name` inside the staging folder.
    std::string file(const std::string& name) const;
    /// Atomically replaces the output folder with the staging folder; throws Error.
    void commit();

private:
    std::string path_;
    std::string staging_;
    bool committed_ = false;
};

} // namespace revir::geo
