#include "ledger/server/subsidy_service.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"
#include "ledger/server/loan_subsidy_reader.h"
#include "ledger/subsidy/calculator.h"
#include "ledger/subsidy/period.h"

namespace ledger {
namespace {

constexpr char kComputeSubsidy[] = "microloan.ledger.v1.SubsidyService.ComputeSubsidy";
constexpr char kListLoanSubsidies[] = "microloan.ledger.v1.SubsidyService.ListLoanSubsidies";
// LoanProjection::List pages are at most kMaxLoanPageSize loans: a page of ListLoanSubsidies
// takes at most this many of them.
constexpr int kMaxListCallsPerPage = kMaxLoanSubsidyPageSize / kMaxLoanPageSize + 1;

// Page tokens of ListLoanSubsidies: base64url of "s1|" first_day last_day (yyyymmdd each) "|"
// and the ListLoans token the loans continue from (which binds the loan filters itself).
std::string PeriodTag(const subsidy::Period& period) {
  return absl::StrFormat("s1|%04d%02d%02d%04d%02d%02d|", period.first_day.year(),
                         period.first_day.month(), period.first_day.day(), period.last_day.year(),
                         period.last_day.month(), period.last_day.day());
}

std::string EncodeSubsidyPageToken(const subsidy::Period& period, absl::string_view loans_token) {
  std::string out;
  absl::WebSafeBase64Escape(absl::StrCat(PeriodTag(period), loans_token), &out);
  return out;
}

// The ListLoans token inside, "" for the first page.
absl::StatusOr<std::string> DecodeSubsidyPageToken(const subsidy::Period& period,
                                                   absl::string_view token) {
  if (token.empty()) return std::string();
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text) || !absl::StartsWith(text, "s1|")) {
    return InvalidArgument(reason::kInvalidPageToken, "page_token",
                           "page_token is not one this server issued");
  }
  const std::string tag = PeriodTag(period);
  if (!absl::StartsWith(text, tag) || text.size() == tag.size()) {
    return InvalidArgument(reason::kInvalidPageToken, "page_token",
                           "page_token was issued for a different period");
  }
  return text.substr(tag.size());
}

// The request's periods, validated: at most kMaxSubsidyPeriods (field "periods"), each as
// ParseSubsidyPeriod (field "periods[i]"). INVALID_ARGUMENT otherwise.
absl::StatusOr<std::vector<subsidy::Period>> RequestedPeriods(
    const v1::ComputeSubsidyRequest& request) {
  if (request.periods_size() > kMaxSubsidyPeriods) {
    return InvalidArgument(reason::kTooManyPeriods, "periods",
                           absl::StrCat("at most ", kMaxSubsidyPeriods, " periods a call, not ",
                                        request.periods_size()));
  }
  std::vector<subsidy::Period> periods;
  for (int i = 0; i < request.periods_size(); ++i) {
    absl::StatusOr<subsidy::Period> period =
        ParseSubsidyPeriod(request.periods(i), absl::StrCat("periods[", i, "]"));
    if (!period.ok()) return period.status();
    periods.push_back(*period);
  }
  return periods;
}

// The quarterly settlement periods from the first disbursement to today, the latest
// kMaxSubsidyPeriods of them (none if the first disbursement is after today).
absl::StatusOr<std::vector<subsidy::Period>> DefaultPeriods(const subsidy::LoanFacts& facts) {
  const absl::CivilDay today = LedgerToday();
  if (today < facts.first_disbursement_date) return std::vector<subsidy::Period>();
  absl::StatusOr<std::vector<subsidy::Period>> periods = subsidy::SettlementPeriods(
      facts.first_disbursement_date, today, subsidy::Frequency::kQuarterly);
  if (!periods.ok()) return periods.status();
  if (periods->size() > static_cast<size_t>(kMaxSubsidyPeriods)) {
    periods->erase(periods->begin(), periods->end() - kMaxSubsidyPeriods);
  }
  return periods;
}

void FillPeriod(const subsidy::SubsidyResult& result, v1::PeriodSubsidy* out) {
  *out->mutable_period()->mutable_first_day() = ToDate(result.period.first_day);
  *out->mutable_period()->mutable_last_day() = ToDate(result.period.last_day);
  *out->mutable_interest() = Cny(result.interest_fen);
  *out->mutable_subsidy() = Cny(result.subsidy_fen);
  *out->mutable_borrower() = Cny(result.borrower_fen);
  for (const subsidy::SubsidyLine& line : result.lines) {
    v1::SubsidyLine* l = out->add_lines();
    *l->mutable_first_day() = ToDate(line.first_day);
    *l->mutable_last_day() = ToDate(line.last_day);
    l->set_days(line.days);
    *l->mutable_balance() = Cny(line.balance_fen);
    *l->mutable_eligible_balance() = Cny(line.eligible_balance_fen);
    l->set_contract_rate_bps(line.contract_rate_bps);
    l->set_subsidy_rate_bp_e4(line.subsidy_rate_bp_e4);
    l->set_lpr_bps(line.lpr_bps.value_or(0));
    if (line.policy_effective_from.has_value()) {
      *l->mutable_policy_effective_from() = ToDate(*line.policy_effective_from);
    }
    l->set_exclusion_reason(line.exclusion_reason);
  }
}

}  // namespace

