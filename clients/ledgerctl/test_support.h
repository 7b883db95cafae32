// Small helpers shared by ledgerctl's tests: parsed flags and API dates made in one line, and
// a substring check for captured output.
//
//   absl::StatusOr<v1::DisburseLoanRequest> request = BuildDisburseLoanRequest(
//       Flags({{"loan", "x"}, {"amount", "1"}, {"value_date", "2024-01-15"}}));
//   *entry.mutable_value_date() = Day(2024, 1, 15);
//   EXPECT_TRUE(Contains(run.out, "\nsequence:                1\n")) << run.out;
#ifndef CLIENTS_LEDGERCTL_TEST_SUPPORT_H_
#define CLIENTS_LEDGERCTL_TEST_SUPPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// The flags as ParseFlags would give them for `--name=value` in this order: a name given
// twice keeps both values, as a repeatable flag (--party) does.
ParsedFlags Flags(const std::vector<std::pair<std::string, std::string>>& values);

microloan::ledger::v1::Date Day(int year, int month, int day);

bool Contains(const std::string& text, const std::string& part);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_TEST_SUPPORT_H_
