// Every role x every RPC x own scope / other scope, against a real server with a real policy
// file: the expected answer is allow or an exact refusal. The expectations are written out
// here, independently of the server's table, and every method of every API service must have
// a row: an RPC added to the proto without a decision fails this test.
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

using grpc::StatusCode;

constexpr char kPolicy[] = R"(
bank-B001       bank            B001
bank-B002       bank            B002
officer-370281  county_officer  370281
officer-370282  county_officer  370282
finance-1       finance
fund-F001       guarantee_fund  F001
auditor-1       auditor
admin-1         admin
)";

// The principal acting for each role; "own" targets are in its scope (bank B001, county
// 370281), "other" targets in someone else's (bank B002, county 370282).
const std::vector<std::pair<std::string, std::string>> kRoles = {
    {"bank", "bank-B001"},    {"county_officer", "officer-370281"},
    {"finance", "finance-1"}, {"guarantee_fund", "fund-F001"},
    {"auditor", "auditor-1"}, {"admin", "admin-1"},
};

struct Target {
  std::string bank, county, loan, name;
  uint64_t entry;  // the sequence of the loan's creation
};

constexpr StatusCode OK = StatusCode::OK;
constexpr StatusCode PD = StatusCode::PERMISSION_DENIED;
constexpr StatusCode NF = StatusCode::NOT_FOUND;
constexpr StatusCode FP = StatusCode::FAILED_PRECONDITION;

// method -> role -> {own, other}
using Expectations =
    std::map<std::string, std::map<std::string, std::pair<StatusCode, StatusCode>>>;

Expectations Expected() {
  auto row = [](std::pair<StatusCode, StatusCode> bank, std::pair<StatusCode, StatusCode> officer,
                std::pair<StatusCode, StatusCode> finance, std::pair<StatusCode, StatusCode> fund,
                std::pair<StatusCode, StatusCode> auditor,
                std::pair<StatusCode, StatusCode> admin) {
    return std::map<std::string, std::pair<StatusCode, StatusCode>>{
        {"bank", bank},           {"county_officer", officer}, {"finance", finance},
        {"guarantee_fund", fund}, {"auditor", auditor},        {"admin", admin}};
  };
  const auto denied = std::make_pair(PD, PD);
  const auto both_ok = std::make_pair(OK, OK);
  const auto scoped_nf = std::make_pair(OK, NF);
  const auto scoped_pd = std::make_pair(OK, PD);
  const std::string loans = "microloan.ledger.v1.LoanService.";
  const std::string journal = "microloan.ledger.v1.JournalService.";
  return {
      {loans + "CreateLoan", row(scoped_pd, denied, denied, denied, denied, denied)},
      {loans + "DisburseLoan", row(scoped_nf, denied, denied, denied, denied, denied)},
      {loans + "RecordRepayment", row(scoped_nf, denied, denied, denied, denied, denied)},
      {loans + "GetLoan", row(scoped_nf, scoped_nf, both_ok, denied, both_ok, denied)},
      {loans + "ListLoans", row(scoped_pd, scoped_pd, both_ok, denied, both_ok, denied)},
      {loans + "ListLoanHistory", row(scoped_nf, scoped_nf, both_ok, denied, both_ok, denied)},
      {journal + "GetEntry", row(scoped_nf, denied, both_ok, denied, both_ok, denied)},
      {journal + "ListEntries", row(both_ok, denied, both_ok, denied, both_ok, denied)},
      {journal + "StreamEntries", row(both_ok, denied, both_ok, denied, both_ok, denied)},
      {journal + "GetHead", row(both_ok, both_ok, both_ok, both_ok, both_ok, both_ok)},
      {journal + "VerifyChain", row(both_ok, both_ok, both_ok, both_ok, both_ok, both_ok)},
      // No checkpoint key in this server: the call passes authorisation for everyone and then
      // fails for want of a key.
      {journal + "GetCheckpoint", row({FP, FP}, {FP, FP}, {FP, FP}, {FP, FP}, {FP, FP}, {FP, FP})},
  };
}

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  AuthorizationMatrixTest() : server_("authz_matrix", Transport::kDevPlaintext, kPolicy) {}

  void SetUp() override {
    own_ = Seed("bank-B001", "B001", "370281", "L1");
    other_ = Seed("bank-B002", "B002", "370282", "L2");
  }

  Target Seed(const std::string& principal, const std::string& bank, const std::string& county,
              const std::string& loan) {
    auto loans = server_.Loans();
    v1::CreateLoanResponse created;
    EXPECT_TRUE(loans
                    ->CreateLoan(Context(principal).get(),
                                 CreateRequest("seed-" + loan, loan, 1'000'000, county, bank),
                                 &created)
                    .ok());
    v1::DisburseLoanResponse disbursed;
    EXPECT_TRUE(loans
                    ->DisburseLoan(Context(principal).get(),
                                   DisburseRequest("seed-d-" + loan, loan, 500'000, bank),
                                   &disbursed)
                    .ok());
    return {bank, county, loan, LoanName(loan, bank), created.commit().sequence()};
  }

  // Calls `method` as `principal` against `target`; returns the status.
  grpc::Status Call(const std::string& method, const std::string& principal, const Target& target) {
    const std::string id = absl::StrCat("m", ++calls_);
    auto loans = server_.Loans();
    auto journal = server_.Journal();
    auto context = Context(principal);
    const std::string name = method.substr(method.rfind('.') + 1);
    if (name == "CreateLoan") {
      v1::CreateLoanResponse r;
      return loans->CreateLoan(context.get(),
                               CreateRequest(id, "N" + id, 1000, target.county, target.bank), &r);
    }
    if (name == "DisburseLoan") {
      v1::DisburseLoanResponse r;
      return loans->DisburseLoan(context.get(), DisburseRequest(id, target.loan, 1, target.bank),
                                 &r);
    }
    if (name == "RecordRepayment") {
      v1::RecordRepaymentRequest request = RepayRequest(id, target.loan, 1, 0);
      request.set_name(target.name);
      v1::RecordRepaymentResponse r;
      return loans->RecordRepayment(context.get(), request, &r);
    }
    if (name == "GetLoan") {
      v1::GetLoanRequest request;
      request.set_name(target.name);
      v1::Loan r;
      return loans->GetLoan(context.get(), request, &r);
    }
    if (name == "ListLoans") {
      v1::ListLoansRequest request;
      // Scoped roles name the scope they ask about; unscoped ones filter by county.
      if (principal.rfind("bank-", 0) == 0) {
        request.set_bank_id(target.bank);
      } else {
        request.set_county_code(target.county);
      }
      v1::ListLoansResponse r;
      grpc::Status status = loans->ListLoans(context.get(), request, &r);
      for (const v1::Loan& loan : r.loans()) {
        EXPECT_TRUE(loan.bank_id() == target.bank || loan.county_code() == target.county);
      }
      return status;
    }
    if (name == "ListLoanHistory") {
      v1::ListLoanHistoryRequest request;
      request.set_name(target.name);
      v1::ListLoanHistoryResponse r;
      return loans->ListLoanHistory(context.get(), request, &r);
    }
    if (name == "GetEntry") {
      v1::GetEntryRequest request;
      request.set_sequence(target.entry);
      v1::JournalEntry r;
      return journal->GetEntry(context.get(), request, &r);
    }
    if (name == "ListEntries") {
      v1::ListEntriesRequest request;
      request.set_start_sequence(target.entry);
      v1::ListEntriesResponse r;
      grpc::Status status = journal->ListEntries(context.get(), request, &r);
      if (principal == "bank-B001") {
        for (const auto& entry : r.entries()) EXPECT_EQ(entry.principal(), "bank-B001");
      }
      return status;
    }
    if (name == "StreamEntries") {
      context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
      v1::StreamEntriesRequest request;
      request.set_start_sequence(target.entry);
      auto reader = journal->StreamEntries(context.get(), request);
      v1::JournalEntry entry;
      int seen = 0;
      while (reader->Read(&entry)) {
        ++seen;
        if (principal == "bank-B001") EXPECT_EQ(entry.principal(), "bank-B001");
      }
      grpc::Status status = reader->Finish();
      // A stream that was allowed ends at the deadline, after the visible entries.
      if (status.error_code() == StatusCode::DEADLINE_EXCEEDED) return grpc::Status::OK;
      return status;
    }
    if (name == "GetHead") {
      v1::JournalHead r;
      return journal->GetHead(context.get(), v1::GetHeadRequest(), &r);
    }
    if (name == "VerifyChain") {
      v1::VerifyChainResponse r;
      return journal->VerifyChain(context.get(), v1::VerifyChainRequest(), &r);
    }
    if (name == "GetCheckpoint") {
      v1::SignedCheckpoint r;
      return journal->GetCheckpoint(context.get(), v1::GetCheckpointRequest(), &r);
    }
    ADD_FAILURE() << "the matrix test does not know how to call " << method;
    return grpc::Status(StatusCode::UNIMPLEMENTED, "");
  }

  TestServer server_;
  Target own_, other_;
  int calls_ = 0;
};

