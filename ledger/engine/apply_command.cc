#include "ledger/engine/apply_command.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/deterministic.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/sha256.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/engine/claim_decide.h"
#include "ledger/engine/cohort_decide.h"
#include "ledger/guarantee/fund_projection.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/loan/loan_evolve.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/loan/loan_rules.h"
#include "ledger/model/entry_apply.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/policy_projection.h"
#include "ledger/subsidy/policy_rules.h"
#include "ledger/subsidy/repeat_loans.h"

namespace ledger {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The request message inside the command's oneof, or nullptr for an empty command.
const Message* RequestOf(const internal::LedgerCommand& command) {
  const FieldDescriptor* field = command.GetReflection()->GetOneofFieldDescriptor(
      command, command.GetDescriptor()->FindOneofByName("kind"));
  return field == nullptr ? nullptr : &command.GetReflection()->GetMessage(command, field);
}

absl::StatusOr<v1::Loan> FindLoan(const DecideContext& context, absl::string_view name,
                                  absl::string_view field) {
  absl::StatusOr<LoanName> parsed = ParseLoanName(name, field);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<v1::Loan> loan = LoadLoan(*context.state, name);
  if (absl::IsNotFound(loan.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, field,
                  absl::StrCat("no loan ", name));
  }
  return loan;
}

absl::StatusOr<v1::GuaranteeFund> FindFund(const DecideContext& context, absl::string_view name,
                                           absl::string_view field) {
  absl::StatusOr<std::string> fund_id = ParseFundName(name, field);
  if (!fund_id.ok()) return fund_id.status();
  absl::StatusOr<v1::GuaranteeFund> fund = LoadFund(*context.state, *fund_id);
  if (absl::IsNotFound(fund.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kFundNotFound, field,
                  absl::StrCat("no fund ", name));
  }
  return fund;
}

// The fund guarantee `guarantee_id` of the loan, for the calls that act on it.
absl::StatusOr<const v1::Guarantee*> FundGuarantee(const v1::Loan& loan,
                                                   absl::string_view guarantee_id) {
  for (const v1::Guarantee& g : loan.guarantees()) {
    if (g.guarantee_id() == guarantee_id && g.form() == v1::FUND_GUARANTEE) return &g;
  }
  return Refuse(absl::StatusCode::kNotFound, reason::kGuaranteeNotFound, "guarantee_id",
                absl::StrCat(loan.name(), " has no fund guarantee \"", guarantee_id, "\""));
}

// Loads the loan named by `request.name()`, then applies `rule`.
template <typename Request, typename Rule>
absl::StatusOr<v1::Event> OnLoan(const Request& request, const DecideContext& context, Rule rule) {
  absl::StatusOr<v1::Loan> loan = FindLoan(context, request.name(), "name");
  if (!loan.ok()) return loan.status();
  return rule(*loan, request, context.today);
}

// Loads the loan (`request.loan()`) and the fund of its guarantee `request.guarantee_id()`.
template <typename Request, typename Rule>
absl::StatusOr<v1::Event> OnFundGuarantee(const Request& request, const DecideContext& context,
                                          Rule rule) {
  absl::StatusOr<v1::Loan> loan = FindLoan(context, request.loan(), "loan");
  if (!loan.ok()) return loan.status();
  absl::StatusOr<const v1::Guarantee*> guarantee = FundGuarantee(*loan, request.guarantee_id());
  if (!guarantee.ok()) return guarantee.status();
  absl::StatusOr<v1::GuaranteeFund> fund =
      FindFund(context, FormatFundName((*guarantee)->fund_id()), "guarantee_id");
  if (!fund.ok()) return fund.status();
  return rule(*loan, *fund, request, context.today);
}

absl::StatusOr<v1::Event> DecideCreateLoan(const internal::LedgerCommand& command,
                                           const DecideContext& context) {
  const v1::CreateLoanRequest& request = command.create_loan();
  absl::StatusOr<v1::Event> event = DecideCreate(request, context.today);
  if (!event.ok()) return event.status();
  const std::string& name = event->loan_created().loan();
  absl::StatusOr<v1::Loan> existing = LoadLoan(*context.state, name);
  if (existing.ok()) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kLoanAlreadyExists, "loan_id",
                  absl::StrCat(name, " already exists"));
  }
  if (!absl::IsNotFound(existing.status())) return existing.status();
  if (absl::Status s =
          CheckRepeatLoanLimit(*context.state, command.person_key(),
                               ToCivilDay(event->loan_created().contract_date()), context.today);
      !s.ok()) {
    return s;
  }
  if (!command.person_key().empty()) {
    // Only the keyed hash and the masked form reach the journal (loan_service.cc drops the
    // plain number before queueing).
    v1::LoanCreated* created = event->mutable_loan_created();
    created->set_person_key(command.person_key());
    created->set_national_id_masked(command.national_id_masked());
  }
  return event;
}

