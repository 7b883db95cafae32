// Signed checkpoint format.
//
//   signed_bytes   := "microloan-ledger-checkpoint-v1" 0x00   30 ASCII bytes and a terminator:
//                                                             domain separation
//                     sequence:le64                           the entry the checkpoint pins;
//                                                             0 for an empty journal
//                     head_hash:32                            that entry's hash (SHA-256 of its
//                                                             canonical bytes); 32 x 0x00 for 0
//                     time_us:le64                            signed µs since 1970-01-01T00:00:00Z
//   signature      := Ed25519(private_key, signed_bytes)      64 bytes, RFC 8032 pure Ed25519
//   public_key_der := SubjectPublicKeyInfo DER of the signer's key (informational: verifiers
//                     use the key they trust, never this one)
//
// The fixed-length fields after a fixed prefix make the encoding unambiguous. The JSON form
// (SignedCheckpoint in protobuf JSON) carries the same fields; time is a Timestamp whose
// nanoseconds must be whole microseconds, so that it maps to exactly one time_us.
#include "ledger/journal/checkpoint.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/base/sha256.h"

namespace ledger {
namespace {

using google::protobuf::util::TimeUtil;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// OpenSSL's first queued error, and an empty queue afterwards.
std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

// Never prompt on a terminal for a passphrase: an encrypted key is refused instead.
int NoPassphrase(char*, int, int, void*) { return -1; }

Bio MemoryBio(absl::string_view bytes) {
  return Bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

absl::StatusOr<std::string> PublicKeyDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return absl::InternalError(absl::StrCat("i2d_PUBKEY: ", OpenSslError()));
  std::string out(reinterpret_cast<char*>(der), length);
  OPENSSL_free(der);
  return out;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return text.str();
}

absl::Status NameFile(const absl::Status& status, const std::string& path) {
  return absl::Status(status.code(), absl::StrCat(path, ": ", status.message()));
}

void PutLe64(std::string* out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// The checkpoint's time as whole microseconds, or INVALID_ARGUMENT.
absl::StatusOr<int64_t> TimeUs(const v1::SignedCheckpoint& checkpoint) {
  const google::protobuf::Timestamp& time = checkpoint.time();
  if (time.seconds() < TimeUtil::kTimestampMinSeconds ||
      time.seconds() > TimeUtil::kTimestampMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999'999'999 || time.nanos() % 1000 != 0) {
    return absl::InvalidArgumentError("the checkpoint's time is not a valid whole-µs timestamp");
  }
  return TimeUtil::TimestampToMicroseconds(time);
}

}  // namespace

std::string CheckpointSignedBytes(uint64_t sequence, absl::string_view head_hash, int64_t time_us) {
  std::string out(kCheckpointDomain, sizeof(kCheckpointDomain));  // with its 0x00
  PutLe64(&out, sequence);
  out.append(head_hash.data(), head_hash.size());
  PutLe64(&out, static_cast<uint64_t>(time_us));
  return out;
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::FromPem(absl::string_view pem) {
  Bio bio = MemoryBio(pem);
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("not an unencrypted PEM private key: ", OpenSslError()));
  }
  if (!EVP_PKEY_is_a(key.get(), "ED25519")) {
    return absl::InvalidArgumentError("the checkpoint key must be an Ed25519 key");
  }
  absl::StatusOr<std::string> der = PublicKeyDer(key.get());
  if (!der.ok()) return der.status();
  return std::unique_ptr<CheckpointSigner>(new CheckpointSigner(key.release(), std::move(*der)));
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::FromPemFile(
    const std::string& path) {
  absl::StatusOr<std::string> pem = ReadFile(path);
  if (!pem.ok()) return pem.status();
  absl::StatusOr<std::unique_ptr<CheckpointSigner>> signer = FromPem(*pem);
  if (!signer.ok()) return NameFile(signer.status(), path);
  return signer;
}

CheckpointSigner::~CheckpointSigner() { EVP_PKEY_free(key_); }

absl::StatusOr<v1::SignedCheckpoint> CheckpointSigner::Sign(uint64_t sequence,
                                                            absl::string_view head_hash,
                                                            absl::Time time) const {
  if (head_hash.size() != kSha256Bytes) {
    return absl::InvalidArgumentError("a checkpoint's head hash is 32 bytes");
  }
  v1::SignedCheckpoint checkpoint;
  checkpoint.set_sequence(sequence);
  checkpoint.set_head_hash(std::string(head_hash));
  const int64_t time_us = absl::ToUnixMicros(time);
  *checkpoint.mutable_time() = TimeUtil::MicrosecondsToTimestamp(time_us);
  const std::string message = CheckpointSignedBytes(sequence, head_hash, time_us);
  // A context per call: the key is shared read-only, which OpenSSL allows across threads.
  MdCtx ctx(EVP_MD_CTX_new());
  unsigned char signature[kEd25519SignatureBytes];
  size_t length = sizeof(signature);
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return absl::InternalError(absl::StrCat("signing the checkpoint: ", OpenSslError()));
  }
  checkpoint.set_signature(reinterpret_cast<char*>(signature), length);
  checkpoint.set_public_key_der(public_key_der_);
  return checkpoint;
}

absl::StatusOr<std::unique_ptr<CheckpointVerifier>> CheckpointVerifier::FromPem(
    absl::string_view pem) {
  Bio bio = MemoryBio(pem);
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a PEM public key (BEGIN PUBLIC KEY): ", OpenSslError()));
  }
  if (!EVP_PKEY_is_a(key.get(), "ED25519")) {
    return absl::InvalidArgumentError("the checkpoint public key must be an Ed25519 key");
  }
  absl::StatusOr<std::string> der = PublicKeyDer(key.get());
  if (!der.ok()) return der.status();
  return std::unique_ptr<CheckpointVerifier>(
      new CheckpointVerifier(key.release(), std::move(*der)));
}

