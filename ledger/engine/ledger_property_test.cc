// Property test of the whole commit path: seeded random sequences of valid and invalid commands
// of every kind (loans, arrears, extensions, write-offs, funds, guarantees requested and issued,
// calls, compensation, recoveries, reversals, retried request ids) through the real LedgerEngine
// over a real Store, with a clock that moves forward by days. After every step:
//   - the trial balance is zero (kind totals sum to zero, debits equal credits);
//   - no loan owes a negative amount, every loan keeps its invariants, and its principal and
//     interest accounts hold exactly its outstanding principal and due interest;
//   - each fund's exposure equals the guaranteed principal of its live guarantees (requested
//     ones add none), equals its exposure account, stays within capital x leverage (new
//     exposure is checked against cash x leverage, and cash never exceeds capital), and its
//     cash and capital equal their accounts;
//   - a replay of the journal into empty projections, fed each entry as it commits, holds the
//     same balances (accounts, kind totals, funds) as the store, and its accounts sum to zero;
// and every 300 steps a fresh replay of the whole journal gives exactly every stored row.
// Failures print the seed and step.
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "ledger/accounts/account_projection.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/guarantee/fund_evolve.h"
#include "ledger/guarantee/fund_projection.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_evolve.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

constexpr int kMaxLoans = 40;
const char* const kBanks[] = {"B1", "B2"};
const char* const kCounties[] = {"370281", "370282", "370101"};

class PropertyRun {
 public:
  explicit PropertyRun(uint32_t seed) : seed_(seed), random_(seed) {
    auto store = Store::Open(FreshTempDir(absl::StrCat("property_", seed)), {});
    EXPECT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    EngineOptions options;
    // 2024-01-01 12:00 in China; each step moves it forward (Advance).
    now_ = absl::FromCivil(absl::CivilSecond(2024, 1, 1, 4, 0, 0), absl::UTCTimeZone());
    options.now = [this] { return now_; };
    auto engine = LedgerEngine::Start(store_.get(), std::move(options));
    EXPECT_TRUE(engine.ok()) << engine.status();
    engine_ = std::move(*engine);
  }

  void Step(int step) {
    step_ = step;
    if (Chance(30)) now_ += absl::Hours(24 * Uniform(1, Chance(10) ? 40 : 6));
    if (!replays_.empty() && Chance(3)) {
      Retry();
    } else {
      Submit(RandomCommand());
    }
    CheckInvariants();
    ReplayNewEntries();
  }

  // The journal replayed into projections of its own, one entry at a time as entries commit:
  // after every step, its balances (accounts, kind totals, funds) equal the stored ones, and
  // its account balances sum to zero.
  void ReplayNewEntries() {
    const uint64_t head = engine_->head().sequence;
    for (uint64_t sequence = incremental_.head().sequence + 1; sequence <= head; ++sequence) {
      absl::StatusOr<std::string> record = store_->Get(Family::kJournal, JournalKey(sequence));
      ASSERT_TRUE(record.ok()) << Where() << record.status();
      absl::StatusOr<DecodedEntry> entry = DecodeEntry(*record);
      ASSERT_TRUE(entry.ok()) << Where() << entry.status();
      internal::EntryBody body;
      ASSERT_TRUE(body.ParseFromString(entry->body)) << Where();
      absl::Status applied =
          incremental_.Apply(sequence, entry->hash, entry->commit_time_us, body.event());
      ASSERT_TRUE(applied.ok()) << Where() << applied;
    }
    int64_t sum_fen = 0;
    for (const char* prefix : {"acct/", "acctkind/", "fund/"}) {
      std::map<std::string, std::string> replayed;
      incremental_.ForEachRowWithPrefix(prefix, [&](const ProjectionRow& row) {
        replayed[row.key] = row.value;
        if (absl::StartsWith(row.key, "acct/")) {
          v1::AccountBalance balance;
          ASSERT_TRUE(balance.ParseFromString(row.value));
          sum_fen += balance.balance().amount_fen();
        }
      });
      std::map<std::string, std::string> stored;
      ASSERT_TRUE(store_
                      ->Scan(Family::kProjections, prefix, prefix,
                             [&](absl::string_view key, absl::string_view value) {
                               stored[std::string(key)] = std::string(value);
                               return true;
                             })
                      .ok());
      ASSERT_TRUE(stored == replayed) << Where() << "replayed " << prefix << " rows differ";
    }
    ASSERT_EQ(sum_fen, 0) << Where() << "the accounts do not sum to zero";
  }

