#include "clients/ledgerctl/unary_call.h"

#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

// Answers from a script, recording the request ids it was sent: what RunMutation does with
// each answer is all this test is about, so no server is needed.
class ScriptedStub {
 public:
  explicit ScriptedStub(std::vector<grpc::Status> answers) : answers_(std::move(answers)) {}
  grpc::Status Approve(grpc::ClientContext*, const v1::ApproveSubsidyClaimRequest& request,
                       v1::SubsidyClaimResponse* response) {
    sent_.push_back(request.request_id());
    const grpc::Status answer = answers_.at(sent_.size() - 1);
    if (answer.ok()) response->mutable_claim()->set_name(request.name());
    return answer;
  }
  const std::vector<std::string>& sent() const { return sent_; }

 private:
  std::vector<grpc::Status> answers_;
  std::vector<std::string> sent_;
};

class RunMutationTest : public ::testing::Test {
 protected:
  int Run(ScriptedStub* stub) {
    std::ostringstream out, err;
    CommandContext ctx;
    ctx.out = &out;
    ctx.err = &err;
    ctx.new_request_id = []() -> absl::StatusOr<std::string> { return std::string("rid-1"); };
    v1::ApproveSubsidyClaimRequest request;
    request.set_name("banks/B001/subsidy_claims/C1");
    // RunMutation owns its stub; this one forwards to the test's.
    struct Forward {
      ScriptedStub* to;
      grpc::Status Approve(grpc::ClientContext* c, const v1::ApproveSubsidyClaimRequest& r,
                           v1::SubsidyClaimResponse* s) {
        return to->Approve(c, r, s);
      }
    };
    const int code =
        RunMutation(ctx, absl::StatusOr<v1::ApproveSubsidyClaimRequest>(request),
                    std::make_unique<Forward>(Forward{stub}), &Forward::Approve,
                    [](const auto&, const auto& response) { return response.claim().name(); });
    output_ = out.str();
    errors_ = err.str();
    return code;
  }
  std::string output_;
  std::string errors_;
};

const grpc::Status kStale(grpc::StatusCode::ABORTED, "CLAIM_BASIS_STALE");

TEST_F(RunMutationTest, AbortedIsRepeatedWithTheSameRequestId) {
  ScriptedStub stub({kStale, kStale, grpc::Status::OK});
  EXPECT_EQ(Run(&stub), kExitOk);
  EXPECT_EQ(stub.sent(), (std::vector<std::string>{"rid-1", "rid-1", "rid-1"}));
  EXPECT_NE(output_.find("banks/B001/subsidy_claims/C1"), std::string::npos);
}

TEST_F(RunMutationTest, AbortedIsRepeatedAtMostThreeTimes) {
  ScriptedStub stub({kStale, kStale, kStale, grpc::Status::OK});
  EXPECT_EQ(Run(&stub), kExitFailed);
  EXPECT_EQ(stub.sent().size(), static_cast<size_t>(kMutationAttempts));
}

TEST_F(RunMutationTest, OtherRefusalsAreNotRepeated) {
  ScriptedStub stub({grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "no"), grpc::Status::OK});
  EXPECT_EQ(Run(&stub), kExitFailed);
  EXPECT_EQ(stub.sent().size(), 1u);
}

}  // namespace
}  // namespace ledgerctl
