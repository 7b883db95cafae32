#include "clients/ledgerctl/fake_ledger_server.h"

#include <chrono>
#include <thread>

#include "grpcpp/server_builder.h"
#include "grpcpp/support/channel_arguments.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

constexpr char kPrincipalHeader[] = "x-ledger-principal";

grpc::Status RecordCall(grpc::ServerContext* context, const char* method, CallLog* log) {
  log->methods.push_back(method);
  auto principal = context->client_metadata().find(kPrincipalHeader);
  log->principals.push_back(principal == context->client_metadata().end()
                                ? "<none>"
                                : std::string(principal->second.data(), principal->second.size()));
  // No deadline shows up as a far-future one.
  log->had_deadline.push_back(context->deadline() <
                              std::chrono::system_clock::now() + std::chrono::hours(24 * 365));
  grpc::Status error = log->error;
  log->error = grpc::Status::OK;
  return error;
}

// Page i of `pages` for token "" (i = 0) or "<i>".
template <typename Page>
grpc::Status PageFor(const std::vector<Page>& pages, const std::string& token, Page* page) {
  const size_t index = token.empty() ? 0 : std::stoul(token);
  if (index >= pages.size()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad page token");
  }
  *page = pages[index];
  return grpc::Status::OK;
}

}  // namespace

grpc::Status FakeLoanService::Record(grpc::ServerContext* context, const char* method) {
  return RecordCall(context, method, &log);
}

grpc::Status FakeLoanService::CreateLoan(grpc::ServerContext* context,
                                         const v1::CreateLoanRequest* request,
                                         v1::CreateLoanResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  create_request = *request;
  if (grpc::Status error = Record(context, "CreateLoan"); !error.ok()) return error;
  *response->mutable_loan() = loan;
  *response->mutable_commit() = commit;
  return grpc::Status::OK;
}

grpc::Status FakeLoanService::DisburseLoan(grpc::ServerContext* context,
                                           const v1::DisburseLoanRequest* request,
                                           v1::DisburseLoanResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  disburse_request = *request;
  if (grpc::Status error = Record(context, "DisburseLoan"); !error.ok()) return error;
  *response->mutable_loan() = loan;
  *response->mutable_commit() = commit;
  return grpc::Status::OK;
}

grpc::Status FakeLoanService::RecordRepayment(grpc::ServerContext* context,
                                              const v1::RecordRepaymentRequest* request,
                                              v1::RecordRepaymentResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  repay_request = *request;
  if (grpc::Status error = Record(context, "RecordRepayment"); !error.ok()) return error;
  *response->mutable_loan() = loan;
  *response->mutable_commit() = commit;
  return grpc::Status::OK;
}

grpc::Status FakeLoanService::GetLoan(grpc::ServerContext* context,
                                      const v1::GetLoanRequest* request, v1::Loan* response) {
  std::lock_guard<std::mutex> lock(mu_);
  if (grpc::Status error = Record(context, "GetLoan"); !error.ok()) return error;
  *response = loan;
  response->set_name(request->name());
  return grpc::Status::OK;
}

grpc::Status FakeLoanService::ListLoans(grpc::ServerContext* context,
                                        const v1::ListLoansRequest* request,
                                        v1::ListLoansResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  list_requests.push_back(*request);
  if (grpc::Status error = Record(context, "ListLoans"); !error.ok()) return error;
  return PageFor(loan_pages, request->page_token(), response);
}

grpc::Status FakeLoanService::ListLoanHistory(grpc::ServerContext* context,
                                              const v1::ListLoanHistoryRequest* request,
                                              v1::ListLoanHistoryResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  if (grpc::Status error = Record(context, "ListLoanHistory"); !error.ok()) return error;
  return PageFor(history_pages, request->page_token(), response);
}

grpc::Status FakeJournalService::Record(grpc::ServerContext* context, const char* method) {
  return RecordCall(context, method, &log);
}

grpc::Status FakeJournalService::GetEntry(grpc::ServerContext* context,
                                          const v1::GetEntryRequest* request,
                                          v1::JournalEntry* response) {
  std::lock_guard<std::mutex> lock(mu_);
  if (grpc::Status error = Record(context, "GetEntry"); !error.ok()) return error;
  *response = entry;
  response->set_sequence(request->sequence());
  return grpc::Status::OK;
}

grpc::Status FakeJournalService::ListEntries(grpc::ServerContext* context,
                                             const v1::ListEntriesRequest* request,
                                             v1::ListEntriesResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  if (grpc::Status error = Record(context, "ListEntries"); !error.ok()) return error;
  *response = entries_page;
  return grpc::Status::OK;
}

grpc::Status FakeJournalService::StreamEntries(grpc::ServerContext* context,
                                               const v1::StreamEntriesRequest* request,
                                               grpc::ServerWriter<v1::JournalEntry>* writer) {
  std::vector<v1::JournalEntry> to_send;
  bool hold;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (grpc::Status error = Record(context, "StreamEntries"); !error.ok()) return error;
    to_send = stream;
    hold = hold_stream_open;
  }
  for (const v1::JournalEntry& one : to_send) {
    if (one.sequence() < request->start_sequence()) continue;
    if (!writer->Write(one)) return grpc::Status::CANCELLED;
  }
  while (hold && !context->IsCancelled()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return grpc::Status::OK;
}

grpc::Status FakeJournalService::GetHead(grpc::ServerContext* context,
                                         const v1::GetHeadRequest* request,
                                         v1::JournalHead* response) {
  std::lock_guard<std::mutex> lock(mu_);
  if (grpc::Status error = Record(context, "GetHead"); !error.ok()) return error;
  *response = head;
  return grpc::Status::OK;
}

grpc::Status FakeJournalService::VerifyChain(grpc::ServerContext* context,
                                             const v1::VerifyChainRequest* request,
                                             v1::VerifyChainResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  if (grpc::Status error = Record(context, "VerifyChain"); !error.ok()) return error;
  const size_t index = std::min(verify_requests.size(), verify_responses.size() - 1);
  verify_requests.push_back(*request);
  *response = verify_responses[index];
  return grpc::Status::OK;
}

FakeLedgerServer::FakeLedgerServer() {
  grpc::ServerBuilder builder;
  builder.RegisterService(&loans_);
  builder.RegisterService(&journal_);
  server_ = builder.BuildAndStart();
}

FakeLedgerServer::~FakeLedgerServer() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

std::shared_ptr<grpc::Channel> FakeLedgerServer::channel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

}  // namespace ledgerctl
