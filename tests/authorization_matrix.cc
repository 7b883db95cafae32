#include "tests/authorization_matrix.h"

#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "ledger/loan/loan_evolve.h"
#include "ledger/testing/requests.h"
#include "microloan/ledger/v1/account.grpc.pb.h"
#include "microloan/ledger/v1/cohort.grpc.pb.h"
#include "microloan/ledger/v1/guarantee_service.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {
namespace {

constexpr char kPolicy[] = R"(
bank-B001       bank            B001
bank-B002       bank            B002
officer-370281  county_officer  370281
officer-370282  county_officer  370282
finance-1       finance
fund-F001       guarantee_fund  F001
fund-F002       guarantee_fund  F002
auditor-1       auditor
admin-1         admin
)";

std::string FundName(const std::string& fund_id) {
  return absl::StrCat("guarantee_funds/", fund_id);
}

// Whether a journal entry bank-B001 was sent is about one of its loans.
bool IsAboutB001(const v1::JournalEntry& entry) {
  return absl::StartsWith(LoanNameOfEvent(entry.event()), "banks/B001/");
}

}  // namespace

bool IsFund(const std::string& principal) { return absl::StartsWith(principal, "fund-"); }

const std::vector<std::pair<std::string, std::string>>& MatrixRoles() {
  static const auto* const kRoles = new std::vector<std::pair<std::string, std::string>>{
      {"bank", "bank-B001"},    {"county_officer", "officer-370281"},
      {"finance", "finance-1"}, {"guarantee_fund", "fund-F001"},
      {"auditor", "auditor-1"}, {"admin", "admin-1"},
  };
  return *kRoles;
}

std::map<std::string, Cell> Row(Cell bank, Cell officer, Cell finance, Cell fund, Cell auditor,
                                Cell admin) {
  return {{"bank", bank},           {"county_officer", officer}, {"finance", finance},
          {"guarantee_fund", fund}, {"auditor", auditor},        {"admin", admin}};
}

AuthorizationMatrixTest::AuthorizationMatrixTest()
    : server_("authz_matrix", Transport::kDevPlaintext, kPolicy) {}

void AuthorizationMatrixTest::SetUp() {
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());
  for (const auto& [fund, county] : {std::pair<std::string, std::string>{"F001", "370281"},
                                     std::pair<std::string, std::string>{"F002", "370282"}}) {
    v1::CreateFundRequest request;
    request.set_request_id("seed-" + fund);
    request.set_fund_id(fund);
    request.set_display_name("county fund " + county);
    request.set_scope(v1::COUNTY);
    request.set_region_code(county);
    request.set_leverage_multiple(10);
    v1::FundCommandResponse r;
    grpc::Status created = guarantees->CreateFund(Context("finance-1").get(), request, &r);
    EXPECT_TRUE(created.ok()) << created.error_message();
  }
  own_ = Seed("bank-B001", "fund-F001", "B001", "370281", "L1", "F001");
  other_ = Seed("bank-B002", "fund-F002", "B002", "370282", "L2", "F002");
}

