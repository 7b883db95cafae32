#include "ledger/base/error.h"

#include "absl/strings/cord.h"

namespace ledger {
namespace {
constexpr char kReasonUrl[] = "microloan.ledger/reason";
constexpr char kFieldUrl[] = "microloan.ledger/field";

std::string PayloadOf(const absl::Status& status, absl::string_view url) {
  absl::optional<absl::Cord> payload = status.GetPayload(url);
  return payload.has_value() ? std::string(*payload) : std::string();
}
}  // namespace

absl::Status Refuse(absl::StatusCode code, absl::string_view reason, absl::string_view field,
                    absl::string_view message) {
  absl::Status status(code, message);
  status.SetPayload(kReasonUrl, absl::Cord(reason));
  if (!field.empty()) status.SetPayload(kFieldUrl, absl::Cord(field));
  return status;
}

absl::Status InvalidArgument(absl::string_view reason, absl::string_view field,
                             absl::string_view message) {
  return Refuse(absl::StatusCode::kInvalidArgument, reason, field, message);
}

std::string ReasonOf(const absl::Status& status) { return PayloadOf(status, kReasonUrl); }

std::string FieldOf(const absl::Status& status) { return PayloadOf(status, kFieldUrl); }

}  // namespace ledger
