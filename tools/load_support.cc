#include "tools/load_support.h"

#include <chrono>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/channel.h"
#include "clients/ledgerctl/errors.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"
#include "ledger/server/transport_security.h"

namespace loadtool {
namespace {}  // namespace

bool ParseFlagArgs(int argc, char** argv, const std::vector<std::string>& known,
                   std::map<std::string, std::string>* values, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      (*values)["help"] = "";
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      *error = absl::StrCat("unexpected argument ", arg);
      return false;
    }
    const size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    for (char& c : name) {
      if (c == '-') c = '_';
    }
    bool is_known = false;
    for (const std::string& k : known) is_known = is_known || k == name;
    if (!is_known) {
      *error = absl::StrCat("unknown flag --", name);
      return false;
    }
    if (values->count(name) > 0) {
      *error = absl::StrCat("--", name, " given twice");
      return false;
    }
    if (eq != std::string::npos) {
      (*values)[name] = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      (*values)[name] = argv[++i];
    } else {
      *error = absl::StrCat("--", name, " needs a value");
      return false;
    }
  }
  return true;
}

bool IntFlag(const std::map<std::string, std::string>& values, const std::string& name, int64_t min,
             int64_t max, int64_t* out, std::string* error) {
  auto it = values.find(name);
  if (it == values.end()) return true;
  int64_t parsed;
  if (!absl::SimpleAtoi(it->second, &parsed) || parsed < min || parsed > max) {
    *error = absl::StrCat("--", name, " must be an integer in ", min, "..", max);
    return false;
  }
  *out = parsed;
  return true;
}

std::vector<std::string> WithConnectionFlags(std::vector<std::string> names) {
  for (const char* name : {"server", "bank", "ca", "cert", "key"}) names.push_back(name);
  return names;
}

bool ReadConnectionFlags(const std::map<std::string, std::string>& values, ConnectionFlags* flags,
                         std::string* error) {
  auto read = [&](const char* name, std::string* out) {
    if (auto it = values.find(name); it != values.end()) *out = it->second;
  };
  read("server", &flags->server);
  read("bank", &flags->bank);
  read("ca", &flags->tls.ca_file);
  read("cert", &flags->tls.cert_file);
  read("key", &flags->tls.key_file);
  if (!ledger::IsLoopbackAddress(flags->server)) {
    *error = "--server must be a loopback address";
  } else if (flags->bank.empty()) {
    *error = "--bank must not be empty";
  } else if (!flags->tls.consistent()) {
    *error = "--ca, --cert and --key go together";
  } else {
    return true;
  }
  return false;
}

std::shared_ptr<grpc::ChannelCredentials> ClientCredentials(const TlsFiles& tls,
                                                            std::string* error) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      ledgerctl::MutualTlsCredentials(tls.ca_file, tls.cert_file, tls.key_file);
  if (!credentials.ok()) {
    *error = std::string(credentials.status().message());
    return nullptr;
  }
  return *credentials;
}

Connection Connect(const char* tool, const ConnectionFlags& flags) {
  Connection connection;
  connection.principal = "bank:" + flags.bank;
  std::string error;
  connection.credentials = ClientCredentials(flags.tls, &error);
  if (connection.credentials == nullptr) std::fprintf(stderr, "%s: %s\n", tool, error.c_str());
  return connection;
}

std::shared_ptr<grpc::Channel> ClientChannel(
    const std::string& server, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int client) {
  grpc::ChannelArguments args;
  // Channels with equal arguments share one subchannel (one TCP connection) by default; a
  // local pool plus a distinguishing argument gives each client its own connection.
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  args.SetInt("loadtool.client", client);
  // A batch's answer (8,000 results) is larger than gRPC's default 4 MiB client limit allows
  // for comfortably.
  args.SetMaxReceiveMessageSize(16 << 20);
  return grpc::CreateCustomChannel(server, credentials, args);
}

std::unique_ptr<v1::LoanService::Stub> ConnectClient(
    const std::string& server, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int client) {
  return v1::LoanService::NewStub(ClientChannel(server, credentials, client));
}

std::unique_ptr<grpc::ClientContext> CallContext(const std::string& principal,
                                                 bool wait_for_ready) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  context->AddMetadata("x-ledger-principal", principal);
  context->set_wait_for_ready(wait_for_ready);
  return context;
}

std::string LoanName(const std::string& bank, const std::string& loan_id) {
  return absl::StrCat("banks/", bank, "/loans/", loan_id);
}

v1::CreateLoanRequest CreateRequest(const std::string& request_id, const std::string& bank,
                                    const std::string& loan_id, int64_t principal_fen) {
  v1::CreateLoanRequest create;
  create.set_request_id(request_id);
  create.set_bank_id(bank);
  create.set_loan_id(loan_id);
  create.set_borrower_id(loan_id);
  create.set_county_code("370281");
  *create.mutable_principal() = ledger::Cny(principal_fen);
  create.set_annual_rate_bps(435);
  create.set_term_months(36);
  *create.mutable_contract_date() = ledger::ToDate(absl::CivilDay(2024, 1, 2));
  return create;
}

v1::DisburseLoanRequest DisburseRequest(const std::string& request_id, const std::string& name,
                                        int64_t amount_fen) {
  v1::DisburseLoanRequest disburse;
  disburse.set_request_id(request_id);
  disburse.set_name(name);
  *disburse.mutable_amount() = ledger::Cny(amount_fen);
  *disburse.mutable_value_date() = ledger::ToDate(absl::CivilDay(2024, 1, 3));
  return disburse;
}

v1::RecordRepaymentRequest RepayRequest(const std::string& request_id, const std::string& name,
                                        int64_t principal_fen) {
  v1::RecordRepaymentRequest repay;
  repay.set_request_id(request_id);
  repay.set_name(name);
  *repay.mutable_principal() = ledger::Cny(principal_fen);
  *repay.mutable_value_date() = ledger::ToDate(absl::CivilDay(2024, 3, 20));
  return repay;
}

std::string ReasonOf(const grpc::Status& status) {
  return ledgerctl::DecodeRpcError(status).reason;
}

std::string CodeName(grpc::StatusCode code) { return ledgerctl::CanonicalCodeName(code); }

bool OutcomeUnknown(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:  // COMMIT_QUEUE_FULL: not applied, retry asked
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNAVAILABLE:
      return true;
    default:
      return false;
  }
}

}  // namespace loadtool
