#include "clients/ledgerctl/claim_requests.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/ledgerctl/amount.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/request_fields.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

// A claim has at most this many lines (the server's bound): a longer file is refused here
// before anything is sent.
constexpr int kMaxClaimLines = 1000;

absl::StatusOr<v1::DatePeriod> RequiredPeriod(const ParsedFlags& flags, absl::string_view name) {
  absl::StatusOr<std::string> text = RequiredString(flags, name);
  if (!text.ok()) return text.status();
  return ParsePeriodText(name, *text);
}

absl::StatusOr<std::string> RequiredClaimName(const ParsedFlags& flags) {
  return RequiredString(flags, "name");
}

}  // namespace

absl::StatusOr<v1::DatePeriod> ParsePeriodText(absl::string_view name, absl::string_view text) {
  std::vector<std::string> days = absl::StrSplit(text, "..");
  if (days.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, ": '", text, "' is not FIRST..LAST (YYYY-MM-DD..YYYY-MM-DD)"));
  }
  v1::DatePeriod period;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<v1::Date> day = ledger::ParseIsoDate(absl::StripAsciiWhitespace(days[i]));
    if (!day.ok() || !ledger::ParseDate(*day, name).ok()) {  // a real day in the ledger's range
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, ": '", days[i], "' is not a YYYY-MM-DD day"));
    }
    *(i == 0 ? period.mutable_first_day() : period.mutable_last_day()) = *day;
  }
  return period;
}

absl::StatusOr<std::vector<v1::SubsidyClaimLine>> ParseClaimLinesCsv(absl::string_view csv) {
  std::vector<v1::SubsidyClaimLine> lines;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(csv, '\n')) {
    ++number;
    absl::string_view text = absl::StripAsciiWhitespace(raw);
    if (text.empty()) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(text, ',');
    if (fields.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("--lines: line ", number, " is not 'loan,claimed': '", text, "'"));
    }
    const absl::string_view loan = absl::StripAsciiWhitespace(fields[0]);
    const absl::string_view claimed = absl::StripAsciiWhitespace(fields[1]);
    if (lines.empty() && absl::AsciiStrToLower(loan) == "loan" &&
        absl::AsciiStrToLower(claimed) == "claimed") {
      continue;  // the header
    }
    if (loan.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--lines: line ", number, " has no loan"));
    }
    absl::StatusOr<int64_t> fen = ParseYuanToFen(claimed);
    if (!fen.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--lines: line ", number, ": claimed '",
                                                     claimed, "' is not an amount in yuan"));
    }
    if (static_cast<int>(lines.size()) >= kMaxClaimLines) {
      return absl::InvalidArgumentError(
          absl::StrCat("--lines: more than ", kMaxClaimLines, " lines (a claim's maximum)"));
    }
    v1::SubsidyClaimLine line;
    line.set_loan(std::string(loan));
    *line.mutable_claimed() = ledger::Cny(*fen);
    lines.push_back(std::move(line));
  }
  if (lines.empty()) return absl::InvalidArgumentError("--lines: the file has no lines");
  return lines;
}

absl::StatusOr<v1::ListLoanSubsidiesRequest> BuildListLoanSubsidiesRequest(
    const ParsedFlags& flags) {
  v1::ListLoanSubsidiesRequest request;
  absl::StatusOr<v1::DatePeriod> period = RequiredPeriod(flags, "period");
  if (!period.ok()) return period.status();
  *request.mutable_period() = *period;
  request.set_bank_id(OptionalString(flags, "bank"));
  request.set_county_code(OptionalString(flags, "county"));
  return WithPaging(flags, std::move(request));
}

absl::StatusOr<v1::SubmitSubsidyClaimRequest> BuildSubmitClaimRequest(const ParsedFlags& flags,
                                                                      absl::string_view lines_csv) {
  v1::SubmitSubsidyClaimRequest request;
  absl::StatusOr<std::string> bank = RequiredString(flags, "bank");
  if (!bank.ok()) return bank.status();
  request.set_bank_id(*bank);
  absl::StatusOr<std::string> claim_id = RequiredString(flags, "claim_id");
  if (!claim_id.ok()) return claim_id.status();
  request.set_claim_id(*claim_id);
  absl::StatusOr<v1::DatePeriod> period = RequiredPeriod(flags, "period");
  if (!period.ok()) return period.status();
  *request.mutable_period() = *period;
  absl::StatusOr<std::vector<v1::SubsidyClaimLine>> lines = ParseClaimLinesCsv(lines_csv);
  if (!lines.ok()) return lines.status();
  for (v1::SubsidyClaimLine& line : *lines) *request.add_lines() = std::move(line);
  return request;
}

absl::StatusOr<v1::ApproveSubsidyClaimRequest> BuildApproveClaimRequest(const ParsedFlags& flags) {
  v1::ApproveSubsidyClaimRequest request;
  absl::StatusOr<std::string> name = RequiredClaimName(flags);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int> approval = RequiredChoice(
      flags, "as", {{"claimed", v1::APPROVE_AS_CLAIMED}, {"computed", v1::APPROVE_AS_COMPUTED}});
  if (!approval.ok()) return approval.status();
  request.set_approval(static_cast<v1::ClaimApproval>(*approval));
  return request;
}

absl::StatusOr<v1::RejectSubsidyClaimRequest> BuildRejectClaimRequest(const ParsedFlags& flags) {
  v1::RejectSubsidyClaimRequest request;
  absl::StatusOr<std::string> name = RequiredClaimName(flags);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<std::string> reason = RequiredString(flags, "reason");
  if (!reason.ok()) return reason.status();
  request.set_reason(*reason);
  return request;
}

absl::StatusOr<v1::RecordSubsidyPaymentRequest> BuildRecordPaymentRequest(
    const ParsedFlags& flags) {
  v1::RecordSubsidyPaymentRequest request;
  absl::StatusOr<std::string> name = RequiredClaimName(flags);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int64_t> amount = RequiredAmount(flags, "amount");
  if (!amount.ok()) return amount.status();
  *request.mutable_amount() = ledger::Cny(*amount);
  absl::StatusOr<std::string> reference = RequiredString(flags, "reference");
  if (!reference.ok()) return reference.status();
  request.set_payment_reference(*reference);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::GetSubsidyClaimRequest> BuildGetClaimRequest(const ParsedFlags& flags) {
  v1::GetSubsidyClaimRequest request;
  absl::StatusOr<std::string> name = RequiredClaimName(flags);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListSubsidyClaimsRequest> BuildListClaimsRequest(const ParsedFlags& flags) {
  v1::ListSubsidyClaimsRequest request;
  request.set_bank_id(OptionalString(flags, "bank"));
  absl::StatusOr<std::optional<int>> state = OptionalChoice(flags, "state",
                                                            {{"submitted", v1::CLAIM_SUBMITTED},
                                                             {"approved", v1::CLAIM_APPROVED},
                                                             {"rejected", v1::CLAIM_REJECTED},
                                                             {"paid", v1::CLAIM_PAID}});
  if (!state.ok()) return state.status();
  if (state->has_value()) request.set_state(static_cast<v1::SubsidyClaimState>(**state));
  return WithPaging(flags, std::move(request));
}

}  // namespace ledgerctl
