#include "ledger/audit/projection_check.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/message_differencer.h"
#include "ledger/accounts/account_projection.h"
#include "ledger/audit/progress.h"
#include "ledger/base/sha256.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/guarantee/fund_projection.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/model/entry_apply.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/policy_projection.h"
#include "ledger/subsidy/repeat_loans.h"

namespace ledger {
namespace {

using Kind = ProjectionKeyInfo::Kind;

std::string TouchedBy(const v1::Loan& loan) {
  return absl::StrCat("loan last touched by entry ", loan.last_sequence());
}

// " (loan last touched by entry N)", or "" when the row is not a loan's.
std::string LastTouched(const std::optional<v1::Loan>& loan) {
  return !loan ? "" : absl::StrCat(" (", TouchedBy(*loan), ")");
}

// What a key is, for any row of the projections family.
std::string Describe(absl::string_view key) {
  for (std::string description :
       {DescribeAccountKey(key), DescribeFundKey(key), DescribeReversalKey(key),
        DescribePolicyKey(key), DescribeClaimKey(key), DescribeRepeatLoanKey(key),
        DescribeCohortKey(key)}) {
    if (!description.empty()) return description;
  }
  return DescribeProjectionKey(key).description;
}

// The replayed loan a row belongs to, if it is a loan's row.
std::optional<v1::Loan> LoanOfRow(const LedgerReplay& replay, absl::string_view key) {
  const ProjectionKeyInfo info = DescribeProjectionKey(key);
  if (info.loan_name.empty()) return std::nullopt;
  return replay.FindLoan(info.loan_name);
}

std::string DescribeHead(absl::string_view bytes) {
  absl::StatusOr<JournalHead> head = DecodeHead(bytes);
  if (!head.ok()) return "a malformed record";
  return absl::StrCat("entry ", head->sequence, " hash ", HexEncode(head->hash).substr(0, 16));
}

// Why a stored value differs from the replayed one, field by field where the row is a loan.
// "modified: balance.amount_fen: 7 -> 8; ..." (stored first), or why the stored bytes are not
// a `Message` at all.
template <typename Message>
std::string FieldDifferences(absl::string_view stored, const std::string& replayed) {
  Message stored_message;
  if (!stored_message.ParseFromArray(stored.data(), static_cast<int>(stored.size()))) {
    return absl::StrCat("the stored value does not parse as ", Message::descriptor()->full_name());
  }
  Message replayed_message;
  replayed_message.ParseFromString(replayed);
  std::string fields;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&fields);
  if (differencer.Compare(stored_message, replayed_message)) {
    return "the same fields, encoded differently";
  }
  absl::StripTrailingAsciiWhitespace(&fields);
  return absl::StrReplaceAll(fields, {{"\n", "; "}});
}

// Why a stored value differs from the replayed one, field by field where the row is a message.
std::string WhyDifferent(const ProjectionRow& row, absl::string_view stored,
                         const std::optional<v1::Loan>& loan) {
  const ProjectionKeyInfo info = DescribeProjectionKey(row.key);
  if (info.kind == Kind::kJournalHead) {
    return absl::StrCat("journal head record differs from the replay: stored ",
                        DescribeHead(stored), ", replayed ", DescribeHead(row.value));
  }
  std::string fields;
  if (info.kind == Kind::kLoan) {
    fields = FieldDifferences<v1::Loan>(stored, row.value);
  } else if (absl::StartsWith(row.key, "acct/")) {
    fields = FieldDifferences<v1::AccountBalance>(stored, row.value);
  } else if (absl::StartsWith(row.key, "acctkind/")) {
    fields = FieldDifferences<v1::KindTotal>(stored, row.value);
  } else if (absl::StartsWith(row.key, "post/")) {
    fields = FieldDifferences<internal::StoredPosting>(stored, row.value);
  } else if (absl::StartsWith(row.key, "fund/")) {
    fields = FieldDifferences<v1::GuaranteeFund>(stored, row.value);
  } else if (absl::StartsWith(row.key, "subsidy_policy/")) {
    fields = FieldDifferences<v1::SubsidyPolicyVersion>(stored, row.value);
  } else if (absl::StartsWith(row.key, "lpr/")) {
    fields = FieldDifferences<v1::LprFixing>(stored, row.value);
  } else if (absl::StartsWith(row.key, "meta/") && absl::EndsWith(row.key, "_tail")) {
    fields = FieldDifferences<internal::SeriesTail>(stored, row.value);
  } else {
    fields = absl::StrCat(stored.size(), " bytes stored, ", row.value.size(), " replayed");
  }
  return absl::StrCat(Describe(row.key), " differs from the replay (stored -> replayed",
                      !loan ? "" : "; ", !loan ? "" : TouchedBy(*loan), "): ", fields);
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
                                                        const LedgerReplay& replay,
                                                        size_t max_problems, std::ostream* progress,
                                                        uint64_t progress_every) {
  ProjectionComparison result;
  Problems problems(&result, max_problems);
  ProgressMeter meter(progress, progress_every, "projection rows compared");

  // Every expected row, looked up by key: missing and differing rows.
  uint64_t found = 0;
  absl::Status read_error;
  replay.ForEachRow([&](const ProjectionRow& row) {
    if (!read_error.ok()) return;
    ++result.rows_expected;
    meter.Tick();
    absl::StatusOr<std::string> stored = store.Get(Family::kProjections, row.key, at);
    if (absl::IsNotFound(stored.status())) {
      problems.Add(&result.missing, absl::StrCat("missing: ", Describe(row.key),
                                                 LastTouched(LoanOfRow(replay, row.key))));
      return;
    }
    if (!stored.ok()) {
      read_error = stored.status();
      return;
    }
    ++found;
    if (*stored != row.value) {
      problems.Add(&result.differing, WhyDifferent(row, *stored, LoanOfRow(replay, row.key)));
    }
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
  replay.ForEachRow([&](const ProjectionRow& row) { expected.insert(row.key); });
  scan = store.Scan(
      Family::kProjections, "", "",
      [&](absl::string_view key, absl::string_view) {
        if (expected.contains(key)) return true;
        const ProjectionKeyInfo info = DescribeProjectionKey(key);
        std::string whose;
        if (!info.loan_name.empty()) {
          const std::optional<v1::Loan> loan = replay.FindLoan(info.loan_name);
          whose = loan ? LastTouched(loan) : " (no journal entry created this loan)";
        }
        problems.Add(&result.extra, absl::StrCat("extra: ", Describe(key), whose));
        return true;
      },
      at);
  if (!scan.ok()) return scan;
  return result;
}

}  // namespace ledger