absl::StatusOr<v1::Event> DecideNewFund(const v1::CreateFundRequest& request,
                                        const DecideContext& context) {
  absl::StatusOr<v1::Event> event = DecideCreateFund(request, context.today);
  if (!event.ok()) return event.status();
  absl::StatusOr<v1::GuaranteeFund> existing = LoadFund(*context.state, request.fund_id());
  if (existing.ok()) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kFundAlreadyExists, "fund_id",
                  absl::StrCat(existing->name(), " already exists"));
  }
  if (!absl::IsNotFound(existing.status())) return existing.status();
  return event;
}

absl::StatusOr<v1::Event> DecideRecoveryOf(const v1::RecordRecoveryRequest& request,
                                           const DecideContext& context) {
  absl::StatusOr<v1::Loan> loan = FindLoan(context, request.loan(), "loan");
  if (!loan.ok()) return loan.status();
  const v1::Guarantee* compensated = nullptr;
  for (const v1::Guarantee& g : loan->guarantees()) {
    if (g.form() == v1::FUND_GUARANTEE && g.state() == v1::GUARANTEE_COMPENSATED) compensated = &g;
  }
  if (compensated == nullptr) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kLoanNotCompensated, "loan",
                  absl::StrCat(loan->name(), " has not been compensated by a guarantee fund"));
  }
  absl::StatusOr<v1::GuaranteeFund> fund =
      FindFund(context, FormatFundName(compensated->fund_id()), "loan");
  if (!fund.ok()) return fund.status();
  return DecideRecovery(*loan, *fund, request, context.today);
}

absl::Status Conflict(absl::string_view why) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason::kReversalConflict, "sequence", why);
}

