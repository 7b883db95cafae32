#include "ledger/auth/authorization.h"

#include <array>
#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/error.h"
#include "microloan/ledger/v1/account.pb.h"
#include "microloan/ledger/v1/cohort.pb.h"
#include "microloan/ledger/v1/guarantee_service.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"
#include "microloan/ledger/v1/policy.pb.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {
namespace {

// Every service of the public API. A new service must be added here (and its methods to
// the table); a new method of these services fails EveryRpcHasARule until it has a row.
const char* const kServices[] = {
    "microloan.ledger.v1.LoanService",    "microloan.ledger.v1.GuaranteeService",
    "microloan.ledger.v1.AccountService", "microloan.ledger.v1.JournalService",
    "microloan.ledger.v1.PolicyService",  "microloan.ledger.v1.SubsidyService",
    "microloan.ledger.v1.CohortService",  "microloan.ledger.v1.BatchService",
};

constexpr char kLoans[] = "microloan.ledger.v1.LoanService.";
constexpr char kGuarantees[] = "microloan.ledger.v1.GuaranteeService.";
constexpr char kAccounts[] = "microloan.ledger.v1.AccountService.";
constexpr char kPolicies[] = "microloan.ledger.v1.PolicyService.";
constexpr char kSubsidies[] = "microloan.ledger.v1.SubsidyService.";

Caller As(const std::string& method, Role role, const std::string& scope = "") {
  absl::StatusOr<Caller> caller = AuthorizeMethod(method, "p", Grant{role, scope});
  EXPECT_TRUE(caller.ok()) << method << ": " << caller.status();
  return caller.ok() ? *caller : Caller{};
}

v1::Loan GuaranteedLoan(const std::string& bank, const std::string& county,
                        const std::string& fund) {
  v1::Loan loan;
  loan.set_bank_id(bank);
  loan.set_loan_id("L1");
  loan.set_county_code(county);
  v1::Guarantee* joint = loan.add_guarantees();
  joint->set_form(v1::JOINT_LIABILITY);
  v1::Guarantee* guarantee = loan.add_guarantees();
  guarantee->set_form(v1::FUND_GUARANTEE);
  guarantee->set_fund_id(fund);
  return loan;
}

TEST(Authorization, EveryRpcHasARuleAndEveryRuleAnRpc) {
  // Links the generated files whose services are looked up below.
  ASSERT_NE(v1::CreateFundRequest::descriptor(), nullptr);
  ASSERT_NE(v1::GetAccountRequest::descriptor(), nullptr);
  ASSERT_NE(v1::AddSubsidyPolicyVersionRequest::descriptor(), nullptr);
  ASSERT_NE(v1::ComputeSubsidyRequest::descriptor(), nullptr);
  ASSERT_NE(v1::CreateCohortRequest::descriptor(), nullptr);
  std::set<std::string> methods;
  for (const char* service_name : kServices) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    ASSERT_NE(service, nullptr) << service_name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method = service->method(i)->full_name();
      methods.insert(method);
      EXPECT_NE(FindRule(method), nullptr) << method << " has no authorisation rule";
    }
  }
  for (const MethodRule& rule : AuthorizationTable()) {
    EXPECT_EQ(methods.count(rule.method), 1u) << rule.method << " is not an RPC of the API";
  }
}

TEST(Authorization, UnknownMethodsAndDeniedRolesAreRefused) {
  absl::Status unknown =
      AuthorizeMethod("microloan.ledger.v1.LoanService.DeleteEverything", "x", {}).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kPermissionDenied);
  absl::Status officer_writes = AuthorizeMethod("microloan.ledger.v1.LoanService.RecordRepayment",
                                                "officer-1", Grant{Role::kCountyOfficer, "370281"})
                                    .status();
  EXPECT_EQ(officer_writes.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(officer_writes), reason::kPermissionDenied);
}

