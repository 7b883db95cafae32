// Keys of the loan projections (family "projections"). Ids never contain 0x00
// (ledger/base/ids.h), so 0x00 separates them and prefixes never collide.
//
//   loan_key    := "loan/" bank_id 0x00 loan_id                      -> v1.Loan (protobuf)
//   county_key  := "ix/county/" county_code 0x00 bank_id 0x00 loan_id -> ""
//   status_key  := "ix/status/" status:u8 bank_id 0x00 loan_id       -> ""
//   history_key := "hist/" bank_id 0x00 loan_id 0x00 sequence:be64    -> ""
//   fund_key    := "ix/fund/" fund_id 0x00 bank_id 0x00 loan_id        -> ""   (one per fund
//                  guarantee the loan has had, in any state)
//
// Every index key ends in "bank_id 0x00 loan_id", which names the loan it points at.
#include "ledger/loan/loan_projection.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/journal/entry_codec.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

constexpr absl::string_view kLoanPrefix = "loan/";
constexpr absl::string_view kCountyPrefix = "ix/county/";
constexpr absl::string_view kStatusPrefix = "ix/status/";
constexpr absl::string_view kHistoryPrefix = "hist/";
constexpr absl::string_view kFundPrefix = "ix/fund/";
const std::string kSep(1, '\0');

std::string LoanSuffix(absl::string_view bank_id, absl::string_view loan_id) {
  return absl::StrCat(bank_id, kSep, loan_id);
}
std::string LoanKey(const v1::Loan& loan) {
  return absl::StrCat(kLoanPrefix, LoanSuffix(loan.bank_id(), loan.loan_id()));
}
std::string CountyKey(const v1::Loan& loan) {
  return absl::StrCat(kCountyPrefix, loan.county_code(), kSep,
                      LoanSuffix(loan.bank_id(), loan.loan_id()));
}
std::string StatusPrefix(v1::LoanStatus status) {
  return absl::StrCat(kStatusPrefix, std::string(1, static_cast<char>(status)));
}
std::string StatusKey(const v1::Loan& loan) {
  return absl::StrCat(StatusPrefix(loan.status()), LoanSuffix(loan.bank_id(), loan.loan_id()));
}
std::string FundIndexKey(absl::string_view fund_id, const v1::Loan& loan) {
  return absl::StrCat(kFundPrefix, fund_id, kSep, LoanSuffix(loan.bank_id(), loan.loan_id()));
}
std::string HistoryPrefix(absl::string_view bank_id, absl::string_view loan_id) {
  return absl::StrCat(kHistoryPrefix, LoanSuffix(bank_id, loan_id), kSep);
}

// Which index serves a filter, and the key prefix to walk in it.
struct IndexScan {
  std::string prefix;
  size_t suffix_offset;   // where "bank_id 0x00 loan_id" starts in each key
  bool values_are_loans;  // the primary rows hold the loan itself
};

IndexScan ChooseIndex(const v1::ListLoansRequest& r) {
  if (!r.fund_id().empty()) {
    std::string prefix = absl::StrCat(kFundPrefix, r.fund_id(), kSep);
    if (!r.bank_id().empty()) absl::StrAppend(&prefix, r.bank_id(), kSep);
    return {prefix, kFundPrefix.size() + r.fund_id().size() + 1, false};
  }
  if (!r.county_code().empty()) {
    std::string prefix = absl::StrCat(kCountyPrefix, r.county_code(), kSep);
    if (!r.bank_id().empty()) absl::StrAppend(&prefix, r.bank_id(), kSep);
    return {prefix, kCountyPrefix.size() + r.county_code().size() + 1, false};
  }
  if (r.status() != v1::LOAN_STATUS_UNSPECIFIED) {
    std::string prefix = StatusPrefix(r.status());
    if (!r.bank_id().empty()) absl::StrAppend(&prefix, r.bank_id(), kSep);
    return {prefix, kStatusPrefix.size() + 1, false};
  }
  std::string prefix(kLoanPrefix);
  if (!r.bank_id().empty()) absl::StrAppend(&prefix, r.bank_id(), kSep);
  return {prefix, kLoanPrefix.size(), true};
}

