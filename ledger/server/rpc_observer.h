// Sees every RPC the server answers, whatever the service: counts it and times it for the
// metrics page (by method and status code) and writes one JSON log line for it with the
// method, principal, request id, code, reason and field, and latency. It is a gRPC server
// interceptor, so no handler has to remember to do either.
//
//   MetricsRegistry registry;
//   RpcMetrics metrics = RpcMetrics::Register(&registry);
//   std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> f;
//   f.push_back(std::make_unique<RpcObserverFactory>(
//       metrics, RequestLogging::kAll, KnownMethods({"microloan.ledger.v1.LoanService"})));
//   builder.experimental().SetInterceptorCreators(std::move(f));
#ifndef LEDGER_SERVER_RPC_OBSERVER_H_
#define LEDGER_SERVER_RPC_OBSERVER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"
#include "ledger/metrics/metrics.h"

namespace ledger {

// Which RPCs get a log line: all, only those that did not end OK, or none. Metrics count
// every RPC either way.
enum class RequestLogging { kAll, kErrors, kNone };

// false for anything but "all", "errors" or "none".
bool ParseRequestLogging(absl::string_view text, RequestLogging* logging);

struct RpcMetrics {
  CounterFamily* rpcs = nullptr;       // ledger_rpcs_total{method,code}
  HistogramFamily* latency = nullptr;  // ledger_rpc_duration_seconds{method,code}: unary only
  CounterFamily* refusals = nullptr;   // ledger_refusals_total{method,reason}
  Gauge* in_flight = nullptr;          // ledger_rpcs_in_flight (unlabelled: resolved once)

  static RpcMetrics Register(MetricsRegistry* registry);
};

// The full names ("/package.Service/Method") of every method of these services, found in
// the generated descriptor pool, plus gRPC's health and reflection methods.
absl::flat_hash_set<std::string> KnownMethods(const std::vector<std::string>& service_names);

class RpcObserverFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // The families must outlive the server. `known_methods` (KnownMethods) bounds the method
  // label: a call to any other path (the client chooses it) is labelled "unknown", so that
  // clients cannot mint series or put arbitrary bytes into the page. Only the ledger's own
  // services' requests are read for their request_id: gRPC's health service, for one,
  // receives raw bytes, not a protobuf message.
  RpcObserverFactory(RpcMetrics metrics, RequestLogging logging,
                     absl::flat_hash_set<std::string> known_methods)
      : metrics_(metrics), logging_(logging), known_methods_(std::move(known_methods)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const RpcMetrics metrics_;
  const RequestLogging logging_;
  const absl::flat_hash_set<std::string> known_methods_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_RPC_OBSERVER_H_
