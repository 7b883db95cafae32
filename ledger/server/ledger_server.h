// A running ledger: the RocksDB store, the single-writer engine and the gRPC services, wired
// together and listening. ledgerd's main and the integration tests both start it this way.
//
//   ServerOptions options;
//   options.listen_address = "127.0.0.1:0";          // 0: any free port
//   options.data_dir = "/var/lib/ledgerd";
//   options.tls = {"server.pem", "server.key", "ca.pem"};  // or dev_plaintext = true
//   absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
//   int port = (*server)->port();
//   (*server)->Shutdown();                            // drains, then closes the store
#ifndef LEDGER_SERVER_LEDGER_SERVER_H_
#define LEDGER_SERVER_LEDGER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "ledger/auth/policy.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/http/http_server.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/privacy/national_id.h"
#include "ledger/replica/follower.h"
#include "ledger/server/account_service.h"
#include "ledger/server/batch_service.h"
#include "ledger/server/caller.h"
#include "ledger/server/cohort_service.h"
#include "ledger/server/guarantee_service.h"
#include "ledger/server/journal_service.h"
#include "ledger/server/loan_service.h"
#include "ledger/server/policy_service.h"
#include "ledger/server/rpc_observer.h"
#include "ledger/server/server_metrics.h"
#include "ledger/server/subsidy_service.h"
#include "ledger/server/transport_security.h"
#include "ledger/store/store.h"

namespace ledger {

// A follower's primary (ledgerd --follow; docs/RESILIENCE.md). With an empty address the
// server is a primary.
struct FollowOptions {
  std::string primary_address;  // HOST:PORT
  // Development mode: the principal header sent to the primary (its grant must allow
  // ReplicateJournal: the auditor). Plaintext only to a loopback primary.
  std::string principal = "auditor";
  // Mutual TLS: the client certificate and key presented to the primary (its CN needs the
  // auditor role there) and the CA the primary's certificate must chain to (empty:
  // the server's own tls.client_ca_file).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_ca_file;
};

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";
  std::string data_dir;
  // Mutual TLS (transport_security.h): callers are identified by their client certificate.
  TlsFiles tls;
  // Instead of TLS: plaintext, and callers name themselves in a header. Only on a loopback
  // address; for development and tests.
  bool dev_plaintext = false;
  // Principal -> role and scope (ledger/auth/policy.h). Required with TLS. In development mode
  // it may be empty: the principal header then names the grant as "role:scope".
  std::string policy_file;
  // HMAC key for borrowers' resident ID numbers (ledger/privacy/national_id.h); outside the
  // data directory. Without it CreateLoan refuses national_id.
  std::string identity_key_file;
  // Ed25519 private key (PKCS#8 PEM; tools/checkpoint_key.sh) that signs GetCheckpoint's
  // answers. Without it GetCheckpoint refuses with CHECKPOINT_KEY_NOT_CONFIGURED.
  std::string checkpoint_key_file;
  // Where CreateBackup writes backups (created when needed; outside the data directory).
  // Empty: "<data_dir>-backups" beside the data directory.
  std::string backup_dir;
  EngineOptions engine;
  // The RocksDB store's options. Start uses them as given (tests set file_system to inject
  // faults, ledger/testing/faulty_file_system.h); ledgerd leaves the defaults.
  StoreOptions store;
  // Set: a read-only follower of that primary (the engine starts as a follower).
  FollowOptions follow;
  // Largest request message (a single command is far smaller, see kMaxCommandBytes; a batch of
  // 8,000 commands of a few hundred bytes each fits) and largest response (a page of 1000
  // journal entries, or 8,000 batch results, fits easily). gRPC refuses larger ones.
  int max_receive_message_bytes = 4 << 20;
  // gRPC server reflection (grpc.reflection.v1alpha), so that generic tools can list and call
  // the API. It reveals the API's schema, which is public, and nothing of the ledger; callers
  // still need a certificate to connect. ledgerd --reflection=false turns it off.
  bool reflection = true;
  int max_send_message_bytes = 4 << 20;
  // The HTTP port (ledger/http): Prometheus metrics at /metrics, and the county officers'
  // status page with its JSON read API, secured like the gRPC port (the same TLS files, or
  // the development mode on loopback). Empty: no HTTP port. Port 0 picks a free one.
  std::string http_listen_address;
  // Which RPCs get a JSON log line on stderr (rpc_observer.h).
  RequestLogging request_logging = RequestLogging::kAll;
};

