#include "clients/ledgerctl/cohort_view.h"

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/ledgerctl/commit_view.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

std::string DateOrDash(const v1::Date& date) {
  return ledger::IsSet(date) ? ledger::FormatDate(date) : "-";
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

KeyValues CohortFields(const v1::Cohort& cohort) {
  int active = 0;
  for (const v1::Mentee& mentee : cohort.mentees()) active += mentee.state() == v1::MENTEE_ACTIVE;
  KeyValues fields = {
      {"name", cohort.name()},
      {"county", cohort.county_code()},
      {"programme_year", absl::StrCat(cohort.programme_year())},
      {"mentor", absl::StrCat(cohort.mentor().mentor_id(), " (", EnumName(cohort.mentor().kind()),
                              ") ", cohort.mentor().display_name())},
      {"state", EnumName(cohort.state())},
      {"mentees", absl::StrCat(active, " active of ", cohort.mentees_size(), " enrolled")},
      {"support_records", absl::StrCat(cohort.support_size())},
  };
  if (!cohort.mentor().profile().empty()) {
    fields.insert(fields.begin() + 4, {"mentor_profile", cohort.mentor().profile()});
  }
  if (ledger::IsSet(cohort.closed_on())) {
    fields.push_back({"closed_on", ledger::FormatDate(cohort.closed_on())});
  }
  return fields;
}

std::string MenteesTable(const v1::Cohort& cohort) {
  Table table(
      {{"MENTEE"}, {"NAME"}, {"STATE"}, {"ENROLLED"}, {"NATIONAL_ID"}, {"BORROWER"}, {"OUTCOME"}});
  for (const v1::Mentee& mentee : cohort.mentees()) {
    std::string outcome = "-";
    if (mentee.has_outcome()) {
      outcome = absl::StrCat(mentee.outcome().started_business() ? "business" : "no business", ", ",
                             mentee.outcome().jobs_created(), " jobs, ",
                             ledger::FormatMoney(mentee.outcome().income_change()));
    } else if (mentee.state() == v1::MENTEE_WITHDRAWN) {
      outcome = absl::StrCat("withdrawn ", DateOrDash(mentee.withdrawn_on()), ": ",
                             mentee.withdrawal_reason());
    }
    table.AddRow({mentee.mentee_id(), OrDash(mentee.display_name()), EnumName(mentee.state()),
                  DateOrDash(mentee.enrolled_on()), OrDash(mentee.national_id_masked()),
                  mentee.borrower_at_enrolment() ? "yes" : "no", outcome});
  }
  return table.Render();
}

std::string SupportTable(const v1::Cohort& cohort) {
  Table table({{"SEQ", Align::kRight},
               {"DATE"},
               {"KIND"},
               {"MENTEE"},
               {"GIVEN_BY"},
               {"AMOUNT", Align::kRight},
               {"PAID_OUT"},
               {"DESCRIPTION"}});
  for (const v1::SupportRecord& support : cohort.support()) {
    table.AddRow(
        {absl::StrCat(support.sequence()), DateOrDash(support.value_date()),
         EnumName(support.kind()), support.mentee_id().empty() ? "(cohort)" : support.mentee_id(),
         support.given_by(), support.has_amount() ? ledger::FormatMoney(support.amount()) : "-",
         support.paid_out() ? "yes" : "no", OrDash(support.description())});
  }
  return table.Render();
}

KeyValues PerformanceFields(const v1::Performance& p) {
  return {
      {"loans", absl::StrCat(p.loan_count())},
      {"instalments_due", absl::StrCat(p.instalments_due())},
      {"instalments_on_time", absl::StrCat(p.instalments_on_time())},
      {"on_time_share", FormatBps(p.on_time_share_bps())},
      {"outstanding_principal", ledger::FormatMoney(p.outstanding_principal())},
      {"outstanding_over_30_days", ledger::FormatMoney(p.outstanding_over_30_days())},
      {"par30", FormatBps(p.par30_bps())},
  };
}

std::vector<std::string> SummaryCells(const v1::Performance& p) {
  return {absl::StrCat(p.loan_count()), FormatBps(p.on_time_share_bps()), FormatBps(p.par30_bps()),
          ledger::FormatMoney(p.outstanding_principal())};
}

}  // namespace

std::string FormatBps(int32_t bps) {
  return absl::StrFormat("%s%d.%02d%%", bps < 0 ? "-" : "", std::abs(bps) / 100,
                         std::abs(bps) % 100);
}

std::string FormatCohort(const v1::Cohort& cohort) {
  std::string out = FormatKeyValues(CohortFields(cohort));
  if (cohort.mentees_size() > 0) absl::StrAppend(&out, "\n", MenteesTable(cohort));
  if (cohort.support_size() > 0) absl::StrAppend(&out, "\n", SupportTable(cohort));
  return out;
}

std::string FormatCohortWithCommit(const v1::Cohort& cohort, const v1::CommitInfo& commit) {
  KeyValues fields = CohortFields(cohort);
  AppendCommitFields(commit, &fields);
  std::string out = FormatKeyValues(fields);
  if (cohort.mentees_size() > 0) absl::StrAppend(&out, "\n", MenteesTable(cohort));
  if (cohort.support_size() > 0) absl::StrAppend(&out, "\n", SupportTable(cohort));
  return out;
}

