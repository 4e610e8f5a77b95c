#pragma once
// An output folder that appears whole or not at all. Everything is written into a
// hidden staging folder beside it (.NAME.partial); commit() swaps it into place in
// one rename (the previous run's folder, if any, is then removed). A run that
// fails or is killed leaves the output folder as it was; the next run clears the
// stale staging folder. A lock (.NAME.lock, flock) keeps two runs from writing the
// same folder at once.
#include <string>

namespace revir::geo {

class StagedFolder {
public:
    /// Refuses an existing `path` that is not a folder, a non-empty folder whose
    /// `marker` file does not contain `marker_text` (it is not ours to replace), and
    /// a folder another process is writing.
    StagedFolder(std::string path, const std::string& marker, const std::string& marker_text);
    ~StagedFolder(); // removes the staging folder unless committed; releases the lock
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// Where to write: the staging folder.
    const std::string& staging() const { return staging_; }
    /// The final folder.
    const std::string& path() const { return path_; }
    /// Replaces the output folder with the staging folder (atomically where the
    /// file system can exchange two names; else old aside, new in, old removed);
    /// throws Error, keeping the staging folder, when it cannot.
    void commit();

private:
    std::string path_;
    std::string staging_;
    int lock_fd_ = -1;
    bool committed_ = false;
};

} // namespace revir::geo
