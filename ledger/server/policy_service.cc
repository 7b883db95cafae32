#include "ledger/server/policy_service.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/server/handler_support.h"
#include "ledger/subsidy/policy_projection.h"

namespace ledger {
namespace {

constexpr char kAddSubsidyPolicyVersion[] =
    "microloan.ledger.v1.PolicyService.AddSubsidyPolicyVersion";
constexpr char kRecordLprFixing[] = "microloan.ledger.v1.PolicyService.RecordLprFixing";
constexpr char kListSubsidyPolicyVersions[] =
    "microloan.ledger.v1.PolicyService.ListSubsidyPolicyVersions";
constexpr char kListLprFixings[] = "microloan.ledger.v1.PolicyService.ListLprFixings";

}  // namespace

grpc::ServerUnaryReactor* PolicyServiceImpl::AddSubsidyPolicyVersion(
    grpc::CallbackServerContext* context, const v1::AddSubsidyPolicyVersionRequest* request,
    v1::PolicyVersionResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_add_policy_version() = *request;
  // Only unscoped roles (finance) may: the table is the whole check. Whether the version is
  // valid and later than the latest is the rules' business, on the writer.
  return SubmitCommand(engine_, context, *callers_, kAddSubsidyPolicyVersion, std::move(command),
                       response, [](const Caller&) { return absl::OkStatus(); });
}

grpc::ServerUnaryReactor* PolicyServiceImpl::RecordLprFixing(
    grpc::CallbackServerContext* context, const v1::RecordLprFixingRequest* request,
    v1::LprFixingResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_record_lpr_fixing() = *request;
  return SubmitCommand(engine_, context, *callers_, kRecordLprFixing, std::move(command), response,
                       [](const Caller&) { return absl::OkStatus(); });
}

grpc::ServerUnaryReactor* PolicyServiceImpl::ListSubsidyPolicyVersions(
    grpc::CallbackServerContext* context, const v1::ListSubsidyPolicyVersionsRequest* /*request*/,
    v1::ListSubsidyPolicyVersionsResponse* response) {
  // Policy is public programme information: every role the table lets through sees all of it.
  return AnswerRead(context, *callers_, kListSubsidyPolicyVersions,
                    [&](const Caller&) -> absl::Status {
                      absl::StatusOr<v1::ListSubsidyPolicyVersionsResponse> versions =
                          ListPolicyVersions(*store_);
                      if (!versions.ok()) return versions.status();
                      *response = std::move(*versions);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* PolicyServiceImpl::ListLprFixings(
    grpc::CallbackServerContext* context, const v1::ListLprFixingsRequest* request,
    v1::ListLprFixingsResponse* response) {
  return AnswerRead(context, *callers_, kListLprFixings, [&](const Caller&) -> absl::Status {
    absl::StatusOr<v1::ListLprFixingsResponse> page = ledger::ListLprFixings(*store_, *request);
    if (!page.ok()) return page.status();
    *response = std::move(*page);
    return absl::OkStatus();
  });
}

}  // namespace ledger
