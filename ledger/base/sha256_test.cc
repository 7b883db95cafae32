#include "ledger/base/sha256.h"

#include "gtest/gtest.h"

namespace ledger {
namespace {

TEST(Sha256, KnownVectors) {
  Sha256 hasher;
  EXPECT_EQ(HexEncode(hasher.Digest("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(hasher.Digest("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, ContextReuseDoesNotLeakStateBetweenDigests) {
  Sha256 hasher;
  const std::string first = hasher.Digest("abc");
  hasher.Digest("something else entirely");
  EXPECT_EQ(hasher.Digest("abc"), first);
  EXPECT_EQ(hasher.Digest2("ab", "c"), first);
  EXPECT_EQ(first.size(), kSha256Bytes);
}

}  // namespace
}  // namespace ledger
