// The fixture of the authorisation matrix tests: a real server with a real policy file, two
// banks' loans in two counties, each guaranteed by its own county's guarantee fund (the bank
// requested it, the fund issued it), a loan of each bank whose guarantee the bank requested and
// the fund has not issued yet, and a way to call every RPC of the API as any principal against
// either side.
//
// "Own" targets are in the scope of every scoped role's principal (bank B001, county 370281,
// fund F001); "other" targets in someone else's (bank B002, county 370282, fund F002). The
// expected answers are written out in the tests, independently of the server's table.
//
//   TEST_F(AuthorizationMatrixTest, EveryRoleEveryLoanRpc) {
//     CheckEveryRole(expected, {"microloan.ledger.v1.LoanService"});
//   }
#ifndef TESTS_AUTHORIZATION_MATRIX_H_
#define TESTS_AUTHORIZATION_MATRIX_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/batch.pb.h"

namespace ledger {

using grpc::StatusCode;

inline constexpr StatusCode OK = StatusCode::OK;
inline constexpr StatusCode PD = StatusCode::PERMISSION_DENIED;
inline constexpr StatusCode NF = StatusCode::NOT_FOUND;
inline constexpr StatusCode FP = StatusCode::FAILED_PRECONDITION;
// In scope, and the rules decide: done (OK) or refused for the state the loan or fund is in
// (FAILED_PRECONDITION). Either way authorisation let the call through. For commands whose
// outcome is the rules' business, not this test's. (UNKNOWN is never an expected answer.)
inline constexpr StatusCode RULES = StatusCode::UNKNOWN;

// The principals of the matrix's policy, acting for each role: the scoped ones are in the
// "own" scope.
const std::vector<std::pair<std::string, std::string>>& MatrixRoles();

// Whether a matrix principal is a guarantee fund's ("fund-F1").
bool IsFund(const std::string& principal);

struct Target {
  std::string bank, county, loan, name;
  std::string fund;   // the fund that guarantees `loan` (its id)
  std::string spare;  // a loan of the same bank and county without a fund guarantee (its id)
  // A loan of the same bank and county whose bank asked `fund` for guarantee "GR-" + its id at
  // 5000 bps, not issued yet (its id).
  std::string requested;
  uint64_t entry = 0;         // the sequence of the loan's creation
  uint64_t disbursement = 0;  // the sequence of its disbursement (a bank's money entry)
  uint64_t deposit = 0;       // the sequence of the fund's capital deposit (a fund's money entry)
};

// {own, other}
using Cell = std::pair<StatusCode, StatusCode>;
// method -> role -> {own, other}
using Expectations = std::map<std::string, std::map<std::string, Cell>>;

// A row in the role order bank, county_officer, finance, guarantee_fund, auditor, admin.
std::map<std::string, Cell> Row(Cell bank, Cell officer, Cell finance, Cell fund, Cell auditor,
                                Cell admin);

inline constexpr Cell kDenied = {PD, PD};
inline constexpr Cell kBothOk = {OK, OK};
inline constexpr Cell kScopedNotFound = {OK, NF};
inline constexpr Cell kScopedDenied = {OK, PD};

// A batch command's result (BatchService) as the status a unary call would have answered with:
// OK, or its code with an ErrorInfo of its reason and field.
grpc::Status BatchResultStatus(const v1::BatchCommandResult& result);

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  AuthorizationMatrixTest();

  void SetUp() override;

  // Creates the loan and disburses part of it, as `principal` (a bank).
  void SeedLoan(const std::string& principal, const std::string& bank, const std::string& county,
                const std::string& loan, uint64_t* created = nullptr,
                uint64_t* disbursed = nullptr);

  // "One helps ten": in each target's county, as its officer, cohort K1 (mentor "MK1-" county)
  // with non-borrower mentee S1 and cohort K2 (mentor "MK2-" county) with mentee S2, for
  // programme year 2024. CohortService calls act on counties/{county}/cohorts/K1 (K2 to close).
  void SeedCohorts();

  // Calls `method` as `principal` against `target`; returns the status.
  grpc::Status Call(const std::string& method, const std::string& principal, const Target& target);

  // Calls every method of `services` as every role against own_ and other_, and checks each
  // answer against `expected` (which must have a row for every method). Returns the number of
  // calls checked.
  int CheckEveryRole(const Expectations& expected, std::initializer_list<const char*> services);

  TestServer server_;
  Target own_, other_;

 private:
  Target Seed(const std::string& bank_principal, const std::string& fund_principal,
              const std::string& bank, const std::string& county, const std::string& loan,
              const std::string& fund);
  grpc::Status CallLoans(const std::string& name, const std::string& id,
                         const std::string& principal, const Target& target);
  grpc::Status CallGuarantees(const std::string& name, const std::string& id,
                              const std::string& principal, const Target& target);
  grpc::Status CallAccounts(const std::string& name, const std::string& id,
                            const std::string& principal, const Target& target);
  grpc::Status CallJournal(const std::string& name, const std::string& principal,
                           const Target& target);
  grpc::Status CallPolicies(const std::string& name, const std::string& id,
                            const std::string& principal);
  grpc::Status CallSubsidies(const std::string& name, const std::string& principal,
                             const Target& target);
  grpc::Status CallCohorts(const std::string& name, const std::string& id,
                           const std::string& principal, const Target& target);
  grpc::Status CallBatches(const std::string& name, const std::string& id,
                           const std::string& principal, const Target& target);

  int calls_ = 0;
};

}  // namespace ledger

#endif  // TESTS_AUTHORIZATION_MATRIX_H_