  // A replay of the whole journal rebuilds exactly the stored projections.
  void CheckReplay() {
    absl::StatusOr<LedgerReplay> replay = ReplayJournal(*store_);
    ASSERT_TRUE(replay.ok()) << Where() << replay.status();
    std::map<std::string, std::string> replayed;
    replay->ForEachRow([&](const ProjectionRow& row) { replayed[row.key] = row.value; });
    std::map<std::string, std::string> stored;
    ASSERT_TRUE(store_
                    ->Scan(Family::kProjections, "", "",
                           [&](absl::string_view key, absl::string_view value) {
                             stored[std::string(key)] = std::string(value);
                             return true;
                           })
                    .ok());
    ASSERT_EQ(stored.size(), replayed.size()) << Where();
    for (const auto& [key, value] : stored) {
      auto it = replayed.find(key);
      ASSERT_TRUE(it != replayed.end()) << Where() << "extra row " << absl::CHexEscape(key);
      ASSERT_EQ(it->second, value) << Where() << "row differs " << absl::CHexEscape(key);
    }
  }

  const std::map<std::string, int>& accepted() const { return accepted_; }
  const std::map<std::string, int>& refused() const { return refused_; }

 private:
  struct Sent {
    std::string principal;
    internal::LedgerCommand command;
    uint64_t sequence;
  };