// Splits "bank_id 0x00 loan_id".
bool SplitLoanSuffix(absl::string_view suffix, std::string* bank_id, std::string* loan_id) {
  const size_t sep = suffix.find('\0');
  if (sep == absl::string_view::npos) return false;
  *bank_id = std::string(suffix.substr(0, sep));
  *loan_id = std::string(suffix.substr(sep + 1));
  return !bank_id->empty() && !loan_id->empty();
}

// The loan name of "bank_id 0x00 loan_id".
bool NameOfSuffix(absl::string_view suffix, std::string* name) {
  std::string bank_id, loan_id;
  if (!SplitLoanSuffix(suffix, &bank_id, &loan_id)) return false;
  *name = FormatLoanName(bank_id, loan_id);
  return true;
}

bool Matches(const v1::Loan& loan, const v1::ListLoansRequest& r) {
  return (r.bank_id().empty() || loan.bank_id() == r.bank_id()) &&
         (r.county_code().empty() || loan.county_code() == r.county_code()) &&
         (r.status() == v1::LOAN_STATUS_UNSPECIFIED || loan.status() == r.status()) &&
         (r.fund_id().empty() ||
          std::any_of(loan.guarantees().begin(), loan.guarantees().end(),
                      [&](const v1::Guarantee& g) { return g.fund_id() == r.fund_id(); }));
}

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument(reason::kInvalidPageToken, "page_token", why);
}

absl::StatusOr<std::string> DecodeLoanPageToken(const v1::ListLoansRequest& r,
                                                const std::string& prefix) {
  if (r.page_token().empty()) return std::string();
  std::string bytes;
  internal::LoanPageToken token;
  if (!absl::WebSafeBase64Unescape(r.page_token(), &bytes) || !token.ParseFromString(bytes)) {
    return BadToken("page_token is not one this server issued");
  }
  if (token.bank_id() != r.bank_id() || token.county_code() != r.county_code() ||
      token.status() != static_cast<int>(r.status()) || token.fund_id() != r.fund_id()) {
    return BadToken("page_token was issued for different filters");
  }
  if (!absl::StartsWith(token.after_key(), prefix)) {
    return BadToken("page_token does not belong to this listing");
  }
  return token.after_key();
}

std::string EncodeLoanPageToken(const v1::ListLoansRequest& r, absl::string_view after_key) {
  internal::LoanPageToken token;
  token.set_bank_id(r.bank_id());
  token.set_county_code(r.county_code());
  token.set_status(static_cast<int>(r.status()));
  token.set_fund_id(r.fund_id());  // DecodeLoanPageToken checks it
  token.set_after_key(std::string(after_key));
  std::string out;
  absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
  return out;
}

}  // namespace

absl::StatusOr<int> ResolvePageSize(int requested, int default_size, int max_size) {
  if (requested == 0) return default_size;
  if (requested < 0 || requested > max_size) {
    return InvalidArgument(reason::kPageSizeOutOfRange, "page_size",
                           absl::StrCat("page_size must be 0..", max_size));
  }
  return requested;
}

std::vector<ProjectionRow> LoanRows(const v1::Loan& loan, absl::Span<const uint64_t> history) {
  std::vector<ProjectionRow> rows;
  rows.reserve(3 + history.size());
  rows.push_back({LoanKey(loan), loan.SerializeAsString()});
  rows.push_back({CountyKey(loan), ""});
  rows.push_back({StatusKey(loan), ""});
  for (const v1::Guarantee& guarantee : loan.guarantees()) {
    if (guarantee.form() == v1::FUND_GUARANTEE) {
      rows.push_back({FundIndexKey(guarantee.fund_id(), loan), ""});
    }
  }
  const std::string history_prefix = HistoryPrefix(loan.bank_id(), loan.loan_id());
  for (uint64_t sequence : history) {
    rows.push_back({absl::StrCat(history_prefix, JournalKey(sequence)), ""});
  }
  return rows;
}

