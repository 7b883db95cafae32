#include "ledger/auth/authorization.h"

#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "ledger/base/error.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {
namespace {

// Every service of the public API. A new service must be added here (and its methods to
// the table); a new method of these services fails EveryRpcHasARule until it has a row.
const char* const kServices[] = {
    "microloan.ledger.v1.LoanService",
    "microloan.ledger.v1.JournalService",
};

TEST(Authorization, EveryRpcHasARuleAndEveryRuleAnRpc) {
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

}  // namespace
}  // namespace ledger