TEST_F(AuthorizationMatrixTest, EveryRoleEveryRpcOwnAndOtherScope) {
  const Expectations expected = Expected();
  int checked = 0;
  for (const char* service_name :
       {"microloan.ledger.v1.LoanService", "microloan.ledger.v1.JournalService"}) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    ASSERT_NE(service, nullptr);
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string method = service->method(m)->full_name();
      auto row = expected.find(method);
      ASSERT_NE(row, expected.end()) << method << " has no row in the authorisation matrix";
      for (const auto& [role, principal] : kRoles) {
        const auto& [own_code, other_code] = row->second.at(role);
        grpc::Status own = Call(method, principal, own_);
        grpc::Status other = Call(method, principal, other_);
        EXPECT_EQ(own.error_code(), own_code)
            << method << " as " << role << " (own scope): " << own.error_message();
        EXPECT_EQ(other.error_code(), other_code)
            << method << " as " << role << " (other scope): " << other.error_message();
        if (other_code == NF) {
          // Indistinguishable from a loan or entry that does not exist.
          EXPECT_TRUE(ReasonOf(other) == "LOAN_NOT_FOUND" || ReasonOf(other) == "ENTRY_NOT_FOUND")
              << method << " as " << role << ": " << ReasonOf(other);
        }
        if (own_code == PD) EXPECT_EQ(ReasonOf(own), "PERMISSION_DENIED") << method;
        checked += 2;
      }
    }
  }
  EXPECT_GE(checked, 12 * 6 * 2);
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
  Seed("bank-B002", "B002", "370282", "L9");  // new entries wake the stream
  while (reader->Read(&entry)) {
    EXPECT_NE(entry.principal(), "bank-B002");  // nothing of B002's leaks first
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), PD);
}

}  // namespace
}  // namespace ledger
