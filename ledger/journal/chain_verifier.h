// Verifies the journal's hash chain one stored record at a time, in key order.
//
// Used by the server's VerifyChain RPC and by the offline tools; it needs only the stored
// bytes, never the server's decoded state.
//
//   ChainVerifier verifier;                       // starts before entry 1
//   for (each (key, value) in the journal family, in order) {
//     absl::Status s = verifier.Add(key, value);
//     if (!s.ok()) { report verifier.bad_sequence() and s.message(); break; }
//   }
//   absl::Status head_ok = verifier.CheckHead(stored_head);   // catches a cut-off tail
#ifndef LEDGER_JOURNAL_CHAIN_VERIFIER_H_
#define LEDGER_JOURNAL_CHAIN_VERIFIER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/entry_codec.h"

namespace ledger {

class ChainVerifier {
 public:
  // Starts before entry 1.
  ChainVerifier();
  // Starts after an entry already trusted (to verify a range): the next record must be
  // last_sequence + 1 and must chain to last_hash.
  ChainVerifier(uint64_t last_sequence, std::string last_hash);

  // Checks the next stored record: its key is the next sequence number, it decodes, its own
  // sequence equals its key, it points at the previous hash, and its hash is the SHA-256 of
  // its canonical bytes. On failure returns DATA_LOSS and bad_sequence() says where.
  absl::Status Add(absl::string_view key, absl::string_view record);

  // The stored head must name the last record verified (detects removed trailing entries).
  absl::Status CheckHead(const JournalHead& head);

  uint64_t last_sequence() const { return last_sequence_; }
  const std::string& last_hash() const { return last_hash_; }
  uint64_t bad_sequence() const { return bad_sequence_; }

 private:
  absl::Status Fail(uint64_t sequence, std::string problem);

  uint64_t last_sequence_;
  std::string last_hash_;
  uint64_t bad_sequence_ = 0;
  Sha256 hasher_;
};

}  // namespace ledger

#endif  // LEDGER_JOURNAL_CHAIN_VERIFIER_H_
