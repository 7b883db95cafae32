// Sees every RPC the server answers, whatever the service: counts it and times it for the
// metrics page (by method and status code) and writes one JSON log line for it with the
// method, principal, request id, code, reason and field, and latency. It is a gRPC server
// interceptor, so no handler has to remember to do either.
//
//   MetricsRegistry registry;
//   RpcMetrics metrics = RpcMetrics::Register(&registry);
//   std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> f;
//   f.push_back(std::make_unique<RpcObserverFactory>(metrics, RequestLogging::kAll));
//   builder.experimental().SetInterceptorCreators(std::move(f));
#ifndef LEDGER_SERVER_RPC_OBSERVER_H_
#define LEDGER_SERVER_RPC_OBSERVER_H_

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
  GaugeFamily* in_flight = nullptr;    // ledger_rpcs_in_flight

  static RpcMetrics Register(MetricsRegistry* registry);
};

class RpcObserverFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // The families must outlive the server.
  RpcObserverFactory(RpcMetrics metrics, RequestLogging logging)
      : metrics_(metrics), logging_(logging) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const RpcMetrics metrics_;
  const RequestLogging logging_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_RPC_OBSERVER_H_
