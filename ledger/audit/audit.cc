#include "ledger/audit/audit.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/accounts/postings.h"
#include "ledger/audit/progress.h"
#include "ledger/audit/projection_check.h"
#include "ledger/audit/requests_check.h"
#include "ledger/audit/reversal_check.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/chain_verifier.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/model/ledger_replay.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

// "1 loan", "5 loans".
std::string Count(uint64_t n, absl::string_view noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

void Fail(CheckResult* check, uint64_t sequence, std::string summary) {
  check->outcome = CheckOutcome::kFailed;
  check->first_bad_sequence = sequence;
  check->summary = std::move(summary);
}

std::string Range(uint64_t through) {
  return through == 0 ? "no entries" : absl::StrCat("entries 1..", through);
}

// One pass over the journal: chain, balance, replay and request record, entry by entry. The
// pass stops at the first entry the chain rejects (nothing after it is part of a verified
// history) and when reading fails.
class JournalPass {
 public:
  JournalPass(const Store& store, const ReadSnapshot* at, AuditReport* report,
              const AuditOptions& options)
      : store_(store),
        at_(at),
        report_(report),
        options_(options),
        meter_(options.progress, options.progress_every, "journal entries checked"),
        requests_(store, at, options.max_problems_listed) {}

  // Returns false to stop the scan.
  bool Visit(absl::string_view key, absl::string_view record) {
    ++report_->entries;
    meter_.Tick();
    if (absl::Status s = chain_.Add(key, record); !s.ok()) {
      Fail(&report_->chain, chain_.bad_sequence(), std::string(s.message()));
      stopped_ = true;
      return false;
    }
    // The chain accepted it, so it decodes.
    absl::StatusOr<DecodedEntry> entry = DecodeEntry(record);
    if (options_.checkpoint != nullptr && entry->sequence == options_.checkpoint->sequence()) {
      checkpoint_entry_hash_ = entry->hash;
    }
    internal::EntryBody body;
    if (!body.ParseFromString(entry->body)) {
      if (!replay_failed_) {
        Fail(&report_->projections, entry->sequence,
             absl::StrCat("entry ", entry->sequence, ": the body does not parse"));
        replay_failed_ = true;
      }
      return true;
    }
    if (report_->balance.outcome != CheckOutcome::kFailed) {
      if (!body.event().postings().empty()) {
        ++entries_with_postings_;
        if (absl::Status s = CheckBalanced(body.event().postings()); !s.ok()) {
          Fail(&report_->balance, entry->sequence,
               absl::StrCat("entry ", entry->sequence, " does not balance: ", s.message()));
        }
      }
    }
    // Balanced is not enough for a reversal: its legs must be the ones it claims to undo, or
    // a rewritten reversal could move money anywhere. The entry it names is earlier, so it is
    // already verified; it is read again rather than kept, so memory does not grow.
    if (report_->balance.outcome != CheckOutcome::kFailed && body.event().has_entry_reversed()) {
      ++reversals_checked_;
      absl::StatusOr<std::string> problem =
          CheckReversal(store_, at_, entry->sequence, body.event());
      if (!problem.ok()) {
        read_error_ = problem.status();
        return false;
      }
      if (!problem->empty()) Fail(&report_->balance, entry->sequence, *std::move(problem));
    }
    if (!replay_failed_) {
      if (absl::Status s =
              replay_.Apply(entry->sequence, entry->hash, entry->commit_time_us, body.event());
          !s.ok()) {
        Fail(&report_->projections, entry->sequence,
             absl::StrCat("the journal does not replay: ", s.message()));
        replay_failed_ = true;
      }
    }
    // The record holds the loan and fund as this entry left them, which only the replay knows.
    if (!replay_failed_) {
      read_error_ =
          requests_.CheckEntry(entry->sequence, entry->commit_time_us, body, replay_.last_result());
      if (!read_error_.ok()) return false;
    }
    return true;
  }

  // Checks the stored head against the last entry verified (ChainVerifier::CheckHead).
  absl::Status CheckHead(const JournalHead& head) { return chain_.CheckHead(head); }
  uint64_t verified_through() const { return chain_.last_sequence(); }
  uint64_t head_bad_sequence() const { return chain_.bad_sequence(); }
  // True if the chain rejected an entry and the pass ended there.
  bool stopped() const { return stopped_; }
  // Not OK if a request record or a reversed entry could not be read: the pass ended there.
  const absl::Status& read_error() const { return read_error_; }
  const LedgerReplay& replay() const { return replay_; }
  RequestsCheck& requests() { return requests_; }
  bool replay_failed() const { return replay_failed_; }
  uint64_t entries_with_postings() const { return entries_with_postings_; }
  uint64_t reversals_checked() const { return reversals_checked_; }
  const std::string& checkpoint_entry_hash() const { return checkpoint_entry_hash_; }

 private:
  const Store& store_;
  const ReadSnapshot* const at_;
  AuditReport* const report_;
  const AuditOptions& options_;
  ProgressMeter meter_;
  ChainVerifier chain_;
  LedgerReplay replay_;
  RequestsCheck requests_;
  absl::Status read_error_;
  bool stopped_ = false;
  bool replay_failed_ = false;
  uint64_t entries_with_postings_ = 0;
  uint64_t reversals_checked_ = 0;
  std::string checkpoint_entry_hash_;
};

absl::StatusOr<std::string> HashOfEntry(const Store& store, const ReadSnapshot* at,
                                        uint64_t sequence) {
  if (sequence == 0) return GenesisHash();
  absl::StatusOr<std::string> record = store.Get(Family::kJournal, JournalKey(sequence), at);
  if (!record.ok()) return record.status();
  absl::StatusOr<DecodedEntry> entry = DecodeEntry(*record);
  if (!entry.ok()) return entry.status();
  return std::move(entry->hash);
}

// Checks the head record against the entries the pass verified. Returns whether those entries
// are intact: also when only the head record is wrong (missing, malformed, or naming an earlier
// entry by its right hash), a fault of the record rather than of the history, reported with
// no first bad sequence. A head naming entries that are gone, or an entry by a hash it does
// not have, is evidence against that entry, which is then named. An error only if reading
// fails.
absl::StatusOr<bool> FinishChain(const Store& store, const ReadSnapshot* at, JournalPass& pass,
                                 AuditReport* report) {
  CheckResult& check = report->chain;
  if (check.outcome == CheckOutcome::kFailed) return false;  // an entry broke the chain
  const uint64_t last = pass.verified_through();
  const std::string verified = absl::StrCat(Range(last), " verified; ");
  JournalHead head{0, GenesisHash()};  // what an empty journal has: no record yet
  absl::StatusOr<std::string> bytes = store.Get(Family::kProjections, kJournalHeadKey, at);
  if (bytes.ok()) {
    absl::StatusOr<JournalHead> decoded = DecodeHead(*bytes);
    if (!decoded.ok()) {
      // DecodeHead's message says no more than this.
      Fail(&check, 0, absl::StrCat(verified, "head record malformed"));
      return true;
    }
    head = *std::move(decoded);
  } else if (!absl::IsNotFound(bytes.status())) {
    return bytes.status();
  } else if (last > 0) {
    Fail(&check, 0, absl::StrCat(verified, "head record missing"));
    return true;
  }
  if (head.sequence < last) {
    absl::StatusOr<std::string> hash = HashOfEntry(store, at, head.sequence);
    if (!hash.ok()) return hash.status();
    if (*hash == head.hash) {
      Fail(&check, 0,
           absl::StrCat(verified, "head record says ", head.sequence, ", entries end at ", last));
      return true;
    }
    Fail(&check, head.sequence,
         absl::StrCat("entry ", head.sequence, ": the head record names it with hash ",
                      HexEncode(head.hash), " but its hash is ", HexEncode(*hash)));
    return false;
  }
  if (absl::Status s = pass.CheckHead(head); !s.ok()) {
    // Beyond the entries: some are gone. Same sequence, other hash: the last entry changed.
    Fail(&check, pass.head_bad_sequence(), std::string(s.message()));
    return false;
  }
  check.summary = absl::StrCat(verified, "head ", head.sequence, " ", HexEncode(head.hash));
  return true;
}

void FinishBalance(const JournalPass& pass, AuditReport* report) {
  if (report->balance.outcome == CheckOutcome::kFailed) return;
  const uint64_t through = pass.verified_through();
  const uint64_t reversals = pass.reversals_checked();
  if (pass.entries_with_postings() == 0 && reversals == 0) {
    report->balance.outcome = CheckOutcome::kNone;
    report->balance.summary =
        absl::StrCat("no entry carries postings: nothing to balance in ", Range(through));
    return;
  }
  report->balance.summary = absl::StrCat(pass.entries_with_postings(), " entries with postings in ",
                                         Range(through), " balance");
  if (reversals > 0) {
    absl::StrAppend(
        &report->balance.summary, "; ",
        reversals == 1
            ? "1 reversal undoes exactly the entry it names"
            : absl::StrCat(reversals, " reversals each undo exactly the entry they name"));
  }
}

absl::Status FinishProjections(const Store& store, const ReadSnapshot* at,
                               const AuditOptions& options, const JournalPass& pass, bool intact,
                               AuditReport* report) {
  CheckResult& check = report->projections;
  // A verified entry that does not replay is reported even if the chain breaks later.
  if (pass.replay_failed()) return absl::OkStatus();
  if (!intact) {
    check.outcome = CheckOutcome::kSkipped;
    check.summary = "the journal's chain is broken: a replay of it would prove nothing";
    return absl::OkStatus();
  }
  absl::StatusOr<ProjectionComparison> compared =
      CompareProjections(store, at, pass.replay(), options.max_problems_listed, options.progress,
                         options.progress_every);
  if (!compared.ok()) return compared.status();
  const std::string counts = absl::StrCat(
      compared->rows_expected, " rows of ", Count(pass.replay().loan_count(), "loan"), ", ",
      Count(pass.replay().fund_count(), "fund"), ", their accounts and the head replayed from ",
      Range(pass.replay().head().sequence));
  if (compared->ok()) {
    check.summary = absl::StrCat(counts, " equal the stored projections");
    return absl::OkStatus();
  }
  Fail(&check, 0,
       absl::StrCat("differ from a replay of the journal: ", compared->missing, " missing, ",
                    compared->extra, " extra, ", compared->differing, " different (", counts, "; ",
                    compared->rows_stored, " stored)"));
  check.problems = std::move(compared->problems);
  const uint64_t total = compared->missing + compared->extra + compared->differing;
  if (total > check.problems.size()) {
    check.problems.push_back(absl::StrCat("... and ", total - check.problems.size(), " more"));
  }
  return absl::OkStatus();
}

// Extra records are looked for only when every stored entry verified and replayed: the
// records of entries after a break cannot be told from extra ones. Records of entries that
// the head record says are gone are reported as extra (they name entries the journal lacks).
// The records already checked are reported either way.
absl::Status FinishRequests(const AuditOptions& options, JournalPass& pass, AuditReport* report) {
  CheckResult& check = report->requests;
  RequestsCheck& requests = pass.requests();
  std::string incomplete;
  if (pass.replay_failed()) {
    incomplete = absl::StrCat("the journal does not replay from entry ",
                              requests.result().entries_checked + 1,
                              ", so the loans and funds later records hold cannot be recomputed");
  } else if (pass.stopped()) {
    incomplete =
        absl::StrCat("the journal's chain is broken at entry ", report->chain.first_bad_sequence,
                     ", so later entries' records cannot be told from extra ones");
  } else {
    absl::Status s =
        requests.FindExtra(pass.verified_through(), options.progress, options.progress_every);
    if (!s.ok()) return s;
  }
  const RequestsComparison& result = requests.result();
  const std::string checked = Range(result.entries_checked);
  if (result.ok() && !incomplete.empty()) {
    check.outcome = CheckOutcome::kSkipped;
    check.summary = result.entries_checked == 0
                        ? incomplete
                        : absl::StrCat(incomplete, " (the records of ", checked, " match)");
    return absl::OkStatus();
  }
  if (result.ok()) {
    check.summary = absl::StrCat(
        result.records_stored, " records match ", checked,
        " (sequence, commit time, loan and fund as replayed), none extra; fingerprints cannot be "
        "recomputed offline");
    return absl::OkStatus();
  }
  Fail(&check, result.first_bad_sequence,
       absl::StrCat(
           "differ from the journal and its replay: ", result.missing, " missing, ", result.extra,
           " extra, ", result.differing, " different (records of ", checked, " checked; ",
           incomplete.empty() ? absl::StrCat(result.records_stored, " stored)")
                              : absl::StrCat("extra ones not looked for: ", incomplete, ")")));
  check.problems = result.problems;
  const uint64_t total = result.missing + result.extra + result.differing;
  if (total > check.problems.size()) {
    check.problems.push_back(absl::StrCat("... and ", total - check.problems.size(), " more"));
  }
  return absl::OkStatus();
}

void FinishCheckpoint(const AuditOptions& options, const JournalPass& pass, AuditReport* report) {
  CheckResult& check = report->checkpoint;
  const v1::SignedCheckpoint* checkpoint = options.checkpoint;
  if (checkpoint == nullptr) {
    check.outcome = CheckOutcome::kSkipped;
    check.summary = "no checkpoint given (--checkpoint)";
    return;
  }
  const uint64_t sequence = checkpoint->sequence();
  if (absl::Status s = options.checkpoint_verifier->Verify(*checkpoint); !s.ok()) {
    Fail(&check, 0,
         absl::StrCat("the checkpoint of entry ", sequence, " is not authentic: ", s.message()));
    return;
  }
  const uint64_t verified = pass.verified_through();
  if (sequence > verified && pass.stopped()) {
    Fail(&check, report->chain.first_bad_sequence,
         absl::StrCat("the entries up to the checkpoint's entry ", sequence,
                      " do not chain (broken at entry ", report->chain.first_bad_sequence,
                      "), so they are not the history the checkpoint signed"));
    return;
  }
  if (sequence > verified) {
    Fail(&check, verified + 1,
         absl::StrCat("the journal ends at entry ", verified, ", before the checkpoint's entry ",
                      sequence, ": entries it signed are gone"));
    return;
  }
  const std::string& hash = sequence == 0 ? GenesisHash() : pass.checkpoint_entry_hash();
  if (hash != checkpoint->head_hash()) {
    Fail(&check, sequence,
         absl::StrCat("entry ", sequence, " has hash ", HexEncode(hash),
                      " but the checkpoint signed ", HexEncode(checkpoint->head_hash()),
                      ": the history up to entry ", sequence,
                      " was rewritten after the checkpoint"));
    return;
  }
  check.summary =
      absl::StrCat("entry ", sequence, " has the hash signed at ",
                   google::protobuf::util::TimeUtil::ToString(checkpoint->time()), " by key ",
                   KeyFingerprint(options.checkpoint_verifier->public_key_der()));
}

const char* OutcomeName(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kOk:
      return "OK";
    case CheckOutcome::kFailed:
      return "FAILED";
    case CheckOutcome::kSkipped:
      return "SKIPPED";
    case CheckOutcome::kNone:
      return "NONE";
  }
  return "?";
}

}  // namespace

