// Signed checkpoints of the journal. The server signs (sequence, head hash, time) with an
// Ed25519 key; a bank keeps the signed checkpoint and can later check the ledger against it
// (tools/audit --checkpoint). Each entry's hash covers the previous one, so one signed hash
// pins the whole history up to its sequence: a history rewritten afterwards, even with every
// hash recomputed, no longer reaches the signed hash. The signed bytes' grammar is at the top
// of checkpoint.cc and in docs/AUDIT.md. Keys are PEM files: the private key PKCS#8, the public
// key SubjectPublicKeyInfo (tools/checkpoint_key.sh makes both with the openssl command).
//
//   absl::StatusOr<std::unique_ptr<CheckpointSigner>> signer =
//       CheckpointSigner::FromPemFile("/etc/ledgerd/checkpoint.key");
//   absl::StatusOr<v1::SignedCheckpoint> checkpoint =
//       (*signer)->Sign(head.sequence, head.hash, absl::Now());
//   ...
//   absl::StatusOr<std::unique_ptr<CheckpointVerifier>> verifier =
//       CheckpointVerifier::FromPemFile("checkpoint.pub");        // the key the bank trusts
//   absl::Status ok = (*verifier)->Verify(*checkpoint);           // the signature only
#ifndef LEDGER_JOURNAL_CHECKPOINT_H_
#define LEDGER_JOURNAL_CHECKPOINT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/journal.pb.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace ledger {

// Separates checkpoint signatures from anything else the same key might ever sign.
inline constexpr char kCheckpointDomain[] = "microloan-ledger-checkpoint-v1";
inline constexpr size_t kEd25519SignatureBytes = 64;

// The bytes that are signed. REQUIRES: head_hash is 32 bytes.
std::string CheckpointSignedBytes(uint64_t sequence, absl::string_view head_hash, int64_t time_us);

// Signs with an Ed25519 private key. Thread-safe: Sign may be called concurrently.
class CheckpointSigner {
 public:
  // INVALID_ARGUMENT if the PEM is not an unencrypted Ed25519 private key.
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> FromPem(absl::string_view pem);
  // As FromPem (messages name the file); NOT_FOUND if the file cannot be read.
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> FromPemFile(const std::string& path);
  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

  // INVALID_ARGUMENT unless head_hash is 32 bytes. `time` is kept to whole microseconds.
  absl::StatusOr<v1::SignedCheckpoint> Sign(uint64_t sequence, absl::string_view head_hash,
                                            absl::Time time) const;

  const std::string& public_key_der() const { return public_key_der_; }

 private:
  CheckpointSigner(EVP_PKEY* key, std::string public_key_der)
      : key_(key), public_key_der_(std::move(public_key_der)) {}
  EVP_PKEY* key_;
  std::string public_key_der_;
};

// Verifies signatures with the Ed25519 public key the holder trusts (never with the key a
// checkpoint carries: anybody can sign with their own key).
class CheckpointVerifier {
 public:
  // INVALID_ARGUMENT if the PEM is not an Ed25519 public key (SubjectPublicKeyInfo).
  static absl::StatusOr<std::unique_ptr<CheckpointVerifier>> FromPem(absl::string_view pem);
  static absl::StatusOr<std::unique_ptr<CheckpointVerifier>> FromPemFile(const std::string& path);
  ~CheckpointVerifier();
  CheckpointVerifier(const CheckpointVerifier&) = delete;
  CheckpointVerifier& operator=(const CheckpointVerifier&) = delete;

  // OK if the checkpoint is well formed and its signature verifies with this key.
  // INVALID_ARGUMENT for a malformed checkpoint (hash not 32 bytes, bad time, signature not
  // 64 bytes); UNAUTHENTICATED if the signature does not verify (saying so if the checkpoint
  // names another key).
  absl::Status Verify(const v1::SignedCheckpoint& checkpoint) const;

  const std::string& public_key_der() const { return public_key_der_; }

 private:
  CheckpointVerifier(EVP_PKEY* key, std::string public_key_der)
      : key_(key), public_key_der_(std::move(public_key_der)) {}
  EVP_PKEY* key_;
  std::string public_key_der_;
};

// A new Ed25519 key pair as PEM text (private: PKCS#8, public: SubjectPublicKeyInfo), for
// tests; operators use tools/checkpoint_key.sh.
struct CheckpointKeyPair {
  std::string private_key_pem;
  std::string public_key_pem;
};
absl::StatusOr<CheckpointKeyPair> GenerateCheckpointKey();

// Short hex fingerprint of a public key (SHA-256 of its DER, first 16 hex digits), for
// messages.
std::string KeyFingerprint(absl::string_view public_key_der);

// A checkpoint as protobuf JSON (what `ledgerctl checkpoint` writes) and back.
// INVALID_ARGUMENT if the text is not a SignedCheckpoint.
absl::StatusOr<v1::SignedCheckpoint> ParseCheckpointJson(absl::string_view json);
absl::StatusOr<std::string> CheckpointToJson(const v1::SignedCheckpoint& checkpoint);

}  // namespace ledger

#endif  // LEDGER_JOURNAL_CHECKPOINT_H_
