#include "ledger/auth/authorization.h"

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"

namespace ledger {
namespace {

constexpr Access D = Access::kDenied;
constexpr Access S = Access::kScoped;
constexpr Access A = Access::kAll;

// Columns: bank, county_officer, finance, guarantee_fund, auditor, admin (the Role order).
// Why each cell is what it is:
// - Loans are written only by the bank that owns them; officers, finance and auditors read.
// - A guarantee fund sees the loans its guarantees cover; there are no guarantees yet, so
//   nothing (the guarantees issue changes these cells).
// - Admin runs the service and sees no borrower data.
// - Journal entries name loans and amounts: a bank sees its own, finance and auditors all.
// - Head, chain verification and signed checkpoints reveal only hashes: everyone.
const std::vector<MethodRule>* const kTable = new std::vector<MethodRule>{
    {"microloan.ledger.v1.LoanService.CreateLoan", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.DisburseLoan", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.RecordRepayment", {S, D, D, D, D, D}},
    {"microloan.ledger.v1.LoanService.GetLoan", {S, S, A, D, A, D}},
    {"microloan.ledger.v1.LoanService.ListLoans", {S, S, A, D, A, D}},
    {"microloan.ledger.v1.LoanService.ListLoanHistory", {S, S, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.GetEntry", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.ListEntries", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.StreamEntries", {S, D, A, D, A, D}},
    {"microloan.ledger.v1.JournalService.GetHead", {A, A, A, A, A, A}},
    {"microloan.ledger.v1.JournalService.VerifyChain", {A, A, A, A, A, A}},
    {"microloan.ledger.v1.JournalService.GetCheckpoint", {A, A, A, A, A, A}},
};

absl::Status Denied(absl::string_view why, absl::string_view field = "") {
  return Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, field, why);
}

// The bank a journal entry is about (every event names its loan).
std::string BankOfEntry(const v1::JournalEntry& entry) {
  const v1::Event& event = entry.event();
  absl::string_view loan;
  switch (event.kind_case()) {
    case v1::Event::kLoanCreated:
      return event.loan_created().bank_id();
    case v1::Event::kLoanDisbursed:
      loan = event.loan_disbursed().loan();
      break;
    case v1::Event::kRepaymentRecorded:
      loan = event.repayment_recorded().loan();
      break;
    case v1::Event::KIND_NOT_SET:
      return "";
  }
  absl::StatusOr<LoanName> name = ParseLoanName(loan, "loan");
  return name.ok() ? name->bank_id : "";
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

absl::Status LoanNotFound(absl::string_view name) {
  return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, "name",
                absl::StrCat("no loan ", name));
}

absl::Status CheckCreateScope(const Caller& caller, const v1::CreateLoanRequest& request) {
  if (caller.access == Access::kAll) return absl::OkStatus();
  if (caller.grant.role == Role::kBank && request.bank_id() == caller.grant.scope) {
    return absl::OkStatus();
  }
  return Denied(absl::StrCat("you act for bank ", caller.grant.scope, " only"), "bank_id");
}

absl::Status CheckLoanNameScope(const Caller& caller, absl::string_view name) {
  if (caller.access == Access::kAll || caller.grant.role != Role::kBank) {
    return absl::OkStatus();
  }
  absl::StatusOr<LoanName> parsed = ParseLoanName(name, "name");
  if (!parsed.ok()) return parsed.status();
  if (parsed->bank_id != caller.grant.scope) return LoanNotFound(name);
  return absl::OkStatus();
}

bool CanSeeLoan(const Caller& caller, const v1::Loan& loan) {
  if (caller.access == Access::kAll) return true;
  switch (caller.grant.role) {
    case Role::kBank:
      return loan.bank_id() == caller.grant.scope;
    case Role::kCountyOfficer:
      return loan.county_code() == caller.grant.scope;
    default:
      return false;
  }
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
    default:
      return Denied("no loans are in your scope");
  }
  if (filter->empty()) *filter = caller.grant.scope;
  if (*filter != caller.grant.scope) {
    return Denied(absl::StrCat("you may list ", field, " ", caller.grant.scope, " only"), field);
  }
  return absl::OkStatus();
}

void RedactEntry(const Caller& caller, v1::JournalEntry* entry) {
  const Role role = caller.grant.role;
  if (role == Role::kFinance || role == Role::kAuditor) return;
  if (entry->event().has_loan_created()) {
    entry->mutable_event()->mutable_loan_created()->clear_person_key();
  }
}

bool CanSeeEntry(const Caller& caller, const v1::JournalEntry& entry) {
  if (caller.access == Access::kAll) return true;
  return caller.grant.role == Role::kBank && BankOfEntry(entry) == caller.grant.scope;
}

}  // namespace ledger
