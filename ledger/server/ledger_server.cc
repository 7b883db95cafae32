#include "ledger/server/ledger_server.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "ledger/base/paths.h"

namespace ledger {

absl::StatusOr<std::unique_ptr<LedgerServer>> LedgerServer::Start(const ServerOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("data_dir is required");
  // Before anything is opened: a server that would listen insecurely never starts.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor(options.tls, options.dev_plaintext, options.listen_address);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<LedgerServer> server(new LedgerServer());
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
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options.data_dir, {});
  if (!store.ok()) return store.status();
  server->store_ = std::move(*store);
  if (server->keyer_ != nullptr) {
    // After the store's lock is held, so two servers cannot both write the check.
    if (absl::Status bound = server->keyer_->BindTo(options.data_dir); !bound.ok()) return bound;
  }
  absl::StatusOr<std::unique_ptr<LedgerEngine>> engine =
      LedgerEngine::Start(server->store_.get(), options.engine);
  if (!engine.ok()) return engine.status();
  server->engine_ = std::move(*engine);
  server->loan_service_ = std::make_unique<LoanServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get(), server->keyer_.get());
  server->journal_service_ = std::make_unique<JournalServiceImpl>(
      server->engine_.get(), server->store_.get(), server->callers_.get(),
      server->checkpoint_signer_.get(), server->backup_dir_);
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
  builder.RegisterService(server->loan_service_.get());
  builder.RegisterService(server->journal_service_.get());
  builder.RegisterService(server->guarantee_service_.get());
  builder.RegisterService(server->account_service_.get());
  builder.RegisterService(server->policy_service_.get());
  builder.RegisterService(server->subsidy_service_.get());
  builder.RegisterService(server->cohort_service_.get());
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address,
                                               " (port taken, or not a local address?)"));
  }
  return server;
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
  if (grpc_server_ != nullptr) {
    // Streams would otherwise hold Shutdown for the whole grace period.
    engine_->notifier().Close();
    // The writer keeps running meanwhile, so queued commands are answered.
    grpc_server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(grace));
    grpc_server_->Wait();
  }
  if (engine_ != nullptr) engine_->Stop();
  engine_.reset();
  store_.reset();
}

}  // namespace ledger
