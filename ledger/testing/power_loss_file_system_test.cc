#include "ledger/testing/power_loss_file_system.h"

#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

using SyncKind = PowerLossFileSystem::SyncKind;

class PowerLossFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("power_loss_fs");
    std::filesystem::create_directories(dir_);
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::unique_ptr<rocksdb::FSWritableFile> Create(const std::string& name) {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus s = fs_->NewWritableFile(Path(name), rocksdb::FileOptions(), &file, nullptr);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return file;
  }

  rocksdb::IOStatus Append(rocksdb::FSWritableFile* file, const std::string& data) {
    return file->Append(data, rocksdb::IOOptions(), nullptr);
  }
  rocksdb::IOStatus Sync(rocksdb::FSWritableFile* file) {
    return file->Sync(rocksdb::IOOptions(), nullptr);
  }
  rocksdb::IOStatus Close(rocksdb::FSWritableFile* file) {
    return file->Close(rocksdb::IOOptions(), nullptr);
  }

  rocksdb::IOStatus FsyncDirectory() {
    std::unique_ptr<rocksdb::FSDirectory> directory;
    rocksdb::IOStatus s = fs_->NewDirectory(dir_, rocksdb::IOOptions(), &directory, nullptr);
    if (!s.ok()) return s;
    return directory->Fsync(rocksdb::IOOptions(), nullptr);
  }

  // The file's contents on the real disk, or "<missing>".
  std::string Contents(const std::string& name) const {
    if (!std::filesystem::exists(Path(name))) return "<missing>";
    std::string data;
    rocksdb::IOStatus s =
        rocksdb::ReadFileToString(rocksdb::FileSystem::Default().get(), Path(name), &data);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return data;
  }

  std::string dir_;
  std::shared_ptr<PowerLossFileSystem> fs_ = std::make_shared<PowerLossFileSystem>();
};

TEST_F(PowerLossFileSystemTest, UnsyncedDataIsGone) {
  std::unique_ptr<rocksdb::FSWritableFile> file = Create("data");
  ASSERT_TRUE(FsyncDirectory().ok());  // the name is durable, the data is not
  ASSERT_TRUE(Append(file.get(), "never synced").ok());
  ASSERT_TRUE(Close(file.get()).ok());  // closing is not syncing
  EXPECT_EQ(Contents("data"), "never synced");

  fs_->CutPower();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_EQ(Contents("data"), "");
}

TEST_F(PowerLossFileSystemTest, SyncedDataIsKeptAndTheTailDropped) {
  std::unique_ptr<rocksdb::FSWritableFile> file = Create("data");
  ASSERT_TRUE(Append(file.get(), "durable").ok());
  ASSERT_TRUE(Sync(file.get()).ok());
  ASSERT_TRUE(FsyncDirectory().ok());
  ASSERT_TRUE(Append(file.get(), "+lost").ok());
  PowerLossFileSystem::FileState state;
  ASSERT_TRUE(fs_->GetFileState(Path("data"), &state));
  EXPECT_EQ(state.size_bytes, 12u);
  EXPECT_EQ(state.synced_size_bytes, 7u);
  EXPECT_TRUE(state.ever_synced);

  fs_->CutPower();
  file.reset();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_EQ(Contents("data"), "durable");
}

TEST_F(PowerLossFileSystemTest, FileCreatedSinceTheLastDirectoryFsyncVanishes) {
  std::unique_ptr<rocksdb::FSWritableFile> file = Create("new");
  ASSERT_TRUE(Append(file.get(), "synced data, unsynced name").ok());
  ASSERT_TRUE(Sync(file.get()).ok());
  ASSERT_TRUE(Close(file.get()).ok());

  fs_->CutPower();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_EQ(Contents("new"), "<missing>");
}

TEST_F(PowerLossFileSystemTest, RenameOverAFileIsUndoneWithoutDirectoryFsync) {
  // RocksDB's CURRENT pattern: write a temp file, sync it, rename it over CURRENT, fsync the
  // directory. Cut before the directory fsync: the old CURRENT is back, the temp file gone.
  std::unique_ptr<rocksdb::FSWritableFile> current = Create("CURRENT");
  ASSERT_TRUE(Append(current.get(), "MANIFEST-000001\n").ok());
  ASSERT_TRUE(Sync(current.get()).ok());
  ASSERT_TRUE(Close(current.get()).ok());
  ASSERT_TRUE(FsyncDirectory().ok());

  std::unique_ptr<rocksdb::FSWritableFile> temp = Create("000009.dbtmp");
  ASSERT_TRUE(Append(temp.get(), "MANIFEST-000008\n").ok());
  ASSERT_TRUE(Sync(temp.get()).ok());
  ASSERT_TRUE(Close(temp.get()).ok());
  ASSERT_TRUE(
      fs_->RenameFile(Path("000009.dbtmp"), Path("CURRENT"), rocksdb::IOOptions(), nullptr).ok());
  EXPECT_EQ(Contents("CURRENT"), "MANIFEST-000008\n");

  fs_->CutPower();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_EQ(Contents("CURRENT"), "MANIFEST-000001\n");
  EXPECT_EQ(Contents("000009.dbtmp"), "<missing>");
}

