#include "clients/ledgerctl/test_runner.h"

#include <algorithm>
#include <mutex>
#include <sstream>
#include <streambuf>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/app.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

int RunWith(const std::string& address, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, bool err_is_tty, std::ostream& out,
            std::ostream& err, std::string* server) {
  AppEnvironment app;
  app.env = [env](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  app.out = &out;
  app.err = &err;
  app.err_is_tty = err_is_tty;
  app.make_channel = [&address, server](const GlobalOptions& options) {
    *server = options.server;
    return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  };
  app.new_request_id = []() -> absl::StatusOr<std::string> { return kTestRequestId; };
  return RunLedgerctl(args, app);
}

// The seeded loans belong to bank B001, and the development server grants by header, so the
// tests act as that bank unless they set the environment themselves.
std::map<std::string, std::string> WithDefaultPrincipal(std::map<std::string, std::string> env) {
  if (env.empty()) env["LEDGER_PRINCIPAL"] = "bank:B001";
  return env;
}

void ExpectOk(const grpc::Status& status, const std::string& what) {
  EXPECT_TRUE(status.ok()) << what << ": " << status.error_code() << " " << status.error_message();
}

}  // namespace

std::string AddressOf(ledger::TestServer& server) {
  return absl::StrCat("127.0.0.1:", server.server().port());
}

TestRun RunForTest(const std::string& address, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, bool err_is_tty) {
  TestRun run;
  std::ostringstream out;
  std::ostringstream err;
  run.exit_code =
      RunWith(address, args, WithDefaultPrincipal(env), err_is_tty, out, err, &run.server);
  run.out = out.str();
  run.err = err.str();
  return run;
}

TestRun RunForTest(ledger::TestServer& server, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, bool err_is_tty) {
  return RunForTest(AddressOf(server), args, env, err_is_tty);
}

// An unbuffered stream whose text another thread may read while it is written.
class BackgroundRun::Output : public std::streambuf {
 public:
  Output() : stream_(this) {}
  std::ostream& stream() { return stream_; }
  std::string Contents() const {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      std::lock_guard<std::mutex> lock(mu_);
      text_.push_back(traits_type::to_char_type(c));
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* text, std::streamsize size) override {
    std::lock_guard<std::mutex> lock(mu_);
    text_.append(text, static_cast<size_t>(size));
    return size;
  }

 private:
  mutable std::mutex mu_;
  std::string text_;
  std::ostream stream_;
};

BackgroundRun::BackgroundRun(const std::string& address, const std::vector<std::string>& args)
    : out_(std::make_unique<Output>()), err_(std::make_unique<Output>()) {
  thread_ = std::thread([this, address, args] {
    run_.exit_code = RunWith(address, args, WithDefaultPrincipal({}), false, out_->stream(),
                             err_->stream(), &run_.server);
  });
}

BackgroundRun::~BackgroundRun() {
  if (thread_.joinable()) thread_.join();
}

bool BackgroundRun::WaitForLines(int lines, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (LineCount(out_->Contents()) < lines) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

TestRun BackgroundRun::Finish() {
  if (thread_.joinable()) thread_.join();
  run_.out = out_->Contents();
  run_.err = err_->Contents();
  return run_;
}

void SeedLoan(ledger::TestServer& server, const std::string& loan_id, int64_t principal_fen,
              const std::string& county) {
  v1::CreateLoanResponse response;
  ExpectOk(
      server.Loans()->CreateLoan(
          ledger::Context().get(),
          ledger::CreateRequest("seed-c-" + loan_id, loan_id, principal_fen, county), &response),
      "CreateLoan " + loan_id);
}

void SeedDisbursement(ledger::TestServer& server, const std::string& loan_id, int64_t amount_fen,
                      const std::string& request_id) {
  v1::DisburseLoanResponse response;
  ExpectOk(server.Loans()->DisburseLoan(ledger::Context().get(),
                                        ledger::DisburseRequest(request_id, loan_id, amount_fen),
                                        &response),
           "DisburseLoan " + loan_id);
}

v1::Loan ReadLoan(ledger::TestServer& server, const std::string& name) {
  v1::GetLoanRequest request;
  request.set_name(name);
  v1::Loan loan;
  // Read back as finance / an auditor, who see every bank's loans and entries.
  ExpectOk(server.Loans()->GetLoan(ledger::Context("finance").get(), request, &loan),
           "GetLoan " + name);
  return loan;
}

v1::JournalEntry ReadEntry(ledger::TestServer& server, uint64_t sequence) {
  v1::GetEntryRequest request;
  request.set_sequence(sequence);
  v1::JournalEntry entry;
  ExpectOk(server.Journal()->GetEntry(ledger::Context("auditor").get(), request, &entry),
           absl::StrCat("GetEntry ", sequence));
  return entry;
}

v1::JournalHead ReadHead(ledger::TestServer& server) {
  v1::JournalHead head;
  ExpectOk(server.Journal()->GetHead(ledger::Context().get(), v1::GetHeadRequest(), &head),
           "GetHead");
  return head;
}

std::string Hex(const std::string& bytes) { return absl::BytesToHexString(bytes); }

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace ledgerctl
