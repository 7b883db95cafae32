#include "ledger/http/json_api.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/namespaces.h"
#include "ledger/server/principal.h"
#include "ledger/server/status_mapping.h"
#include "microloan/ledger/v1/cohort.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/status_page.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {
namespace {

constexpr int kMaxListPageSize = 500;  // ListLoans' maximum
constexpr size_t kMaxPageTokenLength = 1024;

void NoStore(HttpResponse* response) {
  response->headers.emplace_back("Cache-Control", "no-store");
}

// Ids as the API defines them (ledger/base/ids.h): 1..64 of A-Z a-z 0-9 . _ -
bool IsId(absl::string_view value) { return ValidateId(value, "").ok(); }

const std::string* QueryValue(const HttpRequest& request, const std::string& key) {
  auto it = request.query.find(key);
  return it == request.query.end() || it->second.empty() ? nullptr : &it->second;
}

// An optional id filter from the query ("" when absent).
absl::StatusOr<std::string> IdParameter(const HttpRequest& request, const std::string& key) {
  const std::string* value = QueryValue(request, key);
  if (value == nullptr) return std::string();
  if (!IsId(*value)) {
    return InvalidArgument(reason::kInvalidId, key,
                           absl::StrCat(key, " must be 1..64 characters of A-Z a-z 0-9 . _ -"));
  }
  return *value;
}

absl::StatusOr<int> PageSize(const HttpRequest& request) {
  const std::string* value = QueryValue(request, "page_size");
  if (value == nullptr) return 0;
  int page_size = 0;
  if (value->size() > 4 || !absl::SimpleAtoi(*value, &page_size) || page_size < 0 ||
      page_size > kMaxListPageSize) {
    return InvalidArgument(reason::kPageSizeOutOfRange, "page_size",
                           absl::StrCat("page_size must be 0..", kMaxListPageSize));
  }
  return page_size;
}

// The loan named by the path's two captures, "banks/{bank}/loans/{loan}".
absl::StatusOr<std::string> LoanNameOf(const HttpRequest& request) {
  if (request.path_params.size() < 2 || !IsId(request.path_params[0]) ||
      !IsId(request.path_params[1])) {
    return InvalidArgument(reason::kInvalidLoanName, "name",
                           "bank and loan ids must be 1..64 characters of A-Z a-z 0-9 . _ -");
  }
  return FormatLoanName(request.path_params[0], request.path_params[1]);
}

class Gateway {
 public:
  explicit Gateway(JsonApiOptions options)
      : options_(std::move(options)),
        loans_(v1::LoanService::NewStub(options_.channel)),
        subsidies_(v1::SubsidyService::NewStub(options_.channel)),
        cohorts_(v1::CohortService::NewStub(options_.channel)) {}

  HttpResponse WhoAmI(const HttpRequest& request) const {
    v1::WhoAmI answer;
    answer.set_principal(request.principal);
    answer.set_tls(request.tls);
    answer.set_dev_mode(options_.dev_mode);
    if (options_.grant_of) {
      absl::StatusOr<Grant> grant = options_.grant_of(request.principal);
      if (grant.ok()) {
        answer.set_role(RoleName(grant->role));
        answer.set_scope(grant->scope);
      }
    }
    return JsonAnswer(answer);
  }

  HttpResponse GetLoan(const HttpRequest& request) const {
    absl::StatusOr<std::string> name = LoanNameOf(request);
    if (!name.ok()) return JsonError(name.status());
    v1::GetLoanRequest call;
    call.set_name(*name);
    v1::Loan loan;
    return Answer(loans_->GetLoan(Context(request).get(), call, &loan), loan);
  }

  HttpResponse Subsidies(const HttpRequest& request) const {
    absl::StatusOr<std::string> name = LoanNameOf(request);
    if (!name.ok()) return JsonError(name.status());
    v1::ComputeSubsidyRequest call;
    call.set_loan(*name);
    v1::ComputeSubsidyResponse answer;
    return Answer(subsidies_->ComputeSubsidy(Context(request).get(), call, &answer), answer);
  }

