// Request builders for "one helps ten" cohorts (CohortService): flags in, an API request out,
// nothing called. Each refusal is a usage error naming the flag (flag_values.h); whether the
// cohort accepts it (full, closed, a person already in another cohort) is the server's
// business.
//
//   absl::StatusOr<std::map<std::string, v1::MenteeOutcome>> outcomes =
//       ParseOutcomesCsv("mentee_id,started_business,jobs_created,income_change\nM01,yes,2,1200");
//   absl::StatusOr<v1::CloseCohortRequest> request = BuildCloseCohortRequest(flags, csv_text);
#ifndef CLIENTS_LEDGERCTL_COHORT_REQUESTS_H_
#define CLIENTS_LEDGERCTL_COHORT_REQUESTS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/cohort.pb.h"

namespace ledgerctl {

// "counties/{county}/cohorts/{cohort_id}": --cohort as given, or built from --county and
// --cohort_id.
absl::StatusOr<std::string> CohortNameFromFlags(const ParsedFlags& flags);

// Outcomes at close from CSV text: one `mentee_id,started_business,jobs_created,income_change`
// line per active mentee. started_business is yes/no (or true/false, 1/0); jobs_created a
// count 0..10000; income_change yuan, a leading '-' for a fall. An optional header (the four
// names) is skipped; blank lines and spaces around fields are ignored; a mentee twice is
// refused. Refusals name the line number.
absl::StatusOr<std::map<std::string, microloan::ledger::v1::MenteeOutcome>> ParseOutcomesCsv(
    absl::string_view csv);

// Signed yuan ("-1200.50") into fen.
absl::StatusOr<int64_t> ParseSignedYuanToFen(absl::string_view text);

// cohort-create: --county --cohort_id --year --mentor_id --mentor_kind=person|firm
// --mentor_name [--mentor_profile].
absl::StatusOr<microloan::ledger::v1::CreateCohortRequest> BuildCreateCohortRequest(
    const ParsedFlags& flags);
// cohort-enrol: --cohort --mentee_id --national_id --name [--borrower] --value_date.
absl::StatusOr<microloan::ledger::v1::EnrolMenteeRequest> BuildEnrolMenteeRequest(
    const ParsedFlags& flags);
// cohort-withdraw: --cohort --mentee_id --reason --value_date.
absl::StatusOr<microloan::ledger::v1::WithdrawMenteeRequest> BuildWithdrawMenteeRequest(
    const ParsedFlags& flags);
// cohort-support: --cohort --kind [--mentee_id] --given_by [--description] [--amount
// [--paid_out]] --value_date. --amount only (and then required) with --kind=funding.
absl::StatusOr<microloan::ledger::v1::RecordSupportRequest> BuildRecordSupportRequest(
    const ParsedFlags& flags);
// cohort-close: --cohort --value_date and the outcomes (`outcomes_csv`, the text of the
// --outcomes file, which the command reads).
absl::StatusOr<microloan::ledger::v1::CloseCohortRequest> BuildCloseCohortRequest(
    const ParsedFlags& flags, absl::string_view outcomes_csv);
// cohort-rules: --county --max_cohorts_per_mentor.
absl::StatusOr<microloan::ledger::v1::SetCohortRulesRequest> BuildSetCohortRulesRequest(
    const ParsedFlags& flags);
// cohort-card: --cohort [--as_of].
absl::StatusOr<microloan::ledger::v1::GetCohortCardRequest> BuildGetCohortCardRequest(
    const ParsedFlags& flags);
// county-cohorts: --county --year [--as_of].
absl::StatusOr<microloan::ledger::v1::GetCountyCohortsRequest> BuildGetCountyCohortsRequest(
    const ParsedFlags& flags);
// mentor-history: --mentor_id.
absl::StatusOr<microloan::ledger::v1::GetMentorHistoryRequest> BuildGetMentorHistoryRequest(
    const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COHORT_REQUESTS_H_