class LedgerServer {
 public:
  // The health service (grpc.health.v1.Health, gRPC's built-in one) answers for "" (the
  // server as a whole) and for this name (whether commands are accepted). Both are SERVING,
  // and both NOT_SERVING while the ledger is read-only after a storage failure (reads keep
  // working then); they return to SERVING when writes work again. On a follower this name is
  // NOT_SERVING until it is promoted.
  static constexpr char kWritesHealthService[] = "microloan.ledger.v1.Writes";

  // Opens the store, starts the writer and listens (gRPC, then HTTP if asked). Errors say what
  // to do: no transport security chosen, plaintext on a non-loopback address, a TLS file that
  // cannot be read (named), the data directory is locked by another server, a port is taken,
  // the journal is damaged.
  static absl::StatusOr<std::unique_ptr<LedgerServer>> Start(const ServerOptions& options);
  ~LedgerServer();

  int port() const { return port_; }
  int http_port() const;  // 0 without an HTTP port
  const std::string& data_dir() const { return store_->path(); }
  const std::string& backup_dir() const { return backup_dir_; }

  // Re-reads the policy file (SIGHUP). Calls in flight keep the policy they started with; on
  // error the current policy stays and the error says why.
  absl::Status ReloadPolicy();

  // Null on a primary started as one.
  Follower* follower() { return follower_.get(); }

  // Stops the follower thread (if any), ends journal streams (clients resume from their next
  // sequence), lets in-flight calls
  // finish for up to `grace`, commits every queued command, and closes the store.
  // Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(10));

 private:
  LedgerServer() = default;
  // EngineOptions::on_writable_changed (the writer thread, or Promote's caller): shows the
  // engine's state in the health service while the gRPC server runs.
  void OnWritableChanged();
  // The HTTP port's routes (metrics, status page) and listener; after the gRPC server runs.
  absl::Status StartHttp(const ServerOptions& options);
  void ApplyHealthLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(health_mu_);

  // Before the engine: the writer reports every commit to it until the engine stops.
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
  std::unique_ptr<Follower> follower_;    // null unless started as a follower
  std::unique_ptr<PolicyHolder> policy_;  // null in development mode without a policy file
  std::unique_ptr<CallerResolver> callers_;
  std::unique_ptr<CheckpointSigner> checkpoint_signer_;  // null without a checkpoint key
  std::unique_ptr<PersonKeyer> keyer_;                   // null without an identity key
  std::unique_ptr<LoanServiceImpl> loan_service_;
  std::unique_ptr<BatchServiceImpl> batch_service_;
  std::unique_ptr<JournalServiceImpl> journal_service_;
  std::unique_ptr<GuaranteeServiceImpl> guarantee_service_;
  std::unique_ptr<AccountServiceImpl> account_service_;
  std::unique_ptr<PolicyServiceImpl> policy_service_;
  std::unique_ptr<SubsidyServiceImpl> subsidy_service_;
  std::unique_ptr<CohortServiceImpl> cohort_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<HttpServer> http_server_;  // null without an HTTP port
  int port_ = 0;
  std::string backup_dir_;
  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  // The engine may report a flip before grpc_server_ exists or after it shut down; the state
  // is read from the engine and applied while health_live_ (between BuildAndStart and
  // Shutdown), and once more when health goes live.
  absl::Mutex health_mu_;
  bool health_live_ ABSL_GUARDED_BY(health_mu_) = false;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_LEDGER_SERVER_H_
