// Every role x every RPC x own scope / other scope, against a real server with a real policy
// file: the expected answer is allow, an exact refusal, or (RULES) "authorised, then the rules
// decided". The expectations are written out here, independently of the server's table, and
// every method of LoanService and JournalService must have a row: an RPC added to the proto
// without a decision fails this test. GuaranteeService and AccountService are in
// authorization_matrix_guarantee_account_test.cc, PolicyService in
// authorization_matrix_policy_test.cc; the fixture in authorization_matrix.h.
#include "tests/authorization_matrix.h"

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

Expectations Expected() {
  const std::string loans = "microloan.ledger.v1.LoanService.";
  const std::string journal = "microloan.ledger.v1.JournalService.";
  // The bank's own loan has a live fund guarantee and its first instalment is due: marking it
  // overdue, curing and extending go through, a write-off is refused (LOAN_GUARANTEED).
  const Cell bank_rules = {RULES, NF};
  const Cell checkpoint = {FP, FP};
  return {
      {loans + "CreateLoan", Row(kScopedDenied, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {loans + "DisburseLoan", Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {loans + "RecordRepayment",
       Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {loans + "MarkInstalmentOverdue",
       Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {loans + "CureArrear", Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {loans + "ExtendLoan", Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {loans + "WriteOffLoan", Row(bank_rules, kDenied, kDenied, kDenied, kDenied, kDenied)},
      // A fund sees the loans its fund guarantees, and those it was asked to guarantee.
      {loans + "GetLoan",
       Row(kScopedNotFound, kScopedNotFound, kBothOk, kScopedNotFound, kBothOk, kDenied)},
      {loans + "ListLoans",
       Row(kScopedDenied, kScopedDenied, kBothOk, kScopedDenied, kBothOk, kDenied)},
      {loans + "ListLoanHistory",
       Row(kScopedNotFound, kScopedNotFound, kBothOk, kScopedNotFound, kBothOk, kDenied)},
      {journal + "GetEntry", Row(kScopedNotFound, kDenied, kBothOk, kDenied, kBothOk, kDenied)},
      {journal + "ListEntries", Row(kBothOk, kDenied, kBothOk, kDenied, kBothOk, kDenied)},
      {journal + "StreamEntries", Row(kBothOk, kDenied, kBothOk, kDenied, kBothOk, kDenied)},
      {journal + "GetHead", Row(kBothOk, kBothOk, kBothOk, kBothOk, kBothOk, kBothOk)},
      {journal + "VerifyChain", Row(kBothOk, kBothOk, kBothOk, kBothOk, kBothOk, kBothOk)},
      // No checkpoint key in this server: the call passes authorisation for everyone and then
      // fails for want of a key.
      {journal + "GetCheckpoint",
       Row(checkpoint, checkpoint, checkpoint, checkpoint, checkpoint, checkpoint)},
      // Backups are the admin's (who runs the service), in any scope.
      {journal + "CreateBackup", Row(kDenied, kDenied, kDenied, kDenied, kDenied, kBothOk)},
      // A follower's feed is every entry unredacted: the auditor's only (the admin sees no
      // programme data; GetEntry and ListEntries are refused to it too).
      {journal + "ReplicateJournal", Row(kDenied, kDenied, kDenied, kDenied, kBothOk, kDenied)},
      {journal + "GetReplicationStatus", Row(kDenied, kDenied, kDenied, kDenied, kBothOk, kBothOk)},
      // Promotion is the operator's; on this primary it changes nothing.
      {journal + "PromoteToPrimary", Row(kDenied, kDenied, kDenied, kDenied, kDenied, kBothOk)},
  };
}

TEST_F(AuthorizationMatrixTest, EveryRoleEveryLoanAndJournalRpcOwnAndOtherScope) {
  const int checked = CheckEveryRole(
      Expected(), {"microloan.ledger.v1.LoanService", "microloan.ledger.v1.JournalService"});
  EXPECT_GE(checked, 20 * 6 * 2);
}

TEST_F(AuthorizationMatrixTest, UnknownPrincipalsAreRefusedAndEntriesRecordTheCaller) {
  v1::JournalHead head;
  grpc::Status unknown =
      server_.Journal()->GetHead(Context("bank-B999").get(), v1::GetHeadRequest(), &head);
  EXPECT_EQ(unknown.error_code(), PD);
  EXPECT_EQ(ReasonOf(unknown), "UNKNOWN_PRINCIPAL");
  v1::GetEntryRequest request;
  request.set_sequence(other_.entry);
  v1::JournalEntry entry;
  ASSERT_TRUE(server_.Journal()->GetEntry(Context("auditor-1").get(), request, &entry).ok());
  EXPECT_EQ(entry.principal(), "bank-B002");
}

TEST_F(AuthorizationMatrixTest, OfficersSeeTheirCountysHistoryWithoutTheKeyedIdHash) {
  v1::CreateLoanRequest with_id = CreateRequest("c-id", "L3", 1000, "370281", "B001");
  with_id.set_national_id("11010519491231002X");
  v1::CreateLoanResponse created;
  ASSERT_TRUE(server_.Loans()->CreateLoan(Context("bank-B001").get(), with_id, &created).ok());
  v1::ListLoanHistoryRequest request;
  request.set_name(LoanName("L3", "B001"));
  v1::ListLoanHistoryResponse officer, auditor;
  ASSERT_TRUE(
      server_.Loans()->ListLoanHistory(Context("officer-370281").get(), request, &officer).ok());
  ASSERT_TRUE(server_.Loans()->ListLoanHistory(Context("auditor-1").get(), request, &auditor).ok());
  EXPECT_TRUE(officer.entries(0).event().loan_created().person_key().empty());
  EXPECT_EQ(officer.entries(0).event().loan_created().national_id_masked(), "110105********002X");
  EXPECT_EQ(auditor.entries(0).event().loan_created().person_key().size(), 32u);
}

// The guarantee fund sees a loan it guarantees with what everyone sees of it, days past due
// included (as of today, or the date asked for).
TEST_F(AuthorizationMatrixTest, LoansShowDaysPastDueAsOfTodayOrTheAskedDate) {
  v1::MarkInstalmentOverdueRequest mark;
  mark.set_request_id("overdue-1");
  mark.set_name(own_.name);
  mark.set_instalment(1);
  *mark.mutable_interest_overdue() = Cny(100);
  *mark.mutable_value_date() = Day(2024, 4, 1);
  v1::LoanCommandResponse marked;
  grpc::Status s =
      server_.Loans()->MarkInstalmentOverdue(Context("bank-B001").get(), mark, &marked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(marked.loan().has_as_of_date());
  EXPECT_GT(marked.loan().days_past_due(), 90);  // due in 2024, today is later
  EXPECT_EQ(marked.loan().delinquency_bucket(), v1::DPD_OVER_90);

  const v1::Date due = marked.loan().schedule(0).due_date();
  v1::GetLoanRequest request;
  request.set_name(own_.name);
  *request.mutable_as_of_date() = due;
  request.mutable_as_of_date()->set_day(due.day() + 5);  // contracted on the 10th: due the 10th
  v1::Loan as_fund;
  s = server_.Loans()->GetLoan(Context("fund-F001").get(), request, &as_fund);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(as_fund.days_past_due(), 5);
  EXPECT_EQ(as_fund.delinquency_bucket(), v1::DPD_1_30);

  v1::ListLoansRequest list;
  v1::ListLoansResponse listed;
  ASSERT_TRUE(server_.Loans()->ListLoans(Context("fund-F001").get(), list, &listed).ok());
  // L1, and L1R, whose bank asked F001 for a guarantee: L1S is not guaranteed, L2 is F002's.
  ASSERT_EQ(listed.loans_size(), 2);
  EXPECT_EQ(listed.loans(0).name(), own_.name);
  EXPECT_EQ(listed.loans(0).days_past_due(), marked.loan().days_past_due());
  EXPECT_EQ(listed.loans(1).name(), LoanName(own_.requested, "B001"));
  EXPECT_EQ(listed.loans(1).guarantees(0).state(), v1::GUARANTEE_REQUESTED);

  request.mutable_as_of_date()->set_month(13);
  v1::Loan refused;
  s = server_.Loans()->GetLoan(Context("fund-F001").get(), request, &refused);
  EXPECT_EQ(ReasonOf(s), "INVALID_DATE");
  EXPECT_EQ(FieldOf(s), "as_of_date");
}

TEST_F(AuthorizationMatrixTest, ARevokedGrantEndsAnOpenStreamAtItsNextEntry) {
  auto context = Context("bank-B001");
  v1::StreamEntriesRequest request;
  request.set_start_sequence(1);
  auto reader = server_.Journal()->StreamEntries(context.get(), request);
  v1::JournalEntry entry;
  ASSERT_TRUE(reader->Read(&entry));  // B001's own entries arrive
  ASSERT_TRUE(reader->Read(&entry));

  // bank-B001 loses its grant; the policy is reloaded as SIGHUP would.
  std::ofstream(server_.policy_file()) << "bank-B002 bank B002\nauditor-1 auditor\n";
  ASSERT_TRUE(server_.server().ReloadPolicy().ok());
  SeedLoan("bank-B002", "B002", "370282", "L9");  // new entries wake the stream
  while (reader->Read(&entry)) {
    EXPECT_NE(entry.principal(), "bank-B002");  // nothing of B002's leaks first
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), PD);
}

}  // namespace
}  // namespace ledger