TEST(Authorization, ScopesNarrowListingsAndHideOthersLoans) {
  Caller bank = *AuthorizeMethod("microloan.ledger.v1.LoanService.ListLoans", "bank-B001",
                                 Grant{Role::kBank, "B001"});
  v1::ListLoansRequest own;
  ASSERT_TRUE(ScopeListLoans(bank, &own).ok());
  EXPECT_EQ(own.bank_id(), "B001");
  v1::ListLoansRequest other;
  other.set_bank_id("B002");
  EXPECT_EQ(FieldOf(ScopeListLoans(bank, &other)), "bank_id");

  Caller officer = *AuthorizeMethod("microloan.ledger.v1.LoanService.GetLoan", "officer",
                                    Grant{Role::kCountyOfficer, "370281"});
  v1::Loan loan;
  loan.set_bank_id("B001");
  loan.set_county_code("370282");
  EXPECT_FALSE(CanSeeLoan(officer, loan));
  EXPECT_TRUE(CanSeeLoan(bank, loan));
  EXPECT_EQ(CheckLoanNameScope(bank, "banks/B002/loans/L1").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(CheckLoanNameScope(bank, "banks/B001/loans/L1").ok());

  v1::JournalEntry entry;
  entry.mutable_event()->mutable_loan_disbursed()->set_loan("banks/B002/loans/L9");
  EXPECT_FALSE(CanSeeEntry(bank, entry));
  Caller auditor = *AuthorizeMethod("microloan.ledger.v1.JournalService.GetEntry", "a",
                                    Grant{Role::kAuditor, ""});
  EXPECT_TRUE(CanSeeEntry(auditor, entry));
}

TEST(Authorization, NewRowsAreAsDecided) {
  auto access = [](const std::string& method, Role role) {
    return FindRule(method)->roles[static_cast<int>(role)];
  };
  for (const char* name : {"MarkInstalmentOverdue", "CureArrear", "ExtendLoan", "WriteOffLoan"}) {
    const std::string method = std::string(kLoans) + name;
    EXPECT_EQ(access(method, Role::kBank), Access::kScoped) << method;
    for (Role role : {Role::kCountyOfficer, Role::kFinance, Role::kGuaranteeFund, Role::kAuditor,
                      Role::kAdmin}) {
      EXPECT_EQ(access(method, role), Access::kDenied) << method << " " << RoleName(role);
    }
  }
  EXPECT_EQ(access(std::string(kGuarantees) + "CreateFund", Role::kFinance), Access::kAll);
  EXPECT_EQ(access(std::string(kGuarantees) + "CreateFund", Role::kGuaranteeFund), Access::kDenied);
  EXPECT_EQ(access(std::string(kGuarantees) + "PayCompensation", Role::kBank), Access::kDenied);
  EXPECT_EQ(access(std::string(kGuarantees) + "FileGuaranteeCall", Role::kGuaranteeFund),
            Access::kDenied);
  EXPECT_EQ(access(std::string(kAccounts) + "GetTrialBalance", Role::kBank), Access::kDenied);
  EXPECT_EQ(access(std::string(kAccounts) + "ReverseEntry", Role::kAuditor), Access::kDenied);
  // Finance staff read everything and write subsidy and policy, never banks' or funds' entries.
  EXPECT_EQ(access(std::string(kAccounts) + "ReverseEntry", Role::kFinance), Access::kDenied);
  EXPECT_EQ(access(std::string(kAccounts) + "ReverseEntry", Role::kBank), Access::kScoped);
  EXPECT_EQ(access(std::string(kAccounts) + "ReverseEntry", Role::kGuaranteeFund), Access::kScoped);
  EXPECT_EQ(access(std::string(kGuarantees) + "DepositFundCapital", Role::kFinance), Access::kAll);
  // The bank asks a fund for a guarantee on its own loan; only the fund issues it.
  const std::string request = std::string(kGuarantees) + "RequestFundGuarantee";
  EXPECT_EQ(access(request, Role::kBank), Access::kScoped);
  for (Role role :
       {Role::kCountyOfficer, Role::kFinance, Role::kGuaranteeFund, Role::kAuditor, Role::kAdmin}) {
    EXPECT_EQ(access(request, role), Access::kDenied) << RoleName(role);
  }
  const std::string issue = std::string(kGuarantees) + "IssueFundGuarantee";
  for (Role role :
       {Role::kBank, Role::kCountyOfficer, Role::kFinance, Role::kAuditor, Role::kAdmin}) {
    EXPECT_EQ(access(issue, role), Access::kDenied) << RoleName(role);
  }
  EXPECT_EQ(access(issue, Role::kGuaranteeFund), Access::kScoped);
  EXPECT_EQ(access(std::string(kAccounts) + "GetAccount", Role::kAdmin), Access::kDenied);
}

TEST(Authorization, FinanceWritesPolicyAndEveryoneButAdminReadsIt) {
  auto access = [](const std::string& method, Role role) {
    return FindRule(method)->roles[static_cast<int>(role)];
  };
  for (const char* name : {"AddSubsidyPolicyVersion", "RecordLprFixing"}) {
    const std::string method = std::string(kPolicies) + name;
    EXPECT_EQ(access(method, Role::kFinance), Access::kAll) << method;
    for (Role role :
         {Role::kBank, Role::kCountyOfficer, Role::kGuaranteeFund, Role::kAuditor, Role::kAdmin}) {
      EXPECT_EQ(access(method, role), Access::kDenied) << method << " " << RoleName(role);
    }
  }
  // Policy is public programme information: no scope narrows it.
  for (const char* name : {"ListSubsidyPolicyVersions", "ListLprFixings"}) {
    const std::string method = std::string(kPolicies) + name;
    for (Role role : {Role::kBank, Role::kCountyOfficer, Role::kFinance, Role::kGuaranteeFund,
                      Role::kAuditor}) {
      EXPECT_EQ(access(method, role), Access::kAll) << method << " " << RoleName(role);
    }
    EXPECT_EQ(access(method, Role::kAdmin), Access::kDenied) << method;
  }
}

TEST(Authorization, ComputeSubsidyIsReadLikeTheLoan) {
  // The same scopes as GetLoan: whoever may see the loan may ask what its subsidy would be.
  const MethodRule* subsidy = FindRule(std::string(kSubsidies) + "ComputeSubsidy");
  const MethodRule* get_loan = FindRule(std::string(kLoans) + "GetLoan");
  ASSERT_NE(subsidy, nullptr);
  ASSERT_NE(get_loan, nullptr);
  const std::array<Access, kRoleCount> expected = {Access::kScoped, Access::kScoped,
                                                   Access::kAll,    Access::kScoped,
                                                   Access::kAll,    Access::kDenied};
  EXPECT_EQ(subsidy->roles, expected);
  EXPECT_EQ(subsidy->roles, get_loan->roles);
}

TEST(Authorization, AFundSeesTheLoansItGuaranteesAndListsOnlyThose) {
  Caller fund = As(std::string(kLoans) + "GetLoan", Role::kGuaranteeFund, "F1");
  EXPECT_TRUE(CanSeeLoan(fund, GuaranteedLoan("B001", "370281", "F1")));
  EXPECT_FALSE(CanSeeLoan(fund, GuaranteedLoan("B001", "370281", "F2")));
  v1::Loan counter = GuaranteedLoan("B001", "370281", "F1");
  counter.mutable_guarantees(1)->set_form(v1::COUNTER_GUARANTEE);  // a fund id, but not its form
  EXPECT_FALSE(CanSeeLoan(fund, counter));
  // From the bank's request on (to decide whether to issue), through every later state.
  for (v1::GuaranteeState state :
       {v1::GUARANTEE_REQUESTED, v1::GUARANTEE_LIVE, v1::GUARANTEE_CALL_FILED,
        v1::GUARANTEE_COMPENSATED, v1::GUARANTEE_RELEASED}) {
    v1::Loan loan = GuaranteedLoan("B001", "370281", "F1");
    loan.mutable_guarantees(1)->set_state(state);
    EXPECT_TRUE(CanSeeLoan(fund, loan)) << v1::GuaranteeState_Name(state);
  }
  // A loan outside the fund's region that nobody asked it about: unseen.
  v1::Loan unasked = GuaranteedLoan("B002", "370282", "F2");
  EXPECT_FALSE(CanSeeLoan(fund, unasked));
  unasked.clear_guarantees();
  EXPECT_FALSE(CanSeeLoan(fund, unasked));

  v1::ListLoansRequest own;
  ASSERT_TRUE(ScopeListLoans(fund, &own).ok());
  EXPECT_EQ(own.fund_id(), "F1");
  v1::ListLoansRequest other;
  other.set_fund_id("F2");
  absl::Status refused = ScopeListLoans(fund, &other);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(FieldOf(refused), "fund_id");
}

TEST(Authorization, AFundActsOnItsOwnFundOnly) {
  Caller fund = As(std::string(kGuarantees) + "DepositFundCapital", Role::kGuaranteeFund, "F1");
  EXPECT_TRUE(CheckFundNameScope(fund, "guarantee_funds/F1").ok());
  absl::Status other = CheckFundNameScope(fund, "guarantee_funds/F2", "fund");
  EXPECT_EQ(other.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(other), reason::kFundNotFound);
  EXPECT_EQ(FieldOf(other), "fund");
  EXPECT_EQ(CheckFundNameScope(fund, "funds/F1").code(), absl::StatusCode::kInvalidArgument);
  Caller finance = As(std::string(kGuarantees) + "DepositFundCapital", Role::kFinance);
  EXPECT_TRUE(CheckFundNameScope(finance, "guarantee_funds/F2").ok());
  EXPECT_TRUE(CanSeeFund(fund, "F1"));
  EXPECT_FALSE(CanSeeFund(fund, "F2"));
  EXPECT_TRUE(CanSeeFund(As(std::string(kGuarantees) + "GetFund", Role::kBank, "B001"), "F2"));
}

TEST(Authorization, AccountsBelongToTheirBankLoanOrFund) {
  const std::string method = std::string(kAccounts) + "GetAccount";
  auto account = [](const std::string& name) { return *ParseAccountName(name, "account"); };
  Caller bank = As(method, Role::kBank, "B001");
  EXPECT_TRUE(CanSeeAccount(bank, account("banks/B001/accounts/funding"), nullptr));
  EXPECT_TRUE(CanSeeAccount(bank, account("banks/B001/loans/L1/accounts/principal"), nullptr));
  EXPECT_FALSE(CanSeeAccount(bank, account("banks/B002/accounts/funding"), nullptr));
  EXPECT_FALSE(CanSeeAccount(bank, account("guarantee_funds/F1/accounts/cash"), nullptr));
  EXPECT_FALSE(CanSeeAccount(bank, account("programme/accounts/subsidy_payable"), nullptr));

  Caller officer = As(method, Role::kCountyOfficer, "370281");
  const v1::Loan mine = GuaranteedLoan("B001", "370281", "F1");
  const v1::Loan theirs = GuaranteedLoan("B001", "370282", "F1");
  const AccountName principal = account("banks/B001/loans/L1/accounts/principal");
  EXPECT_TRUE(CanSeeAccount(officer, principal, &mine));
  EXPECT_FALSE(CanSeeAccount(officer, principal, &theirs));
  EXPECT_FALSE(CanSeeAccount(officer, principal, nullptr));
  EXPECT_FALSE(CanSeeAccount(officer, account("banks/B001/loans/L2/accounts/principal"), &mine));
  EXPECT_FALSE(CanSeeAccount(officer, account("banks/B001/accounts/funding"), &mine));

  Caller fund = As(method, Role::kGuaranteeFund, "F1");
  EXPECT_TRUE(CanSeeAccount(fund, account("guarantee_funds/F1/accounts/cash"), nullptr));
  EXPECT_FALSE(CanSeeAccount(fund, account("guarantee_funds/F2/accounts/cash"), nullptr));
  EXPECT_FALSE(CanSeeAccount(fund, principal, &mine));

  EXPECT_TRUE(CanSeeAccount(As(method, Role::kAuditor),
                            account("programme/accounts/subsidy_payable"), nullptr));
}

TEST(Authorization, EachActorReversesItsOwnMoneyEntriesOnly) {
  const std::string method = std::string(kAccounts) + "ReverseEntry";
  Caller bank = As(method, Role::kBank, "B001");
  Caller fund = As(method, Role::kGuaranteeFund, "F1");

  // Finance staff may not call it at all.
  absl::Status finance = AuthorizeMethod(method, "finance-1", Grant{Role::kFinance, ""}).status();
  EXPECT_EQ(finance.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(finance), reason::kPermissionDenied);

  v1::JournalEntry repayment;
  repayment.mutable_event()->mutable_repayment_recorded()->set_loan("banks/B001/loans/L1");
  EXPECT_TRUE(CanReverseEntry(bank, repayment));
  EXPECT_FALSE(CanReverseEntry(As(method, Role::kBank, "B002"), repayment));
  EXPECT_FALSE(CanReverseEntry(fund, repayment));
  // Whoever reaches the check, unscoped access is no licence: only the maker reverses.
  EXPECT_FALSE(
      CanReverseEntry(Caller{"finance-1", Grant{Role::kFinance, ""}, Access::kAll}, repayment));

  v1::JournalEntry compensation;
  v1::CompensationPaid* paid = compensation.mutable_event()->mutable_compensation_paid();
  paid->set_loan("banks/B001/loans/L1");
  paid->set_fund("guarantee_funds/F1");
  EXPECT_FALSE(CanReverseEntry(bank, compensation));  // the bank's loan, the fund's money
  EXPECT_TRUE(CanReverseEntry(fund, compensation));
  EXPECT_FALSE(CanReverseEntry(As(method, Role::kGuaranteeFund, "F2"), compensation));

  v1::JournalEntry created;
  created.mutable_event()->mutable_loan_created()->set_loan("banks/B001/loans/L1");
  EXPECT_FALSE(CanReverseEntry(bank, created));

  // A reversal is judged by what it reversed; the engine then refuses it as such.
  v1::JournalEntry reversal;
  *reversal.mutable_event()->mutable_entry_reversed()->mutable_original() = repayment.event();
  EXPECT_TRUE(CanReverseEntry(bank, reversal));
  EXPECT_FALSE(CanReverseEntry(fund, reversal));
}

TEST(Authorization, BanksSeeEveryEntryAboutTheirLoansAndNoFundOnlyEntries) {
  Caller bank = *AuthorizeMethod("microloan.ledger.v1.JournalService.GetEntry", "bank-B001",
                                 Grant{Role::kBank, "B001"});
  v1::JournalEntry compensation;
  compensation.mutable_event()->mutable_compensation_paid()->set_loan("banks/B001/loans/L1");
  EXPECT_TRUE(CanSeeEntry(bank, compensation));
  v1::JournalEntry extended;
  extended.mutable_event()->mutable_loan_extended()->set_loan("banks/B002/loans/L1");
  EXPECT_FALSE(CanSeeEntry(bank, extended));
  v1::JournalEntry reversal;
  *reversal.mutable_event()->mutable_entry_reversed()->mutable_original() = compensation.event();
  EXPECT_TRUE(CanSeeEntry(bank, reversal));
  v1::JournalEntry deposit;
  deposit.mutable_event()->mutable_fund_capital_deposited()->set_fund("guarantee_funds/F1");
  EXPECT_FALSE(CanSeeEntry(bank, deposit));
}

TEST(Authorization, OnlyFinanceAndAuditorsSeeTheKeyedIdHash) {
  v1::JournalEntry entry;
  entry.mutable_event()->mutable_loan_created()->set_person_key(std::string(32, 'h'));
  entry.mutable_event()->mutable_loan_created()->set_national_id_masked("110105********002X");
  for (Role role : {Role::kFinance, Role::kAuditor}) {
    v1::JournalEntry copy = entry;
    RedactEntry(Caller{"p", Grant{role, ""}, Access::kAll}, &copy);
    EXPECT_EQ(copy.event().loan_created().person_key().size(), 32u);
  }
  for (Role role : {Role::kBank, Role::kCountyOfficer}) {
    v1::JournalEntry copy = entry;
    RedactEntry(Caller{"p", Grant{role, "370281"}, Access::kScoped}, &copy);
    EXPECT_TRUE(copy.event().loan_created().person_key().empty());
    EXPECT_EQ(copy.event().loan_created().national_id_masked(), "110105********002X");
  }
}

TEST(Authorization, OnlyFinanceAndAuditorsSeeAMenteesKeyedIdHash) {
  v1::JournalEntry entry;
  v1::MenteeEnrolled* enrolled = entry.mutable_event()->mutable_mentee_enrolled();
  enrolled->set_cohort("counties/370281/cohorts/C1");
  enrolled->set_person_key(std::string(32, 'h'));
  enrolled->mutable_mentee()->set_national_id_masked("110105********002X");
  for (Role role : {Role::kFinance, Role::kAuditor}) {
    v1::JournalEntry copy = entry;
    RedactEntry(Caller{"p", Grant{role, ""}, Access::kAll}, &copy);
    EXPECT_EQ(copy.event().mentee_enrolled().person_key().size(), 32u);
  }
  for (Role role : {Role::kBank, Role::kCountyOfficer, Role::kGuaranteeFund}) {
    v1::JournalEntry copy = entry;
    RedactEntry(Caller{"p", Grant{role, "370281"}, Access::kScoped}, &copy);
    EXPECT_TRUE(copy.event().mentee_enrolled().person_key().empty());
    EXPECT_EQ(copy.event().mentee_enrolled().mentee().national_id_masked(), "110105********002X");
  }
}

// Cohorts: an officer writes and reads its own county's only; finance and auditors read all.
TEST(Authorization, CohortsAreTheirCountysOfficers) {
  Caller officer = *AuthorizeMethod("microloan.ledger.v1.CohortService.EnrolMentee", "officer",
                                    Grant{Role::kCountyOfficer, "370281"});
  EXPECT_TRUE(CheckCountyScope(officer, "370281", "cohort").ok());
  absl::Status other = CheckCountyScope(officer, "370282", "cohort");
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  Caller reader = *AuthorizeMethod("microloan.ledger.v1.CohortService.GetCohortCard", "officer",
                                   Grant{Role::kCountyOfficer, "370281"});
  absl::Status hidden =
      CheckCohortReadScope(reader, "370282", "counties/370282/cohorts/C1", "cohort");
  EXPECT_EQ(hidden.code(), absl::StatusCode::kNotFound);
  Caller finance = *AuthorizeMethod("microloan.ledger.v1.CohortService.GetCohortCard", "finance",
                                    Grant{Role::kFinance, ""});
  EXPECT_TRUE(CheckCohortReadScope(finance, "370282", "counties/370282/cohorts/C1", "cohort").ok());
  EXPECT_FALSE(AuthorizeMethod("microloan.ledger.v1.CohortService.CreateCohort", "finance",
                               Grant{Role::kFinance, ""})
                   .ok());
  EXPECT_FALSE(AuthorizeMethod("microloan.ledger.v1.CohortService.GetCohortCard", "bank",
                               Grant{Role::kBank, "B001"})
                   .ok());
}

}  // namespace
}  // namespace ledger
