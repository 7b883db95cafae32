#include "ledger/journal/checkpoint.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

#include "gtest/gtest.h"

namespace ledger {
namespace {

const std::string kHash(32, '\x5a');
const absl::Time kTime = absl::FromUnixMicros(1'719'720'000'123'456);

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<CheckpointKeyPair> pair = GenerateCheckpointKey();
    ASSERT_TRUE(pair.ok()) << pair.status();
    keys_ = *pair;
    absl::StatusOr<std::unique_ptr<CheckpointSigner>> signer =
        CheckpointSigner::FromPem(keys_.private_key_pem);
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::move(*signer);
    absl::StatusOr<std::unique_ptr<CheckpointVerifier>> verifier =
        CheckpointVerifier::FromPem(keys_.public_key_pem);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::move(*verifier);
  }

  v1::SignedCheckpoint Signed() {
    absl::StatusOr<v1::SignedCheckpoint> checkpoint = signer_->Sign(42, kHash, kTime);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    return checkpoint.ok() ? *checkpoint : v1::SignedCheckpoint();
  }

  CheckpointKeyPair keys_;
  std::unique_ptr<CheckpointSigner> signer_;
  std::unique_ptr<CheckpointVerifier> verifier_;
};

TEST(CheckpointBytesTest, FollowTheGrammar) {
  const std::string bytes = CheckpointSignedBytes(0x0102, kHash, -2);
  ASSERT_EQ(bytes.size(), 30u + 1 + 8 + 32 + 8);
  EXPECT_EQ(bytes.substr(0, 31), std::string("microloan-ledger-checkpoint-v1\0", 31));
  EXPECT_EQ(bytes.substr(31, 8), std::string("\x02\x01\0\0\0\0\0\0", 8));
  EXPECT_EQ(bytes.substr(39, 32), kHash);
  EXPECT_EQ(bytes.substr(71), std::string("\xfe\xff\xff\xff\xff\xff\xff\xff", 8));
}

TEST_F(CheckpointTest, SignedCheckpointVerifiesWithTheTrustedKey) {
  v1::SignedCheckpoint checkpoint = Signed();
  EXPECT_EQ(checkpoint.sequence(), 42u);
  EXPECT_EQ(checkpoint.head_hash(), kHash);
  EXPECT_EQ(checkpoint.time().seconds(), 1'719'720'000);
  EXPECT_EQ(checkpoint.time().nanos(), 123'456'000);
  EXPECT_EQ(checkpoint.signature().size(), kEd25519SignatureBytes);
  EXPECT_EQ(checkpoint.public_key_der(), verifier_->public_key_der());
  EXPECT_EQ(signer_->public_key_der(), verifier_->public_key_der());
  EXPECT_TRUE(verifier_->Verify(checkpoint).ok()) << verifier_->Verify(checkpoint);
}

TEST_F(CheckpointTest, AnyChangedFieldFailsVerification) {
  v1::SignedCheckpoint changed = Signed();
  changed.set_sequence(41);
  EXPECT_EQ(verifier_->Verify(changed).code(), absl::StatusCode::kUnauthenticated);
  changed = Signed();
  changed.mutable_head_hash()->back() ^= 1;
  EXPECT_EQ(verifier_->Verify(changed).code(), absl::StatusCode::kUnauthenticated);
  changed = Signed();
  changed.mutable_time()->set_nanos(changed.time().nanos() + 1000);
  EXPECT_EQ(verifier_->Verify(changed).code(), absl::StatusCode::kUnauthenticated);
  changed = Signed();
  (*changed.mutable_signature())[0] ^= 1;
  EXPECT_EQ(verifier_->Verify(changed).code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(CheckpointTest, ASignatureByAnotherKeyIsRefusedAndNamed) {
  absl::StatusOr<CheckpointKeyPair> other = GenerateCheckpointKey();
  ASSERT_TRUE(other.ok());
  auto other_signer = CheckpointSigner::FromPem(other->private_key_pem);
  ASSERT_TRUE(other_signer.ok());
  absl::StatusOr<v1::SignedCheckpoint> forged = (*other_signer)->Sign(42, kHash, kTime);
  ASSERT_TRUE(forged.ok());
  absl::Status refused = verifier_->Verify(*forged);
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(refused.message().find("the checkpoint names key " +
                                   KeyFingerprint((*other_signer)->public_key_der())),
            absl::string_view::npos)
      << refused;
}

TEST_F(CheckpointTest, MalformedCheckpointsAreInvalid) {
  v1::SignedCheckpoint bad = Signed();
  bad.set_head_hash("short");
  EXPECT_EQ(verifier_->Verify(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = Signed();
  bad.mutable_time()->set_nanos(1);  // not whole microseconds: two times, one signed value
  EXPECT_EQ(verifier_->Verify(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = Signed();
  bad.set_signature("x");
  EXPECT_EQ(verifier_->Verify(bad).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(signer_->Sign(1, "short", kTime).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CheckpointTest, OnlyEd25519PemKeysAreAccepted) {
  EXPECT_EQ(CheckpointSigner::FromPem("not a key").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckpointVerifier::FromPem(keys_.private_key_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckpointSigner::FromPem(keys_.public_key_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  ASSERT_NE(ec, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* data = nullptr;
  const std::string ec_pem(data, BIO_get_mem_data(bio, &data));
  BIO_free(bio);
  EVP_PKEY_free(ec);
  absl::Status not_ed25519 = CheckpointSigner::FromPem(ec_pem).status();
  EXPECT_EQ(not_ed25519.message(), "the checkpoint key must be an Ed25519 key");
  absl::Status missing = CheckpointSigner::FromPemFile("/nonexistent/checkpoint.key").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "cannot read /nonexistent/checkpoint.key");
}

TEST_F(CheckpointTest, JsonRoundTrips) {
  v1::SignedCheckpoint checkpoint = Signed();
  absl::StatusOr<std::string> json = CheckpointToJson(checkpoint);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_NE(json->find("\"headHash\""), std::string::npos) << *json;
  absl::StatusOr<v1::SignedCheckpoint> parsed = ParseCheckpointJson(*json);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->SerializeAsString(), checkpoint.SerializeAsString());
  EXPECT_TRUE(verifier_->Verify(*parsed).ok());
  EXPECT_EQ(ParseCheckpointJson("{\"sequence\": \"1\", \"bogus\": 2}").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCheckpointJson("not json").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger
