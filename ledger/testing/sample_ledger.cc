#include "ledger/testing/sample_ledger.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 6, 30, 12, 0, 0), absl::FixedTimeZone(8 * 3600));

v1::Date ValueDate(int day_offset) { return ToDate(absl::CivilDay(2024, 1, 15) + day_offset); }

// Commands are made by "bank:<the loan's bank>", as a bank partner would send them.
std::string PrincipalOf(const internal::LedgerCommand& command) {
  std::string name;
  switch (command.kind_case()) {
    case internal::LedgerCommand::kCreateLoan:
      return absl::StrCat("bank:", command.create_loan().bank_id());
    case internal::LedgerCommand::kDisburseLoan:
      name = command.disburse_loan().name();
      break;
    case internal::LedgerCommand::kRecordRepayment:
      name = command.record_repayment().name();
      break;
    case internal::LedgerCommand::KIND_NOT_SET:
      return "bank:unknown";
  }
  absl::StatusOr<LoanName> parsed = ParseLoanName(name, "name");
  return absl::StrCat("bank:", parsed.ok() ? parsed->bank_id : "unknown");
}

void Die(const absl::Status& status) {
  std::fprintf(stderr, "SampleLedger: %s\n", status.ToString().c_str());
  std::abort();
}

}  // namespace

internal::LedgerCommand Create(const std::string& request_id, const std::string& bank_id,
                               const std::string& loan_id, int64_t principal_fen,
                               const std::string& county_code) {
  internal::LedgerCommand command;
  v1::CreateLoanRequest* r = command.mutable_create_loan();
  r->set_request_id(request_id);
  r->set_bank_id(bank_id);
  r->set_loan_id(loan_id);
  r->set_borrower_id(absl::StrCat("BR-", loan_id));
  r->set_county_code(county_code);
  *r->mutable_principal() = Cny(principal_fen);
  r->set_annual_rate_bps(435);
  r->set_term_months(24);
  *r->mutable_contract_date() = ToDate(absl::CivilDay(2024, 1, 10));
  return command;
}

internal::LedgerCommand Disburse(const std::string& request_id, const std::string& bank_id,
                                 const std::string& loan_id, int64_t amount_fen, int day_offset) {
  internal::LedgerCommand command;
  v1::DisburseLoanRequest* r = command.mutable_disburse_loan();
  r->set_request_id(request_id);
  r->set_name(FormatLoanName(bank_id, loan_id));
  *r->mutable_amount() = Cny(amount_fen);
  *r->mutable_value_date() = ValueDate(day_offset);
  return command;
}

internal::LedgerCommand Repay(const std::string& request_id, const std::string& bank_id,
                              const std::string& loan_id, int64_t principal_fen,
                              int64_t interest_fen, int day_offset) {
  internal::LedgerCommand command;
  v1::RecordRepaymentRequest* r = command.mutable_record_repayment();
  r->set_request_id(request_id);
  r->set_name(FormatLoanName(bank_id, loan_id));
  *r->mutable_principal() = Cny(principal_fen);
  *r->mutable_interest() = Cny(interest_fen);
  *r->mutable_value_date() = ValueDate(day_offset);
  return command;
}

internal::LedgerCommand CreateFund(const std::string& request_id, const std::string& fund_id,
                                   const std::string& county_code) {
  internal::LedgerCommand command;
  v1::CreateFundRequest* r = command.mutable_create_fund();
  r->set_request_id(request_id);
  r->set_fund_id(fund_id);
  r->set_display_name(absl::StrCat("Fund ", fund_id));
  r->set_scope(v1::COUNTY);
  r->set_region_code(county_code);
  r->set_leverage_multiple(5);
  return command;
}

internal::LedgerCommand DepositCapital(const std::string& request_id, const std::string& fund_id,
                                       int64_t amount_fen, int day_offset) {
  internal::LedgerCommand command;
  v1::DepositFundCapitalRequest* r = command.mutable_deposit_capital();
  r->set_request_id(request_id);
  r->set_name(absl::StrCat("guarantee_funds/", fund_id));
  *r->mutable_amount() = Cny(amount_fen);
  *r->mutable_value_date() = ValueDate(day_offset);
  return command;
}

internal::LedgerCommand RequestFundGuarantee(const std::string& request_id,
                                             const std::string& bank_id, const std::string& loan_id,
                                             const std::string& guarantee_id,
                                             const std::string& fund_id, int32_t coverage_bps,
                                             int day_offset) {
  internal::LedgerCommand command;
  v1::RequestFundGuaranteeRequest* r = command.mutable_request_fund_guarantee();
  r->set_request_id(request_id);
  r->set_loan(FormatLoanName(bank_id, loan_id));
  r->set_guarantee_id(guarantee_id);
  r->set_fund(absl::StrCat("guarantee_funds/", fund_id));
  r->set_coverage_bps(coverage_bps);
  *r->mutable_value_date() = ValueDate(day_offset);
  return command;
}

internal::LedgerCommand IssueFundGuarantee(const std::string& request_id,
                                           const std::string& bank_id, const std::string& loan_id,
                                           const std::string& guarantee_id,
                                           const std::string& fund_id, int32_t coverage_bps,
                                           int day_offset) {
  internal::LedgerCommand command;
  v1::IssueFundGuaranteeRequest* r = command.mutable_issue_fund_guarantee();
  r->set_request_id(request_id);
  r->set_loan(FormatLoanName(bank_id, loan_id));
  r->set_guarantee_id(guarantee_id);
  r->set_fund(absl::StrCat("guarantee_funds/", fund_id));
  r->set_coverage_bps(coverage_bps);
  *r->mutable_value_date() = ValueDate(day_offset);
  return command;
}

internal::LedgerCommand Reverse(const std::string& request_id, uint64_t sequence,
                                const std::string& reason) {
  internal::LedgerCommand command;
  v1::ReverseEntryRequest* r = command.mutable_reverse_entry();
  r->set_request_id(request_id);
  r->set_sequence(sequence);
  r->set_reason(reason);
  return command;
}

SampleLedger::SampleLedger(const std::string& name) : data_dir_(FreshTempDir(name)) { Open(); }

SampleLedger::~SampleLedger() { Close(); }

void SampleLedger::Open() {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir_, {});
  if (!store.ok()) Die(store.status());
  store_ = std::move(*store);
  EngineOptions options;
  options.now = [] { return kNow; };
  absl::StatusOr<std::unique_ptr<LedgerEngine>> engine =
      LedgerEngine::Start(store_.get(), std::move(options));
  if (!engine.ok()) Die(engine.status());
  engine_ = std::move(*engine);
}

void SampleLedger::Close() {
  engine_.reset();
  store_.reset();
}

absl::StatusOr<CommandOutcome> SampleLedger::Run(internal::LedgerCommand command) {
  std::vector<internal::LedgerCommand> one;
  one.push_back(std::move(command));
  return std::move(RunTogether(std::move(one))[0]);
}

absl::StatusOr<CommandOutcome> SampleLedger::RunAs(const std::string& principal,
                                                   internal::LedgerCommand command) {
  absl::StatusOr<CommandOutcome> outcome = absl::UnknownError("not answered");
  absl::Notification done;
  absl::Status status =
      engine_->Submit(principal, std::move(command), [&](absl::StatusOr<CommandOutcome> o) {
        outcome = std::move(o);
        done.Notify();
      });
  if (!status.ok()) return status;
  done.WaitForNotification();
  return outcome;
}

std::vector<absl::StatusOr<CommandOutcome>> SampleLedger::RunTogether(
    std::vector<internal::LedgerCommand> commands) {
  std::vector<absl::StatusOr<CommandOutcome>> outcomes(commands.size(),
                                                       absl::UnknownError("not answered"));
  std::vector<absl::Notification> done(commands.size());
  std::vector<bool> queued(commands.size(), false);
  for (size_t i = 0; i < commands.size(); ++i) {
    const std::string principal = PrincipalOf(commands[i]);
    absl::Status status = engine_->Submit(principal, std::move(commands[i]),
                                          [&outcomes, &done, i](absl::StatusOr<CommandOutcome> o) {
                                            outcomes[i] = std::move(o);
                                            done[i].Notify();
                                          });
    if (status.ok()) {
      queued[i] = true;
    } else {
      outcomes[i] = status;
    }
  }
  for (size_t i = 0; i < commands.size(); ++i) {
    if (queued[i]) done[i].WaitForNotification();
  }
  return outcomes;
}

