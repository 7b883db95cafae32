// An in-process stand-in for ledgerd, for ledgerctl's end-to-end tests: it
// records what each call carried (request, x-ledger-principal header) and
// answers from scripted values, with no network and no storage.
//
//   FakeLedgerServer server;
//   server.loans().commit.set_sequence(7);
//   std::shared_ptr<grpc::Channel> channel = server.channel();
//   ... run ledgerctl against `channel` ...
//   EXPECT_EQ(server.loans().log.principals[0], "bank:B001");
#ifndef CLIENTS_LEDGERCTL_FAKE_LEDGER_SERVER_H_
#define CLIENTS_LEDGERCTL_FAKE_LEDGER_SERVER_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/server.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {

// What every fake call records. Tests set the public response fields before the
// call and read the recorded ones after it (calls have finished by then).
struct CallLog {
  std::vector<std::string> methods;     // "CreateLoan", "ListLoans", ...
  std::vector<std::string> principals;  // x-ledger-principal of each call
  std::vector<bool> had_deadline;
  grpc::Status error = grpc::Status::OK;  // returned by the next call instead of an answer
};

class FakeLoanService final : public microloan::ledger::v1::LoanService::Service {
 public:
  CallLog log;
  microloan::ledger::v1::CreateLoanRequest create_request;
  microloan::ledger::v1::DisburseLoanRequest disburse_request;
  microloan::ledger::v1::RecordRepaymentRequest repay_request;
  microloan::ledger::v1::Loan loan;          // answers GetLoan and mutations
  microloan::ledger::v1::CommitInfo commit;  // answers mutations
  std::vector<microloan::ledger::v1::ListLoansResponse> loan_pages;  // by token "", "1", ...
  std::vector<microloan::ledger::v1::ListLoansRequest> list_requests;
  std::vector<microloan::ledger::v1::ListLoanHistoryResponse> history_pages;

  grpc::Status CreateLoan(grpc::ServerContext* context,
                          const microloan::ledger::v1::CreateLoanRequest* request,
                          microloan::ledger::v1::CreateLoanResponse* response) override;
  grpc::Status DisburseLoan(grpc::ServerContext* context,
                            const microloan::ledger::v1::DisburseLoanRequest* request,
                            microloan::ledger::v1::DisburseLoanResponse* response) override;
  grpc::Status RecordRepayment(grpc::ServerContext* context,
                               const microloan::ledger::v1::RecordRepaymentRequest* request,
                               microloan::ledger::v1::RecordRepaymentResponse* response) override;
  grpc::Status GetLoan(grpc::ServerContext* context,
                       const microloan::ledger::v1::GetLoanRequest* request,
                       microloan::ledger::v1::Loan* response) override;
  grpc::Status ListLoans(grpc::ServerContext* context,
                         const microloan::ledger::v1::ListLoansRequest* request,
                         microloan::ledger::v1::ListLoansResponse* response) override;
  grpc::Status ListLoanHistory(grpc::ServerContext* context,
                               const microloan::ledger::v1::ListLoanHistoryRequest* request,
                               microloan::ledger::v1::ListLoanHistoryResponse* response) override;

 private:
  grpc::Status Record(grpc::ServerContext* context, const char* method);
  std::mutex mu_;
};

class FakeJournalService final : public microloan::ledger::v1::JournalService::Service {
 public:
  CallLog log;
  microloan::ledger::v1::JournalEntry entry;  // answers GetEntry
  microloan::ledger::v1::ListEntriesResponse entries_page;
  microloan::ledger::v1::JournalHead head;
  // StreamEntries sends these, then ends the call unless `hold_stream_open`
  // (then it waits for the client to cancel, like a live server with no new
  // commits).
  std::vector<microloan::ledger::v1::JournalEntry> stream;
  bool hold_stream_open = false;
  // VerifyChain answers these in order (the last one repeats).
  std::vector<microloan::ledger::v1::VerifyChainResponse> verify_responses;
  std::vector<microloan::ledger::v1::VerifyChainRequest> verify_requests;

  grpc::Status GetEntry(grpc::ServerContext* context,
                        const microloan::ledger::v1::GetEntryRequest* request,
                        microloan::ledger::v1::JournalEntry* response) override;
  grpc::Status ListEntries(grpc::ServerContext* context,
                           const microloan::ledger::v1::ListEntriesRequest* request,
                           microloan::ledger::v1::ListEntriesResponse* response) override;
  grpc::Status StreamEntries(
      grpc::ServerContext* context, const microloan::ledger::v1::StreamEntriesRequest* request,
      grpc::ServerWriter<microloan::ledger::v1::JournalEntry>* writer) override;
  grpc::Status GetHead(grpc::ServerContext* context,
                       const microloan::ledger::v1::GetHeadRequest* request,
                       microloan::ledger::v1::JournalHead* response) override;
  grpc::Status VerifyChain(grpc::ServerContext* context,
                           const microloan::ledger::v1::VerifyChainRequest* request,
                           microloan::ledger::v1::VerifyChainResponse* response) override;

 private:
  grpc::Status Record(grpc::ServerContext* context, const char* method);
  std::mutex mu_;
};

class FakeLedgerServer {
 public:
  FakeLedgerServer();
  ~FakeLedgerServer();

  FakeLoanService& loans() { return loans_; }
  FakeJournalService& journal() { return journal_; }
  std::shared_ptr<grpc::Channel> channel();

 private:
  FakeLoanService loans_;
  FakeJournalService journal_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_FAKE_LEDGER_SERVER_H_