absl::StatusOr<std::unique_ptr<CheckpointVerifier>> CheckpointVerifier::FromPemFile(
    const std::string& path) {
  absl::StatusOr<std::string> pem = ReadFile(path);
  if (!pem.ok()) return pem.status();
  absl::StatusOr<std::unique_ptr<CheckpointVerifier>> verifier = FromPem(*pem);
  if (!verifier.ok()) return NameFile(verifier.status(), path);
  return verifier;
}

CheckpointVerifier::~CheckpointVerifier() { EVP_PKEY_free(key_); }

absl::Status CheckpointVerifier::Verify(const v1::SignedCheckpoint& checkpoint) const {
  if (checkpoint.head_hash().size() != kSha256Bytes) {
    return absl::InvalidArgumentError("the checkpoint's head hash is not 32 bytes");
  }
  if (checkpoint.signature().size() != kEd25519SignatureBytes) {
    return absl::InvalidArgumentError("the checkpoint's signature is not 64 bytes");
  }
  absl::StatusOr<int64_t> time_us = TimeUs(checkpoint);
  if (!time_us.ok()) return time_us.status();
  const std::string message =
      CheckpointSignedBytes(checkpoint.sequence(), checkpoint.head_hash(), *time_us);
  MdCtx ctx(EVP_MD_CTX_new());
  if (ctx == nullptr || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_) != 1) {
    return absl::InternalError(absl::StrCat("verifying the checkpoint: ", OpenSslError()));
  }
  const int verified = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(checkpoint.signature().data()),
      checkpoint.signature().size(), reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  ERR_clear_error();  // a failed verification queues an error nobody needs
  if (verified == 1) return absl::OkStatus();
  std::string why = "the signature does not verify with the trusted public key";
  if (!checkpoint.public_key_der().empty() && checkpoint.public_key_der() != public_key_der_) {
    absl::StrAppend(&why, " (the checkpoint names key ",
                    KeyFingerprint(checkpoint.public_key_der()), ", the trusted key is ",
                    KeyFingerprint(public_key_der_), ")");
  }
  return absl::UnauthenticatedError(why);
}

absl::StatusOr<CheckpointKeyPair> GenerateCheckpointKey() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  Bio private_bio(BIO_new(BIO_s_mem()));
  Bio public_bio(BIO_new(BIO_s_mem()));
  if (key == nullptr || private_bio == nullptr || public_bio == nullptr ||
      PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key.get()) != 1) {
    return absl::InternalError(absl::StrCat("generating an Ed25519 key: ", OpenSslError()));
  }
  auto text = [](BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return std::string(data, length);
  };
  return CheckpointKeyPair{text(private_bio.get()), text(public_bio.get())};
}

std::string KeyFingerprint(absl::string_view public_key_der) {
  return HexEncode(Sha256().Digest(public_key_der)).substr(0, 16);
}

absl::StatusOr<v1::SignedCheckpoint> ParseCheckpointJson(absl::string_view json) {
  v1::SignedCheckpoint checkpoint;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &checkpoint, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a SignedCheckpoint in protobuf JSON: ", status.ToString()));
  }
  return checkpoint;
}

absl::StatusOr<std::string> CheckpointToJson(const v1::SignedCheckpoint& checkpoint) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(checkpoint, &json, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot print the checkpoint as JSON: ", status.ToString()));
  }
  return json;
}

}  // namespace ledger
