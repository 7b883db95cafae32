#include "ledger/testing/power_loss_file_system.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ledger {
namespace {

// Paths as RocksDB builds them ("<db dir>/<file>"), with doubled and trailing slashes removed
// so that a file's directory compares equal to the name NewDirectory was given.
std::string Normalize(absl::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

absl::Status FromRocks(const rocksdb::IOStatus& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

}  // namespace

// Every call that changes the file goes through the file system's lock (Mutate, WriteFile,
// SyncFile), so that it fails once the power is cut and its effect is tracked.
class PowerLossFileSystem::TrackedFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  TrackedFile(std::unique_ptr<rocksdb::FSWritableFile> file, PowerLossFileSystem* fs,
              std::string name, std::shared_ptr<FileState> state)
      : FSWritableFileOwnerWrapper(std::move(file)),
        fs_(fs),
        name_(std::move(name)),
        state_(std::move(state)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
    return fs_->WriteFile(
        state_.get(), [&] { return target()->Append(data, options, debug); },
        [&](uint64_t size) { return size + data.size(); });
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* debug) override {
    return fs_->WriteFile(
        state_.get(), [&] { return target()->Append(data, options, info, debug); },
        [&](uint64_t size) { return size + data.size(); });
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* debug) override {
    return fs_->WriteFile(
        state_.get(), [&] { return target()->PositionedAppend(data, offset, options, debug); },
        [&](uint64_t size) { return std::max<uint64_t>(size, offset + data.size()); });
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* debug) override {
    return fs_->WriteFile(
        state_.get(),
        [&] { return target()->PositionedAppend(data, offset, options, info, debug); },
        [&](uint64_t size) { return std::max<uint64_t>(size, offset + data.size()); });
  }
  rocksdb::IOStatus Truncate(uint64_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
    return fs_->WriteFile(
        state_.get(), [&] { return target()->Truncate(size, options, debug); },
        [&](uint64_t) { return size; });
  }
  // Closing makes nothing durable. After the cut the real file is still closed (its
  // descriptor released), but the caller is told it failed.
  rocksdb::IOStatus Close(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->Mutate([&] { return target()->Close(options, debug); });
    if (!s.ok() && fs_->power_cut()) target()->Close(options, debug).PermitUncheckedError();
    return s;
  }
  rocksdb::IOStatus Flush(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    return fs_->Mutate([&] { return target()->Flush(options, debug); });
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* debug) override {
    return fs_->SyncFile(name_, state_.get(), [&] { return target()->Sync(options, debug); });
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    return fs_->SyncFile(name_, state_.get(), [&] { return target()->Fsync(options, debug); });
  }
  // Writeback without waiting for it: not a durability point, so not a sync point either.
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t bytes, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* debug) override {
    return fs_->Mutate([&] { return target()->RangeSync(offset, bytes, options, debug); });
  }
  rocksdb::IOStatus Allocate(uint64_t offset, uint64_t bytes, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
    return fs_->Mutate([&] { return target()->Allocate(offset, bytes, options, debug); });
  }

 private:
  PowerLossFileSystem* const fs_;
  const std::string name_;
  // Shared with files_ (which forgets it on delete or drop); the sizes are guarded by the
  // file system's mu_.
  const std::shared_ptr<FileState> state_;
};

class PowerLossFileSystem::TrackedDirectory : public rocksdb::FSDirectoryWrapper {
 public:
  TrackedDirectory(std::unique_ptr<rocksdb::FSDirectory> directory, PowerLossFileSystem* fs,
                   std::string name)
      : FSDirectoryWrapper(std::move(directory)), fs_(fs), name_(std::move(name)) {}

  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    return fs_->SyncDirectory(name_, [&] { return FSDirectoryWrapper::Fsync(options, debug); });
  }
  // RocksDB calls this one after renaming CURRENT and after creating SST files. On btrfs the
  // real implementation may fsync only the renamed file; here any call makes every name
  // change in the directory durable, as a full directory fsync does.
  rocksdb::IOStatus FsyncWithDirOptions(const rocksdb::IOOptions& options,
                                        rocksdb::IODebugContext* debug,
                                        const rocksdb::DirFsyncOptions& dir_options) override {
    return fs_->SyncDirectory(name_, [&] {
      return FSDirectoryWrapper::FsyncWithDirOptions(options, debug, dir_options);
    });
  }

 private:
  PowerLossFileSystem* const fs_;
  const std::string name_;
};

PowerLossFileSystem::PowerLossFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

