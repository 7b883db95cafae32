#include "ledger/auth/authorization.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/loan/loan_evolve.h"

namespace ledger {
namespace {

constexpr Access D = Access::kDenied;
constexpr Access S = Access::kScoped;
constexpr Access A = Access::kAll;

// Columns: bank, county_officer, finance, guarantee_fund, auditor, admin (the Role order).
// Why each cell is what it is:
// - Loans are written only by the bank that owns them; officers, finance and auditors read.
// - A guarantee fund sees the loans its bank asked it to guarantee (from the request on, to
//   decide) and those it guarantees: it carries their risk and follows them through calls,
//   compensation and recovery.
// - Finance sets funds up; a fund's operator deposits its capital, issues the guarantees banks
//   request of it (only on a loan whose bank asked it: nobody attaches a guarantee to a
//   bank's loan without the bank's consent), pays compensation and records recoveries. The
//   bank requests fund guarantees, records other guarantee forms and calls a fund guarantee
//   (it is the bank that is owed). Fund figures are programme data: everyone who reads loans
//   may read them, except a fund's operator, who answers for its own fund only.
// - Accounts follow what they belong to (a bank's, a loan's, a fund's); the trial balance
//   spans every bank and fund, so only finance and auditors. Reversals undo an actor's own
//   money entries and nobody else's: finance staff read everything and write subsidy and
//   policy (and fund set-up and capital), never a bank's or a fund's entries; auditors only
//   read.
// - Admin runs the service and sees no borrower data.
// - Batches are a bank's way to post many of its loan commands at once: banks only.
// - Journal entries name loans and amounts: a bank sees those about its loans (the fund's
//   included), finance and auditors all.
// - Head, chain verification and signed checkpoints reveal only hashes: everyone.
// - Backups (a copy of the whole data directory, on the server) are the admin's: admin runs
//   the service.
// - Subsidy policy versions and LPR fixings are written by finance staff only (no scope: they
//   are national/programme parameters, nobody's in particular). Policy is public programme
//   information: every role that works with loans reads it; admin sees no programme data.
const std::vector<MethodRule>* const kTable = new std::vector<MethodRule>{
    {"microloan.ledger.v1.LoanService.CreateLoan", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.DisburseLoan", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.RecordRepayment", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.MarkInstalmentOverdue", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.CureArrear", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.ExtendLoan", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.WriteOffLoan", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.GetLoan", {S, S, A, S, A, D}},
    // A batch carries the bank commands above; each is authorised again as its own RPC.
    {"microloan.ledger.v1.BatchService.SubmitBatch", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.ListLoans", {S, S, A, S, A, D}},
    {"microloan.ledger.v1.LoanService.ListLoanHistory", {S, S, A, S, A, D}},
    {"microloan.ledger.v1.GuaranteeService.CreateFund", {D, D, A, D, D, D}},
    {"microloan.ledger.v1.GuaranteeService.DepositFundCapital", {D, D, A, S, D, D}},
    {"microloan.ledger.v1.GuaranteeService.GetFund", {A, A, A, S, A, D}},
    {"microloan.ledger.v1.GuaranteeService.ListFunds", {A, A, A, S, A, D}},
    {"microloan.ledger.v1.GuaranteeService.RequestFundGuarantee", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.GuaranteeService.IssueFundGuarantee", {D, D, D, S, D, D}},
    {"microloan.ledger.v1.GuaranteeService.RecordGuarantee", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.GuaranteeService.FileGuaranteeCall", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.GuaranteeService.PayCompensation", {D, D, D, S, D, D}},
    {"microloan.ledger.v1.GuaranteeService.RecordRecovery", {D, D, D, S, D, D}},
    {"microloan.ledger.v1.AccountService.GetAccount", {S, S, A, S, A, D}},
    {"microloan.ledger.v1.AccountService.ListAccountPostings", {S, S, A, S, A, D}},
    {"microloan.ledger.v1.AccountService.GetTrialBalance", {D, D, A, D, A, D}},
    {"microloan.ledger.v1.AccountService.ReverseEntry", {S, D, D, S, D, D}},
    {"microloan.ledger.v1.JournalService.GetEntry", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.ListEntries", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.StreamEntries", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.GetHead", {A, A, A, A, A, A}},
    {"microloan.ledger.v1.JournalService.VerifyChain", {A, A, A, A, A, A}},
    {"microloan.ledger.v1.JournalService.GetCheckpoint", {A, A, A, A, A, A}},
    {"microloan.ledger.v1.JournalService.CreateBackup", {D, D, D, D, D, A}},
    // Replication: a follower needs every entry unredacted, i.e. all programme data, so only
    // the auditor (who reads the whole journal) feeds one; not the admin, who by design sees
    // no programme data (GetEntry/ListEntries are refused to it). The admin operates
    // followers: their status, and promotion.
    {"microloan.ledger.v1.JournalService.ReplicateJournal", {D, D, D, D, A, D}},
    {"microloan.ledger.v1.JournalService.GetReplicationStatus", {D, D, D, D, A, A}},
    {"microloan.ledger.v1.JournalService.PromoteToPrimary", {D, D, D, D, D, A}},
    {"microloan.ledger.v1.PolicyService.AddSubsidyPolicyVersion", {D, D, A, D, D, D}},
    {"microloan.ledger.v1.PolicyService.RecordLprFixing", {D, D, A, D, D, D}},
    {"microloan.ledger.v1.PolicyService.ListSubsidyPolicyVersions", {A, A, A, A, A, D}},
    {"microloan.ledger.v1.PolicyService.ListLprFixings", {A, A, A, A, A, D}},
    // A what-if read of one loan: whoever may see the loan (GetLoan's scopes).
    {"microloan.ledger.v1.SubsidyService.ComputeSubsidy", {S, S, A, S, A, D}},
    // Every loan's subsidy for a period: the same loans ListLoans shows each role (a bank its
    // own, an officer its county's, a fund the loans it was asked to guarantee; finance and
    // auditors all), so a claim can be checked by whoever may see its loans.
    {"microloan.ledger.v1.SubsidyService.ListLoanSubsidies", {S, S, A, S, A, D}},
    // A bank claims the subsidy of its own loans (for itself only); finance staff, who pay
    // public money, decide on a claim and record its payment, and nobody else: a bank does not
    // approve its own claim.
    {"microloan.ledger.v1.SubsidyService.SubmitSubsidyClaim", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.SubsidyService.ApproveSubsidyClaim", {D, D, A, D, D, D}},
    {"microloan.ledger.v1.SubsidyService.RejectSubsidyClaim", {D, D, A, D, D, D}},
    {"microloan.ledger.v1.SubsidyService.RecordSubsidyPayment", {D, D, A, D, D, D}},
    // A claim is between its bank and the programme: the bank reads its own, finance staff and
    // auditors all. Officers and funds see loans, not a bank's claims (a claim spans counties).
    {"microloan.ledger.v1.SubsidyService.GetSubsidyClaim", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.SubsidyService.ListSubsidyClaims", {S, D, A, D, A, D}},
    // "One helps ten" cohorts are the county league committee's programme: its officers write
    // their own county's cohorts, mentees, support and rules (CheckCountyScope) and nobody else
    // writes them (finance staff pay subsidies, not mentorship records; a bank or fund has no
    // part in a cohort). The cohort card names mentees and shows their loans across banks, so
    // reads are for the county's officers (their county only, another's cohort is NOT_FOUND),
    // finance staff and auditors; not banks (a mentee's other banks' loans), funds or admin.
    {"microloan.ledger.v1.CohortService.CreateCohort", {D, S, D, D, D, D}},
    {"microloan.ledger.v1.CohortService.EnrolMentee", {D, S, D, D, D, D}},
    {"microloan.ledger.v1.CohortService.WithdrawMentee", {D, S, D, D, D, D}},
    {"microloan.ledger.v1.CohortService.RecordSupport", {D, S, D, D, D, D}},
    {"microloan.ledger.v1.CohortService.CloseCohort", {D, S, D, D, D, D}},
    {"microloan.ledger.v1.CohortService.SetCohortRules", {D, S, D, D, D, D}},
    {"microloan.ledger.v1.CohortService.GetCohortCard", {D, S, A, D, A, D}},
    {"microloan.ledger.v1.CohortService.GetCountyCohorts", {D, S, A, D, A, D}},
    {"microloan.ledger.v1.CohortService.GetMentorHistory", {D, S, A, D, A, D}},
};

absl::Status Denied(absl::string_view why, absl::string_view field = "") {
  return Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, field, why);
}

// The claim a subsidy claim event is about ("" for other events).
std::string ClaimNameOfEvent(const v1::Event& event) {
  switch (event.kind_case()) {
    case v1::Event::kSubsidyClaimSubmitted:
      return event.subsidy_claim_submitted().claim().name();
    case v1::Event::kSubsidyClaimApproved:
      return event.subsidy_claim_approved().claim();
    case v1::Event::kSubsidyClaimRejected:
      return event.subsidy_claim_rejected().claim();
    case v1::Event::kSubsidyClaimPaid:
      return event.subsidy_claim_paid().claim();
    default:
      return "";
  }
}

// The bank a journal entry is about: that of the loan it concerns, or of the subsidy claim
// ("" for fund-only and policy entries, which are no bank's).
std::string BankOfEntry(const v1::JournalEntry& entry) {
  const std::string claim = ClaimNameOfEvent(entry.event());
  if (!claim.empty()) {
    absl::StatusOr<ClaimId> id = ParseClaimName(claim, "claim");
    return id.ok() ? id->bank_id : "";
  }
  absl::StatusOr<LoanName> name = ParseLoanName(LoanNameOfEvent(entry.event()), "loan");
  return name.ok() ? name->bank_id : "";
}

// The event a reversal is judged by: the reversed one for an EntryReversed.
const v1::Event& JudgedEvent(const v1::JournalEntry& entry) {
  const v1::Event& event = entry.event();
  return event.has_entry_reversed() ? event.entry_reversed().original() : event;
}

}  // namespace

const std::vector<MethodRule>& AuthorizationTable() { return *kTable; }

const MethodRule* FindRule(absl::string_view method) {
  for (const MethodRule& rule : *kTable) {
    if (method == rule.method) return &rule;
  }
  return nullptr;
}

absl::StatusOr<Caller> AuthorizeMethod(absl::string_view method, std::string principal,
                                       const Grant& grant) {
  const MethodRule* rule = FindRule(method);
  if (rule == nullptr) return Denied(absl::StrCat(method, " has no authorisation rule"));
  const Access access = rule->roles[static_cast<int>(grant.role)];
  if (access == Access::kDenied) {
    return Denied(absl::StrCat("role ", RoleName(grant.role), " may not call ", method));
  }
  return Caller{std::move(principal), grant, access};
}

absl::Status LoanNotFound(absl::string_view name, absl::string_view field) {
  return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, field,
                absl::StrCat("no loan ", name));
}

absl::Status FundNotFound(absl::string_view fund_id, absl::string_view field) {
  return Refuse(absl::StatusCode::kNotFound, reason::kFundNotFound, field,
                absl::StrCat("no guarantee fund ", FormatFundName(fund_id)));
}

// Worded as AccountProjection::Get words an account nothing has posted to.
absl::Status AccountNotFound(absl::string_view account) {
  return Refuse(absl::StatusCode::kNotFound, reason::kAccountNotFound, "account",
                absl::StrCat("nothing has posted to ", account));
}

// Worded as ReadEntry words an entry past the head.
absl::Status EntryNotFound(uint64_t sequence) {
  return Refuse(absl::StatusCode::kNotFound, reason::kEntryNotFound, "sequence",
                absl::StrCat("no journal entry ", sequence));
}

absl::Status CheckCreateScope(const Caller& caller, const v1::CreateLoanRequest& request) {
  if (caller.access == Access::kAll) return absl::OkStatus();
  if (caller.grant.role == Role::kBank && request.bank_id() == caller.grant.scope) {
    return absl::OkStatus();
  }
  return Denied(absl::StrCat("you act for bank ", caller.grant.scope, " only"), "bank_id");
}

bool InCountyScope(const Caller& caller, absl::string_view county_code) {
  if (caller.access == Access::kAll) return true;
  return caller.grant.role == Role::kCountyOfficer && !caller.grant.scope.empty() &&
         county_code == caller.grant.scope;
}

absl::Status CheckCountyScope(const Caller& caller, absl::string_view county_code,
                              absl::string_view field) {
  if (InCountyScope(caller, county_code)) return absl::OkStatus();
  return Denied(absl::StrCat("you act for county ", caller.grant.scope, " only"), field);
}

absl::Status CheckCohortReadScope(const Caller& caller, absl::string_view county_code,
                                  absl::string_view cohort_name, absl::string_view field) {
  if (InCountyScope(caller, county_code)) return absl::OkStatus();
  // Worded as LoadCohort words an absent cohort.
  return Refuse(absl::StatusCode::kNotFound, reason::kCohortNotFound, field,
                absl::StrCat("no cohort ", cohort_name));
}

absl::Status CheckLoanNameScope(const Caller& caller, absl::string_view name,
                                absl::string_view field) {
  if (caller.access == Access::kAll || caller.grant.role != Role::kBank) {
    return absl::OkStatus();
  }
  absl::StatusOr<LoanName> parsed = ParseLoanName(name, field);
  if (!parsed.ok()) return parsed.status();
  if (parsed->bank_id != caller.grant.scope) return LoanNotFound(name, field);
  return absl::OkStatus();
}

bool CanSeeLoan(const Caller& caller, const v1::Loan& loan) {
  if (caller.access == Access::kAll) return true;
  switch (caller.grant.role) {
    case Role::kBank:
      return loan.bank_id() == caller.grant.scope;
    case Role::kCountyOfficer:
      return loan.county_code() == caller.grant.scope;
    case Role::kGuaranteeFund:
      return std::any_of(
          loan.guarantees().begin(), loan.guarantees().end(), [&](const v1::Guarantee& g) {
            return g.form() == v1::FUND_GUARANTEE && g.fund_id() == caller.grant.scope;
          });
    default:
      return false;
  }
}

absl::StatusOr<v1::Loan> LoanIfVisible(const Caller& caller, absl::StatusOr<v1::Loan> loaded,
                                       absl::string_view name, absl::string_view field) {
  if (absl::IsNotFound(loaded.status())) return LoanNotFound(name, field);
  if (!loaded.ok()) return loaded.status();
  if (!CanSeeLoan(caller, *loaded)) return LoanNotFound(name, field);
  return loaded;
}

absl::Status ScopeListLoans(const Caller& caller, v1::ListLoansRequest* request) {
  if (caller.access == Access::kAll) return absl::OkStatus();
  std::string* filter = nullptr;
  const char* field = "";
  switch (caller.grant.role) {
    case Role::kBank:
      filter = request->mutable_bank_id();
      field = "bank_id";
      break;
    case Role::kCountyOfficer:
      filter = request->mutable_county_code();
      field = "county_code";
      break;
    case Role::kGuaranteeFund:
      filter = request->mutable_fund_id();
      field = "fund_id";
      break;
    default:
      return Denied("no loans are in your scope");
  }
  if (filter->empty()) *filter = caller.grant.scope;
  if (*filter != caller.grant.scope) {
    return Denied(absl::StrCat("you may list ", field, " ", caller.grant.scope, " only"), field);
  }
  return absl::OkStatus();
}

absl::Status CheckFundNameScope(const Caller& caller, absl::string_view name,
                                absl::string_view field) {
  if (caller.access == Access::kAll) return absl::OkStatus();
  absl::StatusOr<std::string> fund_id = ParseFundName(name, field);
  if (!fund_id.ok()) return fund_id.status();
  if (!CanSeeFund(caller, *fund_id)) return FundNotFound(*fund_id, field);
  return absl::OkStatus();
}

bool CanSeeFund(const Caller& caller, absl::string_view fund_id) {
  if (caller.access == Access::kAll) return true;
  return caller.grant.role == Role::kGuaranteeFund && !fund_id.empty() &&
         fund_id == caller.grant.scope;
}

bool CanSeeAccount(const Caller& caller, const AccountName& account, const v1::Loan* loan) {
  if (caller.access == Access::kAll) return true;
  const std::string& scope = caller.grant.scope;
  switch (caller.grant.role) {
    case Role::kBank:
      return !account.bank_id.empty() && account.bank_id == scope;
    case Role::kCountyOfficer:
      // Its own county's "one helps ten" support accounts (its cohorts' funding).
      if (!account.county_code.empty()) return InCountyScope(caller, account.county_code);
      // Only loan accounts: a bank's own accounts sum over every county it lends in.
      return !account.loan_id.empty() && loan != nullptr && loan->bank_id() == account.bank_id &&
             loan->loan_id() == account.loan_id && loan->county_code() == scope;
    case Role::kGuaranteeFund:
      return !account.fund_id.empty() && account.fund_id == scope;
    default:
      return false;
  }
}

void RedactEntry(const Caller& caller, v1::JournalEntry* entry) {
  const Role role = caller.grant.role;
  if (role == Role::kFinance || role == Role::kAuditor) return;
  if (entry->event().has_loan_created()) {
    entry->mutable_event()->mutable_loan_created()->clear_person_key();
  }
  if (entry->event().has_mentee_enrolled()) {
    entry->mutable_event()->mutable_mentee_enrolled()->clear_person_key();
  }
}

bool CanSeeEntry(const Caller& caller, const v1::JournalEntry& entry) {
  if (caller.access == Access::kAll) return true;
  return caller.grant.role == Role::kBank && BankOfEntry(entry) == caller.grant.scope;
}

bool CanReverseEntry(const Caller& caller, const v1::JournalEntry& entry) {
  // No unscoped pass: an entry is only ever reversed by whoever made it.
  const v1::Event& event = JudgedEvent(entry);
  const std::string& scope = caller.grant.scope;
  switch (caller.grant.role) {
    case Role::kBank:
      return MakerOfMoneyEntry(event) == MoneyEntryMaker::kBank && !scope.empty() &&
             BankOfEntry(entry) == scope;
    case Role::kGuaranteeFund:
      return MakerOfMoneyEntry(event) == MoneyEntryMaker::kFund && !scope.empty() &&
             FundIdOfEvent(event) == scope;
    default:
      return false;
  }
}

}  // namespace ledger
