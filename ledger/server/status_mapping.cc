#include "ledger/server/status_mapping.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "ledger/base/error.h"

namespace ledger {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string reason = ReasonOf(status);
  if (reason.empty()) return grpc::Status(code, std::string(status.message()));

  const std::string field = FieldOf(status);
  const std::string message = absl::StrCat(reason, ": ", status.message());
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain(kErrorDomain);
  if (!field.empty()) (*info.mutable_metadata())["field"] = field;
  details.add_details()->PackFrom(info);
  if (!field.empty()) {
    google::rpc::BadRequest bad_request;
    google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(std::string(status.message()));
    details.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

ErrorDetail ErrorDetailOf(const grpc::Status& status) {
  ErrorDetail detail;
  google::rpc::Status details;
  if (status.ok() || status.error_details().empty() ||
      !details.ParseFromString(status.error_details())) {
    return detail;
  }
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info) && info.domain() == kErrorDomain) {
      detail.reason = info.reason();
      auto field = info.metadata().find("field");
      if (field != info.metadata().end()) detail.field = field->second;
      break;
    }
  }
  return detail;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  const ErrorDetail detail = ErrorDetailOf(status);
  const std::string text = status.error_message();  // a copy: grpc::Status returns one
  absl::string_view message = text;
  if (detail.reason.empty()) return absl::Status(code, message);
  absl::ConsumePrefix(&message, absl::StrCat(detail.reason, ": "));
  return Refuse(code, detail.reason, detail.field, message);
}

}  // namespace ledger