ProjectionKeyInfo DescribeProjectionKey(absl::string_view key) {
  using Kind = ProjectionKeyInfo::Kind;
  if (key == kJournalHeadKey) return {Kind::kJournalHead, "journal head record", ""};
  std::string name;
  absl::string_view rest = key;
  if (absl::ConsumePrefix(&rest, kLoanPrefix) && NameOfSuffix(rest, &name)) {
    return {Kind::kLoan, absl::StrCat("loan ", name), name};
  }
  rest = key;
  if (absl::ConsumePrefix(&rest, kCountyPrefix)) {
    const size_t sep = rest.find('\0');
    if (sep != absl::string_view::npos && NameOfSuffix(rest.substr(sep + 1), &name)) {
      return {Kind::kCountyIndex, absl::StrCat("county index ", rest.substr(0, sep), " of ", name),
              name};
    }
  }
  rest = key;
  if (absl::ConsumePrefix(&rest, kStatusPrefix) && !rest.empty() &&
      NameOfSuffix(rest.substr(1), &name)) {
    const int status = static_cast<unsigned char>(rest[0]);
    const std::string status_name = v1::LoanStatus_IsValid(status)
                                        ? v1::LoanStatus_Name(static_cast<v1::LoanStatus>(status))
                                        : absl::StrCat("#", status);
    return {Kind::kStatusIndex, absl::StrCat("status index ", status_name, " of ", name), name};
  }
  rest = key;
  if (absl::ConsumePrefix(&rest, kFundPrefix)) {
    const size_t sep = rest.find('\0');
    if (sep != absl::string_view::npos && NameOfSuffix(rest.substr(sep + 1), &name)) {
      return {Kind::kFundIndex, absl::StrCat("fund index ", rest.substr(0, sep), " of ", name),
              name};
    }
  }
  // "bank_id 0x00 loan_id 0x00 sequence:be64"; the sequence may itself hold 0x00 bytes.
  rest = key;
  uint64_t sequence = 0;
  if (absl::ConsumePrefix(&rest, kHistoryPrefix) && rest.size() > 9 &&
      rest[rest.size() - 9] == '\0' && ParseJournalKey(rest.substr(rest.size() - 8), &sequence) &&
      NameOfSuffix(rest.substr(0, rest.size() - 9), &name)) {
    return {Kind::kHistory, absl::StrCat("history row of entry ", sequence, " of ", name), name};
  }
  return {Kind::kUnknown, absl::StrCat("unknown key \"", absl::CHexEscape(key), "\""), ""};
}

absl::StatusOr<v1::Loan> LoanProjection::Get(absl::string_view bank_id,
                                             absl::string_view loan_id) const {
  absl::StatusOr<std::string> bytes =
      store_->Get(Family::kProjections, absl::StrCat(kLoanPrefix, LoanSuffix(bank_id, loan_id)));
  if (absl::IsNotFound(bytes.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, "name",
                  absl::StrCat("no loan ", FormatLoanName(bank_id, loan_id)));
  }
  if (!bytes.ok()) return bytes.status();
  v1::Loan loan;
  if (!loan.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("stored loan ", FormatLoanName(bank_id, loan_id), " does not parse"));
  }
  return loan;
}

void WriteLoan(const v1::Loan* before, const v1::Loan& after, uint64_t sequence,
               ProjectionState& state) {
  Invariant(before == nullptr ||
                (before->name() == after.name() && before->county_code() == after.county_code()),
            "a loan keeps its name and county");
  const std::vector<ProjectionRow> old_rows =
      before == nullptr ? std::vector<ProjectionRow>() : LoanRows(*before, {});
  const std::vector<ProjectionRow> new_rows = LoanRows(after, {sequence});
  // Only what changed is written: the county row stays, the status row moves with the status,
  // the loan row and the new history row are always written.
  for (const ProjectionRow& row : new_rows) {
    const bool unchanged = std::any_of(old_rows.begin(), old_rows.end(), [&](const auto& old) {
      return old.key == row.key && old.value == row.value;
    });
    if (!unchanged) state.Put(row.key, row.value);
  }
  for (const ProjectionRow& old : old_rows) {
    const bool kept = std::any_of(new_rows.begin(), new_rows.end(),
                                  [&](const auto& row) { return row.key == old.key; });
    if (!kept) state.Delete(old.key);
  }
}

absl::StatusOr<v1::Loan> LoadLoan(ProjectionState& state, absl::string_view name) {
  absl::StatusOr<LoanName> parsed = ParseLoanName(name, "name");
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<std::string> bytes =
      state.Get(absl::StrCat(kLoanPrefix, LoanSuffix(parsed->bank_id, parsed->loan_id)));
  if (absl::IsNotFound(bytes.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, "name",
                  absl::StrCat("no loan ", name));
  }
  if (!bytes.ok()) return bytes.status();
  v1::Loan loan;
  if (!loan.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored loan ", name, " does not parse"));
  }
  return loan;
}