  HttpResponse ListLoans(const HttpRequest& request) const {
    v1::ListLoansRequest call;
    if (absl::Status s = ListFilters(request, &call); !s.ok()) return JsonError(s);
    absl::StatusOr<int> page_size = PageSize(request);
    if (!page_size.ok()) return JsonError(page_size.status());
    call.set_page_size(*page_size);
    if (const std::string* token = QueryValue(request, "page_token"); token != nullptr) {
      if (token->size() > kMaxPageTokenLength) {
        return JsonError(InvalidArgument(reason::kInvalidPageToken, "page_token",
                                         "page_token is not one this server issued"));
      }
      call.set_page_token(*token);
    }
    if (const std::string* status = QueryValue(request, "status"); status != nullptr) {
      v1::LoanStatus parsed = v1::LOAN_STATUS_UNSPECIFIED;
      if (status->size() > 32 || !v1::LoanStatus_Parse(absl::AsciiStrToUpper(*status), &parsed) ||
          parsed == v1::LOAN_STATUS_UNSPECIFIED) {
        return JsonError(InvalidArgument(
            reason::kInvalidStatus, "status",
            "status must be one of APPROVED, ACTIVE, CLOSED, COMPENSATED, WRITTEN_OFF"));
      }
      call.set_status(parsed);
    }
    v1::ListLoansResponse answer;
    return Answer(loans_->ListLoans(Context(request).get(), call, &answer), answer);
  }

  HttpResponse Cohorts(const HttpRequest& request) const {
    v1::GetCountyCohortsRequest call;
    const std::string* county = QueryValue(request, "county_code");
    if (county != nullptr) {
      if (county->size() > 6 || !IsId(*county)) {
        return JsonError(InvalidArgument(reason::kInvalidCountyCode, "county_code",
                                         "county_code must be a 6-digit county code"));
      }
      call.set_county_code(*county);
    } else if (options_.grant_of) {
      absl::StatusOr<Grant> grant = options_.grant_of(request.principal);
      if (grant.ok() && grant->role == Role::kCountyOfficer) call.set_county_code(grant->scope);
    }
    // The gRPC side refuses an empty county_code with FIELD_REQUIRED.
    int year = absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 60 * 60)).year();
    if (const std::string* text = QueryValue(request, "programme_year"); text != nullptr) {
      if (text->size() > 4 || !absl::SimpleAtoi(*text, &year)) {
        return JsonError(InvalidArgument(reason::kOutOfRange, "programme_year",
                                         "programme_year must be a year, e.g. 2026"));
      }
    }
    call.set_programme_year(year);
    v1::CountyCohortsView answer;
    return Answer(cohorts_->GetCountyCohorts(Context(request).get(), call, &answer), answer);
  }

  HttpResponse Portfolio(const HttpRequest& request) const {
    v1::ListLoansRequest call;
    if (absl::Status s = ListFilters(request, &call); !s.ok()) return JsonError(s);
    call.set_page_size(kMaxListPageSize);
    v1::PortfolioSummary summary;
    summary.set_bank_id(call.bank_id());
    summary.set_county_code(call.county_code());
    int64_t count[v1::LoanStatus_ARRAYSIZE] = {};
    int64_t outstanding_fen[v1::LoanStatus_ARRAYSIZE] = {};
    int64_t total_fen = 0;
    const absl::Time deadline = absl::Now() + options_.portfolio_timeout;
    for (int page = 0;; ++page) {
      if (page == options_.portfolio_max_pages) {
        summary.set_truncated(true);
        break;
      }
      v1::ListLoansResponse answer;
      grpc::Status status = loans_->ListLoans(Context(request, deadline).get(), call, &answer);
      if (!status.ok()) return JsonError(FromGrpcStatus(status));
      summary.set_pages_read(page + 1);
      for (const v1::Loan& loan : answer.loans()) {
        const int i = v1::LoanStatus_IsValid(loan.status()) ? loan.status() : 0;
        // Each loan is at most 10^12 fen and there are at most 50,000: no overflow.
        ++count[i];
        outstanding_fen[i] += loan.outstanding_principal().amount_fen();
        total_fen += loan.outstanding_principal().amount_fen();
      }
      summary.set_loan_count(summary.loan_count() + answer.loans_size());
      if (answer.next_page_token().empty()) break;
      call.set_page_token(answer.next_page_token());
    }
    for (int i = 0; i < v1::LoanStatus_ARRAYSIZE; ++i) {
      if (count[i] == 0) continue;
      v1::StatusTotals* totals = summary.add_by_status();
      totals->set_status(static_cast<v1::LoanStatus>(i));
      totals->set_loan_count(count[i]);
      totals->mutable_outstanding_principal()->set_currency_code("CNY");
      totals->mutable_outstanding_principal()->set_amount_fen(outstanding_fen[i]);
    }
    summary.mutable_outstanding_principal()->set_currency_code("CNY");
    summary.mutable_outstanding_principal()->set_amount_fen(total_fen);
    return JsonAnswer(summary);
  }

 private:
  // As the HTTP caller, proven to be the gateway, with a deadline.
  std::unique_ptr<grpc::ClientContext> Context(const HttpRequest& request,
                                               absl::Time deadline = absl::InfiniteFuture()) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(
        absl::ToChronoTime(std::min(deadline, absl::Now() + options_.call_timeout)));
    context->AddMetadata(kPrincipalHeader, request.principal);
    context->AddMetadata(kGatewayTokenHeader, GatewayToken());
    return context;
  }

  static HttpResponse Answer(const grpc::Status& status, const google::protobuf::Message& answer) {
    return status.ok() ? JsonAnswer(answer) : JsonError(FromGrpcStatus(status));
  }

  static absl::Status ListFilters(const HttpRequest& request, v1::ListLoansRequest* call) {
    for (const char* key : {"bank_id", "county_code", "fund_id"}) {
      absl::StatusOr<std::string> value = IdParameter(request, key);
      if (!value.ok()) return value.status();
      if (value->empty()) continue;
      if (absl::string_view(key) == "bank_id") call->set_bank_id(*value);
      if (absl::string_view(key) == "county_code") call->set_county_code(*value);
      if (absl::string_view(key) == "fund_id") call->set_fund_id(*value);
    }
    return absl::OkStatus();
  }

  const JsonApiOptions options_;
  std::unique_ptr<v1::LoanService::Stub> loans_;
  std::unique_ptr<v1::SubsidyService::Stub> subsidies_;
  std::unique_ptr<v1::CohortService::Stub> cohorts_;
};

}  // namespace

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

