// A running ledger: the RocksDB store, the single-writer engine and the gRPC services, wired
// together and listening. ledgerd's main and the integration tests both start it this way.
//
//   ServerOptions options;
//   options.listen_address = "127.0.0.1:0";          // 0: any free port
//   options.data_dir = "/var/lib/ledgerd";
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
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/journal_service.h"
#include "ledger/server/loan_service.h"
#include "ledger/store/store.h"

namespace ledger {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";
  std::string data_dir;
  EngineOptions engine;
  // Largest request message (commands are far smaller; see kMaxCommandBytes) and largest
  // response (a page of 1000 journal entries fits easily). gRPC refuses larger ones.
  int max_receive_message_bytes = 1 << 20;
  int max_send_message_bytes = 4 << 20;
};

class LedgerServer {
 public:
  // Opens the store, starts the writer and listens. Errors say what to do: the data
  // directory is locked by another server, the port is taken, the journal is damaged.
  static absl::StatusOr<std::unique_ptr<LedgerServer>> Start(const ServerOptions& options);
  ~LedgerServer();

  int port() const { return port_; }
  const std::string& data_dir() const { return store_->path(); }

  // Ends journal streams (clients resume from their next sequence), lets in-flight calls
  // finish for up to `grace`, commits every queued command, and closes the store.
  // Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(10));

 private:
  LedgerServer() = default;

  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
  std::unique_ptr<LoanServiceImpl> loan_service_;
  std::unique_ptr<JournalServiceImpl> journal_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  int port_ = 0;
  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_LEDGER_SERVER_H_
