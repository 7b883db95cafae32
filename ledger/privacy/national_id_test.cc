#include "ledger/privacy/national_id.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "ledger/base/error.h"
#include "ledger/base/sha256.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

// Check characters computed by hand with the GB 11643 weights.
constexpr char kValid[] = "11010519491231002X";
constexpr char kValidDigit[] = "440524188001010014";

TEST(NationalId, AcceptsValidNumbersAndUppercasesX) {
  EXPECT_EQ(*NormalizeNationalId("11010519491231002x", "national_id"), kValid);
  EXPECT_EQ(*NormalizeNationalId(kValidDigit, "national_id"), kValidDigit);
}

TEST(NationalId, RefusesWrongLengthCharactersAndCheckDigit) {
  for (const char* bad : {"11010519491231002", "110105194912310021", "1101051949123100XX",
                          "A1010519491231002X", "", "11010519491231002X0"}) {
    absl::Status status = NormalizeNationalId(bad, "national_id").status();
    EXPECT_EQ(ReasonOf(status), reason::kInvalidNationalId) << bad;
    EXPECT_EQ(FieldOf(status), "national_id");
  }
}

TEST(NationalId, MaskHidesBirthDateAndSequence) {
  EXPECT_EQ(MaskNationalId(kValid), "110105********002X");
}

TEST(PersonKeyer, KeyedHashIsStablePerKeyAndNotAPlainHash) {
  PersonKeyer keyer(std::string(32, 'k'));
  PersonKeyer other(std::string(32, 'q'));
  const std::string key = keyer.KeyOf(kValid);
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(keyer.KeyOf(kValid), key);
  EXPECT_NE(keyer.KeyOf(kValidDigit), key);
  EXPECT_NE(other.KeyOf(kValid), key);
  EXPECT_NE(Sha256().Digest(kValid), key);
}

TEST(PersonKeyer, LoadRefusesShortKeysAndKeysInsideTheDataDirectory) {
  const std::string dir = FreshTempDir("keyer");
  const std::string data_dir = dir + "/data";
  std::filesystem::create_directories(data_dir);
  std::ofstream(dir + "/identity.key") << std::string(32, 'k');
  std::ofstream(dir + "/short.key") << "short";
  std::ofstream(data_dir + "/identity.key") << std::string(32, 'k');
  absl::StatusOr<PersonKeyer> keyer = PersonKeyer::Load(dir + "/identity.key", data_dir);
  ASSERT_TRUE(keyer.ok()) << keyer.status();
  EXPECT_EQ(keyer->KeyOf(kValid), PersonKeyer(std::string(32, 'k')).KeyOf(kValid));
  EXPECT_FALSE(PersonKeyer::Load(dir + "/short.key", data_dir).ok());
  EXPECT_FALSE(PersonKeyer::Load(data_dir + "/identity.key", data_dir).ok());
  EXPECT_FALSE(PersonKeyer::Load(dir + "/missing.key", data_dir).ok());
}

TEST(PersonKeyer, ADataDirectoryStaysBoundToItsFirstKey) {
  const std::string data_dir = FreshTempDir("keyer_bind");
  std::filesystem::create_directories(data_dir);
  PersonKeyer original(std::string(32, 'k'));
  ASSERT_TRUE(original.BindTo(data_dir).ok());
  EXPECT_TRUE(original.BindTo(data_dir).ok());  // restart with the same key
  absl::Status other = PersonKeyer(std::string(32, 'q')).BindTo(data_dir);
  EXPECT_EQ(other.code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ledger
