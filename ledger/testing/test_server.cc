#include "ledger/testing/test_server.h"

#include <atomic>
#include <chrono>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

google::rpc::ErrorInfo InfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  if (!details.ParseFromString(status.error_details())) return info;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info)) return info;
  }
  return info;
}

}  // namespace

TestServer::TestServer(const std::string& name) : data_dir_(FreshTempDir(name)) { Start(); }

TestServer::~TestServer() { Stop(); }

void TestServer::Start() {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = data_dir_;
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "test server failed to start: %s\n", server.status().ToString().c_str());
    std::abort();
  }
  server_ = std::move(*server);
}

void TestServer::Stop() {
  if (server_ != nullptr) server_->Shutdown();
  server_.reset();
}

std::shared_ptr<grpc::Channel> TestServer::NewChannel() const {
  grpc::ChannelArguments args;
  // Separate TCP connections, like separate bank systems (gRPC would otherwise share one).
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  static std::atomic<int> channel_id{0};
  args.SetInt("test.channel.id", ++channel_id);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<v1::LoanService::Stub> TestServer::Loans() const {
  return v1::LoanService::NewStub(NewChannel());
}

std::unique_ptr<v1::JournalService::Stub> TestServer::Journal() const {
  return v1::JournalService::NewStub(NewChannel());
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& principal) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  context->AddMetadata("x-ledger-principal", principal);
  // Like a bank's system, ride out a failed connection attempt (seen rarely when 32 clients
  // connect at once on a loaded 2-core machine: gRPC fails every call on that channel fast
  // until its reconnect backoff ends) instead of failing the call; the deadline still bounds
  // it.
  context->set_wait_for_ready(true);
  return context;
}

std::string ReasonOf(const grpc::Status& status) { return InfoOf(status).reason(); }

std::string FieldOf(const grpc::Status& status) {
  google::rpc::ErrorInfo info = InfoOf(status);
  auto it = info.metadata().find("field");
  return it == info.metadata().end() ? "" : it->second;
}

}  // namespace ledger
