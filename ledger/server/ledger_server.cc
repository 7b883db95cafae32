#include "ledger/server/ledger_server.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "ledger/base/log.h"
#include "ledger/base/paths.h"
#include "ledger/http/status_page.h"
#include "ledger/server/principal.h"

namespace ledger {
namespace {

// Serves gRPC's reflection service or not, per server. Linking libgrpc++_reflection registers
// its plugin for every server the process builds (a static initializer), so this option
// removes it from the builder's plugins and adds exactly one back when wanted.
class ReflectionOption : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool enabled) : enabled_(enabled) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    auto reflection = std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>();
    const std::string name = reflection->name();
    plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                  [&](const std::unique_ptr<grpc::ServerBuilderPlugin>& plugin) {
                                    return plugin->name() == name;
                                  }),
                   plugins->end());
    if (enabled_) plugins->push_back(std::move(reflection));
  }

 private:
  const bool enabled_;
};

// The follower's side of the connection to its primary: mutual TLS when this server serves
// TLS, plaintext (dev) only to a loopback primary.
absl::StatusOr<FollowerOptions> FollowerOptionsFor(const ServerOptions& options) {
  const FollowOptions& follow = options.follow;
  FollowerOptions follower;
  follower.primary_address = follow.primary_address;
  grpc::ChannelArguments arguments;
  // Batches are bounded at about 1 MiB of records, one record at 1 MiB of body.
  arguments.SetMaxReceiveMessageSize(8 << 20);
  // A primary that vanished without closing the connection (a network partition, a power
  // cut) would otherwise leave the follower blocked in Read for hours (until TCP gives up)
  // while it reports STREAMING. HTTP/2 pings every 20 s, also while the stream is idle, end
  // the call 10 s after one goes unanswered; the follower then reconnects. The primary's
  // ServerBuilder accepts pings this often (LedgerServer::Start).
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  arguments.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (options.dev_plaintext) {
    if (!IsLoopbackAddress(follow.primary_address)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--follow=", follow.primary_address,
          " is not a loopback address: a development (plaintext) follower only follows a "
          "primary on this machine; serve mutual TLS and give --follow_tls_cert/_key"));
    }
    follower.channel = grpc::CreateCustomChannel(follow.primary_address,
                                                 grpc::InsecureChannelCredentials(), arguments);
    const std::string principal = follow.principal;
    follower.prepare_call = [principal](grpc::ClientContext* call) {
      call->AddMetadata(kPrincipalHeader, principal);
    };
    return follower;
  }
  if (follow.tls_cert_file.empty() || follow.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "a TLS follower needs a client certificate for its primary: --follow_tls_cert and "
        "--follow_tls_key (a principal with the auditor role there)");
  }
  const std::string ca =
      follow.tls_ca_file.empty() ? options.tls.client_ca_file : follow.tls_ca_file;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      ClientCredentialsFor(ca, follow.tls_cert_file, follow.tls_key_file);
  if (!credentials.ok()) return credentials.status();
  follower.channel = grpc::CreateCustomChannel(follow.primary_address, *credentials, arguments);
  return follower;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerServer>> LedgerServer::Start(const ServerOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("data_dir is required");
  // Before anything is opened: a server that would listen insecurely never starts.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor(options.tls, options.dev_plaintext, options.listen_address);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<LedgerServer> server(new LedgerServer());
  server->metrics_ = std::make_unique<ServerMetrics>();
  const bool following = !options.follow.primary_address.empty();
  absl::StatusOr<FollowerOptions> follower_options = FollowerOptions();
  if (following) {
    follower_options = FollowerOptionsFor(options);
    if (!follower_options.ok()) return follower_options.status();
  }
  if (!options.policy_file.empty()) {
    absl::StatusOr<Policy> policy = Policy::Load(options.policy_file);
    if (!policy.ok()) return policy.status();
    server->policy_ = std::make_unique<PolicyHolder>(std::move(*policy), options.policy_file);
  } else if (!options.dev_plaintext) {
    return absl::InvalidArgumentError(
        "a policy file (--policy_file) is required with TLS: it says what each certificate's "
        "principal may do");
  }
  server->callers_ = std::make_unique<CallerResolver>(server->policy_.get(), options.dev_plaintext);
  if (!options.identity_key_file.empty()) {
    absl::StatusOr<PersonKeyer> keyer =
        PersonKeyer::Load(options.identity_key_file, options.data_dir);
    if (!keyer.ok()) return keyer.status();
    server->keyer_ = std::make_unique<PersonKeyer>(std::move(*keyer));
  }
  if (!options.checkpoint_key_file.empty()) {
    // Whoever holds a copy of the data (an auditor, a backup) must not be able to sign.
    if (IsInsideDirectory(options.checkpoint_key_file, options.data_dir)) {
      return absl::FailedPreconditionError(
          absl::StrCat("checkpoint key file ", options.checkpoint_key_file,
                       " is inside the data directory; keep it elsewhere"));
    }
    absl::StatusOr<std::unique_ptr<CheckpointSigner>> signer =
        CheckpointSigner::FromPemFile(options.checkpoint_key_file);
    if (!signer.ok()) return signer.status();
    server->checkpoint_signer_ = std::move(*signer);
  }
  if (options.backup_dir.empty()) {
    std::filesystem::path data = std::filesystem::absolute(options.data_dir).lexically_normal();
    if (!data.has_filename()) data = data.parent_path();  // a trailing slash
    server->backup_dir_ = (data.parent_path() / (data.filename().string() + "-backups")).string();
  } else {
    server->backup_dir_ = options.backup_dir;
  }
  // A backup inside the data directory would be copied into every later backup.
  if (IsInsideDirectory(server->backup_dir_, options.data_dir)) {
    return absl::FailedPreconditionError(
        absl::StrCat("backup directory ", server->backup_dir_,
                     " is inside the data directory; keep it elsewhere"));
  }
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create data directory ", options.data_dir, ": ", error.message()));
  }
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options.data_dir, options.store);
  if (!store.ok()) return store.status();
  server->store_ = std::move(*store);
  if (server->keyer_ != nullptr) {
    // After the store's lock is held, so two servers cannot both write the check.
    if (absl::Status bound = server->keyer_->BindTo(options.data_dir); !bound.ok()) return bound;
  }
  EngineOptions engine_options = options.engine;
  engine_options.follower = engine_options.follower || following;
  // The server owns the engine, so the engine never calls back into a destroyed server.
  engine_options.on_writable_changed = [self = server.get(),
                                        also = options.engine.on_writable_changed](bool writable) {
    self->OnWritableChanged();
    if (also) also(writable);
  };
  engine_options.on_commit = [metrics = server->metrics_.get(),
                              also = options.engine.on_commit](const CommitStats& stats) {
    metrics->OnCommit(stats);
    if (also) also(stats);
  };
  absl::StatusOr<std::unique_ptr<LedgerEngine>> engine =
      LedgerEngine::Start(server->store_.get(), std::move(engine_options));
  if (!engine.ok()) return engine.status();
  server->engine_ = std::move(*engine);
  server->metrics_->WatchLedger(server->engine_.get(), server->store_.get());
  if (following) {
    server->follower_ =
        std::make_unique<Follower>(server->engine_.get(), std::move(*follower_options));
  }
  server->loan_service_ = std::make_unique<LoanServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get(), server->keyer_.get());
  server->batch_service_ = std::make_unique<BatchServiceImpl>(
      server->engine_.get(), server->callers_.get(), server->keyer_.get());
  server->journal_service_ = std::make_unique<JournalServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get(),
      server->checkpoint_signer_.get(), server->backup_dir_, server->follower_.get());
  server->guarantee_service_ = std::make_unique<GuaranteeServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get());
  server->account_service_ = std::make_unique<AccountServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get());
  server->policy_service_ = std::make_unique<PolicyServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get());
  server->subsidy_service_ = std::make_unique<SubsidyServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get());
  server->cohort_service_ = std::make_unique<CohortServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get(), server->keyer_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_send_message_bytes);
  // Followers send keepalive pings every 20 s to notice a dead primary (FollowerOptionsFor).
  // By default a server answers pings more often than every 5 min with GOAWAY
  // (too_many_pings) and closes the connection, so it must accept them, also between calls.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // gRPC sets SO_REUSEPORT by default on Linux: a second ledgerd on the same port would then
  // start "successfully" and the kernel would split calls between two different ledgers.
  // Without it, a taken port is a start-up failure with a clear message.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetOption(std::make_unique<ReflectionOption>(options.reflection));
  // Each service with its proto name, in one list: the RPC observer labels exactly the
  // methods registered here.
  const std::pair<grpc::Service*, const char*> services[] = {
      {server->loan_service_.get(), v1::LoanService::service_full_name()},
      {server->batch_service_.get(), v1::BatchService::service_full_name()},
      {server->journal_service_.get(), v1::JournalService::service_full_name()},
      {server->guarantee_service_.get(), v1::GuaranteeService::service_full_name()},
      {server->account_service_.get(), v1::AccountService::service_full_name()},
      {server->policy_service_.get(), v1::PolicyService::service_full_name()},
      {server->subsidy_service_.get(), v1::SubsidyService::service_full_name()},
      {server->cohort_service_.get(), v1::CohortService::service_full_name()},
  };
  std::vector<std::string> service_names;
  for (const auto& [service, name] : services) {
    builder.RegisterService(service);
    service_names.push_back(name);
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(std::make_unique<RpcObserverFactory>(
      server->metrics_->rpc(), options.request_logging, KnownMethods(service_names)));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address,
                                               " (port taken, or not a local address?)"));
  }
  // Only now: reads are served from the first replicated batch on.
  if (!options.http_listen_address.empty()) {
    absl::Status http = server->StartHttp(options);
    if (!http.ok()) return http;
  }
  if (server->follower_ != nullptr) server->follower_->Start();
  {
    absl::MutexLock lock(&server->health_mu_);
    server->health_live_ = true;
    server->ApplyHealthLocked();
  }
  return server;
}