TEST_F(PowerLossFileSystemTest, RenameIsKeptAfterDirectoryFsync) {
  std::unique_ptr<rocksdb::FSWritableFile> temp = Create("000009.dbtmp");
  ASSERT_TRUE(Append(temp.get(), "MANIFEST-000008\n").ok());
  ASSERT_TRUE(Sync(temp.get()).ok());
  ASSERT_TRUE(Close(temp.get()).ok());
  ASSERT_TRUE(
      fs_->RenameFile(Path("000009.dbtmp"), Path("CURRENT"), rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(FsyncDirectory().ok());

  fs_->CutPower();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_EQ(Contents("CURRENT"), "MANIFEST-000008\n");
  EXPECT_EQ(Contents("000009.dbtmp"), "<missing>");
}

TEST_F(PowerLossFileSystemTest, EverythingFailsAfterThePowerIsCut) {
  std::unique_ptr<rocksdb::FSWritableFile> file = Create("data");
  ASSERT_TRUE(Append(file.get(), "before").ok());
  ASSERT_TRUE(Sync(file.get()).ok());
  ASSERT_TRUE(FsyncDirectory().ok());
  fs_->CutPower();
  EXPECT_TRUE(fs_->power_cut());

  EXPECT_TRUE(Append(file.get(), "after").IsIOError());
  EXPECT_TRUE(Sync(file.get()).IsIOError());
  EXPECT_TRUE(file->Flush(rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_TRUE(FsyncDirectory().IsIOError());
  std::unique_ptr<rocksdb::FSWritableFile> other;
  EXPECT_TRUE(
      fs_->NewWritableFile(Path("other"), rocksdb::FileOptions(), &other, nullptr).IsIOError());
  EXPECT_TRUE(
      fs_->RenameFile(Path("data"), Path("moved"), rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_TRUE(fs_->DeleteFile(Path("data"), rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_EQ(Contents("data"), "before");  // nothing reached the disk
  EXPECT_EQ(Contents("other"), "<missing>");

  file.reset();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_FALSE(fs_->power_cut());
  EXPECT_EQ(Contents("data"), "before");
}

TEST_F(PowerLossFileSystemTest, CutAtTheNthSyncFailsThatSync) {
  std::unique_ptr<rocksdb::FSWritableFile> wal = Create("000004.log");
  std::unique_ptr<rocksdb::FSWritableFile> manifest = Create("MANIFEST-000005");
  ASSERT_TRUE(FsyncDirectory().ok());  // sync 1 (directory)
  fs_->CutPowerAtSync(2, SyncKind::kWal);

  ASSERT_TRUE(Append(manifest.get(), "edit").ok());
  ASSERT_TRUE(Sync(manifest.get()).ok());  // a manifest sync: not counted by the WAL filter
  ASSERT_TRUE(Append(wal.get(), "one").ok());
  ASSERT_TRUE(Sync(wal.get()).ok());  // first WAL sync
  ASSERT_TRUE(Append(wal.get(), "two").ok());
  EXPECT_FALSE(fs_->power_cut());
  EXPECT_TRUE(Sync(wal.get()).IsIOError());  // second WAL sync: the cut
  EXPECT_TRUE(fs_->power_cut());
  EXPECT_EQ(fs_->cut_kind(), SyncKind::kWal);
  EXPECT_EQ(fs_->cut_file(), Path("000004.log"));
  EXPECT_EQ(fs_->syncs(), 4);
  EXPECT_EQ(fs_->syncs(SyncKind::kWal), 2);
  EXPECT_EQ(fs_->syncs(SyncKind::kManifest), 1);
  EXPECT_EQ(fs_->syncs(SyncKind::kDirectory), 1);

  wal.reset();
  manifest.reset();
  ASSERT_EQ(fs_->DropUnsyncedData(), absl::OkStatus());
  EXPECT_EQ(Contents("000004.log"), "one");  // the failed sync made "two" durable
  EXPECT_EQ(Contents("MANIFEST-000005"), "edit");
}

}  // namespace
}  // namespace ledger