grpc::ServerUnaryReactor* SubsidyServiceImpl::ComputeSubsidy(
    grpc::CallbackServerContext* context, const v1::ComputeSubsidyRequest* request,
    v1::ComputeSubsidyResponse* response) {
  return AnswerRead(context, *callers_, kComputeSubsidy, [&](const Caller& caller) -> absl::Status {
    // The loan as GetLoan finds it: out of the caller's scope is LOAN_NOT_FOUND, as if absent.
    const std::string& name = request->loan();
    absl::StatusOr<LoanName> parsed = ParseLoanName(name, "loan");
    if (!parsed.ok()) return parsed.status();
    if (absl::Status s = CheckLoanNameScope(caller, name, "loan"); !s.ok()) return s;
    absl::StatusOr<std::vector<subsidy::Period>> requested = RequestedPeriods(*request);
    if (!requested.ok()) return requested.status();

    // One snapshot: the loan, the journal head and the loan's entries agree with each other.
    absl::StatusOr<std::unique_ptr<LoanSubsidyReader>> reader = LoanSubsidyReader::Open(store_);
    if (!reader.ok()) return reader.status();
    absl::StatusOr<v1::Loan> loan = LoanIfVisible(caller, (*reader)->LoadLoan(name), name, "loan");
    if (!loan.ok()) return loan.status();
    absl::StatusOr<subsidy::LoanFacts> built = (*reader)->Facts(*loan);
    if (!built.ok()) return built.status();

    absl::StatusOr<std::vector<subsidy::Period>> periods =
        requested->empty() ? DefaultPeriods(*built) : std::move(requested);
    if (!periods.ok()) return periods.status();
    response->set_loan(name);
    response->set_as_of_sequence((*reader)->head_sequence());
    for (const subsidy::Period& period : *periods) {
      absl::StatusOr<subsidy::SubsidyResult> result = (*reader)->Compute(*built, period);
      if (!result.ok()) return result.status();
      FillPeriod(*result, response->add_periods());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SubsidyServiceImpl::ListLoanSubsidies(
    grpc::CallbackServerContext* context, const v1::ListLoanSubsidiesRequest* request,
    v1::ListLoanSubsidiesResponse* response) {
  return AnswerRead(
      context, *callers_, kListLoanSubsidies, [&](const Caller& caller) -> absl::Status {
        if (!request->has_period()) {
          return InvalidArgument(reason::kFieldRequired, "period", "period is required");
        }
        absl::StatusOr<subsidy::Period> period = ParseSubsidyPeriod(request->period(), "period");
        if (!period.ok()) return period.status();
        absl::StatusOr<int> page_size = ResolvePageSize(
            request->page_size(), kDefaultLoanSubsidyPageSize, kMaxLoanSubsidyPageSize);
        if (!page_size.ok()) return page_size.status();
        // The loans as ListLoans lists them, narrowed to the caller's scope the same way.
        v1::ListLoansRequest loans_request;
        loans_request.set_bank_id(request->bank_id());
        loans_request.set_county_code(request->county_code());
        if (absl::Status s = ScopeListLoans(caller, &loans_request); !s.ok()) return s;
        absl::StatusOr<std::string> loans_token =
            DecodeSubsidyPageToken(*period, request->page_token());
        if (!loans_token.ok()) return loans_token.status();
        loans_request.set_page_token(*loans_token);

        std::vector<std::string> names;
        const LoanProjection loans(store_);
        for (int call = 0; call < kMaxListCallsPerPage; ++call) {
          const int wanted = *page_size - static_cast<int>(names.size());
          if (wanted <= 0) break;
          loans_request.set_page_size(std::min(wanted, kMaxLoanPageSize));
          absl::StatusOr<v1::ListLoansResponse> page = loans.List(loans_request);
          if (!page.ok()) return page.status();
          for (const v1::Loan& loan : page->loans()) {
            names.push_back(FormatLoanName(loan.bank_id(), loan.loan_id()));
          }
          loans_request.set_page_token(page->next_page_token());
          if (page->next_page_token().empty()) break;
        }
        if (!loans_request.page_token().empty()) {
          response->set_next_page_token(
              EncodeSubsidyPageToken(*period, loans_request.page_token()));
        }

        // Opened after the listing: every loan listed is in the snapshot (loans are never removed),
        // and the figures are all as of its head.
        absl::StatusOr<std::unique_ptr<LoanSubsidyReader>> reader = LoanSubsidyReader::Open(store_);
        if (!reader.ok()) return reader.status();
        response->set_as_of_sequence((*reader)->head_sequence());
        for (const std::string& name : names) {
          // Nobody waits for a cancelled call's page: stop between loans.
          if (context->IsCancelled()) {
            return absl::CancelledError("the call was cancelled while its page was computed");
          }
          absl::StatusOr<v1::Loan> loan =
              LoanIfVisible(caller, (*reader)->LoadLoan(name), name, "loan");
          if (!loan.ok()) return loan.status();
          absl::StatusOr<LoanPeriodSubsidy> figures = (*reader)->ForPeriod(*loan, *period);
          if (!figures.ok()) return figures.status();
          v1::LoanSubsidy* out = response->add_loans();
          out->set_loan(name);
          out->set_bank_id(loan->bank_id());
          out->set_county_code(loan->county_code());
          *out->mutable_interest() = Cny(figures->interest_fen);
          *out->mutable_subsidy() = Cny(figures->subsidy_fen);
          *out->mutable_borrower() = Cny(figures->borrower_fen);
          out->set_note(figures->note);
        }
        return absl::OkStatus();
      });
}

}  // namespace ledger
