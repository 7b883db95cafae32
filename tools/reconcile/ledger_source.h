// The reconciliation's inputs from a running ledgerd over gRPC: the expected subsidy of every
// loan in scope for a period (SubsidyService.ListLoanSubsidies, page by page), and the claims
// banks stored in the ledger for a period (ListSubsidyClaims, then GetSubsidyClaim for their
// lines). The connection is mutual TLS, or plaintext to a development server that takes the
// caller from the x-ledger-principal header (like ledgerctl's, clients/ledgerctl/channel.h,
// whose library is private to ledgerctl).
//
//   ConnectionOptions c{"127.0.0.1:50051", /*dev_plaintext=*/true, "finance"};
//   absl::StatusOr<std::unique_ptr<LedgerSource>> source = LedgerSource::Connect(c);
//   absl::StatusOr<std::vector<ExpectedLoan>> loans = (*source)->ListExpected(
//       period, /*bank_id=*/"", /*county_code=*/"", [](int64_t n) { ... });
//   absl::StatusOr<std::vector<ClaimedLoan>> claimed = (*source)->ListStoredClaims(period, "B001");
#ifndef TOOLS_RECONCILE_LEDGER_SOURCE_H_
#define TOOLS_RECONCILE_LEDGER_SOURCE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"
#include "tools/reconcile/claim_types.h"
#include "tools/reconcile/quarter.h"

namespace reconcile {

// Bounds on what one run reads: more is refused (RESOURCE_EXHAUSTED), not read forever.
inline constexpr int64_t kMaxListedLoans = 10'000'000;
inline constexpr int64_t kMaxStoredClaims = 100'000;
inline constexpr int kLoanSubsidiesPageSize = 1000;
inline constexpr int kClaimsPageSize = 500;

struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";
  bool dev_plaintext = false;
  std::string principal = "finance";         // sent only with dev_plaintext
  std::string ca_file, cert_file, key_file;  // mutual TLS: all three
  int64_t timeout_ms = 60000;                // each call's deadline
};

// Called after each page with the number of items read so far.
using Progress = std::function<void(int64_t count)>;

class LedgerSource {
 public:
  // FAILED_PRECONDITION naming a TLS file that cannot be read. Does not connect yet.
  static absl::StatusOr<std::unique_ptr<LedgerSource>> Connect(const ConnectionOptions& options);

  // `principal` empty: no header (mutual TLS).
  LedgerSource(std::shared_ptr<grpc::Channel> channel, std::string principal, int64_t timeout_ms);

  // Every loan ListLoanSubsidies lists for the period, the filters ("" for none) and the
  // caller's scope, in the server's (loan name) order. The gRPC status of a failed call,
  // prefixed with the RPC's name.
  absl::StatusOr<std::vector<ExpectedLoan>> ListExpected(const Period& period,
                                                         const std::string& bank_id,
                                                         const std::string& county_code,
                                                         const Progress& progress);

  // The lines of the stored claims of `bank_id` ("" for every bank in scope) whose period is
  // exactly `period` and that were not rejected, claim by claim in name order, lines in their
  // submitted order. Progress counts claims read.
  absl::StatusOr<std::vector<ClaimedLoan>> ListStoredClaims(const Period& period,
                                                            const std::string& bank_id,
                                                            const Progress& progress);

 private:
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  std::unique_ptr<microloan::ledger::v1::SubsidyService::Stub> stub_;
  std::string principal_;
  int64_t timeout_ms_;
};

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_LEDGER_SOURCE_H_