const char* PowerLossFileSystem::SyncKindName(SyncKind kind) {
  switch (kind) {
    case SyncKind::kAny:
      return "any";
    case SyncKind::kWal:
      return "wal";
    case SyncKind::kSst:
      return "sst";
    case SyncKind::kManifest:
      return "manifest";
    case SyncKind::kDirectory:
      return "directory";
    case SyncKind::kOther:
      return "other";
  }
  return "unknown";
}

PowerLossFileSystem::SyncKind PowerLossFileSystem::KindOf(const std::string& name) {
  const std::string base = BaseNameOf(name);
  if (absl::EndsWith(base, ".log")) return SyncKind::kWal;
  if (absl::EndsWith(base, ".sst")) return SyncKind::kSst;
  if (absl::StartsWith(base, "MANIFEST-")) return SyncKind::kManifest;
  return SyncKind::kOther;
}

rocksdb::IOStatus PowerLossFileSystem::Mutate(const std::function<rocksdb::IOStatus()>& operation) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  return operation();
}

rocksdb::IOStatus PowerLossFileSystem::WriteFile(
    FileState* state, const std::function<rocksdb::IOStatus()>& write,
    const std::function<uint64_t(uint64_t)>& new_size) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  rocksdb::IOStatus s = write();
  // Even a failed write may have changed part of the file; track the larger size so that the
  // drop truncates whatever it left. A shrink only counts when it worked.
  const uint64_t after = new_size(state->size_bytes);
  if (s.ok() || after > state->size_bytes) state->size_bytes = after;
  state->synced_size_bytes = std::min(state->synced_size_bytes, state->size_bytes);
  return s;
}

bool PowerLossFileSystem::CountSyncAndMaybeCut(SyncKind kind, const std::string& name) {
  ++syncs_[static_cast<int>(SyncKind::kAny)];
  ++syncs_[static_cast<int>(kind)];
  const bool chosen_kind = cut_at_kind_ == SyncKind::kAny || cut_at_kind_ == kind;
  if (cut_at_sync_ > 0 && chosen_kind && syncs_[static_cast<int>(cut_at_kind_)] == cut_at_sync_) {
    power_cut_ = true;
    cut_kind_ = kind;
    cut_file_ = name;
    return true;
  }
  return false;
}

rocksdb::IOStatus PowerLossFileSystem::SyncFile(const std::string& name, FileState* state,
                                                const std::function<rocksdb::IOStatus()>& sync) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  if (CountSyncAndMaybeCut(KindOf(name), name)) {
    return rocksdb::IOStatus::IOError("power cut during sync");
  }
  rocksdb::IOStatus s = sync();
  if (s.ok()) {
    state->synced_size_bytes = state->size_bytes;
    state->ever_synced = true;
  }
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::SyncDirectory(
    const std::string& name, const std::function<rocksdb::IOStatus()>& sync) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  if (CountSyncAndMaybeCut(SyncKind::kDirectory, name)) {
    return rocksdb::IOStatus::IOError("power cut during directory fsync");
  }
  rocksdb::IOStatus s = sync();
  if (s.ok()) {
    const std::string directory = Normalize(name);
    name_changes_.erase(
        std::remove_if(name_changes_.begin(), name_changes_.end(),
                       [&](const NameChange& change) { return change.directory == directory; }),
        name_changes_.end());
  }
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::OpenTracked(const std::string& name, bool reopen,
                                                   const rocksdb::FileOptions& options,
                                                   std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                   rocksdb::IODebugContext* debug) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  const std::string path = Normalize(name);
  const bool existed = target()->FileExists(path, rocksdb::IOOptions(), debug).ok();
  uint64_t existing_bytes = 0;
  if (existed && reopen) {
    rocksdb::IOStatus s = target()->GetFileSize(path, rocksdb::IOOptions(), &existing_bytes, debug);
    if (!s.ok()) return s;
  }
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus s = reopen ? target()->ReopenWritableFile(path, options, &file, debug)
                               : target()->NewWritableFile(path, options, &file, debug);
  if (!s.ok()) return s;
  std::shared_ptr<FileState> state;
  auto tracked = files_.find(path);
  if (reopen && tracked != files_.end()) {
    state = tracked->second;
  } else {
    state = std::make_shared<FileState>();
    // A file reopened for appending keeps what it had: durable if it is not tracked (it was
    // there before this file system, or survived the last drop).
    state->size_bytes = existing_bytes;
    state->synced_size_bytes = existing_bytes;
    state->ever_synced = existing_bytes > 0;
    files_[path] = state;
  }
  if (!existed) {
    NameChange change;
    change.directory = DirectoryOf(path);
    change.target = path;
    name_changes_.push_back(std::move(change));
  }
  *result = std::make_unique<TrackedFile>(std::move(file), this, path, std::move(state));
  return rocksdb::IOStatus::OK();
}

