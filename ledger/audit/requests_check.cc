#include "ledger/audit/requests_check.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/audit/progress.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/entry_codec.h"

namespace ledger {
namespace {

// "bank:B001, request p1". Escaped: the ids come from the files being audited.
std::string Who(absl::string_view principal, absl::string_view request_id) {
  return absl::StrCat(absl::CHexEscape(principal), ", request ", absl::CHexEscape(request_id));
}

std::string WhoByKey(absl::string_view key) {
  const size_t zero = key.find('\0');
  if (zero == absl::string_view::npos) return absl::StrCat("key ", absl::CHexEscape(key));
  return Who(key.substr(0, zero), key.substr(zero + 1));
}

// What the commit path (LedgerEngine::ApplyOne) writes for the entry, keeping the stored
// fingerprint: it cannot be recomputed offline.
internal::RequestRecord Expected(const internal::RequestRecord& stored, uint64_t sequence,
                                 int64_t commit_time_us, const internal::CommandResult& after) {
  internal::RequestRecord expected;
  expected.set_fingerprint(stored.fingerprint());
  internal::CommandResult* result = expected.mutable_result();
  *result = after;
  result->set_sequence(sequence);
  *result->mutable_commit_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(commit_time_us);
  return expected;
}

// "modified: result.sequence: 8 -> 7; ...", stored first.
std::string FieldDifferences(const internal::RequestRecord& stored,
                             const internal::RequestRecord& expected) {
  std::string fields;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&fields);
  if (differencer.Compare(stored, expected)) return "the same fields, encoded differently";
  absl::StripTrailingAsciiWhitespace(&fields);
  return absl::StrReplaceAll(fields, {{"\n", "; "}});
}

}  // namespace

void RequestsCheck::Add(uint64_t* counter, uint64_t sequence, std::string problem) {
  ++*counter;
  if (sequence != 0 && result_.first_bad_sequence == 0) result_.first_bad_sequence = sequence;
  if (result_.problems.size() < max_problems_) result_.problems.push_back(std::move(problem));
}

absl::Status RequestsCheck::CheckEntry(uint64_t sequence, int64_t commit_time_us,
                                       const internal::EntryBody& body,
                                       const internal::CommandResult& after) {
  ++result_.entries_checked;
  const std::string key = RequestRecordKey(body.principal(), body.request_id());
  const std::string what = absl::StrCat("request record of entry ", sequence, " (",
                                        Who(body.principal(), body.request_id()), ")");
  absl::StatusOr<std::string> stored = store_.Get(Family::kRequests, key, at_);
  if (absl::IsNotFound(stored.status())) {
    Add(&result_.missing, sequence, absl::StrCat("missing: ", what));
    return absl::OkStatus();
  }
  if (!stored.ok()) return stored.status();
  internal::RequestRecord record;
  if (!record.ParseFromString(*stored)) {
    misplaced_.insert(key);
    Add(&result_.differing, sequence, absl::StrCat(what, ": does not parse"));
    return absl::OkStatus();
  }
  // Found under this entry's key but naming another entry: FindExtra must not call it extra.
  if (record.result().sequence() != sequence) misplaced_.insert(key);

  std::vector<std::string> why;
  const internal::RequestRecord expected = Expected(record, sequence, commit_time_us, after);
  if (*stored != expected.SerializeAsString()) {
    why.push_back(absl::StrCat("differs (stored -> expected from the journal and the replay): ",
                               FieldDifferences(record, expected)));
  }
  if (record.fingerprint().size() != kSha256Bytes) {
    why.push_back(absl::StrCat("has a fingerprint of ", record.fingerprint().size(),
                               " bytes, not a SHA-256's ", kSha256Bytes));
  }
  if (!why.empty()) {
    Add(&result_.differing, sequence, absl::StrCat(what, " ", absl::StrJoin(why, "; and ")));
  }
  return absl::OkStatus();
}

absl::Status RequestsCheck::FindExtra(uint64_t last_sequence, std::ostream* progress,
                                      uint64_t progress_every) {
  ProgressMeter meter(progress, progress_every, "request records checked");
  absl::Status read_error;
  // The entry `sequence` names its own record's key: looked up, not remembered.
  auto key_of_entry = [&](uint64_t sequence) -> absl::StatusOr<std::string> {
    absl::StatusOr<std::string> record = store_.Get(Family::kJournal, JournalKey(sequence), at_);
    if (!record.ok()) return record.status();
    absl::StatusOr<DecodedEntry> entry = DecodeEntry(*record);
    if (!entry.ok()) return entry.status();
    internal::EntryBody body;
    if (!body.ParseFromString(entry->body)) {
      return absl::DataLossError(absl::StrCat("entry ", sequence, ": the body does not parse"));
    }
    return RequestRecordKey(body.principal(), body.request_id());
  };
  absl::Status scan = store_.Scan(
      Family::kRequests, "", "",
      [&](absl::string_view key, absl::string_view value) {
        ++result_.records_stored;
        meter.Tick();
        if (misplaced_.contains(key)) return true;
        const std::string what =
            absl::StrCat("extra: request record (", WhoByKey(key), ") that no journal entry made");
        internal::RequestRecord record;
        if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          Add(&result_.extra, 0, absl::StrCat(what, "; it does not parse"));
          return true;
        }
        const uint64_t named = record.result().sequence();
        if (named == 0 || named > last_sequence) {
          Add(&result_.extra, 0,
              absl::StrCat(what, "; it names entry ", named, ", which the journal does not have"));
          return true;
        }
        absl::StatusOr<std::string> owner = key_of_entry(named);
        if (!owner.ok()) {
          read_error = owner.status();
          return false;
        }
        if (*owner == key) return true;
        Add(&result_.extra, 0,
            absl::StrCat(what, "; it names entry ", named, " (", WhoByKey(*owner), ")"));
        return true;
      },
      at_);
  if (!scan.ok()) return scan;
  return read_error;
}

}  // namespace ledger
