// What the loan rules' tests share (loan_rules_test.cc, loan_lifecycle_rules_test.cc): the
// clock, the accounts of bank B001 and its loan L1, postings as short strings, and a check of
// a refusal. Each test builds its own sample loans.
//
//   EXPECT_EQ(Legs(*event), (std::vector<std::string>{Dr(kPrincipal, 5'00), Cr(kFunding, 5'00)}));
//   ExpectRefused(DecideWriteOff(loan, WriteOff(), kToday), absl::StatusCode::kInvalidArgument,
//                 reason::kDateInFuture, "value_date");
#ifndef LEDGER_LOAN_LOAN_TEST_SUPPORT_H_
#define LEDGER_LOAN_LOAN_TEST_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// The day the rules are asked on.
inline const absl::CivilDay kToday(2024, 6, 30);

inline const std::string kFunding = BankFundingAccount("B001");
inline const std::string kRepayments = BankRepaymentsAccount("B001");
inline const std::string kIncome = BankInterestIncomeAccount("B001");
inline const std::string kWriteOffs = BankWriteOffsAccount("B001");
inline const std::string kPrincipal = LoanPrincipalAccount("B001", "L1");
inline const std::string kInterest = LoanInterestAccount("B001", "L1");

inline v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

// "D account fen" / "C account fen", in the order the rule posted them; expects them balanced.
inline std::vector<std::string> Legs(const v1::Event& event) {
  EXPECT_TRUE(CheckBalanced(event.postings()).ok());
  std::vector<std::string> legs;
  for (const v1::Posting& leg : event.postings()) {
    legs.push_back(absl::StrCat(leg.side() == v1::DEBIT ? "D " : "C ", leg.account(), " ",
                                leg.amount().amount_fen()));
  }
  return legs;
}
inline std::string Dr(const std::string& account, int64_t fen) {
  return absl::StrCat("D ", account, " ", fen);
}
inline std::string Cr(const std::string& account, int64_t fen) {
  return absl::StrCat("C ", account, " ", fen);
}

// Checks code, reason and field of a refusal.
inline void ExpectRefused(const absl::StatusOr<v1::Event>& result, absl::StatusCode code,
                          absl::string_view why, absl::string_view field) {
  ASSERT_FALSE(result.ok()) << why;
  EXPECT_EQ(result.status().code(), code) << result.status();
  EXPECT_EQ(ReasonOf(result.status()), why) << result.status();
  EXPECT_EQ(FieldOf(result.status()), field) << result.status();
}

}  // namespace ledger

#endif  // LEDGER_LOAN_LOAN_TEST_SUPPORT_H_