absl::StatusOr<v1::ListLoansResponse> LoanProjection::List(
    const v1::ListLoansRequest& request) const {
  if (!request.bank_id().empty()) {
    if (absl::Status s = ValidateId(request.bank_id(), "bank_id"); !s.ok()) return s;
  }
  if (!request.county_code().empty()) {
    if (absl::Status s = ValidateCountyCode(request.county_code(), "county_code"); !s.ok()) {
      return s;
    }
  }
  if (!v1::LoanStatus_IsValid(request.status())) {
    return InvalidArgument(reason::kInvalidStatus, "status", "unknown loan status");
  }
  absl::StatusOr<int> page_size =
      ResolvePageSize(request.page_size(), kDefaultLoanPageSize, kMaxLoanPageSize);
  if (!page_size.ok()) return page_size.status();
  const IndexScan index = ChooseIndex(request);
  absl::StatusOr<std::string> after_key = DecodeLoanPageToken(request, index.prefix);
  if (!after_key.ok()) return after_key.status();

  v1::ListLoansResponse response;
  absl::Status problem;
  int scanned = 0;
  std::string last_key;
  bool more = false;
  const std::string start = after_key->empty() ? index.prefix : *after_key + kSep;
  absl::Status scan = store_->Scan(
      Family::kProjections, start, index.prefix,
      [&](absl::string_view key, absl::string_view value) {
        if (response.loans_size() >= *page_size || scanned >= max_keys_scanned_per_page_) {
          more = true;
          return false;
        }
        ++scanned;
        last_key = std::string(key);
        v1::Loan loan;
        if (index.values_are_loans) {
          if (!loan.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            problem = absl::DataLossError("stored loan does not parse");
            return false;
          }
        } else {
          std::string bank_id, loan_id;
          if (!SplitLoanSuffix(key.substr(index.suffix_offset), &bank_id, &loan_id)) {
            problem = absl::DataLossError("malformed loan index key");
            return false;
          }
          absl::StatusOr<v1::Loan> fetched = Get(bank_id, loan_id);
          if (!fetched.ok()) {
            problem = fetched.status();
            return false;
          }
          loan = std::move(*fetched);
        }
        if (Matches(loan, request)) *response.add_loans() = std::move(loan);
        return true;
      });
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  if (more) response.set_next_page_token(EncodeLoanPageToken(request, last_key));
  return response;
}

absl::StatusOr<std::vector<uint64_t>> LoanProjection::History(absl::string_view bank_id,
                                                              absl::string_view loan_id,
                                                              uint64_t after_sequence, int limit,
                                                              bool* more) const {
  assert(limit > 0);
  const std::string prefix = HistoryPrefix(bank_id, loan_id);
  std::vector<uint64_t> sequences;
  *more = false;
  absl::Status problem;
  absl::Status scan =
      store_->Scan(Family::kProjections, absl::StrCat(prefix, JournalKey(after_sequence + 1)),
                   prefix, [&](absl::string_view key, absl::string_view) {
                     if (static_cast<int>(sequences.size()) >= limit) {
                       *more = true;
                       return false;
                     }
                     uint64_t sequence = 0;
                     if (!ParseJournalKey(key.substr(prefix.size()), &sequence)) {
                       problem = absl::DataLossError("malformed loan history key");
                       return false;
                     }
                     sequences.push_back(sequence);
                     return true;
                   });
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  return sequences;
}

std::string EncodeHistoryPageToken(uint64_t last_sequence) {
  std::string out;
  absl::WebSafeBase64Escape(absl::StrCat("h", last_sequence), &out);
  return out;
}

absl::StatusOr<uint64_t> DecodeHistoryPageToken(absl::string_view token) {
  if (token.empty()) return 0;
  std::string text;
  uint64_t sequence = 0;
  if (!absl::WebSafeBase64Unescape(token, &text) || !absl::StartsWith(text, "h") ||
      !absl::SimpleAtoi(absl::string_view(text).substr(1), &sequence)) {
    return BadToken("page_token is not one this server issued");
  }
  return sequence;
}

}  // namespace ledger
