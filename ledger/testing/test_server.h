// A real ledgerd in the test process: real RocksDB in a fresh temp directory, real gRPC on
// 127.0.0.1 with a free port, and stubs connected to it over loopback. By default it runs in
// the plaintext development mode, where Context() names the caller in the x-ledger-principal
// header; Transport::kMutualTls serves the certificates of tools/dev_certs.sh instead (the
// test needs `data = ["//tools:dev_certs"]`, which this library brings along).
//
//   TestServer server("lifecycle");
//   auto loans = server.Loans();                 // v1::LoanService::Stub
//   grpc::ClientContext context;
//   server.Restart();                            // same data directory, new port
//
//   TestServer tls("tls", Transport::kMutualTls);
//   auto bank = v1::LoanService::NewStub(tls.NewTlsChannel("bank-B001"));
#ifndef LEDGER_TESTING_TEST_SERVER_H_
#define LEDGER_TESTING_TEST_SERVER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "ledger/server/ledger_server.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledger {

enum class Transport { kDevPlaintext, kMutualTls };

// What a test changes in the server it starts (kept across Restart):
//
//   TestServerOptions options;
//   options.file_system = std::make_shared<FaultyFileSystem>();  // faulty_file_system.h
//   options.engine.recovery_interval = absl::Milliseconds(50);
//   options.engine.queue_capacity = 8;
//   TestServer server("disk_fault", options);
struct TestServerOptions {
  Transport transport = Transport::kDevPlaintext;
  std::string policy_text;
  // The file system RocksDB writes through; null: the real one.
  std::shared_ptr<rocksdb::FileSystem> file_system;
  EngineOptions engine;
  // 0 keeps ServerOptions' default.
  int max_receive_message_bytes = 0;
  // ServerOptions::reflection.
  bool reflection = true;
  // An HTTP port (metrics, status page) on a free loopback port: server().http_port().
  bool http = false;
  // ServerOptions::request_logging: quiet unless a test looks at the log.
  RequestLogging request_logging = RequestLogging::kErrors;
};

class TestServer {
 public:
  // `policy_text` (ledger/auth/policy.h format) becomes the server's policy file. Without it a
  // kDevPlaintext server takes grants from the principal header ("bank:B001") and a
  // kMutualTls server gets a policy for the tools/dev_certs.sh principals.
  explicit TestServer(const std::string& name, Transport transport = Transport::kDevPlaintext,
                      const std::string& policy_text = "");
  TestServer(const std::string& name, TestServerOptions options);
  ~TestServer();

  void Stop();
  void Start();
  void Restart() {
    Stop();
    Start();
  }

  // A fresh plaintext channel each call (clients in tests behave like separate bank systems).
  // Loans() and Journal() use one; for a kDevPlaintext server.
  std::shared_ptr<grpc::Channel> NewChannel() const;
  std::unique_ptr<v1::LoanService::Stub> Loans() const;
  std::unique_ptr<v1::JournalService::Stub> Journal() const;

  // As finance: the subsidy policy the subsidy tests compute against (public finance pays 50%
  // of the contract interest from 2021-01-01) and a one-year LPR of `lpr_bps` from 2023-01-01
  // (in force, unused by that mode). Request ids "policy-1" and "lpr-1".
  grpc::Status AddHalfInterestPolicy(int lpr_bps = 365) const;

  // A fresh TLS channel that trusts the dev CA and presents the dev certificate `client`
  // (e.g. "bank-B001", "stranger"; "" presents none). For a kMutualTls server.
  std::shared_ptr<grpc::Channel> NewTlsChannel(const std::string& client) const;

  // An unlabelled sample of the /metrics page (options.http), e.g. "ledger_writable"; -1 if
  // the page or the sample cannot be read.
  int64_t MetricValue(const std::string& name) const;

  LedgerServer& server() { return *server_; }
  const std::string& data_dir() const { return data_dir_; }
  // The policy file the server reads ("" without one); rewrite it, then server().ReloadPolicy().
  const std::string& policy_file() const { return policy_file_; }

 private:
  std::string data_dir_;
  Transport transport_;
  TestServerOptions options_;
  std::string policy_file_;
  std::string identity_key_file_;
  std::unique_ptr<LedgerServer> server_;
};

// A file written by tools/dev_certs.sh, in the test's runfiles (//tools:dev_certs), e.g.
// DevCertPath("ca.pem").
std::string DevCertPath(const std::string& file);

// A context with a 30 s deadline, wait-for-ready, and the caller's principal header.
std::unique_ptr<grpc::ClientContext> Context(const std::string& principal = "bank:B001");

// The ErrorInfo reason / field carried in a failed call's details ("" if none).
std::string ReasonOf(const grpc::Status& status);
std::string FieldOf(const grpc::Status& status);

// Request id -> how often it occurs in the first 1000 journal entries, read as the auditor
// (the journal head's sequence in *head if given). Empty, with *head = 0, if the read fails.
std::map<std::string, int> JournalRequestIds(const TestServer& server, uint64_t* head = nullptr);

}  // namespace ledger

#endif  // LEDGER_TESTING_TEST_SERVER_H_