// Later entries that the loan's state rests on and that must be reversed first.
absl::Status CheckLoanDependents(const v1::Loan& loan, uint64_t sequence,
                                 const v1::Event& original) {
  const uint64_t compensated_by = loan.compensated_by_sequence();
  const uint64_t written_off_by = loan.written_off_by_sequence();
  if (written_off_by > sequence) {
    return Conflict(absl::StrCat(loan.name(), " was written off by entry ", written_off_by,
                                 " after it; reverse that first"));
  }
  if (original.has_compensation_paid()) {
    if (loan.recovered_to_fund().amount_fen() + loan.recovered_to_bank().amount_fen() > 0) {
      return Conflict("recoveries were recorded after the compensation; reverse them first");
    }
    return absl::OkStatus();
  }
  if (original.has_recovery_recorded() || original.has_loan_written_off()) {
    return absl::OkStatus();
  }
  if (compensated_by > sequence) {
    return Conflict(absl::StrCat("a guarantee fund compensated ", loan.name(), " in entry ",
                                 compensated_by, " after it; reverse that first"));
  }
  if (original.has_arrear_marked()) {
    for (const v1::Arrear& arrear : loan.arrears()) {
      if (arrear.marked_sequence() == sequence && arrear.cured()) {
        return Conflict("the arrear has since been cured");
      }
    }
    for (const v1::Guarantee& g : loan.guarantees()) {
      if (g.call_filed_sequence() > sequence) {
        return Conflict(absl::StrCat("guarantee ", g.guarantee_id(), " was called in entry ",
                                     g.call_filed_sequence(), " while this arrear stood"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Event> DecideReversal(const v1::ReverseEntryRequest& request,
                                         const DecideContext& context) {
  if (request.sequence() == 0) {
    return InvalidArgument(reason::kFieldRequired, "sequence", "sequence is required");
  }
  if (request.reason().empty()) {
    return InvalidArgument(reason::kFieldRequired, "reason", "say why the entry is reversed");
  }
  if (CountCodePoints(request.reason()) > kMaxReversalReasonChars) {
    return InvalidArgument(
        reason::kTextTooLong, "reason",
        absl::StrCat("reason is at most ", kMaxReversalReasonChars, " characters"));
  }
  absl::StatusOr<v1::Event> original = context.entry_event(request.sequence());
  if (absl::IsNotFound(original.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kEntryNotFound, "sequence",
                  absl::StrCat("no entry ", request.sequence()));
  }
  if (!original.ok()) return original.status();
  if (original->has_entry_reversed()) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kReversalOfReversal, "sequence",
                  "a reversal cannot be reversed; record the entry again instead");
  }
  if (IsClaimEvent(*original)) {
    // A claim moves through its states once (submitted, decided, paid) and its entries are
    // final: nothing corrects an approval or payment posted in error yet (no correcting entry
    // or RPC exists; that is a later feature), and a reversal would not undo the claim's state.
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kNotReversible, "sequence",
                  absl::StrCat("entry ", request.sequence(),
                               " is a subsidy claim entry; claim entries are not reversed"));
  }
  if (IsCohortEvent(*original)) {
    // Cohort entries are final like claim entries: a reversal would not undo the cohort's rows
    // (an enrolment's year, paid-out funding), and no correcting entry exists yet.
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kNotReversible, "sequence",
                  absl::StrCat("entry ", request.sequence(),
                               " is a cohort entry; cohort entries are not reversed"));
  }
  if (MakerOfMoneyEntry(*original) == MoneyEntryMaker::kNone) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kNotReversible, "sequence",
                  absl::StrCat("entry ", request.sequence(),
                               " moved no money; only money entries are reversed"));
  }
  absl::StatusOr<uint64_t> reversed_by = ReversedBy(*context.state, request.sequence());
  if (!reversed_by.ok()) return reversed_by.status();
  if (*reversed_by != 0) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kAlreadyReversed, "sequence",
        absl::StrCat("entry ", request.sequence(), " was reversed by entry ", *reversed_by));
  }
  if (const std::string name = LoanNameOfEvent(*original); !name.empty()) {
    absl::StatusOr<v1::Loan> loan = LoadLoan(*context.state, name);
    if (!loan.ok()) return loan.status();
    if (absl::Status s = CheckLoanDependents(*loan, request.sequence(), *original); !s.ok()) {
      return s;
    }
  }
  v1::Event event;
  v1::EntryReversed* reversed = event.mutable_entry_reversed();
  reversed->set_reversed_sequence(request.sequence());
  reversed->set_reason(request.reason());
  *reversed->mutable_original() = *original;
  reversed->mutable_original()->clear_postings();
  // Money legs swap sides; the exposure memorandum is recomputed for the state the reversal
  // leads to (AddExposurePostings), since a reversal can release or revive a guarantee.
  for (v1::Posting& leg : SwappedSides(original->postings())) {
    absl::StatusOr<AccountName> account = ParseAccountName(leg.account(), "postings");
    if (account.ok() && IsMemorandumKind(account->kind)) continue;
    *event.add_postings() = std::move(leg);
  }
  return event;
}