std::string FormatCohortRules(const v1::CohortRulesResponse& rules) {
  KeyValues fields = {{"county", rules.county_code()},
                      {"max_cohorts_per_mentor", absl::StrCat(rules.max_cohorts_per_mentor())}};
  AppendCommitFields(rules.commit(), &fields);
  return FormatKeyValues(fields);
}

std::string FormatPerformance(const v1::Performance& performance) {
  return FormatKeyValues(PerformanceFields(performance));
}

Columns<v1::CohortSummary> CohortSummaryColumns(ColumnUse mentor) {
  using Summary = v1::CohortSummary;
  return {
      {"COHORT", Align::kLeft, [](const Summary& s) -> Cell { return s.cohort(); }},
      {"MENTOR", Align::kLeft, [](const Summary& s) -> Cell { return s.mentor().mentor_id(); },
       mentor},
      {"STATE", Align::kLeft, [](const Summary& s) -> Cell { return EnumName(s.state()); }},
      {"ACTIVE", Align::kRight,
       [](const Summary& s) -> Cell { return absl::StrCat(s.active_mentees()); }},
      {"LOANS", Align::kRight,
       [](const Summary& s) -> Cell { return absl::StrCat(s.performance().loan_count()); }},
      {"ON_TIME", Align::kRight,
       [](const Summary& s) -> Cell { return FormatBps(s.performance().on_time_share_bps()); }},
      {"PAR30", Align::kRight,
       [](const Summary& s) -> Cell { return FormatBps(s.performance().par30_bps()); }},
      {"OUTSTANDING", Align::kRight,
       [](const Summary& s) { return MoneyCell(s.performance().outstanding_principal()); }},
  };
}

std::vector<MenteeLoanRow> MenteeLoanRows(const v1::CohortCard& card) {
  std::vector<MenteeLoanRow> rows;
  for (const v1::Mentee& mentee : card.cohort().mentees()) {
    for (const v1::MenteeLoan& loan : mentee.loans()) {
      rows.push_back({card.cohort().name(), mentee.mentee_id(), loan});
    }
  }
  return rows;
}

const Columns<MenteeLoanRow>& MenteeLoanColumns() {
  using Row = MenteeLoanRow;
  static const auto* columns = new Columns<Row>{
      {"MENTEE", Align::kLeft, [](const Row& r) -> Cell { return r.mentee_id; }},
      {"LOAN", Align::kLeft, [](const Row& r) -> Cell { return r.loan.loan(); }},
      {"STATUS", Align::kLeft, [](const Row& r) -> Cell { return EnumName(r.loan.status()); }},
      {"DPD", Align::kRight,
       [](const Row& r) -> Cell { return absl::StrCat(r.loan.days_past_due()); }},
      {"OUTSTANDING", Align::kRight,
       [](const Row& r) { return MoneyCell(r.loan.outstanding_principal()); }},
      {"SUBSIDY", Align::kRight, [](const Row& r) { return MoneyCell(r.loan.subsidy_received()); }},
      {"COHORT", Align::kLeft, [](const Row& r) -> Cell { return r.cohort; }, ColumnUse::kCsvOnly},
  };
  return *columns;
}

std::string FormatCohortCard(const v1::CohortCard& card) {
  std::string out = FormatCohort(card.cohort());
  const std::vector<MenteeLoanRow> rows = MenteeLoanRows(card);
  if (!rows.empty()) absl::StrAppend(&out, "\n", RenderTable(MenteeLoanColumns(), rows));
  KeyValues performance = {{"performance_as_of", DateOrDash(card.as_of_date())}};
  for (auto& field : PerformanceFields(card.performance())) performance.push_back(field);
  absl::StrAppend(&out, "\n", FormatKeyValues(performance));
  return out;
}

std::string FormatCountyCohorts(const v1::CountyCohortsView& view) {
  std::string out = FormatKeyValues({{"county", view.county_code()},
                                     {"programme_year", absl::StrCat(view.programme_year())},
                                     {"as_of", DateOrDash(view.as_of_date())}});
  // The cohorts, then two rows of the table's own (not CSV's): all cohorts and outside them.
  Table table = MakeTable(CohortSummaryColumns(ColumnUse::kBoth), view.cohorts());
  auto add = [&](const std::string& cohort, const std::string& mentor, const std::string& state,
                 const std::string& active, const v1::Performance& p) {
    std::vector<std::string> cells = {cohort, mentor, state, active};
    for (std::string& cell : SummaryCells(p)) cells.push_back(std::move(cell));
    table.AddRow(std::move(cells));
  };
  add(view.cohorts_truncated() ? "ALL COHORTS LISTED (mentee loans bounded at 100,000)"
                               : "ALL COHORTS",
      "-", "-", "-", view.all_cohorts());
  add(view.outside_truncated() ? "OUTSIDE COHORTS (first 100,000 loans)" : "OUTSIDE COHORTS", "-",
      "-", "-", view.outside_cohorts());
  absl::StrAppend(&out, "\n", table.Render());
  return out;
}

std::string FormatMentorHistory(const v1::MentorHistory& history) {
  std::string out =
      FormatKeyValues({{"mentor", history.mentor_id()},
                       {"cohorts", absl::StrCat(history.cohorts_size(),
                                                history.truncated() ? " (more not listed)" : "")}});
  if (history.cohorts_size() == 0) return out;
  absl::StrAppend(&out, "\n",
                  RenderTable(CohortSummaryColumns(ColumnUse::kCsvOnly), history.cohorts()));
  return out;
}

}  // namespace ledgerctl
