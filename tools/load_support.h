// What the load tools (repay_load, batch_load, load_gen, engine_bench) share: flag parsing in ledgerctl's conventions,
// the client channel (mutual TLS, or plaintext to a --dev_plaintext server), call contexts,
// request builders for the loan calls, and reading a refusal's google.rpc.ErrorInfo reason.
//
//   std::map<std::string, std::string> values;
//   std::string error;
//   if (!loadtool::ParseFlagArgs(argc, argv, {"server", "clients"}, &values, &error)) ...
//   auto credentials = loadtool::ClientCredentials(tls, &error);
//   auto stub = loadtool::ConnectClient(server, credentials, /*client=*/0);
//   grpc::Status s = stub->GetLoan(loadtool::CallContext("bank:LOAD").get(), get, &loan);
#ifndef TOOLS_LOAD_SUPPORT_H_
#define TOOLS_LOAD_SUPPORT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/status.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace loadtool {

namespace v1 = microloan::ledger::v1;

// Reads `--name=value` and `--name value` arguments (a dash in a name reads as an underscore,
// as in ledgerctl) into `*values`, keyed by name without the dashes. Every name must be in
// `known`; an unknown, repeated or value-less flag or a positional argument fails with
// `*error` set. "--help" / "-h" is returned as the name "help" with an empty value.
bool ParseFlagArgs(int argc, char** argv, const std::vector<std::string>& known,
                   std::map<std::string, std::string>* values, std::string* error);

// `values[name]`, if present, parsed into `*out` and checked to lie in [min, max]; false
// (with `*error`) otherwise. Absent leaves `*out` (the default) unchanged.
bool IntFlag(const std::map<std::string, std::string>& values, const std::string& name, int64_t min,
             int64_t max, int64_t* out, std::string* error);

// The client's mutual-TLS files: all three, or none (plaintext, for a --dev_plaintext server).
struct TlsFiles {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;

  bool enabled() const { return !ca_file.empty(); }
  bool consistent() const {
    return enabled() == !cert_file.empty() && enabled() == !key_file.empty();
  }
};

// What repay_load and batch_load both take: the server, the bank to act for, the TLS files.
struct ConnectionFlags {
  std::string server = "127.0.0.1:50051";
  std::string bank = "LOAD";  // the bank the loans belong to (and the caller acts for)
  TlsFiles tls;               // mutual TLS: all three, or none for a --dev_plaintext server
};
// `names` and the connection flags' names, for ParseFlagArgs.
std::vector<std::string> WithConnectionFlags(std::vector<std::string> names);

// Reads the connection flags present in `values`; false (with `*error`) for a server that is
// not a loopback address, an empty bank, or TLS files given only in part.
bool ReadConnectionFlags(const std::map<std::string, std::string>& values, ConnectionFlags* flags,
                         std::string* error);

// The connection flags' part of a tool's usage text.
inline constexpr char kConnectionUsage[] =
    "[--server=127.0.0.1:50051] [--bank=LOAD] [--ca=PEM --cert=PEM --key=PEM]\n"
    "(loopback addresses only; with TLS, --bank must be the certificate's bank)\n";

// Who a tool calls as and how: the development principal "bank:BANK" (a TLS server ignores
// it and takes the certificate's) and the channel credentials.
struct Connection {
  std::string principal;
  std::shared_ptr<grpc::ChannelCredentials> credentials;  // null: see Connect
};
// Null credentials after printing "TOOL: why" to stderr (a TLS file that cannot be read).
Connection Connect(const char* tool, const ConnectionFlags& flags);

// Insecure credentials without TLS files; SSL credentials from them otherwise. nullptr (with
// `*error` naming the file) when a file cannot be read or is empty.
std::shared_ptr<grpc::ChannelCredentials> ClientCredentials(const TlsFiles& tls,
                                                            std::string* error);

// A channel of its own (its own TCP connection, not shared with other clients' channels).
std::shared_ptr<grpc::Channel> ClientChannel(
    const std::string& server, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int client);

// A stub on a channel of its own (its own TCP connection, not shared with other clients).
std::unique_ptr<v1::LoanService::Stub> ConnectClient(
    const std::string& server, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int client);

// A call context with a 30 s deadline and the development principal header (ignored by a TLS
// server). `wait_for_ready` rides out a channel in reconnect backoff instead of failing fast;
// the verification uses it so that one dropped connection does not read as a lost write.
std::unique_ptr<grpc::ClientContext> CallContext(const std::string& principal,
                                                 bool wait_for_ready = false);

// "banks/{bank}/loans/{loan_id}".
std::string LoanName(const std::string& bank, const std::string& loan_id);

// The loans the tools make: 36 monthly equal-principal instalments, 4.35%, contract
// 2024-01-02, disbursed in full on 2024-01-03; repayments are valued 2024-03-20.
v1::CreateLoanRequest CreateRequest(const std::string& request_id, const std::string& bank,
                                    const std::string& loan_id, int64_t principal_fen);
v1::DisburseLoanRequest DisburseRequest(const std::string& request_id, const std::string& name,
                                        int64_t amount_fen);
v1::RecordRepaymentRequest RepayRequest(const std::string& request_id, const std::string& name,
                                        int64_t principal_fen);

// The google.rpc.ErrorInfo reason in a refusal's details ("" if there is none).
std::string ReasonOf(const grpc::Status& status);

// "DEADLINE_EXCEEDED" etc.
std::string CodeName(grpc::StatusCode code);

// Whether a failed write may nevertheless have been applied (or was refused only for now), so
// that the same request must be sent again to learn its outcome (docs/API.md: "retry with the
// same request id: it is either replayed or applied once").
bool OutcomeUnknown(grpc::StatusCode code);

}  // namespace loadtool

#endif  // TOOLS_LOAD_SUPPORT_H_