// Appends the memorandum postings for the change the event makes to its loan's live fund
// exposure. FAILED_PRECONDITION if the event cannot apply to the loan (a reversal that later
// entries forbid); INTERNAL if a rule let through an event that does not apply.
absl::Status AddExposurePostings(const DecideContext& context, v1::Event* event) {
  const std::string name = LoanNameOfEvent(*event);
  if (name.empty()) return absl::OkStatus();
  std::optional<v1::Loan> before;
  if (!event->has_loan_created()) {
    absl::StatusOr<v1::Loan> loaded = LoadLoan(*context.state, name);
    if (!loaded.ok()) return loaded.status();
    before = std::move(*loaded);
  }
  v1::Loan after = before.value_or(v1::Loan());
  if (absl::Status s = EvolveLoan(context.next_sequence, *event, &after); !s.ok()) {
    if (event->has_entry_reversed()) return Conflict(s.message());
    return absl::InternalError(
        absl::StrCat("a rule produced an event that does not apply: ", s.message()));
  }
  PostingsBuilder memo;
  for (const ExposureMove& move : ExposureMoves(before ? &*before : nullptr, after)) {
    if (move.delta_fen > 0) {
      memo.Transfer(FundCommitmentsAccount(move.fund_id), FundExposureAccount(move.fund_id),
                    move.delta_fen);
    } else if (move.delta_fen < 0) {
      memo.Transfer(FundExposureAccount(move.fund_id), FundCommitmentsAccount(move.fund_id),
                    -move.delta_fen);
    }
  }
  memo.Finish(event);
  return absl::OkStatus();
}

