#include "clients/ledgerctl/errors.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

// What ledger/server/status_mapping.cc sends for a refusal with reason and
// field.
grpc::Status Refusal(grpc::StatusCode code, const std::string& reason, const std::string& field,
                     const std::string& text) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(reason + ": " + text);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("ledger.microloan");
  if (!field.empty()) (*info.mutable_metadata())["field"] = field;
  details.add_details()->PackFrom(info);
  if (!field.empty()) {
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(text);
    details.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(code, reason + ": " + text, details.SerializeAsString());
}

TEST(DecodeRpcError, ReadsErrorInfoReasonAndField) {
  RpcError error = DecodeRpcError(Refusal(grpc::StatusCode::FAILED_PRECONDITION,
                                          "EXCEEDS_OUTSTANDING_PRINCIPAL", "principal.amount_fen",
                                          "repayment exceeds the outstanding 500.00 CNY"));
  EXPECT_EQ(error.code, "FAILED_PRECONDITION");
  EXPECT_EQ(error.reason, "EXCEEDS_OUTSTANDING_PRINCIPAL");
  EXPECT_EQ(error.field, "principal.amount_fen");
  EXPECT_EQ(error.message, "repayment exceeds the outstanding 500.00 CNY");
  EXPECT_TRUE(error.other_violations.empty());
  EXPECT_EQ(FormatRpcError(error),
            "error: FAILED_PRECONDITION EXCEEDS_OUTSTANDING_PRINCIPAL "
            "(field: principal.amount_fen): repayment exceeds the outstanding "
            "500.00 CNY\n");
  EXPECT_EQ(RpcErrorJson(error),
            "{\"code\": \"FAILED_PRECONDITION\", "
            "\"reason\": \"EXCEEDS_OUTSTANDING_PRINCIPAL\", "
            "\"field\": \"principal.amount_fen\", "
            "\"message\": \"repayment exceeds the outstanding 500.00 CNY\"}");
}

TEST(DecodeRpcError, ReasonWithoutField) {
  RpcError error =
      DecodeRpcError(Refusal(grpc::StatusCode::NOT_FOUND, "LOAN_NOT_FOUND", "", "no such loan"));
  EXPECT_EQ(FormatRpcError(error), "error: NOT_FOUND LOAN_NOT_FOUND: no such loan\n");
}

TEST(DecodeRpcError, NoDetailsGivesCodeAndMessage) {
  RpcError error = DecodeRpcError(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses"));
  EXPECT_EQ(error.reason, "");
  EXPECT_EQ(FormatRpcError(error), "error: UNAVAILABLE: failed to connect to all addresses\n");
  EXPECT_EQ(RpcErrorJson(error),
            "{\"code\": \"UNAVAILABLE\", \"reason\": \"\", \"field\": \"\", "
            "\"message\": \"failed to connect to all addresses\"}");
}

TEST(DecodeRpcError, GarbageDetailsAreIgnored) {
  RpcError error =
      DecodeRpcError(grpc::Status(grpc::StatusCode::INTERNAL, "boom", std::string("\xff\xff", 2)));
  EXPECT_EQ(FormatRpcError(error), "error: INTERNAL: boom\n");
}

TEST(DecodeRpcError, BadRequestAloneSuppliesTheFieldAndOtherViolationsAreListed) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  auto* first = bad_request.add_field_violations();
  first->set_field("bank_id");
  first->set_description("required");
  auto* second = bad_request.add_field_violations();
  second->set_field("loan_id");
  second->set_description("required too");
  details.add_details()->PackFrom(bad_request);
  RpcError error = DecodeRpcError(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad request", details.SerializeAsString()));
  EXPECT_EQ(error.field, "bank_id");
  EXPECT_EQ(FormatRpcError(error),
            "error: INVALID_ARGUMENT (field: bank_id): bad request\n"
            "  field loan_id: required too\n");
}

TEST(DecodeRpcError, MessageWithoutTheReasonPrefixIsKept) {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  info.set_reason("COMMIT_QUEUE_FULL");
  details.add_details()->PackFrom(info);
  RpcError error = DecodeRpcError(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                               "try again later", details.SerializeAsString()));
  EXPECT_EQ(FormatRpcError(error),
            "error: RESOURCE_EXHAUSTED COMMIT_QUEUE_FULL: try again later\n");
}

