#include "ledger/testing/health_check.h"

#include "absl/time/clock.h"
#include "grpcpp/client_context.h"

namespace ledger {

HealthStatus HealthOf(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                      absl::Duration deadline) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  context.set_wait_for_ready(true);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = health->Check(&context, request, &response);
  return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
}

bool HealthBecomes(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                   HealthStatus wanted, absl::Duration limit) {
  const absl::Time give_up = absl::Now() + limit;
  while (HealthOf(channel, service) != wanted) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

}  // namespace ledger
