#include "tools/reconcile/ledger_source.h"

#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/reconcile/paging.h"

namespace reconcile {
namespace {

namespace v1 = microloan::ledger::v1;

absl::Status FromGrpc(const grpc::Status& status, absl::string_view rpc) {
  // gRPC's and absl's canonical codes have the same numbers.
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(rpc, ": ", status.error_message()));
}

v1::Date ToDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

bool SameDay(const v1::Date& date, absl::CivilDay day) {
  return date.year() == day.year() && date.month() == day.month() && date.day() == day.day();
}

// An amount from the server: CNY, or unset (zero).
absl::StatusOr<int64_t> Fen(const v1::Money& money, absl::string_view what) {
  if (money.currency_code() != "CNY" &&
      !(money.currency_code().empty() && money.amount_fen() == 0)) {
    return absl::DataLossError(
        absl::StrCat(what, ": the server answered an amount in \"", money.currency_code(), "\""));
  }
  return money.amount_fen();
}

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerSource>> LedgerSource::Connect(
    const ConnectionOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options.dev_plaintext) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> tls =
        ledgerctl::MutualTlsCredentials(options.ca_file, options.cert_file, options.key_file);
    if (!tls.ok()) return tls.status();
    credentials = *std::move(tls);
  }
  grpc::ChannelArguments args;
  // A page of 1,000 loans is ~150 kB; leave room for long notes.
  args.SetMaxReceiveMessageSize(64 << 20);
  return std::make_unique<LedgerSource>(
      grpc::CreateCustomChannel(options.server, credentials, args),
      options.dev_plaintext ? options.principal : "", options.timeout_ms);
}

LedgerSource::LedgerSource(std::shared_ptr<grpc::Channel> channel, std::string principal,
                           int64_t timeout_ms)
    : stub_(v1::SubsidyService::NewStub(std::move(channel))),
      principal_(std::move(principal)),
      timeout_ms_(timeout_ms) {}

std::unique_ptr<grpc::ClientContext> LedgerSource::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms_));
  if (!principal_.empty()) context->AddMetadata("x-ledger-principal", principal_);
  return context;
}

absl::StatusOr<std::vector<ExpectedLoan>> LedgerSource::ListExpected(const Period& period,
                                                                     const std::string& bank_id,
                                                                     const std::string& county_code,
                                                                     const Progress& progress) {
  std::vector<ExpectedLoan> out;
  v1::ListLoanSubsidiesRequest request;
  *request.mutable_period()->mutable_first_day() = ToDate(period.first_day);
  *request.mutable_period()->mutable_last_day() = ToDate(period.last_day);
  request.set_bank_id(bank_id);
  request.set_county_code(county_code);
  request.set_page_size(kLoanSubsidiesPageSize);
  // A page may be short or empty and still carry a token: ForEachPage goes on.
  absl::Status listed = ForEachPage(
      "ListLoanSubsidies", [&](const std::string& token) -> absl::StatusOr<std::string> {
        request.set_page_token(token);
        v1::ListLoanSubsidiesResponse response;
        grpc::Status status = stub_->ListLoanSubsidies(NewContext().get(), request, &response);
        if (!status.ok()) return FromGrpc(status, "ListLoanSubsidies");
        for (const v1::LoanSubsidy& loan : response.loans()) {
          absl::StatusOr<int64_t> subsidy_fen = Fen(loan.subsidy(), loan.loan());
          if (!subsidy_fen.ok()) return subsidy_fen.status();
          out.push_back(ExpectedLoan{loan.loan(), loan.bank_id(), loan.county_code(), *subsidy_fen,
                                     loan.note()});
        }
        if (static_cast<int64_t>(out.size()) > kMaxListedLoans) {
          return absl::ResourceExhaustedError(absl::StrCat(
              "ListLoanSubsidies: more than ", kMaxListedLoans, " loans; reconcile bank by bank"));
        }
        if (progress) progress(static_cast<int64_t>(out.size()));
        return response.next_page_token();
      });
  if (!listed.ok()) return listed;
  return out;
}

absl::StatusOr<std::vector<ClaimedLoan>> LedgerSource::ListStoredClaims(const Period& period,
                                                                        const std::string& bank_id,
                                                                        const Progress& progress) {
  std::vector<std::string> names;
  v1::ListSubsidyClaimsRequest request;
  request.set_bank_id(bank_id);
  request.set_page_size(kClaimsPageSize);
  int64_t listed = 0;
  absl::Status paged = ForEachPage(
      "ListSubsidyClaims", [&](const std::string& token) -> absl::StatusOr<std::string> {
        request.set_page_token(token);
        v1::ListSubsidyClaimsResponse response;
        grpc::Status status = stub_->ListSubsidyClaims(NewContext().get(), request, &response);
        if (!status.ok()) return FromGrpc(status, "ListSubsidyClaims");
        for (const v1::SubsidyClaim& claim : response.claims()) {
          if (claim.state() != v1::CLAIM_REJECTED &&
              SameDay(claim.period().first_day(), period.first_day) &&
              SameDay(claim.period().last_day(), period.last_day)) {
            names.push_back(claim.name());
          }
        }
        listed += response.claims_size();
        if (listed > kMaxStoredClaims) {
          return absl::ResourceExhaustedError(absl::StrCat(
              "ListSubsidyClaims: more than ", kMaxStoredClaims, " claims; give --bank"));
        }
        return response.next_page_token();
      });
  if (!paged.ok()) return paged;
  std::vector<ClaimedLoan> out;
  int64_t read = 0;
  for (const std::string& name : names) {
    v1::GetSubsidyClaimRequest get;
    get.set_name(name);
    v1::SubsidyClaim claim;
    grpc::Status status = stub_->GetSubsidyClaim(NewContext().get(), get, &claim);
    if (!status.ok()) return FromGrpc(status, absl::StrCat("GetSubsidyClaim ", name));
    for (const v1::SubsidyClaimLine& line : claim.lines()) {
      absl::StatusOr<int64_t> claimed_fen = Fen(line.claimed(), line.loan());
      if (!claimed_fen.ok()) return claimed_fen.status();
      out.push_back(ClaimedLoan{line.loan(), claim.bank_id(), line.county_code(), *claimed_fen, 0});
    }
    if (progress) progress(++read);
  }
  return out;
}

}  // namespace reconcile
