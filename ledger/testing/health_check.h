// Asks a server's gRPC health service (grpc.health.v1.Health) how it is, the way a load
// balancer or orchestrator would: no principal, a short deadline.
//
//   EXPECT_EQ(HealthOf(server.NewChannel(), ""), HealthCheckResponse::SERVING);
//   EXPECT_TRUE(HealthBecomes(channel, LedgerServer::kWritesHealthService,
//                             HealthCheckResponse::NOT_SERVING));
#ifndef LEDGER_TESTING_HEALTH_CHECK_H_
#define LEDGER_TESTING_HEALTH_CHECK_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"

namespace ledger {

using HealthStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// The status reported for `service` within `deadline`; UNKNOWN if the call fails.
HealthStatus HealthOf(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                      absl::Duration deadline = absl::Seconds(1));

// Polls (every 20 ms) until `service` reports `wanted`; false if `limit` passes first.
bool HealthBecomes(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                   HealthStatus wanted, absl::Duration limit = absl::Seconds(10));

}  // namespace ledger

#endif  // LEDGER_TESTING_HEALTH_CHECK_H_
