#include "ledger/audit/projection_check.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/message_differencer.h"
#include "ledger/audit/progress.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_projection.h"

namespace ledger {
namespace {

using Kind = ProjectionKeyInfo::Kind;

std::string TouchedBy(const v1::Loan& loan) {
  return absl::StrCat("loan last touched by entry ", loan.last_sequence());
}

// " (loan last touched by entry N)", or "" when the row is not a loan's.
std::string LastTouched(const v1::Loan* loan) {
  return loan == nullptr ? "" : absl::StrCat(" (", TouchedBy(*loan), ")");
}

std::string DescribeHead(absl::string_view bytes) {
  absl::StatusOr<JournalHead> head = DecodeHead(bytes);
  if (!head.ok()) return "a malformed record";
  return absl::StrCat("entry ", head->sequence, " hash ", HexEncode(head->hash).substr(0, 16));
}

// Why a stored value differs from the replayed one, field by field where the row is a loan.
std::string WhyDifferent(const ProjectionRow& row, absl::string_view stored, const v1::Loan* loan) {
  const ProjectionKeyInfo info = DescribeProjectionKey(row.key);
  switch (info.kind) {
    case Kind::kLoan: {
      v1::Loan stored_loan;
      if (!stored_loan.ParseFromArray(stored.data(), static_cast<int>(stored.size()))) {
        return absl::StrCat(info.description, ": the stored value does not parse as a loan",
                            LastTouched(loan));
      }
      v1::Loan replayed_loan;
      replayed_loan.ParseFromString(row.value);
      std::string fields;
      google::protobuf::util::MessageDifferencer differencer;
      differencer.ReportDifferencesToString(&fields);
      if (differencer.Compare(stored_loan, replayed_loan)) {
        fields = "the same fields, encoded differently";
      }
      absl::StripTrailingAsciiWhitespace(&fields);
      return absl::StrCat(info.description, " differs from the replay (stored -> replayed",
                          loan == nullptr ? "" : "; ", loan == nullptr ? "" : TouchedBy(*loan),
                          "): ", absl::StrReplaceAll(fields, {{"\n", "; "}}));
    }
    case Kind::kJournalHead:
      return absl::StrCat("journal head record differs from the replay: stored ",
                          DescribeHead(stored), ", replayed ", DescribeHead(row.value));
    default:
      return absl::StrCat(info.description, " holds ", stored.size(),
                          " bytes where the replay holds none", LastTouched(loan));
  }
}

class Problems {
 public:
  explicit Problems(ProjectionComparison* result, size_t max) : result_(result), max_(max) {}
  void Add(uint64_t* counter, std::string problem) {
    ++*counter;
    if (result_->problems.size() < max_) result_->problems.push_back(std::move(problem));
  }

 private:
  ProjectionComparison* result_;
  size_t max_;
};

}  // namespace

absl::StatusOr<ProjectionComparison> CompareProjections(const Store& store, const ReadSnapshot* at,
                                                        const LoanReplay& replay,
                                                        size_t max_problems, std::ostream* progress,
                                                        uint64_t progress_every) {
  ProjectionComparison result;
  Problems problems(&result, max_problems);
  ProgressMeter meter(progress, progress_every, "projection rows compared");

  // Every expected row, looked up by key: missing and differing rows.
  uint64_t found = 0;
  absl::Status read_error;
  replay.ForEachRow([&](const ProjectionRow& row, const v1::Loan* loan) {
    if (!read_error.ok()) return;
    ++result.rows_expected;
    meter.Tick();
    absl::StatusOr<std::string> stored = store.Get(Family::kProjections, row.key, at);
    if (absl::IsNotFound(stored.status())) {
      problems.Add(
          &result.missing,
          absl::StrCat("missing: ", DescribeProjectionKey(row.key).description, LastTouched(loan)));
      return;
    }
    if (!stored.ok()) {
      read_error = stored.status();
      return;
    }
    ++found;
    if (*stored != row.value) problems.Add(&result.differing, WhyDifferent(row, *stored, loan));
  });
  if (!read_error.ok()) return read_error;

  // Stored rows beyond those found are extra. Counting needs no memory; naming them does.
  absl::Status scan = store.Scan(
      Family::kProjections, "", "",
      [&](absl::string_view, absl::string_view) {
        ++result.rows_stored;
        return true;
      },
      at);
  if (!scan.ok()) return scan;
  if (result.rows_stored == found) return result;
  absl::flat_hash_set<std::string> expected;
  replay.ForEachRow([&](const ProjectionRow& row, const v1::Loan*) { expected.insert(row.key); });
  scan = store.Scan(
      Family::kProjections, "", "",
      [&](absl::string_view key, absl::string_view) {
        if (expected.contains(key)) return true;
        const ProjectionKeyInfo info = DescribeProjectionKey(key);
        std::string whose;
        if (!info.loan_name.empty()) {
          const v1::Loan* loan = replay.FindLoan(info.loan_name);
          whose = loan != nullptr ? LastTouched(loan) : " (no journal entry created this loan)";
        }
        problems.Add(&result.extra, absl::StrCat("extra: ", info.description, whose));
        return true;
      },
      at);
  if (!scan.ok()) return scan;
  return result;
}

}  // namespace ledger