rocksdb::IOStatus PowerLossFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* debug) {
  return OpenTracked(name, /*reopen=*/false, options, result, debug);
}

rocksdb::IOStatus PowerLossFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* debug) {
  return OpenTracked(name, /*reopen=*/true, options, result, debug);
}

rocksdb::IOStatus PowerLossFileSystem::ReuseWritableFile(const std::string& name,
                                                         const std::string& old_name,
                                                         const rocksdb::FileOptions&,
                                                         std::unique_ptr<rocksdb::FSWritableFile>*,
                                                         rocksdb::IODebugContext*) {
  return rocksdb::IOStatus::NotSupported(
      absl::StrCat("PowerLossFileSystem does not simulate reusing ", old_name, " as ", name));
}

rocksdb::IOStatus PowerLossFileSystem::NewRandomRWFile(const std::string& name,
                                                       const rocksdb::FileOptions&,
                                                       std::unique_ptr<rocksdb::FSRandomRWFile>*,
                                                       rocksdb::IODebugContext*) {
  return rocksdb::IOStatus::NotSupported(
      absl::StrCat("PowerLossFileSystem does not simulate random writes to ", name));
}

rocksdb::IOStatus PowerLossFileSystem::NewDirectory(const std::string& name,
                                                    const rocksdb::IOOptions& options,
                                                    std::unique_ptr<rocksdb::FSDirectory>* result,
                                                    rocksdb::IODebugContext* debug) {
  std::unique_ptr<rocksdb::FSDirectory> directory;
  rocksdb::IOStatus s = target()->NewDirectory(name, options, &directory, debug);
  if (!s.ok()) return s;
  *result = std::make_unique<TrackedDirectory>(std::move(directory), this, Normalize(name));
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::DeleteFile(const std::string& name,
                                                  const rocksdb::IOOptions& options,
                                                  rocksdb::IODebugContext* debug) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  rocksdb::IOStatus s = target()->DeleteFile(name, options, debug);
  if (!s.ok()) return s;
  // Deletions are durable at once (a simplification): nothing about the name is undone.
  const std::string path = Normalize(name);
  files_.erase(path);
  name_changes_.erase(
      std::remove_if(name_changes_.begin(), name_changes_.end(),
                     [&](const NameChange& change) { return change.target == path; }),
      name_changes_.end());
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::Truncate(const std::string& name, size_t size,
                                                const rocksdb::IOOptions& options,
                                                rocksdb::IODebugContext* debug) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  rocksdb::IOStatus s = target()->Truncate(name, size, options, debug);
  auto tracked = files_.find(Normalize(name));
  if (s.ok() && tracked != files_.end()) {
    tracked->second->size_bytes = size;
    tracked->second->synced_size_bytes =
        std::min<uint64_t>(tracked->second->synced_size_bytes, size);
  }
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::RenameFile(const std::string& source,
                                                  const std::string& target_name,
                                                  const rocksdb::IOOptions& options,
                                                  rocksdb::IODebugContext* debug) {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return rocksdb::IOStatus::IOError("power cut");
  const std::string from = Normalize(source);
  const std::string to = Normalize(target_name);
  NameChange change;
  change.directory = DirectoryOf(to);
  change.source = from;
  change.target = to;
  // Renaming over a file (CURRENT, OPTIONS) replaces it; undoing the rename must bring back
  // what was durable of it, so keep that before it is gone.
  if (target()->FileExists(to, options, debug).ok()) {
    change.replaced = true;
    rocksdb::IOStatus s = rocksdb::ReadFileToString(target(), to, &change.replaced_contents);
    if (!s.ok()) return s;
    auto tracked = files_.find(to);
    if (tracked != files_.end() &&
        change.replaced_contents.size() > tracked->second->synced_size_bytes) {
      change.replaced_contents.resize(tracked->second->synced_size_bytes);
    }
  }
  rocksdb::IOStatus s = target()->RenameFile(from, to, options, debug);
  if (!s.ok()) return s;
  files_.erase(to);
  auto moved = files_.find(from);
  if (moved != files_.end()) {
    files_[to] = moved->second;
    files_.erase(moved);
  }
  name_changes_.push_back(std::move(change));
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::LinkFile(const std::string& source,
                                                const std::string& target_name,
                                                const rocksdb::IOOptions& options,
                                                rocksdb::IODebugContext* debug) {
  // Not simulated (the new name is taken as durable); the store links files only for
  // checkpoints, which the power-loss test does not take.
  return Mutate([&] { return target()->LinkFile(source, target_name, options, debug); });
}

rocksdb::IOStatus PowerLossFileSystem::CreateDir(const std::string& name,
                                                 const rocksdb::IOOptions& options,
                                                 rocksdb::IODebugContext* debug) {
  return Mutate([&] { return target()->CreateDir(name, options, debug); });
}

rocksdb::IOStatus PowerLossFileSystem::CreateDirIfMissing(const std::string& name,
                                                          const rocksdb::IOOptions& options,
                                                          rocksdb::IODebugContext* debug) {
  return Mutate([&] { return target()->CreateDirIfMissing(name, options, debug); });
}

void PowerLossFileSystem::CutPower() {
  absl::MutexLock lock(&mu_);
  if (power_cut_) return;
  power_cut_ = true;
  cut_kind_ = SyncKind::kAny;
  cut_file_.clear();
}

void PowerLossFileSystem::CutPowerAtSync(int n, SyncKind kind) {
  absl::MutexLock lock(&mu_);
  cut_at_sync_ = n;
  cut_at_kind_ = kind;
}

bool PowerLossFileSystem::power_cut() const {
  absl::MutexLock lock(&mu_);
  return power_cut_;
}

int PowerLossFileSystem::syncs(SyncKind kind) const {
  absl::MutexLock lock(&mu_);
  return syncs_[static_cast<int>(kind)];
}

PowerLossFileSystem::SyncKind PowerLossFileSystem::cut_kind() const {
  absl::MutexLock lock(&mu_);
  return cut_kind_;
}

std::string PowerLossFileSystem::cut_file() const {
  absl::MutexLock lock(&mu_);
  return cut_file_;
}

bool PowerLossFileSystem::GetFileState(const std::string& name, FileState* state) const {
  absl::MutexLock lock(&mu_);
  auto tracked = files_.find(Normalize(name));
  if (tracked == files_.end()) return false;
  *state = *tracked->second;
  return true;
}

absl::Status PowerLossFileSystem::DropUnsyncedData() {
  absl::MutexLock lock(&mu_);
  const rocksdb::IOOptions options;
  // 1. File contents: everything after the last successful sync is gone. (Renamed files are
  // tracked under their new name, so the order against step 2 does not matter.)
  for (const auto& [path, state] : files_) {
    uint64_t size_bytes = 0;
    rocksdb::IOStatus s = target()->GetFileSize(path, options, &size_bytes, nullptr);
    if (s.IsNotFound() || s.IsPathNotFound()) continue;
    if (!s.ok()) return FromRocks(s, absl::StrCat("sizing ", path));
    if (size_bytes > state->synced_size_bytes) {
      // Directly: the default file system does not implement FileSystem::Truncate.
      std::error_code error;
      std::filesystem::resize_file(path, state->synced_size_bytes, error);
      if (error)
        return absl::InternalError(absl::StrCat("truncating ", path, ": ", error.message()));
    }
  }
  // 2. Names: undo, newest first, every create and rename no directory fsync made durable.
  // Newest first matters: "create tmp, rename tmp over CURRENT" must move CURRENT's new
  // contents back to tmp (restoring the old CURRENT) before tmp itself is removed.
  for (auto change = name_changes_.rbegin(); change != name_changes_.rend(); ++change) {
    const bool present = target()->FileExists(change->target, options, nullptr).ok();
    if (!present) continue;  // deleted since (deletions are durable)
    if (change->source.empty()) {
      rocksdb::IOStatus s = target()->DeleteFile(change->target, options, nullptr);
      if (!s.ok()) return FromRocks(s, absl::StrCat("removing ", change->target));
      continue;
    }
    rocksdb::IOStatus s = target()->RenameFile(change->target, change->source, options, nullptr);
    if (!s.ok()) return FromRocks(s, absl::StrCat("renaming back ", change->target));
    if (change->replaced) {
      s = rocksdb::WriteStringToFile(target(), change->replaced_contents, change->target,
                                     /*should_sync=*/true);
      if (!s.ok()) return FromRocks(s, absl::StrCat("restoring ", change->target));
    }
  }
  // 3. The power is back: what is on disk now is all durable.
  files_.clear();
  name_changes_.clear();
  power_cut_ = false;
  cut_at_sync_ = 0;
  cut_at_kind_ = SyncKind::kAny;
  return absl::OkStatus();
}

}  // namespace ledger
