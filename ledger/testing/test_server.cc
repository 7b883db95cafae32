#include "ledger/testing/test_server.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "httplib.h"
#include "ledger/server/status_mapping.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

std::string ReadDevCert(const std::string& file) {
  std::ifstream in(DevCertPath(file));
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    std::fprintf(stderr, "cannot read %s (does the test depend on //tools:dev_certs?)\n",
                 DevCertPath(file).c_str());
    std::abort();
  }
  return text.str();
}

grpc::ChannelArguments SeparateConnection() {
  grpc::ChannelArguments args;
  // Separate TCP connections, like separate bank systems (gRPC would otherwise share one).
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  static std::atomic<int> channel_id{0};
  args.SetInt("test.channel.id", ++channel_id);
  return args;
}

}  // namespace

std::string DevCertPath(const std::string& file) {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return absl::StrCat(runfiles != nullptr ? runfiles : ".", "/microloan_ledger/tools/dev_certs/",
                      file);
}

// The principals of tools/dev_certs.sh, each with the role its name suggests.
constexpr char kDevCertsPolicy[] = R"(bank-B001 bank B001
bank-B002 bank B002
officer-370281 county_officer 370281
officer-370282 county_officer 370282
finance-1 finance
fund-F001 guarantee_fund F001
auditor-1 auditor
admin-1 admin
expired-bank-B001 bank B001
stranger bank B001
)";

TestServer::TestServer(const std::string& name, Transport transport, const std::string& policy_text)
    : TestServer(name, TestServerOptions{transport, policy_text}) {}

TestServer::TestServer(const std::string& name, TestServerOptions options)
    : data_dir_(FreshTempDir(name)), transport_(options.transport), options_(std::move(options)) {
  const Transport transport = transport_;
  const std::string& policy_text = options_.policy_text;
  const std::string policy = !policy_text.empty()
                                 ? policy_text
                                 : (transport == Transport::kMutualTls ? kDevCertsPolicy : "");
  if (!policy.empty()) {
    policy_file_ = data_dir_ + ".policy";
    std::ofstream(policy_file_) << policy;
  }
  // A real identity key, outside the data directory, so national_id works in every test.
  identity_key_file_ = data_dir_ + ".identity-key";
  std::ofstream(identity_key_file_) << std::string(32, 'k');
  Start();
}

TestServer::~TestServer() { Stop(); }

void TestServer::Start() {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = data_dir_;
  if (transport_ == Transport::kMutualTls) {
    options.tls = {DevCertPath("server.pem"), DevCertPath("server.key"), DevCertPath("ca.pem")};
  } else {
    options.dev_plaintext = true;
  }
  options.policy_file = policy_file_;
  options.identity_key_file = identity_key_file_;
  options.store.file_system = options_.file_system;
  options.engine = options_.engine;
  options.reflection = options_.reflection;
  if (options_.http) options.http_listen_address = "127.0.0.1:0";
  options.request_logging = options_.request_logging;
  if (options_.max_receive_message_bytes > 0) {
    options.max_receive_message_bytes = options_.max_receive_message_bytes;
  }
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
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials(), SeparateConnection());
}

std::shared_ptr<grpc::Channel> TestServer::NewTlsChannel(const std::string& client) const {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadDevCert("ca.pem");
  if (!client.empty()) {
    ssl.pem_private_key = ReadDevCert(client + ".key");
    ssl.pem_cert_chain = ReadDevCert(client + ".pem");
  }
  // The dev server certificate names IP:127.0.0.1, so the address itself is checked.
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::SslCredentials(ssl), SeparateConnection());
}

std::unique_ptr<v1::LoanService::Stub> TestServer::Loans() const {
  return v1::LoanService::NewStub(NewChannel());
}

std::unique_ptr<v1::JournalService::Stub> TestServer::Journal() const {
  return v1::JournalService::NewStub(NewChannel());
}

grpc::Status TestServer::AddHalfInterestPolicy(int lpr_bps) const {
  auto policies = v1::PolicyService::NewStub(NewChannel());
  v1::AddSubsidyPolicyVersionRequest add;
  add.set_request_id("policy-1");
  *add.mutable_version()->mutable_effective_from() = Day(2021, 1, 1);
  add.mutable_version()->set_mode(v1::PERCENT_OF_INTEREST);
  add.mutable_version()->set_subsidy_share_bps(5000);
  v1::PolicyVersionResponse added;
  grpc::Status s = policies->AddSubsidyPolicyVersion(Context("finance").get(), add, &added);
  if (!s.ok()) return s;
  v1::RecordLprFixingRequest fixing;
  fixing.set_request_id("lpr-1");
  *fixing.mutable_fixing()->mutable_effective_from() = Day(2023, 1, 1);
  fixing.mutable_fixing()->set_lpr_bps(lpr_bps);
  v1::LprFixingResponse fixed;
  return policies->RecordLprFixing(Context("finance").get(), fixing, &fixed);
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

std::string ReasonOf(const grpc::Status& status) { return ErrorDetailOf(status).reason; }

std::string FieldOf(const grpc::Status& status) { return ErrorDetailOf(status).field; }

std::map<std::string, int> JournalRequestIds(const TestServer& server, uint64_t* head) {
  v1::ListEntriesRequest request;
  request.set_start_sequence(1);
  request.set_page_size(1000);
  v1::ListEntriesResponse response;
  grpc::Status status = server.Journal()->ListEntries(Context("auditor").get(), request, &response);
  std::map<std::string, int> seen;
  if (head != nullptr) *head = status.ok() ? response.head_sequence() : 0;
  if (!status.ok()) return seen;
  for (const v1::JournalEntry& entry : response.entries()) ++seen[entry.request_id()];
  return seen;
}

int64_t TestServer::MetricValue(const std::string& name) const {
  httplib::Client client("127.0.0.1", server_->http_port());
  httplib::Result page = client.Get("/metrics");
  if (!page || page->status != 200) return -1;
  const std::string line_start = "\n" + name + " ";
  const size_t at = page->body.find(line_start);
  if (at == std::string::npos) return -1;
  const size_t from = at + line_start.size();
  int64_t value = -1;
  if (!absl::SimpleAtoi(page->body.substr(from, page->body.find('\n', from) - from), &value)) {
    return -1;
  }
  return value;
}

}  // namespace ledger