TEST(CanonicalCodeName, AllCodes) {
  EXPECT_EQ(CanonicalCodeName(grpc::StatusCode::DEADLINE_EXCEEDED), "DEADLINE_EXCEEDED");
  EXPECT_EQ(CanonicalCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(CanonicalCodeName(static_cast<grpc::StatusCode>(42)), "CODE_42");
}

CallSetup Plaintext() {
  CallSetup setup;
  setup.server = "127.0.0.1:50051";
  setup.principal = "bank:B001";
  setup.timeout_ms = 10000;
  return setup;
}

RpcError WithHints(const CallSetup& setup, const grpc::Status& status) {
  RpcError error = DecodeRpcError(status);
  AddHints(setup, status.error_code(), &error);
  return error;
}

TEST(AddHints, UnavailableAsksWhetherTheServerRuns) {
  RpcError error =
      WithHints(Plaintext(), grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect"));
  EXPECT_EQ(FormatRpcError(error),
            "error: UNAVAILABLE: failed to connect\n"
            "hint: is ledgerd running at 127.0.0.1:50051? (--server or LEDGER_SERVER); a server "
            "with TLS needs --ca, --cert and --key\n");
  EXPECT_EQ(RpcErrorJson(error),
            "{\"code\": \"UNAVAILABLE\", \"reason\": \"\", \"field\": \"\", "
            "\"message\": \"failed to connect\", \"hint\": \"is ledgerd running at "
            "127.0.0.1:50051? (--server or LEDGER_SERVER); a server with TLS needs --ca, --cert "
            "and --key\"}");
}

TEST(AddHints, UnavailableWithAReasonCameFromARunningServer) {
  RpcError error = WithHints(
      Plaintext(), Refusal(grpc::StatusCode::UNAVAILABLE, "SHUTTING_DOWN", "", "draining"));
  EXPECT_TRUE(error.hints.empty());
  EXPECT_EQ(FormatRpcError(error), "error: UNAVAILABLE SHUTTING_DOWN: draining\n");
}

TEST(AddHints, RefusedCallerIsNamed) {
  RpcError error = WithHints(Plaintext(), Refusal(grpc::StatusCode::PERMISSION_DENIED,
                                                  "PERMISSION_DENIED", "", "not your loan"));
  EXPECT_EQ(FormatRpcError(error),
            "error: PERMISSION_DENIED PERMISSION_DENIED: not your loan\n"
            "hint: the call went as principal 'bank:B001' (--principal or LEDGER_PRINCIPAL; "
            "honoured by a development server only)\n");
  CallSetup tls = Plaintext();
  tls.cert_file = "bank-B001.pem";
  error = WithHints(tls, grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "who are you"));
  EXPECT_EQ(error.hints,
            (std::vector<std::string>{"the call went as the Subject CN of bank-B001.pem (--cert or "
                                      "LEDGER_CERT)"}));
}

TEST(AddHints, DeadlineOfAReadOrAMutation) {
  RpcError error =
      WithHints(Plaintext(), grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "slow"));
  EXPECT_EQ(error.hints, (std::vector<std::string>{"no answer within --timeout_ms=10000; retry, "
                                                   "or allow longer with --timeout_ms"}));
  CallSetup mutation = Plaintext();
  mutation.request_id = "r-1";
  error = WithHints(mutation, grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "slow"));
  EXPECT_EQ(error.hints,
            (std::vector<std::string>{"it may have been applied; repeat the command with "
                                      "--request_id=r-1 to apply it at most once"}));
}

TEST(AddHints, NoneForARefusalWithAReason) {
  CallSetup mutation = Plaintext();
  mutation.request_id = "r-1";
  RpcError error = WithHints(mutation, Refusal(grpc::StatusCode::FAILED_PRECONDITION, "LOAN_CLOSED",
                                               "name", "loan is closed"));
  EXPECT_TRUE(error.hints.empty());
  EXPECT_EQ(FormatRpcError(error),
            "error: FAILED_PRECONDITION LOAN_CLOSED (field: name): loan is closed\n");
}

}  // namespace
}  // namespace ledgerctl