absl::Status LedgerServer::StartHttp(const ServerOptions& options) {
  HttpRoutes routes;
  ServerMetrics* metrics = metrics_.get();
  routes.Get("/metrics", [metrics](const HttpRequest&) {
    HttpResponse response = HttpResponse::Text(200, metrics->registry().Render());
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return response;
  });
  StatusPageOptions page;
  // The page's JSON API calls the gRPC services in-process, so that one set of access rules
  // and one county scope serve both ports (principal.h: the gateway's principal).
  page.channel = grpc_server_->InProcessChannel(grpc::ChannelArguments());
  page.dev_mode = options.dev_plaintext;
  const CallerResolver* callers = callers_.get();
  page.grant_of = [callers](absl::string_view principal) { return callers->GrantOf(principal); };
  AddStatusPage(page, &routes);
  HttpServerOptions http;
  http.listen_address = options.http_listen_address;
  http.tls = options.tls;
  http.dev_plaintext = options.dev_plaintext;
  absl::StatusOr<std::unique_ptr<HttpServer>> started = HttpServer::Start(http, std::move(routes));
  if (!started.ok()) return started.status();
  http_server_ = std::move(*started);
  return absl::OkStatus();
}

int LedgerServer::http_port() const { return http_server_ == nullptr ? 0 : http_server_->port(); }

