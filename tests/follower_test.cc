// A read-only follower over real gRPC on 127.0.0.1: a primary and a follower, each a real
// LedgerServer with its own RocksDB directory. Writes on the primary appear on the follower
// and read back the same; the follower refuses writes (NOT_PRIMARY); it rides out a restart of
// the primary; a follower with another history stops (DIVERGED), writes nothing and is
// promoted only when forced (its error kept); an admin's PromoteToPrimary turns a follower
// into a primary that continues the chain; and its data directory passes the offline audit.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/server/ledger_server.h"
#include "ledger/store/store.h"
#include "ledger/testing/health_check.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

using grpc::health::v1::HealthCheckResponse;

// A dev-mode server on 127.0.0.1 (port 0 the first time, the same port after a restart, so
// that a follower finds it again).
class Node {
 public:
  Node(const std::string& name, std::string follow = "")
      : data_dir_(FreshTempDir(name)), follow_(std::move(follow)) {}
  ~Node() { Stop(); }

  void Start() {
    ServerOptions options;
    options.listen_address = absl::StrCat("127.0.0.1:", port_);
    options.data_dir = data_dir_;
    options.dev_plaintext = true;
    options.follow.primary_address = follow_;
    absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    port_ = server_->port();
  }
  void Stop() {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(2));
    server_.reset();
  }
  void set_follow(std::string address) { follow_ = std::move(address); }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  std::shared_ptr<grpc::Channel> Channel() const {
    return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  }
  std::unique_ptr<v1::LoanService::Stub> Loans() const {
    return v1::LoanService::NewStub(Channel());
  }
  std::unique_ptr<v1::JournalService::Stub> Journal() const {
    return v1::JournalService::NewStub(Channel());
  }
  const std::string& data_dir() const { return data_dir_; }

  uint64_t Head() const {
    v1::JournalHead head;
    EXPECT_TRUE(Journal()->GetHead(Context("auditor").get(), v1::GetHeadRequest(), &head).ok());
    return head.sequence();
  }
  // Polls (bounded) until the head reaches `sequence`.
  bool WaitForHead(uint64_t sequence) const {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      if (Head() >= sequence) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }
  v1::ReplicationStatus Status(const std::string& principal = "auditor") const {
    v1::ReplicationStatus status;
    grpc::Status s = Journal()->GetReplicationStatus(Context(principal).get(),
                                                     v1::GetReplicationStatusRequest(), &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status;
  }
  bool WaitForState(v1::ReplicationStatus::State state) const {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      if (Status().state() == state) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  grpc::Status Create(const std::string& loan_id, v1::CreateLoanResponse* created = nullptr) {
    v1::CreateLoanResponse ignored;
    return Loans()->CreateLoan(Context().get(),
                               CreateRequest(absl::StrCat("c-", loan_id), loan_id, 1000'00),
                               created != nullptr ? created : &ignored);
  }

 private:
  std::string data_dir_;
  std::string follow_;
  int port_ = 0;
  std::unique_ptr<LedgerServer> server_;
};

v1::Loan GetLoan(const Node& node, const std::string& loan_id) {
  v1::GetLoanRequest request;
  request.set_name(LoanName(loan_id));
  v1::Loan loan;
  grpc::Status s = node.Loans()->GetLoan(Context().get(), request, &loan);
  EXPECT_TRUE(s.ok()) << s.error_message();
  loan.clear_days_past_due();  // computed as of the call
  return loan;
}

v1::ListEntriesResponse Entries(const Node& node) {
  v1::ListEntriesRequest request;
  request.set_start_sequence(1);
  v1::ListEntriesResponse entries;
  EXPECT_TRUE(node.Journal()->ListEntries(Context("auditor").get(), request, &entries).ok());
  entries.clear_head_sequence();
  return entries;
}

void ExpectAuditOk(const std::string& data_dir) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<AuditReport> report = RunAudit(**store, AuditOptions{});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << FormatReport(*report);
}

TEST(FollowerTest, FollowsServesReadsRefusesWritesRidesOutARestartAndIsPromoted) {
  Node primary("follow-primary");
  primary.Start();
  ASSERT_TRUE(primary.Create("L1").ok());
  v1::DisburseLoanResponse disbursed;
  ASSERT_TRUE(primary.Loans()
                  ->DisburseLoan(Context().get(), DisburseRequest("d-L1", "L1", 500'00), &disbursed)
                  .ok());

  Node follower("follow-replica", primary.address());
  follower.Start();
  ASSERT_TRUE(follower.WaitForHead(2));
  EXPECT_TRUE(follower.WaitForState(v1::ReplicationStatus::STREAMING));
  EXPECT_EQ(GetLoan(follower, "L1").SerializeAsString(),
            GetLoan(primary, "L1").SerializeAsString());
  EXPECT_EQ(Entries(follower).SerializeAsString(), Entries(primary).SerializeAsString());
  v1::VerifyChainResponse verified;
  ASSERT_TRUE(follower.Journal()
                  ->VerifyChain(Context("auditor").get(), v1::VerifyChainRequest(), &verified)
                  .ok());
  EXPECT_TRUE(verified.ok() && verified.complete());

  // Writes go to the primary only.
  grpc::Status refused = follower.Create("F1");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(refused), "NOT_PRIMARY");
  const v1::ReplicationStatus status = follower.Status();
  EXPECT_EQ(status.role(), v1::ReplicationStatus::FOLLOWER);
  EXPECT_EQ(status.primary(), primary.address());
  EXPECT_EQ(status.head_sequence(), 2u);
  v1::ReplicationStatus denied;
  EXPECT_EQ(follower.Journal()
                ->GetReplicationStatus(Context("bank:B001").get(),
                                       v1::GetReplicationStatusRequest(), &denied)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // New entries arrive as they commit.
  ASSERT_TRUE(primary.Create("L2").ok());
  ASSERT_TRUE(follower.WaitForHead(3));

  // The primary restarts (same address): the follower reconnects and catches up.
  primary.Stop();
  primary.Start();
  ASSERT_TRUE(primary.Create("L3").ok());
  ASSERT_TRUE(follower.WaitForHead(4));
  EXPECT_GE(follower.Status().reconnects(), 1);
  EXPECT_EQ(GetLoan(follower, "L3").SerializeAsString(),
            GetLoan(primary, "L3").SerializeAsString());

  // A follower is healthy for reads but takes no writes until it is promoted.
  EXPECT_EQ(HealthOf(follower.Channel(), ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(HealthOf(follower.Channel(), LedgerServer::kWritesHealthService),
            HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(primary.Channel(), LedgerServer::kWritesHealthService),
            HealthCheckResponse::SERVING);

  // Promotion: only the admin; the old primary is stopped first (fencing).
  v1::PromoteToPrimaryResponse promoted;
  EXPECT_EQ(
      follower.Journal()
          ->PromoteToPrimary(Context("auditor").get(), v1::PromoteToPrimaryRequest(), &promoted)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  primary.Stop();
  grpc::Status s = follower.Journal()->PromoteToPrimary(Context("admin").get(),
                                                        v1::PromoteToPrimaryRequest(), &promoted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(promoted.head_sequence(), 4u);
  EXPECT_FALSE(promoted.already_primary());
  EXPECT_EQ(HealthOf(follower.Channel(), LedgerServer::kWritesHealthService),
            HealthCheckResponse::SERVING);
  s = follower.Journal()->PromoteToPrimary(Context("admin").get(), v1::PromoteToPrimaryRequest(),
                                           &promoted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(promoted.already_primary());

  v1::CreateLoanResponse created;
  s = follower.Create("L4", &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.commit().sequence(), 5u);
  v1::GetEntryRequest fifth;
  fifth.set_sequence(5);
  v1::JournalEntry entry;
  ASSERT_TRUE(follower.Journal()->GetEntry(Context("auditor").get(), fifth, &entry).ok());
  EXPECT_EQ(entry.prev_hash(), promoted.head_hash());
  EXPECT_EQ(follower.Status().role(), v1::ReplicationStatus::PRIMARY);
  EXPECT_EQ(follower.Status().state(), v1::ReplicationStatus::PROMOTED);

  follower.Stop();
  ExpectAuditOk(follower.data_dir());
}

// A development (plaintext) follower only follows a primary on this machine, and a TLS
// follower needs a client certificate for its primary: both refused at start, clearly.
TEST(FollowerTest, AFollowerThatWouldDialInsecurelyDoesNotStart) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = FreshTempDir("follower_refused");
  options.dev_plaintext = true;
  options.follow.primary_address = "10.1.2.3:50051";
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument) << server.status();
  EXPECT_NE(server.status().message().find("loopback"), absl::string_view::npos) << server.status();
}

TEST(FollowerTest, AFollowerWithAnotherHistoryStopsDivergedAndWritesNothing) {
  Node primary("diverged-primary");
  primary.Start();
  ASSERT_TRUE(primary.Create("L1").ok());
  ASSERT_TRUE(primary.Create("L2").ok());
  ASSERT_TRUE(primary.Create("L3").ok());

  // The follower's directory has a history of its own: one different entry.
  Node follower("diverged-replica");
  follower.Start();
  ASSERT_TRUE(follower.Create("OTHER").ok());
  follower.Stop();
  follower.set_follow(primary.address());
  follower.Start();

  ASSERT_TRUE(follower.WaitForState(v1::ReplicationStatus::DIVERGED));
  const v1::ReplicationStatus status = follower.Status();
  EXPECT_NE(status.last_error().find("REPLICA_DIVERGED"), std::string::npos) << status.last_error();
  EXPECT_EQ(follower.Head(), 1u);  // nothing written; reads still served
  EXPECT_EQ(GetLoan(follower, "OTHER").loan_id(), "OTHER");

  // A diverged follower is not promoted unless the admin forces it: its history is a fork.
  v1::PromoteToPrimaryResponse promoted;
  grpc::Status s = follower.Journal()->PromoteToPrimary(Context("admin").get(),
                                                        v1::PromoteToPrimaryRequest(), &promoted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "REPLICA_DIVERGED");
  EXPECT_EQ(follower.Status().state(), v1::ReplicationStatus::DIVERGED);
  EXPECT_EQ(follower.Status().role(), v1::ReplicationStatus::FOLLOWER);
  EXPECT_EQ(ReasonOf(follower.Create("REFUSED")), "NOT_PRIMARY");

  v1::PromoteToPrimaryRequest force;
  force.set_force(true);
  s = follower.Journal()->PromoteToPrimary(Context("admin").get(), force, &promoted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(promoted.already_primary());
  EXPECT_EQ(promoted.head_sequence(), 1u);
  // Promoted, and the divergence it carries stays on record.
  const v1::ReplicationStatus after = follower.Status();
  EXPECT_EQ(after.role(), v1::ReplicationStatus::PRIMARY);
  EXPECT_EQ(after.state(), v1::ReplicationStatus::PROMOTED);
  EXPECT_NE(after.last_error().find("REPLICA_DIVERGED"), std::string::npos) << after.last_error();
  v1::CreateLoanResponse created;
  s = follower.Create("AFTER", &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.commit().sequence(), 2u);
  follower.Stop();
  ExpectAuditOk(follower.data_dir());
}

// Over mutual TLS the follower presents its own client certificate; the primary's policy
// decides: the auditor's certificate gets the feed, a bank's is refused (and retried, not
// taken for a divergence).
TEST(FollowerTest, OverMutualTlsTheFollowersCertificateMustHaveAFeedRole) {
  TestServer primary("tls-primary", Transport::kMutualTls);
  v1::CreateLoanResponse created;
  ASSERT_TRUE(v1::LoanService::NewStub(primary.NewTlsChannel("bank-B001"))
                  ->CreateLoan(Context().get(), CreateRequest("c-T1", "T1", 1000'00), &created)
                  .ok());
  auto start_follower = [&](const std::string& name, const std::string& client) {
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.data_dir = FreshTempDir(name);
    options.tls = {DevCertPath("server.pem"), DevCertPath("server.key"), DevCertPath("ca.pem")};
    options.policy_file = primary.policy_file();
    options.follow.primary_address = absl::StrCat("127.0.0.1:", primary.server().port());
    options.follow.tls_cert_file = DevCertPath(client + ".pem");
    options.follow.tls_key_file = DevCertPath(client + ".key");
    absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? std::move(*server) : nullptr;
  };
  std::unique_ptr<LedgerServer> follower = start_follower("tls-follower", "auditor-1");
  ASSERT_NE(follower, nullptr);
  std::unique_ptr<LedgerServer> refused = start_follower("tls-bank-follower", "bank-B001");
  ASSERT_NE(refused, nullptr);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline && (follower->follower()->status().applied_sequence < 1 ||
                                    refused->follower()->status().last_error.empty())) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(follower->follower()->status().applied_sequence, 1u);
  const FollowerStatus bank = refused->follower()->status();
  EXPECT_EQ(bank.applied_sequence, 0u);
  EXPECT_NE(bank.state, FollowerState::kDiverged);
  EXPECT_NE(bank.last_error.find("PERMISSION_DENIED"), std::string::npos) << bank.last_error;
  refused->Shutdown(absl::Seconds(2));
  follower->Shutdown(absl::Seconds(2));
}

}  // namespace
}  // namespace ledger
