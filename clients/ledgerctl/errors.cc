#include "clients/ledgerctl/errors.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/json_output.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace ledgerctl {
namespace {

constexpr char kFieldKey[] = "field";

void ReadDetails(const std::string& serialized, RpcError* error) {
  google::rpc::Status details;
  if (serialized.empty() || !details.ParseFromString(serialized)) return;
  std::vector<std::pair<std::string, std::string>> violations;
  bool have_info = false;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    // The first ErrorInfo is the one the server's refusal produced.
    if (!have_info && any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info)) {
      have_info = true;
      error->reason = info.reason();
      auto field = info.metadata().find(kFieldKey);
      if (field != info.metadata().end()) error->field = field->second;
    } else if (any.Is<google::rpc::BadRequest>() && any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        violations.emplace_back(violation.field(), violation.description());
      }
    }
  }
  if (error->field.empty() && !violations.empty()) error->field = violations.front().first;
  for (const auto& violation : violations) {
    // The violation for the headline field repeats the headline message; skip
    // it.
    if (violation.first == error->field) continue;
    error->other_violations.push_back(violation);
  }
}

}  // namespace

std::string CanonicalCodeName(grpc::StatusCode code) {
  // absl and gRPC number the canonical codes alike.
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? absl::StrCat("CODE_", static_cast<int>(code)) : name;
}

RpcError DecodeRpcError(const grpc::Status& status) {
  RpcError error;
  error.code = CanonicalCodeName(status.error_code());
  error.message = status.error_message();
  ReadDetails(status.error_details(), &error);
  // The server writes "REASON: text" so that detail-less clients see the
  // reason; here the reason has its own place, so say it once.
  const std::string prefix = absl::StrCat(error.reason, ": ");
  if (!error.reason.empty() && absl::StartsWith(error.message, prefix)) {
    error.message.erase(0, prefix.size());
  }
  return error;
}

bool OutcomeUnknown(grpc::StatusCode code) {
  return code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::CANCELLED || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

void AddHints(const CallSetup& setup, grpc::StatusCode code, RpcError* error) {
  const std::string caller =
      setup.cert_file.empty()
          ? absl::StrCat("the call went as principal '", setup.principal,
                         "' (--principal or LEDGER_PRINCIPAL; honoured by a development server "
                         "only)")
          : absl::StrCat("the call went as the Subject CN of ", setup.cert_file,
                         " (--cert or LEDGER_CERT)");
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
      // With a reason the server answered (e.g. SHUTTING_DOWN): it is there.
      if (error->reason.empty()) {
        error->hints.push_back(absl::StrCat(
            "is ledgerd running at ", setup.server, "? (--server or LEDGER_SERVER)",
            setup.cert_file.empty() ? "; a server with TLS needs --ca, --cert and --key"
                                    : "; and does its certificate chain to --ca?"));
      }
      break;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      error->hints.push_back(caller);
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      if (setup.request_id.empty()) {
        error->hints.push_back(absl::StrCat("no answer within --timeout_ms=", setup.timeout_ms,
                                            "; retry, or allow longer with --timeout_ms"));
      }
      break;
    default:
      break;
  }
  if (!setup.request_id.empty() && OutcomeUnknown(code)) {
    // Repeating it with the same request_id is safe: the server then answers from its record
    // instead of applying it again.
    error->hints.push_back(absl::StrCat(
        "it may have been applied; repeat the command with --request_id=", setup.request_id,
        " to apply it at most once"));
  }
}

std::string FormatRpcError(const RpcError& error) {
  std::string line = absl::StrCat("error: ", error.code);
  if (!error.reason.empty()) absl::StrAppend(&line, " ", error.reason);
  if (!error.field.empty()) absl::StrAppend(&line, " (field: ", error.field, ")");
  if (!error.message.empty()) absl::StrAppend(&line, ": ", error.message);
  absl::StrAppend(&line, "\n");
  for (const auto& [field, description] : error.other_violations) {
    absl::StrAppend(&line, "  field ", field, ": ", description, "\n");
  }
  for (const std::string& hint : error.hints) absl::StrAppend(&line, "hint: ", hint, "\n");
  return line;
}

std::string RpcErrorJson(const RpcError& error) {
  std::string json = absl::StrCat(
      "{\"code\": ", JsonQuote(error.code), ", \"reason\": ", JsonQuote(error.reason),
      ", \"field\": ", JsonQuote(error.field), ", \"message\": ", JsonQuote(error.message));
  if (!error.hints.empty()) {
    absl::StrAppend(&json, ", \"hint\": ", JsonQuote(absl::StrJoin(error.hints, "; ")));
  }
  return json + "}";
}

}  // namespace ledgerctl
