#include "ledger/server/rpc_observer.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/log.h"
#include "ledger/server/principal.h"
#include "ledger/server/status_mapping.h"

namespace ledger {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Microseconds: from 50 µs (a cached read) to 10 s (a deadline); a commit waits for an fsync,
// so most writes land between 1 and 20 ms.
const std::vector<int64_t>& LatencyBoundsMicros() {
  static const auto* bounds =
      new std::vector<int64_t>{50,    100,   250,    500,    1000,   2500,    5000,    10000,
                               25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 10000000};
  return *bounds;
}

// The canonical name ("NOT_FOUND"): absl and gRPC share the codes' numbering.
std::string CodeName(grpc::StatusCode code) {
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? "UNKNOWN" : name;
}

// The ledger's own services: generated protobuf messages, with a request_id to log.
constexpr char kLedgerMethodPrefix[] = "/microloan.";

class RpcObserver final : public grpc::experimental::Interceptor {
 public:
  RpcObserver(grpc::experimental::ServerRpcInfo* info, const RpcMetrics& metrics,
              RequestLogging logging, bool known_method)
      : info_(info),
        metrics_(metrics),
        logging_(logging),
        start_(absl::Now()),
        // "/microloan.ledger.v1.LoanService/GetLoan" → "microloan.ledger.v1.LoanService/GetLoan".
        method_(known_method ? std::string(info->method() + 1) : "unknown"),
        ledger_method_(known_method && absl::StartsWith(info->method(), kLedgerMethodPrefix)) {
    metrics_.in_flight->Add(1);
  }

  // A call that ends without sending a status (the client went away first) is counted here.
  ~RpcObserver() override {
    if (!finished_) Finished(grpc::Status(grpc::StatusCode::CANCELLED, "ended without a status"));
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        ledger_method_ && request_id_.empty()) {
      ReadRequestId(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finished(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  // The ledger's services are generated protobuf services, so their received message is a
  // google::protobuf::Message (gRPC's health service, by contrast, receives a ByteBuffer).
  void ReadRequestId(void* message) {
    if (message == nullptr) return;
    const auto* request = static_cast<const google::protobuf::Message*>(message);
    const google::protobuf::FieldDescriptor* field =
        request->GetDescriptor()->FindFieldByName("request_id");
    if (field != nullptr && field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
        !field->is_repeated()) {
      request_id_ = request->GetReflection()->GetString(*request, field);
      // Bounded log lines: a valid id is never longer.
      if (request_id_.size() > kMaxRequestIdLength) request_id_.resize(kMaxRequestIdLength);
    }
  }

  void Finished(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    metrics_.in_flight->Add(-1);
    const std::string code = CodeName(status.error_code());
    const int64_t latency_us = absl::ToInt64Microseconds(absl::Now() - start_);
    const std::vector<std::string> labels = {method_, code};
    metrics_.rpcs->With(labels)->Increment();
    if (info_->type() == grpc::experimental::ServerRpcInfo::Type::UNARY) {
      metrics_.latency->With(labels)->Observe(latency_us);
    }
    // Reasons are the ledger's own constants (ledger/base/error.h), so the series are bounded.
    const ErrorDetail detail = status.ok() ? ErrorDetail() : ErrorDetailOf(status);
    if (!detail.reason.empty()) metrics_.refusals->With({method_, detail.reason})->Increment();
    if (logging_ == RequestLogging::kNone || (logging_ == RequestLogging::kErrors && status.ok())) {
      return;
    }
    LogLine line(status.ok() ? LogLevel::kInfo : LogLevel::kWarning, "rpc");
    line.Str("method", method_).Str("code", code);
    if (auto* context = dynamic_cast<grpc::CallbackServerContext*>(info_->server_context())) {
      // Only for the log line (metrics need no principal): the handler resolved it too.
      absl::StatusOr<std::string> who = PrincipalOf(*context);
      line.Str("principal", who.ok() ? *who : "(invalid)").Str("peer", context->peer());
    }
    line.Str("request_id", request_id_).Int("latency_us", latency_us);
    if (!status.ok()) {
      line.Str("reason", detail.reason).Str("field", detail.field);
      line.Str("message", status.error_message().substr(0, 512));
    }
    line.Write();
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const RpcMetrics metrics_;
  const RequestLogging logging_;
  const absl::Time start_;
  const std::string method_;
  const bool ledger_method_;
  std::string request_id_;
  bool finished_ = false;
};

}  // namespace

bool ParseRequestLogging(absl::string_view text, RequestLogging* logging) {
  if (text == "all") {
    *logging = RequestLogging::kAll;
  } else if (text == "errors") {
    *logging = RequestLogging::kErrors;
  } else if (text == "none") {
    *logging = RequestLogging::kNone;
  } else {
    return false;
  }
  return true;
}

RpcMetrics RpcMetrics::Register(MetricsRegistry* registry) {
  RpcMetrics metrics;
  metrics.rpcs = registry->AddCounter(
      "ledger_rpcs_total", "gRPC calls answered, by method and status code.", {"method", "code"});
  metrics.latency = registry->AddHistogram(
      "ledger_rpc_duration_seconds",
      "Unary gRPC calls from arrival to status (a write includes its fsync), by method and code.",
      {"method", "code"}, LatencyBoundsMicros(), 1000000);
  metrics.refusals = registry->AddCounter(
      "ledger_refusals_total",
      "Calls refused with a machine-readable reason (docs/API.md), by method and reason.",
      {"method", "reason"});
  metrics.in_flight =
      registry->AddGauge("ledger_rpcs_in_flight", "gRPC calls received and not yet answered.")
          ->With({});
  return metrics;
}

absl::flat_hash_set<std::string> KnownMethods(const std::vector<std::string>& service_names) {
  absl::flat_hash_set<std::string> methods = {
      "/grpc.health.v1.Health/Check",
      "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
  };
  for (const std::string& name : service_names) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    Invariant(service != nullptr, "a registered service is in the generated descriptor pool");
    for (int i = 0; i < service->method_count(); ++i) {
      methods.insert(absl::StrCat("/", service->full_name(), "/", service->method(i)->name()));
    }
  }
  return methods;
}

grpc::experimental::Interceptor* RpcObserverFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const bool known = info->method() != nullptr && known_methods_.contains(info->method());
  return new RpcObserver(info, metrics_, logging_, known);
}

}  // namespace ledger
