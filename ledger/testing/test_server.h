// A real ledgerd in the test process: real RocksDB in a fresh temp directory, real gRPC on
// 127.0.0.1 with a free port, and stubs connected to it over loopback.
//
//   TestServer server("lifecycle");
//   auto loans = server.Loans();                 // v1::LoanService::Stub
//   grpc::ClientContext context;
//   server.Restart();                            // same data directory, new port
#ifndef LEDGER_TESTING_TEST_SERVER_H_
#define LEDGER_TESTING_TEST_SERVER_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "ledger/server/ledger_server.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledger {

class TestServer {
 public:
  explicit TestServer(const std::string& name);
  ~TestServer();

  void Stop();
  void Start();
  void Restart() {
    Stop();
    Start();
  }

  // A fresh channel each call (clients in tests behave like separate bank systems).
  std::shared_ptr<grpc::Channel> NewChannel() const;
  std::unique_ptr<v1::LoanService::Stub> Loans() const;
  std::unique_ptr<v1::JournalService::Stub> Journal() const;

  LedgerServer& server() { return *server_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::string data_dir_;
  std::unique_ptr<LedgerServer> server_;
};

// A context with a 30 s deadline, wait-for-ready, and the caller's principal header.
std::unique_ptr<grpc::ClientContext> Context(const std::string& principal = "bank:B001");

// The ErrorInfo reason / field carried in a failed call's details ("" if none).
std::string ReasonOf(const grpc::Status& status);
std::string FieldOf(const grpc::Status& status);

}  // namespace ledger

#endif  // LEDGER_TESTING_TEST_SERVER_H_