void SampleLedger::RunMixedLifecycle(const std::function<void()>& after_each) {
  auto applied = [&](internal::LedgerCommand command, uint64_t sequence) {
    absl::StatusOr<CommandOutcome> outcome = Run(std::move(command));
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_FALSE(outcome->replayed);
    EXPECT_EQ(outcome->result.sequence(), sequence);
    if (after_each) after_each();
  };
  auto refused = [&](internal::LedgerCommand command, const char* reason) {
    EXPECT_EQ(ReasonOf(Run(std::move(command)).status()), reason);
    if (after_each) after_each();
  };
  applied(Create("c1", "B001", "L1", 100'000'00), 1);
  applied(Create("c2", "B001", "L2", 20'000'00, "370282"), 2);
  // Stays APPROVED; the bank gave the borrower's resident ID, which the RPC layer turned into
  // a keyed hash and a masked form before queueing (ledger/server/loan_service.cc).
  internal::LedgerCommand with_id = Create("c3", "B002", "L1", 50'000'00);
  with_id.set_person_key(std::string(32, '\x7f'));
  with_id.set_national_id_masked("370281********123X");
  applied(std::move(with_id), 3);
  applied(Create("c4", "B001", "L10", 30'000'00), 4);  // "L1" is a prefix of "L10"
  applied(Disburse("d1", "B001", "L1", 60'000'00), 5);
  applied(Disburse("d2", "B001", "L1", 40'000'00, 5), 6);
  applied(Repay("p1", "B001", "L1", 25'000'00, 1'087'50), 7);
  absl::StatusOr<CommandOutcome> retried = Run(Repay("p1", "B001", "L1", 25'000'00, 1'087'50));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_TRUE(retried->replayed);
  if (after_each) after_each();
  refused(Repay("p2", "B001", "L1", 75'000'01, 0), reason::kExceedsOutstanding);
  refused(Repay("p3", "B002", "L1", 1'00, 0), reason::kLoanNotDisbursed);
  applied(Disburse("d3", "B001", "L2", 20'000'00), 8);

  // One batch: the writer sees its own earlier writes to L2 (repaid, then closed, then a
  // refused disbursement on the closed loan).
  std::vector<internal::LedgerCommand> batch;
  batch.push_back(Repay("p4", "B001", "L2", 5'000'00, 100'00, 30));
  batch.push_back(Repay("p5", "B001", "L2", 15'000'00, 0, 31));
  batch.push_back(Disburse("d4", "B001", "L2", 1, 32));
  batch.push_back(Disburse("d5", "B001", "L10", 10'000'00));
  batch.push_back(Create("c5", "B002", "L5", 10'000'00, "370282"));
  std::vector<absl::StatusOr<CommandOutcome>> outcomes = RunTogether(std::move(batch));
  const uint64_t expected_sequences[] = {9, 10, 0, 11, 12};
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (expected_sequences[i] == 0) {
      EXPECT_EQ(ReasonOf(outcomes[i].status()), reason::kLoanClosed);
    } else {
      ASSERT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].status();
      EXPECT_EQ(outcomes[i]->result.sequence(), expected_sequences[i]);
    }
  }
  EXPECT_EQ(outcomes[1]->result.loan().status(), v1::CLOSED);
  if (after_each) after_each();

  applied(Repay("p6", "B001", "L1", 0, 5'00, 61), 13);  // interest only
  applied(Disburse("d6", "B002", "L5", 10'000'00), 14);
}

void SampleLedger::RunFundLifecycle() {
  auto applied = [&](const std::string& principal, internal::LedgerCommand command,
                     uint64_t sequence) {
    absl::StatusOr<CommandOutcome> outcome = RunAs(principal, std::move(command));
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_FALSE(outcome->replayed);
    EXPECT_EQ(outcome->result.sequence(), sequence);
  };
  applied("finance:1", CreateFund("f1", "F1"), 15);
  applied("fund:F1", DepositCapital("k1", "F1", 10'000'00), 16);
  // L10: 30,000.00 approved, none repaid; half of it is within 5 x 10,000.00 of cash. The
  // bank asks, the fund issues.
  applied("bank:B001", RequestFundGuarantee("q1", "B001", "L10", "G1", "F1", 5000), 17);
  applied("fund:F1", IssueFundGuarantee("g1", "B001", "L10", "G1", "F1", 5000), 18);
  // The bank undoes its own disbursement (finance staff reverse nobody's entries).
  applied("bank:B002", Reverse("v1", 14, "disbursed to the wrong account"), 19);
}

}  // namespace ledger