  std::string Where() const { return absl::StrCat("seed ", seed_, " step ", step_, ": "); }
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }
  int64_t Fen(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(random_);
  }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[Uniform(0, static_cast<int>(from.size()) - 1)];
  }
  absl::CivilDay Today() const { return LedgerEngine::Today(now_); }
  v1::Date TodayDate() const { return ToDate(Today()); }

  // Amounts near a limit, sometimes just over it, sometimes anything.
  int64_t Around(int64_t limit_fen) {
    if (limit_fen <= 0 || Chance(10)) return Fen(-5, 5'000'00);
    if (Chance(15)) return limit_fen + Fen(0, 2);
    if (Chance(25)) return limit_fen;
    return Fen(1, limit_fen);
  }

  std::vector<v1::Loan> Loans() const {
    std::vector<v1::Loan> loans;
    for (const std::string& name : loan_names_) {
      absl::StatusOr<LoanName> parsed = ParseLoanName(name, "");
      absl::StatusOr<v1::Loan> loan =
          LoanProjection(store_.get()).Get(parsed->bank_id, parsed->loan_id);
      if (loan.ok()) loans.push_back(std::move(*loan));
    }
    return loans;
  }

  std::vector<v1::GuaranteeFund> Funds() const {
    std::vector<v1::GuaranteeFund> funds;
    for (const char* id : {"F1", "F2"}) {
      absl::StatusOr<v1::GuaranteeFund> fund = FundProjection(store_.get()).Get(id);
      if (fund.ok()) funds.push_back(std::move(*fund));
    }
    return funds;
  }

  std::pair<std::string, internal::LedgerCommand> RandomCommand() {
    internal::LedgerCommand c;
    const std::string id = absl::StrCat("r", step_);
    const std::vector<v1::Loan> loans = Loans();
    const std::vector<v1::GuaranteeFund> funds = Funds();
    const int roll = Uniform(0, 99);
    if (loans.empty() || (roll < 8 && loans.size() < kMaxLoans)) {
      v1::CreateLoanRequest* r = c.mutable_create_loan();
      r->set_request_id(id);
      r->set_bank_id(kBanks[Uniform(0, 1)]);
      r->set_loan_id(Chance(5) && !loans.empty() ? loans[0].loan_id() : absl::StrCat("L", step_));
      r->set_borrower_id(absl::StrCat("C", step_));
      r->set_county_code(kCounties[Uniform(0, 2)]);
      *r->mutable_principal() = Cny(Chance(3) ? 0 : Fen(1'000'00, 300'000'00));
      r->set_annual_rate_bps(Uniform(300, 800));
      r->set_term_months(Uniform(3, 36));
      *r->mutable_contract_date() = ToDate(Today() - Uniform(0, 120));
      r->set_repayment_method(Chance(50) ? v1::EQUAL_PRINCIPAL : v1::BULLET);
      r->set_payment_frequency(Chance(50) ? v1::MONTHLY : v1::QUARTERLY);
      if (!loan_names_.count(FormatLoanName(r->bank_id(), r->loan_id()))) {
        new_loan_ = FormatLoanName(r->bank_id(), r->loan_id());
      }
      return {absl::StrCat("bank:", r->bank_id()), c};
    }
    // Calls, compensation and recoveries need a loan in the right state; most of the time pick
    // one that is, so that the rare paths are walked as often as the common ones.
    auto fund_guarantee = [](const v1::Loan& l) -> const v1::Guarantee* {
      for (const v1::Guarantee& g : l.guarantees()) {
        if (g.form() == v1::FUND_GUARANTEE) return &g;
      }
      return nullptr;
    };
    auto fund_state = [&](const v1::Loan& l, v1::GuaranteeState state) {
      const v1::Guarantee* g = fund_guarantee(l);
      return g != nullptr && g->state() == state;
    };
    std::vector<v1::Loan> candidates;
    for (const v1::Loan& l : loans) {
      const bool wanted =
          (roll >= 74 && roll < 80 && fund_state(l, v1::GUARANTEE_LIVE) && l.arrears_size() > 0) ||
          (roll >= 80 && roll < 85 && fund_state(l, v1::GUARANTEE_CALL_FILED)) ||
          (roll >= 85 && roll < 90 && fund_state(l, v1::GUARANTEE_COMPENSATED)) ||
          (roll >= 64 && roll < 68 && (l.status() == v1::APPROVED || l.status() == v1::ACTIVE) &&
           fund_guarantee(l) == nullptr) ||
          (roll >= 68 && roll < 72 && fund_state(l, v1::GUARANTEE_REQUESTED));
      if (wanted) candidates.push_back(l);
    }
    const v1::Loan& loan = !candidates.empty() && Chance(85) ? Pick(candidates) : Pick(loans);
    const std::string bank = absl::StrCat("bank:", loan.bank_id());
    const int64_t outstanding = loan.outstanding_principal().amount_fen();
    if (roll < 12) {
      v1::CreateFundRequest* r = c.mutable_create_fund();
      r->set_request_id(id);
      const bool county = Chance(50);
      r->set_fund_id(county ? "F1" : "F2");
      r->set_display_name("Fund");
      r->set_scope(county ? v1::COUNTY : v1::CITY);
      r->set_region_code(county ? "370281" : "3702");
      r->set_leverage_multiple(Uniform(0, 10));
      return {"finance", c};
    }
    if (roll < 20 && !funds.empty()) {
      v1::DepositFundCapitalRequest* r = c.mutable_deposit_capital();
      r->set_request_id(id);
      r->set_name(Pick(funds).name());
      *r->mutable_amount() = Cny(Fen(-1, 50'000'00));
      *r->mutable_value_date() = TodayDate();
      return {"guarantee_fund:" + Pick(funds).fund_id(), c};
    }
    if (roll < 34) {
      v1::DisburseLoanRequest* r = c.mutable_disburse_loan();
      r->set_request_id(id);
      r->set_name(loan.name());
      *r->mutable_amount() = Cny(
          Around(loan.approved_principal().amount_fen() - loan.disbursed_principal().amount_fen()));
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 46) {
      v1::RecordRepaymentRequest* r = c.mutable_record_repayment();
      r->set_request_id(id);
      r->set_name(loan.name());
      *r->mutable_principal() = Cny(Chance(20) ? 0 : Around(outstanding));
      *r->mutable_interest() =
          Cny(Chance(50) ? loan.interest_receivable().amount_fen() : Fen(0, 3'000'00));
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 54 && loan.schedule_size() > 0) {
      v1::MarkInstalmentOverdueRequest* r = c.mutable_mark_overdue();
      r->set_request_id(id);
      r->set_name(loan.name());
      const int last = loan.schedule_size() - 1;
      const v1::Instalment& due = loan.schedule(Uniform(0, Chance(80) ? std::min(1, last) : last));
      r->set_instalment(due.number());
      *r->mutable_principal_overdue() =
          Cny(Around(std::min(due.principal_due().amount_fen(), outstanding)));
      *r->mutable_interest_overdue() = Cny(Fen(0, 2'000'00));
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 58 && loan.arrears_size() > 0) {
      v1::CureArrearRequest* r = c.mutable_cure_arrear();
      r->set_request_id(id);
      r->set_name(loan.name());
      r->set_instalment(loan.arrears(Uniform(0, loan.arrears_size() - 1)).instalment());
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 61) {
      v1::ExtendLoanRequest* r = c.mutable_extend_loan();
      r->set_request_id(id);
      r->set_name(loan.name());
      *r->mutable_new_maturity_date() = ToDate(ToCivilDay(loan.maturity_date()) + Uniform(-5, 400));
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 64) {
      v1::WriteOffLoanRequest* r = c.mutable_write_off();
      r->set_request_id(id);
      r->set_name(loan.name());
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 68 && !funds.empty()) {
      // The bank asks a fund (in the loan's region or not) for a guarantee.
      const v1::GuaranteeFund& fund = Pick(funds);
      v1::RequestFundGuaranteeRequest* r = c.mutable_request_fund_guarantee();
      r->set_request_id(id);
      r->set_loan(loan.name());
      r->set_guarantee_id(Chance(5) && loan.guarantees_size() > 0
                              ? loan.guarantees(0).guarantee_id()
                              : absl::StrCat("G", step_));
      r->set_fund(fund.name());
      r->set_coverage_bps(Chance(5) ? 0 : Uniform(5000, 10000));
      if (Chance(50)) r->add_party_ids("P1");
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 72 && !funds.empty()) {
      // Most of the time the fund issues what the bank asked of it, on the bank's terms;
      // otherwise a guarantee nobody asked for, or terms that differ.
      const v1::Guarantee* requested = fund_guarantee(loan);
      if (requested != nullptr && requested->state() != v1::GUARANTEE_REQUESTED) {
        requested = nullptr;
      }
      const bool as_asked = requested != nullptr && Chance(85);
      std::string fund_id = Pick(funds).fund_id();
      if (as_asked) fund_id = requested->fund_id();
      v1::IssueFundGuaranteeRequest* r = c.mutable_issue_fund_guarantee();
      r->set_request_id(id);
      r->set_loan(loan.name());
      r->set_guarantee_id(as_asked ? requested->guarantee_id() : absl::StrCat("G", step_));
      r->set_fund(FormatFundName(fund_id));
      r->set_coverage_bps(as_asked && Chance(90) ? requested->coverage_bps()
                          : Chance(5)            ? 0
                                                 : Uniform(5000, 10000));
      *r->mutable_value_date() = TodayDate();
      return {"guarantee_fund:" + fund_id, c};
    }
    if (roll < 74) {
      v1::RecordGuaranteeRequest* r = c.mutable_record_guarantee();
      r->set_request_id(id);
      r->set_loan(loan.name());
      r->set_guarantee_id(absl::StrCat("J", step_));
      r->set_form(Chance(50) ? v1::JOINT_LIABILITY : v1::CREDIT_GUARANTEE);
      if (Chance(70)) r->add_party_ids("C1");
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    std::string guarantee_id = "none";
    for (const v1::Guarantee& g : loan.guarantees()) {
      if (g.form() == v1::FUND_GUARANTEE) guarantee_id = g.guarantee_id();
    }
    if (roll < 80) {
      v1::FileGuaranteeCallRequest* r = c.mutable_file_call();
      r->set_request_id(id);
      r->set_loan(loan.name());
      r->set_guarantee_id(guarantee_id);
      *r->mutable_value_date() = TodayDate();
      return {bank, c};
    }
    if (roll < 85) {
      v1::PayCompensationRequest* r = c.mutable_pay_compensation();
      r->set_request_id(id);
      r->set_loan(loan.name());
      r->set_guarantee_id(guarantee_id);
      *r->mutable_value_date() = TodayDate();
      return {"guarantee_fund:F1", c};
    }
    if (roll < 90) {
      v1::RecordRecoveryRequest* r = c.mutable_record_recovery();
      r->set_request_id(id);
      r->set_loan(loan.name());
      *r->mutable_amount() = Cny(Around(outstanding + loan.compensated_principal().amount_fen()));
      *r->mutable_value_date() = TodayDate();
      return {"guarantee_fund:F1", c};
    }
    v1::ReverseEntryRequest* r = c.mutable_reverse_entry();
    r->set_request_id(id);
    const uint64_t head = engine_->head().sequence;
    r->set_sequence(Chance(80) ? std::max<uint64_t>(1, head - Uniform(0, 10)) : Uniform(0, 9999));
    r->set_reason(Chance(5) ? "" : "entered in error");
    return {bank, c};
  }

  absl::StatusOr<CommandOutcome> Run(const std::string& principal,
                                     const internal::LedgerCommand& command) {
    absl::StatusOr<CommandOutcome> outcome = absl::UnknownError("not answered");
    absl::Notification done;
    absl::Status queued =
        engine_->Submit(principal, command, [&](absl::StatusOr<CommandOutcome> o) {
          outcome = std::move(o);
          done.Notify();
        });
    if (!queued.ok()) return queued;
    done.WaitForNotification();
    return outcome;
  }

  void Submit(std::pair<std::string, internal::LedgerCommand> next) {
    const std::string kind =
        std::string(next.second.GetReflection()
                        ->GetOneofFieldDescriptor(
                            next.second, next.second.GetDescriptor()->FindOneofByName("kind"))
                        ->name());
    const uint64_t head_before = engine_->head().sequence;
    absl::StatusOr<CommandOutcome> outcome = Run(next.first, next.second);
    if (outcome.ok()) {
      ASSERT_FALSE(outcome->replayed) << Where();
      ASSERT_EQ(outcome->result.sequence(), head_before + 1) << Where();
      ++accepted_[kind];
      replays_.push_back({next.first, next.second, outcome->result.sequence()});
      if (!new_loan_.empty()) loan_names_.insert(new_loan_);
    } else {
      // A refusal is a rule's, with a reason, and writes nothing.
      ASSERT_NE(outcome.status().code(), absl::StatusCode::kInternal)
          << Where() << outcome.status();
      ASSERT_NE(outcome.status().code(), absl::StatusCode::kDataLoss)
          << Where() << outcome.status();
      ASSERT_FALSE(ReasonOf(outcome.status()).empty()) << Where() << outcome.status();
      ASSERT_EQ(engine_->head().sequence, head_before) << Where();
      ++refused_[absl::StrCat(kind, " ", ReasonOf(outcome.status()))];
    }
    new_loan_.clear();
  }

  // The same request id again: the first answer comes back and nothing is applied twice.
  void Retry() {
    const Sent& sent = Pick(replays_);
    const uint64_t head_before = engine_->head().sequence;
    absl::StatusOr<CommandOutcome> outcome = Run(sent.principal, sent.command);
    ASSERT_TRUE(outcome.ok()) << Where() << outcome.status();
    ASSERT_TRUE(outcome->replayed) << Where();
    ASSERT_EQ(outcome->result.sequence(), sent.sequence) << Where();
    ASSERT_EQ(engine_->head().sequence, head_before) << Where();
  }

  int64_t Balance(const std::string& account) {
    absl::StatusOr<v1::AccountBalance> balance = AccountProjection(store_.get()).Get(account);
    if (absl::IsNotFound(balance.status())) return 0;
    EXPECT_TRUE(balance.ok()) << Where() << balance.status();
    return balance.ok() ? balance->balance().amount_fen() : 0;
  }

  void CheckInvariants() {
    absl::StatusOr<v1::TrialBalance> trial =
        AccountProjection(store_.get()).GetTrialBalance(v1::GetTrialBalanceRequest());
    ASSERT_TRUE(trial.ok()) << Where() << trial.status();
    ASSERT_TRUE(trial->balanced()) << Where();
    int64_t sum_fen = 0;
    for (const v1::KindTotal& total : trial->totals()) sum_fen += total.balance().amount_fen();
    ASSERT_EQ(sum_fen, 0) << Where() << "the trial balance does not sum to zero";

    std::map<std::string, int64_t> live_fen;
    for (const v1::Loan& loan : Loans()) {
      ASSERT_TRUE(LoanInvariantsHold(loan)) << Where() << loan.ShortDebugString();
      ASSERT_GE(loan.outstanding_principal().amount_fen(), 0) << Where();
      ASSERT_GE(loan.interest_receivable().amount_fen(), 0) << Where();
      ASSERT_EQ(Balance(LoanPrincipalAccount(loan.bank_id(), loan.loan_id())),
                loan.outstanding_principal().amount_fen())
          << Where() << loan.name();
      ASSERT_EQ(Balance(LoanInterestAccount(loan.bank_id(), loan.loan_id())),
                loan.interest_receivable().amount_fen())
          << Where() << loan.name();
      if (std::optional<FundExposure> live = LiveFundExposure(loan)) {
        live_fen[live->fund_id] += live->amount_fen;
      }
    }
    for (const v1::GuaranteeFund& fund : Funds()) {
      const std::string& f = fund.fund_id();
      ASSERT_EQ(fund.exposure().amount_fen(), live_fen[f]) << Where() << f;
      ASSERT_EQ(Balance(FundExposureAccount(f)), fund.exposure().amount_fen()) << Where() << f;
      ASSERT_EQ(Balance(FundCashAccount(f)), fund.cash().amount_fen()) << Where() << f;
      ASSERT_EQ(-Balance(FundCapitalAccount(f)), fund.capital().amount_fen()) << Where() << f;
      ASSERT_LE(fund.exposure().amount_fen(),
                fund.capital().amount_fen() * fund.leverage_multiple())
          << Where() << f;
    }
  }

  const uint32_t seed_;
  std::mt19937 random_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
  absl::Time now_;
  int step_ = 0;
  std::set<std::string> loan_names_;
  std::string new_loan_;
  std::vector<Sent> replays_;
  LedgerReplay incremental_;
  std::map<std::string, int> accepted_;
  std::map<std::string, int> refused_;
};