bool AuditReport::ok() const {
  for (const CheckResult* check : {&chain, &balance, &projections, &requests, &checkpoint}) {
    if (check->outcome == CheckOutcome::kFailed) return false;
  }
  return true;
}

uint64_t AuditReport::first_bad_sequence() const {
  uint64_t first = 0;
  for (const CheckResult* check : {&chain, &balance, &projections, &requests, &checkpoint}) {
    const uint64_t s = check->first_bad_sequence;
    if (check->outcome == CheckOutcome::kFailed && s != 0 && (first == 0 || s < first)) first = s;
  }
  return first;
}

absl::StatusOr<AuditReport> RunAudit(const Store& store, const AuditOptions& options) {
  if (options.checkpoint != nullptr && options.checkpoint_verifier == nullptr) {
    return absl::InvalidArgumentError("a checkpoint needs the public key it is checked with");
  }
  AuditReport report;
  report.chain.name = "chain";
  report.balance.name = "balance";
  report.projections.name = "projections";
  report.requests.name = "requests";
  report.checkpoint.name = "checkpoint";
  const std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  JournalPass pass(store, snapshot.get(), &report, options);
  absl::Status scan = store.Scan(
      Family::kJournal, "", "",
      [&pass](absl::string_view key, absl::string_view record) { return pass.Visit(key, record); },
      snapshot.get());
  if (!scan.ok()) return scan;
  if (!pass.read_error().ok()) return pass.read_error();
  absl::StatusOr<bool> intact = FinishChain(store, snapshot.get(), pass, &report);
  if (!intact.ok()) return intact.status();
  FinishBalance(pass, &report);
  absl::Status s = FinishProjections(store, snapshot.get(), options, pass, *intact, &report);
  if (!s.ok()) return s;
  s = FinishRequests(options, pass, &report);
  if (!s.ok()) return s;
  FinishCheckpoint(options, pass, &report);
  return report;
}

std::string FormatReport(const AuditReport& report) {
  std::string out;
  for (const CheckResult* check : {&report.chain, &report.balance, &report.projections,
                                   &report.requests, &report.checkpoint}) {
    absl::StrAppendFormat(&out, "%-12s %-8s", check->name, OutcomeName(check->outcome));
    if (check->outcome == CheckOutcome::kFailed && check->first_bad_sequence != 0) {
      absl::StrAppend(&out, "first bad sequence ", check->first_bad_sequence, ": ");
    }
    absl::StrAppend(&out, check->summary, "\n");
    for (const std::string& problem : check->problems) absl::StrAppend(&out, "    ", problem, "\n");
  }
  if (report.ok()) {
    absl::StrAppend(&out, "audit: OK (", report.entries, " journal entries)\n");
  } else if (report.first_bad_sequence() != 0) {
    absl::StrAppend(&out, "audit: FAILED; first bad sequence ", report.first_bad_sequence(), "\n");
  } else {
    absl::StrAppend(&out, "audit: FAILED\n");
  }
  return out;
}

}  // namespace ledger