void LedgerServer::OnWritableChanged() {
  absl::MutexLock lock(&health_mu_);
  ApplyHealthLocked();
}

void LedgerServer::ApplyHealthLocked() {
  if (!health_live_) return;
  grpc::HealthCheckServiceInterface* health = grpc_server_->GetHealthCheckService();
  if (health == nullptr) return;
  // While the ledger is read-only the whole server reports NOT_SERVING, not only the writes
  // service: a load balancer or orchestrator checking "" then stops sending this instance
  // commands that would only be refused, and operators see the fault in one place. Reads
  // still work for callers that reach the server anyway (auditors, dashboards).
  // Read from the engine, not from the flip's argument: a write failure on the writer thread
  // and a promotion on a gRPC thread can report in either order, and the last report must
  // show the state as it is now.
  const bool writable = !engine_->failed();
  health->SetServingStatus("", writable);
  // A follower serves reads only until it is promoted.
  health->SetServingStatus(kWritesHealthService, writable && !engine_->is_follower());
}

LedgerServer::~LedgerServer() { Shutdown(); }

absl::Status LedgerServer::ReloadPolicy() {
  if (policy_ == nullptr) {
    return absl::FailedPreconditionError("no policy file was given; nothing to reload");
  }
  return policy_->Reload();
}

void LedgerServer::Shutdown(absl::Duration grace) {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  // First, so that no replicated batch is queued while the writer drains.
  if (follower_ != nullptr) follower_->Stop();
  {
    // The writer runs until engine_->Stop below; its flips must not reach a server that is
    // shutting down (gRPC reports NOT_SERVING for everything from Shutdown on).
    absl::MutexLock lock(&health_mu_);
    health_live_ = false;
  }
  // HTTP first: the status page's calls go through the gRPC server's in-process channel.
  if (http_server_ != nullptr) http_server_->Stop();
  if (grpc_server_ != nullptr) {
    // Streams would otherwise hold Shutdown for the whole grace period.
    engine_->notifier().Close();
    // The writer keeps running meanwhile, so queued commands are answered.
    grpc_server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(grace));
    grpc_server_->Wait();
  }
  if (engine_ != nullptr) engine_->Stop();
  engine_.reset();
  // Nothing is lost without it (every write is synced to the WAL); it makes the next start
  // quick.
  if (store_ != nullptr) {
    if (absl::Status flushed = store_->Flush(); !flushed.ok()) {
      LogLine(LogLevel::kWarning, "flush_at_shutdown_failed")
          .Str("message", "could not flush memtables at shutdown; the next start replays the WAL")
          .Str("error", flushed.ToString())
          .Write();
    }
  }
  store_.reset();
}

}  // namespace ledger
