// claims_load: fills a running development ledgerd with many disbursed loans and writes a
// claim file for them, for timing `reconcile` over one quarter (docs/RECONCILE.md).
//
//   bazel run -c opt //tools/reconcile:claims_load -- --server=127.0.0.1:50051
//       --loans=100000 --banks=4 --counties=20 --concurrency=32 --quarter=2026Q3
//       --setup_policy --claims_out=/tmp/claims-2026Q3.csv
//
// Loans are spread round-robin over banks LB01.. and counties 370201.., all 120,000.00 at
// 4.35%, bullet, 12 months, contracted and disbursed on --disburse_date, so every loan's
// subsidy for the quarter is the same; it is asked of the server (ComputeSubsidy) once. The
// claim file claims that amount for every loan, except: every 101st row claims 1.00 more
// (OVER_CLAIMED), every 1000th loan is left out (NOT_CLAIMED). With --setup_policy it first
// adds a 50%-of-interest policy version and an LPR fixing as finance (a fresh server has none).
// Bounded: at most 1,000,000 loans, 1..256 concurrent clients, loopback only (127.0.0.0/8 as a
// dotted quad, localhost or [::1], with a port: the principal header goes out in plaintext).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "ledger/base/money.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"
#include "tools/reconcile/claims_load_flags.h"
#include "tools/reconcile/cny.h"
#include "tools/reconcile/quarter.h"

namespace {

namespace v1 = microloan::ledger::v1;

using Flags = reconcile::ClaimsLoadFlags;

std::unique_ptr<grpc::ClientContext> Context(const std::string& principal) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  context->AddMetadata("x-ledger-principal", principal);
  return context;
}

