// The authorization matrix's calls of BatchService: the part of the fixture in
// authorization_matrix.cc that batches add. A batch call goes through for every caller who may
// post batches and then answers each command on its own, so the matrix call is a batch of one
// command on the target's loan, and its answer is the call's refusal if the call was refused,
// otherwise that command's result (its code, reason and field, as a unary call would carry
// them).
#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/server/status_mapping.h"
#include "ledger/testing/requests.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"
#include "tests/authorization_matrix.h"

namespace ledger {

// The command's refusal as the unary RPC would have answered it (status_mapping.h).
grpc::Status BatchResultStatus(const v1::BatchCommandResult& result) {
  if (result.code() == 0) return grpc::Status::OK;
  return ToGrpcStatus(Refuse(static_cast<absl::StatusCode>(result.code()), result.reason(),
                             result.field(), result.message()));
}

grpc::Status AuthorizationMatrixTest::CallBatches(const std::string& name, const std::string& id,
                                                  const std::string& principal,
                                                  const Target& target) {
  auto batches = v1::BatchService::NewStub(server_.NewChannel());
  auto context = Context(principal);
  if (name == "SubmitBatch") {
    v1::SubmitBatchRequest request;
    v1::RecordRepaymentRequest repayment = RepayRequest(id, target.loan, 1, 0);
    repayment.set_name(target.name);
    *request.add_commands()->mutable_record_repayment() = repayment;
    v1::SubmitBatchResponse r;
    grpc::Status status = batches->SubmitBatch(context.get(), request, &r);
    if (!status.ok()) return status;
    EXPECT_EQ(r.results_size(), 1) << principal;
    if (r.results_size() != 1) return grpc::Status(StatusCode::INTERNAL, "no result");
    EXPECT_EQ(r.applied() + r.replayed() + r.refused(), 1) << principal;
    return BatchResultStatus(r.results(0));
  }
  ADD_FAILURE() << "the matrix test does not know how to call BatchService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

}  // namespace ledger