// A reversal must leave every loan and fund it touches consistent: applied to a scratch copy
// of the state, it must go through (and a fund keep within its leverage limit).
absl::Status CheckReversalApplies(const DecideContext& context, const v1::Event& event) {
  StagedState scratch(context.state);
  if (absl::Status s = ApplyEntry(context.next_sequence, 0, event, scratch).status(); !s.ok()) {
    return Conflict(s.message());
  }
  // The funds whose exposure or capital the reversal can change: its own (a deposit,
  // compensation or recovery undone) and the one guaranteeing its loan (a reopened loan's
  // guarantee is live again).
  std::vector<std::string> fund_ids = {FundIdOfEvent(event)};
  if (const std::string loan_name = LoanNameOfEvent(event); !loan_name.empty()) {
    absl::StatusOr<v1::Loan> loan = LoadLoan(scratch, loan_name);
    if (!loan.ok()) return loan.status();
    if (std::optional<FundExposure> live = LiveFundExposure(*loan)) {
      fund_ids.push_back(live->fund_id);
    }
  }
  for (const std::string& fund_id : fund_ids) {
    if (fund_id.empty()) continue;
    absl::StatusOr<v1::GuaranteeFund> fund = LoadFund(scratch, fund_id);
    if (!fund.ok()) return fund.status();
    if (absl::int128(fund->exposure().amount_fen()) > ExposureBoundFen(*fund)) {
      return Conflict(absl::StrCat("after it, fund ", fund_id, "'s exposure ",
                                   fund->exposure().amount_fen(),
                                   " fen would exceed its capital x ", fund->leverage_multiple()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Event> Decide(const internal::LedgerCommand& command,
                                 const DecideContext& context) {
  using C = internal::LedgerCommand;
  switch (command.kind_case()) {
    case C::kCreateLoan:
      return DecideCreateLoan(command, context);
    case C::kDisburseLoan:
      return OnLoan(command.disburse_loan(), context, DecideDisbursement);
    case C::kRecordRepayment:
      return OnLoan(command.record_repayment(), context, DecideRepayment);
    case C::kMarkOverdue:
      return OnLoan(command.mark_overdue(), context, DecideMarkOverdue);
    case C::kCureArrear:
      return OnLoan(command.cure_arrear(), context, DecideCureArrear);
    case C::kExtendLoan:
      return OnLoan(command.extend_loan(), context, DecideExtension);
    case C::kWriteOff:
      return OnLoan(command.write_off(), context, DecideWriteOff);
    case C::kCreateFund:
      return DecideNewFund(command.create_fund(), context);
    case C::kDepositCapital: {
      absl::StatusOr<v1::GuaranteeFund> fund =
          FindFund(context, command.deposit_capital().name(), "name");
      if (!fund.ok()) return fund.status();
      return DecideDepositCapital(*fund, command.deposit_capital(), context.today);
    }
    case C::kRequestFundGuarantee: {
      const v1::RequestFundGuaranteeRequest& request = command.request_fund_guarantee();
      absl::StatusOr<v1::Loan> loan = FindLoan(context, request.loan(), "loan");
      if (!loan.ok()) return loan.status();
      absl::StatusOr<v1::GuaranteeFund> fund = FindFund(context, request.fund(), "fund");
      if (!fund.ok()) return fund.status();
      return DecideRequestFundGuarantee(*loan, *fund, request, context.today);
    }
    case C::kIssueFundGuarantee: {
      const v1::IssueFundGuaranteeRequest& request = command.issue_fund_guarantee();
      absl::StatusOr<v1::Loan> loan = FindLoan(context, request.loan(), "loan");
      if (!loan.ok()) return loan.status();
      absl::StatusOr<v1::GuaranteeFund> fund = FindFund(context, request.fund(), "fund");
      if (!fund.ok()) return fund.status();
      return DecideIssueFundGuarantee(*loan, *fund, request, context.today);
    }
    case C::kRecordGuarantee: {
      absl::StatusOr<v1::Loan> loan = FindLoan(context, command.record_guarantee().loan(), "loan");
      if (!loan.ok()) return loan.status();
      return DecideRecordGuarantee(*loan, command.record_guarantee(), context.today);
    }
    case C::kFileCall:
      return OnFundGuarantee(command.file_call(), context, DecideFileGuaranteeCall);
    case C::kPayCompensation:
      return OnFundGuarantee(command.pay_compensation(), context, DecidePayCompensation);
    case C::kRecordRecovery:
      return DecideRecoveryOf(command.record_recovery(), context);
    case C::kReverseEntry:
      return DecideReversal(command.reverse_entry(), context);
    case C::kAddPolicyVersion: {
      absl::StatusOr<PolicyTail> tail = LatestPolicyVersion(*context.state);
      if (!tail.ok()) return tail.status();
      return DecideAddPolicyVersion(command.add_policy_version(), *tail, context.today);
    }
    case C::kRecordLprFixing: {
      absl::StatusOr<LprTail> tail = LatestLprFixing(*context.state);
      if (!tail.ok()) return tail.status();
      return DecideRecordLprFixing(command.record_lpr_fixing(), *tail, context.today);
    }
    case C::kSubmitClaim:
    case C::kApproveClaim:
    case C::kRejectClaim:
    case C::kPayClaim:
      return DecideClaimCommand(command, context);
    case C::kCreateCohort:
    case C::kEnrolMentee:
    case C::kWithdrawMentee:
    case C::kRecordSupport:
    case C::kCloseCohort:
    case C::kSetCohortRules:
      return DecideCohortCommand(command, context);
    case C::KIND_NOT_SET:
      break;
  }
  return InvalidArgument(reason::kUnknownCommand, "", "empty command");
}

}  // namespace

absl::StatusOr<v1::Event> DecideCommand(const internal::LedgerCommand& command,
                                        const DecideContext& context) {
  absl::StatusOr<v1::Event> event = Decide(command, context);
  if (!event.ok()) return event.status();
  if (absl::Status s = AddExposurePostings(context, &*event); !s.ok()) return s;
  if (event->has_entry_reversed()) {
    if (absl::Status s = CheckReversalApplies(context, *event); !s.ok()) return s;
  }
  return event;
}

std::string RequestIdOf(const internal::LedgerCommand& command) {
  const Message* request = RequestOf(command);
  if (request == nullptr) return "";
  const FieldDescriptor* field = request->GetDescriptor()->FindFieldByName("request_id");
  return field == nullptr ? "" : request->GetReflection()->GetString(*request, field);
}

std::string Fingerprint(const internal::LedgerCommand& command) {
  internal::LedgerCommand copy = command;
  // The server computes the claim basis again for a retried submission (it may differ if
  // entries came in between); the request is the same request either way.
  copy.clear_claim_basis();
  if (const Message* request = RequestOf(copy); request != nullptr) {
    Message* mutable_request = copy.GetReflection()->MutableMessage(
        &copy, copy.GetReflection()->GetOneofFieldDescriptor(
                   copy, copy.GetDescriptor()->FindOneofByName("kind")));
    const FieldDescriptor* field = mutable_request->GetDescriptor()->FindFieldByName("request_id");
    if (field != nullptr) mutable_request->GetReflection()->ClearField(mutable_request, field);
  }
  thread_local Sha256 hasher;
  return hasher.Digest(DeterministicBytes(copy));
}

}  // namespace ledger