v1::Date ToDate(absl::CivilDay day) {
  v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

std::string Bank(int64_t i, const Flags& f) { return absl::StrFormat("LB%02d", i % f.banks); }
std::string County(int64_t i, const Flags& f) {
  return absl::StrCat(370201 + (i / f.banks) % f.counties);
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  if (!reconcile::ParseClaimsLoadFlags(argc, argv, &f)) {
    std::fprintf(stderr,
                 "usage: claims_load --claims_out=FILE [--server=127.0.0.1:50051] "
                 "[--loans=1..1000000] [--banks=1..99] [--counties=1..99] "
                 "[--concurrency=1..256] [--quarter=2026Q3] [--disburse_date=2026-06-01] "
                 "[--run=ID] [--setup_policy]\n(a --dev_plaintext ledgerd on loopback)\n");
    return 2;
  }
  absl::StatusOr<reconcile::Quarter> quarter = reconcile::ParseQuarter(f.quarter);
  absl::StatusOr<reconcile::Period> disburse =
      reconcile::ParsePeriod(absl::StrCat(f.disburse_date, "..", f.disburse_date));
  if (!quarter.ok() || !disburse.ok()) {
    std::fprintf(stderr, "claims_load: bad --quarter or --disburse_date\n");
    return 2;
  }
  const reconcile::Period period = reconcile::QuarterPeriod(*quarter);
  if (f.run.empty()) f.run = absl::StrCat(absl::ToUnixSeconds(absl::Now()));
  auto channel = [&](int c) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    args.SetInt("claims_load.client", c);
    return grpc::CreateCustomChannel(f.server, grpc::InsecureChannelCredentials(), args);
  };

  if (f.setup_policy) {
    auto policies = v1::PolicyService::NewStub(channel(-1));
    v1::AddSubsidyPolicyVersionRequest add;
    add.set_request_id(absl::StrCat("claims-load-policy-", f.run));
    *add.mutable_version()->mutable_effective_from() = ToDate(absl::CivilDay(2021, 1, 1));
    add.mutable_version()->set_mode(v1::PERCENT_OF_INTEREST);
    add.mutable_version()->set_subsidy_share_bps(5000);
    v1::PolicyVersionResponse added;
    grpc::Status s = policies->AddSubsidyPolicyVersion(Context("finance").get(), add, &added);
    v1::RecordLprFixingRequest fixing;
    fixing.set_request_id(absl::StrCat("claims-load-lpr-", f.run));
    *fixing.mutable_fixing()->mutable_effective_from() = ToDate(absl::CivilDay(2023, 1, 1));
    fixing.mutable_fixing()->set_lpr_bps(300);
    v1::LprFixingResponse fixed;
    grpc::Status s2 = policies->RecordLprFixing(Context("finance").get(), fixing, &fixed);
    if (!s.ok() || !s2.ok()) {
      std::fprintf(stderr,
                   "claims_load: policy set-up: %s %s (already set up? drop "
                   "--setup_policy)\n",
                   s.error_message().c_str(), s2.error_message().c_str());
      return 1;
    }
  }

  const int64_t principal_fen = 120'000'00;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failures{0};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < f.concurrency; ++c) {
    threads.emplace_back([&, c] {
      auto loans = v1::LoanService::NewStub(channel(c));
      for (int64_t i = next++; i < f.loans && failures < 10; i = next++) {
        const std::string bank = Bank(i, f);
        const std::string loan_id = absl::StrCat("R", f.run, "-", i);
        v1::CreateLoanRequest create;
        create.set_request_id(absl::StrCat(loan_id, "-create"));
        create.set_bank_id(bank);
        create.set_loan_id(loan_id);
        create.set_borrower_id(absl::StrCat("borrower-", loan_id));
        create.set_county_code(County(i, f));
        *create.mutable_principal() = ledger::Cny(principal_fen);
        create.set_annual_rate_bps(435);
        create.set_term_months(12);
        create.set_repayment_method(v1::BULLET);
        *create.mutable_contract_date() = ToDate(disburse->first_day);
        v1::CreateLoanResponse created;
        grpc::Status s = loans->CreateLoan(Context("bank:" + bank).get(), create, &created);
        v1::DisburseLoanRequest pay;
        pay.set_request_id(absl::StrCat(loan_id, "-disburse"));
        pay.set_name(absl::StrCat("banks/", bank, "/loans/", loan_id));
        *pay.mutable_amount() = ledger::Cny(principal_fen);
        *pay.mutable_value_date() = ToDate(disburse->first_day);
        v1::DisburseLoanResponse paid;
        if (s.ok()) s = loans->DisburseLoan(Context("bank:" + bank).get(), pay, &paid);
        if (!s.ok()) {
          ++failures;
          std::fprintf(stderr, "claims_load: %s: %s\n", loan_id.c_str(), s.error_message().c_str());
        }
        if (c == 0 && i % 5000 == 0)
          std::fprintf(stderr, "loans %lld/%lld\n", static_cast<long long>(i),
                       static_cast<long long>(f.loans));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (failures > 0) return 1;

  auto subsidies = v1::SubsidyService::NewStub(channel(-2));
  v1::ComputeSubsidyRequest compute;
  compute.set_loan(absl::StrCat("banks/", Bank(0, f), "/loans/R", f.run, "-0"));
  *compute.add_periods()->mutable_first_day() = ToDate(period.first_day);
  *compute.mutable_periods(0)->mutable_last_day() = ToDate(period.last_day);
  v1::ComputeSubsidyResponse computed;
  grpc::Status s = subsidies->ComputeSubsidy(Context("finance").get(), compute, &computed);
  if (!s.ok()) {
    std::fprintf(stderr, "claims_load: ComputeSubsidy: %s\n", s.error_message().c_str());
    return 1;
  }
  const int64_t subsidy_fen = computed.periods(0).subsidy().amount_fen();
  std::ofstream out(f.claims_out, std::ios::binary | std::ios::trunc);
  out << "bank_id,loan_id,county_code,claimed\n";
  int64_t over = 0, left_out = 0;
  for (int64_t i = 0; i < f.loans; ++i) {
    if (i % 1000 == 999) {
      ++left_out;
      continue;
    }
    const bool over_claimed = i % 101 == 50;
    over += over_claimed;
    out << Bank(i, f) << ",R" << f.run << "-" << i << "," << County(i, f) << ","
        << reconcile::FormatCny(subsidy_fen + (over_claimed ? 100 : 0)) << "\n";
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "claims_load: cannot write %s\n", f.claims_out.c_str());
    return 1;
  }
  std::printf(
      "loans=%lld load_seconds=%.1f loans_per_second=%.0f subsidy_per_loan=%s claims=%s "
      "(over-claimed %lld, left out %lld)\n",
      static_cast<long long>(f.loans), load_s, f.loans / load_s,
      reconcile::FormatCny(subsidy_fen).c_str(), f.claims_out.c_str(), static_cast<long long>(over),
      static_cast<long long>(left_out));
  return 0;
}