HttpResponse JsonError(const absl::Status& status) {
  v1::HttpError body;
  body.mutable_error()->set_code(absl::StatusCodeToString(status.code()));
  body.mutable_error()->set_reason(ReasonOf(status));
  body.mutable_error()->set_field(FieldOf(status));
  body.mutable_error()->set_message(std::string(status.message()));
  google::protobuf::util::JsonPrintOptions print;
  print.always_print_primitive_fields = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(body, &json, print).ok()) {
    json = R"({"error":{"code":"INTERNAL","reason":"","field":"","message":""}})";
  }
  HttpResponse response = HttpResponse::Json(HttpStatusOf(status.code()), std::move(json));
  NoStore(&response);
  return response;
}

HttpResponse JsonAnswer(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions print;
  print.always_print_primitive_fields = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, print).ok()) {
    return JsonError(absl::InternalError("the answer could not be printed as JSON"));
  }
  HttpResponse response = HttpResponse::Json(200, std::move(json));
  NoStore(&response);
  return response;
}

void AddJsonApi(const JsonApiOptions& options, HttpRoutes* routes) {
  auto gateway = std::make_shared<Gateway>(options);
  const std::string loan = "/api/v1/banks/([^/]+)/loans/([^/]+)";
  routes->Get("/api/v1/whoami", [gateway](const HttpRequest& r) { return gateway->WhoAmI(r); });
  routes->Get(loan, [gateway](const HttpRequest& r) { return gateway->GetLoan(r); });
  routes->Get(loan + "/subsidies",
              [gateway](const HttpRequest& r) { return gateway->Subsidies(r); });
  routes->Get("/api/v1/loans", [gateway](const HttpRequest& r) { return gateway->ListLoans(r); });
  routes->Get("/api/v1/cohorts", [gateway](const HttpRequest& r) { return gateway->Cohorts(r); });
  routes->Get("/api/v1/portfolio",
              [gateway](const HttpRequest& r) { return gateway->Portfolio(r); });
}

}  // namespace ledger
