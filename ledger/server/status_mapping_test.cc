#include "ledger/server/status_mapping.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "ledger/base/error.h"

namespace ledger {
namespace {

TEST(ToGrpcStatus, CarriesCodeReasonAndFieldAsStandardDetails) {
  grpc::Status status =
      ToGrpcStatus(Refuse(absl::StatusCode::kFailedPrecondition, reason::kExceedsOutstanding,
                          "principal.amount_fen", "too much"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "EXCEEDS_OUTSTANDING_PRINCIPAL: too much");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "EXCEEDS_OUTSTANDING_PRINCIPAL");
  EXPECT_EQ(info.domain(), kErrorDomain);
  EXPECT_EQ(info.metadata().at("field"), "principal.amount_fen");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "principal.amount_fen");
}

TEST(ToGrpcStatus, PlainErrorsAndOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  grpc::Status internal = ToGrpcStatus(absl::DataLossError("disk says no"));
  EXPECT_EQ(internal.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_EQ(internal.error_message(), "disk says no");
  EXPECT_TRUE(internal.error_details().empty());
  grpc::Status no_field =
      ToGrpcStatus(Refuse(absl::StatusCode::kUnavailable, reason::kQueueFull, "", "busy"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(no_field.error_details()));
  EXPECT_EQ(details.details_size(), 1);
}

TEST(ErrorDetailOf, ReadsBackWhatToGrpcStatusWrote) {
  ErrorDetail detail = ErrorDetailOf(ToGrpcStatus(Refuse(
      absl::StatusCode::kNotFound, reason::kLoanNotFound, "name", "no loan banks/B1/loans/L")));
  EXPECT_EQ(detail.reason, "LOAN_NOT_FOUND");
  EXPECT_EQ(detail.field, "name");
  detail = ErrorDetailOf(
      ToGrpcStatus(Refuse(absl::StatusCode::kUnavailable, reason::kQueueFull, "", "busy")));
  EXPECT_EQ(detail.reason, "COMMIT_QUEUE_FULL");
  EXPECT_EQ(detail.field, "");
  EXPECT_EQ(ErrorDetailOf(grpc::Status(grpc::StatusCode::INTERNAL, "x", "not a proto")).reason, "");
  EXPECT_EQ(ErrorDetailOf(grpc::Status::OK).reason, "");
}

TEST(FromGrpcStatus, KeepsCodeReasonFieldAndTheBareMessage) {
  absl::Status back = FromGrpcStatus(ToGrpcStatus(
      Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, "name", "no such loan")));
  EXPECT_EQ(back.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(back), "LOAN_NOT_FOUND");
  EXPECT_EQ(FieldOf(back), "name");
  EXPECT_EQ(back.message(), "no such loan");
  back = FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  EXPECT_EQ(back.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(back), "");
  EXPECT_EQ(back.message(), "connection refused");
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

}  // namespace
}  // namespace ledger
