// Request builders for the integration tests: a valid request of each kind, to be changed
// field by field by the test.
//
//   v1::CreateLoanRequest create = CreateRequest("req-1", "L1", /*principal_fen=*/100'000'00);
#ifndef LEDGER_TESTING_REQUESTS_H_
#define LEDGER_TESTING_REQUESTS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/base/money.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

inline v1::Date Day(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

inline std::string LoanName(const std::string& loan_id, const std::string& bank_id = "B001") {
  return absl::StrCat("banks/", bank_id, "/loans/", loan_id);
}

inline v1::CreateLoanRequest CreateRequest(const std::string& request_id,
                                           const std::string& loan_id, int64_t principal_fen,
                                           const std::string& county = "370281",
                                           const std::string& bank_id = "B001") {
  v1::CreateLoanRequest r;
  r.set_request_id(request_id);
  r.set_bank_id(bank_id);
  r.set_loan_id(loan_id);
  r.set_borrower_id(absl::StrCat("borrower-", loan_id));
  r.set_county_code(county);
  *r.mutable_principal() = Cny(principal_fen);
  r.set_annual_rate_bps(435);
  r.set_term_months(24);
  *r.mutable_contract_date() = Day(2024, 1, 10);
  return r;
}

inline v1::DisburseLoanRequest DisburseRequest(const std::string& request_id,
                                               const std::string& loan_id, int64_t amount_fen,
                                               const std::string& bank_id = "B001") {
  v1::DisburseLoanRequest r;
  r.set_request_id(request_id);
  r.set_name(LoanName(loan_id, bank_id));
  *r.mutable_amount() = Cny(amount_fen);
  *r.mutable_value_date() = Day(2024, 1, 15);
  return r;
}

inline v1::RecordRepaymentRequest RepayRequest(const std::string& request_id,
                                               const std::string& loan_id, int64_t principal_fen,
                                               int64_t interest_fen,
                                               v1::Date value_date = Day(2024, 3, 20)) {
  v1::RecordRepaymentRequest r;
  r.set_request_id(request_id);
  r.set_name(LoanName(loan_id));
  *r.mutable_principal() = Cny(principal_fen);
  *r.mutable_interest() = Cny(interest_fen);
  *r.mutable_value_date() = value_date;
  return r;
}

}  // namespace ledger

#endif  // LEDGER_TESTING_REQUESTS_H_