void AuthorizationMatrixTest::SeedLoan(const std::string& principal, const std::string& bank,
                                       const std::string& county, const std::string& loan,
                                       uint64_t* created_sequence, uint64_t* disbursed_sequence) {
  auto loans = server_.Loans();
  v1::CreateLoanResponse created;
  grpc::Status create =
      loans->CreateLoan(Context(principal).get(),
                        CreateRequest("seed-" + loan, loan, 1'000'000, county, bank), &created);
  EXPECT_TRUE(create.ok()) << create.error_message();
  v1::DisburseLoanResponse disbursed;
  grpc::Status disburse = loans->DisburseLoan(
      Context(principal).get(), DisburseRequest("seed-d-" + loan, loan, 500'000, bank), &disbursed);
  EXPECT_TRUE(disburse.ok()) << disburse.error_message();
  if (created_sequence != nullptr) *created_sequence = created.commit().sequence();
  if (disbursed_sequence != nullptr) *disbursed_sequence = disbursed.commit().sequence();
}

Target AuthorizationMatrixTest::Seed(const std::string& bank_principal,
                                     const std::string& fund_principal, const std::string& bank,
                                     const std::string& county, const std::string& loan,
                                     const std::string& fund) {
  Target target;
  target.bank = bank;
  target.county = county;
  target.loan = loan;
  target.name = LoanName(loan, bank);
  target.fund = fund;
  target.spare = loan + "S";
  target.requested = loan + "R";
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());

  v1::DepositFundCapitalRequest deposit;
  deposit.set_request_id("seed-capital");
  deposit.set_name(FundName(fund));
  *deposit.mutable_amount() = Cny(100'000'000);
  *deposit.mutable_value_date() = Day(2024, 1, 5);
  v1::FundCommandResponse deposited;
  grpc::Status s =
      guarantees->DepositFundCapital(Context(fund_principal).get(), deposit, &deposited);
  EXPECT_TRUE(s.ok()) << s.error_message();
  target.deposit = deposited.commit().sequence();

  SeedLoan(bank_principal, bank, county, loan, &target.entry, &target.disbursement);
  SeedLoan(bank_principal, bank, county, target.spare);
  SeedLoan(bank_principal, bank, county, target.requested);

  // The bank asks its county's fund to guarantee `loan` (80%) and `requested` (50%); the fund
  // issues the first.
  for (const auto& [loan_id, coverage_bps] :
       {std::pair<std::string, int>{loan, 8000},
        std::pair<std::string, int>{target.requested, 5000}}) {
    v1::RequestFundGuaranteeRequest request;
    request.set_request_id("seed-request-" + loan_id);
    request.set_loan(LoanName(loan_id, bank));
    request.set_guarantee_id((loan_id == loan ? "G-" : "GR-") + loan_id);
    request.set_fund(FundName(fund));
    request.set_coverage_bps(coverage_bps);
    *request.mutable_value_date() = Day(2024, 1, 15);  // the day of the disbursement
    v1::LoanCommandResponse requested;
    s = guarantees->RequestFundGuarantee(Context(bank_principal).get(), request, &requested);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  v1::IssueFundGuaranteeRequest issue;
  issue.set_request_id("seed-guarantee-" + loan);
  issue.set_loan(target.name);
  issue.set_guarantee_id("G-" + loan);
  issue.set_fund(FundName(fund));
  issue.set_coverage_bps(8000);
  *issue.mutable_value_date() = Day(2024, 1, 15);
  v1::LoanCommandResponse issued;
  s = guarantees->IssueFundGuarantee(Context(fund_principal).get(), issue, &issued);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return target;
}

grpc::Status AuthorizationMatrixTest::Call(const std::string& method, const std::string& principal,
                                           const Target& target) {
  const std::string id = absl::StrCat("m", ++calls_);
  const std::string service = method.substr(0, method.rfind('.'));
  const std::string name = method.substr(method.rfind('.') + 1);
  if (service == "microloan.ledger.v1.LoanService") return CallLoans(name, id, principal, target);
  if (service == "microloan.ledger.v1.GuaranteeService") {
    return CallGuarantees(name, id, principal, target);
  }
  if (service == "microloan.ledger.v1.AccountService") {
    return CallAccounts(name, id, principal, target);
  }
  if (service == "microloan.ledger.v1.JournalService") return CallJournal(name, principal, target);
  if (service == "microloan.ledger.v1.PolicyService") return CallPolicies(name, id, principal);
  if (service == "microloan.ledger.v1.SubsidyService") {
    return CallSubsidies(name, principal, target);
  }
  if (service == "microloan.ledger.v1.CohortService") {
    return CallCohorts(name, id, principal, target);
  }
  if (service == "microloan.ledger.v1.BatchService") {
    return CallBatches(name, id, principal, target);
  }
  ADD_FAILURE() << "the matrix test does not know the service of " << method;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

grpc::Status AuthorizationMatrixTest::CallLoans(const std::string& name, const std::string& id,
                                                const std::string& principal,
                                                const Target& target) {
  auto loans = server_.Loans();
  auto context = Context(principal);
  if (name == "CreateLoan") {
    v1::CreateLoanResponse r;
    return loans->CreateLoan(context.get(),
                             CreateRequest(id, "N" + id, 1000, target.county, target.bank), &r);
  }
  if (name == "DisburseLoan") {
    v1::DisburseLoanResponse r;
    return loans->DisburseLoan(context.get(), DisburseRequest(id, target.loan, 1, target.bank), &r);
  }
  if (name == "RecordRepayment") {
    v1::RecordRepaymentRequest request = RepayRequest(id, target.loan, 1, 0);
    request.set_name(target.name);
    v1::RecordRepaymentResponse r;
    return loans->RecordRepayment(context.get(), request, &r);
  }
  v1::LoanCommandResponse changed;
  if (name == "MarkInstalmentOverdue") {
    v1::MarkInstalmentOverdueRequest request;
    request.set_request_id(id);
    request.set_name(target.name);
    request.set_instalment(1);
    *request.mutable_interest_overdue() = Cny(100);
    *request.mutable_value_date() = Day(2024, 4, 1);
    return loans->MarkInstalmentOverdue(context.get(), request, &changed);
  }
  if (name == "CureArrear") {
    v1::CureArrearRequest request;
    request.set_request_id(id);
    request.set_name(target.name);
    request.set_instalment(1);
    *request.mutable_value_date() = Day(2024, 4, 2);
    return loans->CureArrear(context.get(), request, &changed);
  }
  if (name == "ExtendLoan") {
    v1::ExtendLoanRequest request;
    request.set_request_id(id);
    request.set_name(target.name);
    *request.mutable_new_maturity_date() = Day(2026, 6, 10);
    *request.mutable_value_date() = Day(2024, 4, 3);
    return loans->ExtendLoan(context.get(), request, &changed);
  }
  if (name == "WriteOffLoan") {
    v1::WriteOffLoanRequest request;
    request.set_request_id(id);
    request.set_name(target.name);
    *request.mutable_value_date() = Day(2024, 4, 4);
    return loans->WriteOffLoan(context.get(), request, &changed);
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
    if (absl::StartsWith(principal, "bank-")) {
      request.set_bank_id(target.bank);
    } else if (IsFund(principal)) {
      request.set_fund_id(target.fund);
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
  ADD_FAILURE() << "the matrix test does not know how to call LoanService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

grpc::Status AuthorizationMatrixTest::CallGuarantees(const std::string& name, const std::string& id,
                                                     const std::string& principal,
                                                     const Target& target) {
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());
  auto context = Context(principal);
  v1::FundCommandResponse fund_changed;
  v1::LoanCommandResponse loan_changed;
  if (name == "CreateFund") {
    v1::CreateFundRequest request;
    request.set_request_id(id);
    request.set_fund_id("N" + id);
    request.set_display_name("new fund");
    request.set_scope(v1::COUNTY);
    request.set_region_code(target.county);
    request.set_leverage_multiple(5);
    return guarantees->CreateFund(context.get(), request, &fund_changed);
  }
  if (name == "DepositFundCapital") {
    v1::DepositFundCapitalRequest request;
    request.set_request_id(id);
    request.set_name(FundName(target.fund));
    *request.mutable_amount() = Cny(100);
    *request.mutable_value_date() = Day(2024, 1, 6);
    return guarantees->DepositFundCapital(context.get(), request, &fund_changed);
  }
  if (name == "GetFund") {
    v1::GetFundRequest request;
    request.set_name(FundName(target.fund));
    v1::GuaranteeFund r;
    return guarantees->GetFund(context.get(), request, &r);
  }
  if (name == "ListFunds") {
    v1::ListFundsResponse r;
    grpc::Status status = guarantees->ListFunds(context.get(), v1::ListFundsRequest(), &r);
    if (principal == "fund-F001" && status.ok()) {  // its own fund and no other
      EXPECT_EQ(r.funds_size(), 1);
      for (const auto& fund : r.funds()) EXPECT_EQ(fund.fund_id(), "F001");
    }
    return status;
  }
  if (name == "RequestFundGuarantee") {
    // The bank asks for a guarantee on its loan that has none.
    v1::RequestFundGuaranteeRequest request;
    request.set_request_id(id);
    request.set_loan(LoanName(target.spare, target.bank));
    request.set_guarantee_id("g" + id);
    request.set_fund(FundName(target.fund));
    request.set_coverage_bps(5000);
    *request.mutable_value_date() = Day(2024, 1, 17);
    return guarantees->RequestFundGuarantee(context.get(), request, &loan_changed);
  }
  if (name == "IssueFundGuarantee") {
    // The fund issues the guarantee the bank asked it for, on the bank's terms.
    v1::IssueFundGuaranteeRequest request;
    request.set_request_id(id);
    request.set_loan(LoanName(target.requested, target.bank));
    request.set_guarantee_id("GR-" + target.requested);
    request.set_fund(FundName(target.fund));
    request.set_coverage_bps(5000);
    *request.mutable_value_date() = Day(2024, 1, 17);
    return guarantees->IssueFundGuarantee(context.get(), request, &loan_changed);
  }
  if (name == "RecordGuarantee") {
    v1::RecordGuaranteeRequest request;
    request.set_request_id(id);
    request.set_loan(target.name);
    request.set_guarantee_id("g" + id);
    request.set_form(v1::JOINT_LIABILITY);
    request.add_party_ids("P-" + id);
    *request.mutable_value_date() = Day(2024, 4, 5);
    return guarantees->RecordGuarantee(context.get(), request, &loan_changed);
  }
  if (name == "FileGuaranteeCall") {
    v1::FileGuaranteeCallRequest request;
    request.set_request_id(id);
    request.set_loan(target.name);
    request.set_guarantee_id("G-" + target.loan);
    *request.mutable_value_date() = Day(2024, 4, 6);
    return guarantees->FileGuaranteeCall(context.get(), request, &loan_changed);
  }
  if (name == "PayCompensation") {
    v1::PayCompensationRequest request;
    request.set_request_id(id);
    request.set_loan(target.name);
    request.set_guarantee_id("G-" + target.loan);
    *request.mutable_value_date() = Day(2024, 4, 7);
    return guarantees->PayCompensation(context.get(), request, &loan_changed);
  }
  if (name == "RecordRecovery") {
    v1::RecordRecoveryRequest request;
    request.set_request_id(id);
    request.set_loan(target.name);
    *request.mutable_amount() = Cny(100);
    *request.mutable_value_date() = Day(2024, 4, 8);
    return guarantees->RecordRecovery(context.get(), request, &loan_changed);
  }
  ADD_FAILURE() << "the matrix test does not know how to call GuaranteeService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

grpc::Status AuthorizationMatrixTest::CallAccounts(const std::string& name, const std::string& id,
                                                   const std::string& principal,
                                                   const Target& target) {
  auto accounts = v1::AccountService::NewStub(server_.NewChannel());
  auto context = Context(principal);
  // An account each role has in its own scope: a fund its cash, everyone else the loan's
  // principal receivable.
  const std::string account = IsFund(principal)
                                  ? absl::StrCat(FundName(target.fund), "/accounts/cash")
                                  : absl::StrCat(target.name, "/accounts/principal");
  if (name == "GetAccount") {
    v1::GetAccountRequest request;
    request.set_account(account);
    v1::AccountBalance r;
    return accounts->GetAccount(context.get(), request, &r);
  }
  if (name == "ListAccountPostings") {
    v1::ListAccountPostingsRequest request;
    request.set_account(account);
    v1::ListAccountPostingsResponse r;
    grpc::Status status = accounts->ListAccountPostings(context.get(), request, &r);
    if (status.ok()) EXPECT_GT(r.postings_size(), 0) << account;
    return status;
  }
  if (name == "GetTrialBalance") {
    v1::TrialBalance r;
    return accounts->GetTrialBalance(context.get(), v1::GetTrialBalanceRequest(), &r);
  }
  if (name == "ReverseEntry") {
    // A money entry of the caller's own kind: a fund's capital deposit, a bank's disbursement.
    v1::ReverseEntryRequest request;
    request.set_request_id(id);
    request.set_sequence(IsFund(principal) ? target.deposit : target.disbursement);
    request.set_reason("authorisation matrix");
    v1::ReverseEntryResponse r;
    return accounts->ReverseEntry(context.get(), request, &r);
  }
  ADD_FAILURE() << "the matrix test does not know how to call AccountService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

grpc::Status AuthorizationMatrixTest::CallJournal(const std::string& name,
                                                  const std::string& principal,
                                                  const Target& target) {
  auto journal = server_.Journal();
  auto context = Context(principal);
  if (name == "GetEntry") {
    v1::GetEntryRequest request;
    request.set_sequence(target.entry);
    v1::JournalEntry r;
    return journal->GetEntry(context.get(), request, &r);
  }
  if (name == "ListEntries") {
    v1::ListEntriesRequest request;
    request.set_start_sequence(1);
    v1::ListEntriesResponse r;
    grpc::Status status = journal->ListEntries(context.get(), request, &r);
    if (principal == "bank-B001") {
      for (const auto& entry : r.entries()) EXPECT_TRUE(IsAboutB001(entry)) << entry.sequence();
    }
    return status;
  }
  if (name == "StreamEntries") {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    v1::StreamEntriesRequest request;
    request.set_start_sequence(1);
    auto reader = journal->StreamEntries(context.get(), request);
    v1::JournalEntry entry;
    while (reader->Read(&entry)) {
      if (principal == "bank-B001") EXPECT_TRUE(IsAboutB001(entry)) << entry.sequence();
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
  if (name == "CreateBackup") {
    // A new name each call: a backup that was allowed is written, and a name is used once.
    static int backups = 0;
    v1::CreateBackupRequest request;
    request.set_name(absl::StrCat("matrix-", ++backups));
    v1::CreateBackupResponse r;
    return journal->CreateBackup(context.get(), request, &r);
  }
  if (name == "ReplicateJournal") {
    // Like StreamEntries: an allowed feed stays open, so it ends at the deadline.
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    v1::ReplicateJournalRequest request;
    request.set_from_sequence(1);
    auto reader = journal->ReplicateJournal(context.get(), request);
    v1::ReplicationBatch batch;
    while (reader->Read(&batch)) {
    }
    grpc::Status status = reader->Finish();
    if (status.error_code() == StatusCode::DEADLINE_EXCEEDED) return grpc::Status::OK;
    return status;
  }
  if (name == "GetReplicationStatus") {
    v1::ReplicationStatus r;
    return journal->GetReplicationStatus(context.get(), v1::GetReplicationStatusRequest(), &r);
  }
  if (name == "PromoteToPrimary") {
    // This server is a primary: an allowed call only answers its head (already_primary).
    v1::PromoteToPrimaryResponse r;
    return journal->PromoteToPrimary(context.get(), v1::PromoteToPrimaryRequest(), &r);
  }
  ADD_FAILURE() << "the matrix test does not know how to call JournalService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

namespace {

void ExpectAnswer(StatusCode expected, const grpc::Status& actual, const std::string& what) {
  const std::string said = absl::StrCat(what, ": ", ReasonOf(actual), " ", actual.error_message());
  if (expected == RULES) {
    EXPECT_TRUE(actual.ok() || actual.error_code() == FP) << said;
    return;
  }
  EXPECT_EQ(actual.error_code(), expected) << said;
  if (expected == PD) EXPECT_EQ(ReasonOf(actual), "PERMISSION_DENIED") << said;
  if (expected == NF) {
    // Out of scope is indistinguishable from a loan, fund, account or entry that does not exist.
    const std::string reason = ReasonOf(actual);
    EXPECT_TRUE(reason == "LOAN_NOT_FOUND" || reason == "ENTRY_NOT_FOUND" ||
                reason == "FUND_NOT_FOUND" || reason == "ACCOUNT_NOT_FOUND" ||
                reason == "CLAIM_NOT_FOUND" || reason == "COHORT_NOT_FOUND")
        << said;
  }
}

}  // namespace

int AuthorizationMatrixTest::CheckEveryRole(const Expectations& expected,
                                            std::initializer_list<const char*> services) {
  int checked = 0;
  for (const char* service_name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    EXPECT_NE(service, nullptr) << service_name;
    if (service == nullptr) continue;
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string method = service->method(m)->full_name();
      auto row = expected.find(method);
      EXPECT_NE(row, expected.end()) << method << " has no row in the authorisation matrix";
      if (row == expected.end()) continue;
      for (const auto& [role, principal] : MatrixRoles()) {
        const auto& [own_code, other_code] = row->second.at(role);
        ExpectAnswer(own_code, Call(method, principal, own_),
                     absl::StrCat(method, " as ", role, " (own scope)"));
        ExpectAnswer(other_code, Call(method, principal, other_),
                     absl::StrCat(method, " as ", role, " (other scope)"));
        checked += 2;
      }
    }
  }
  return checked;
}

}  // namespace ledger