TEST(LedgerPropertyTest, InvariantsHoldOverRandomCommandSequences) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    PropertyRun run(seed);
    for (int step = 1; step <= 1200; ++step) {
      run.Step(step);
      if (::testing::Test::HasFatalFailure()) return;
      if (step % 300 == 0) run.CheckReplay();
      if (::testing::Test::HasFatalFailure()) return;
    }
    // The generator reached every kind of command, both ways: a run that only ever refused
    // (or never tried) something would prove nothing about it.
    for (const char* kind :
         {"create_loan", "disburse_loan", "record_repayment", "mark_overdue", "cure_arrear",
          "extend_loan", "write_off", "create_fund", "deposit_capital", "request_fund_guarantee",
          "issue_fund_guarantee", "record_guarantee", "file_call", "pay_compensation",
          "record_recovery", "reverse_entry"}) {
      EXPECT_GT(run.accepted().count(kind), 0u)
          << "seed " << seed << ": no " << kind << " accepted";
    }
    std::string refusals;
    for (const auto& [what, count] : run.refused())
      absl::StrAppend(&refusals, what, "=", count, " ");
    std::string accepts;
    for (const auto& [what, count] : run.accepted())
      absl::StrAppend(&accepts, what, "=", count, " ");
    std::printf("seed %u accepted: %s\nrefused: %s\n", seed, accepts.c_str(), refusals.c_str());
  }
}

}  // namespace
}  // namespace ledger
