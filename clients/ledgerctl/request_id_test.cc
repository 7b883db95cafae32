#include "clients/ledgerctl/request_id.h"

#include <set>

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(FormatUuidV4, SetsVersionAndVariantBits) {
  std::array<uint8_t, 16> zeros{};
  EXPECT_EQ(FormatUuidV4(zeros), "00000000-0000-4000-8000-000000000000");
  std::array<uint8_t, 16> ones;
  ones.fill(0xff);
  EXPECT_EQ(FormatUuidV4(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

TEST(NewRequestId, IsAFreshWellFormedUuid) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<std::string> id = NewRequestId();
    ASSERT_TRUE(id.ok()) << id.status();
    ASSERT_EQ(id->size(), 36u);
    EXPECT_EQ((*id)[14], '4');
    EXPECT_NE(std::string("89ab").find((*id)[19]), std::string::npos) << *id;
    EXPECT_TRUE(seen.insert(*id).second) << "repeated " << *id;
  }
}

}  // namespace
}  // namespace ledgerctl
