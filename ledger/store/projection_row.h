// Reading one stored protobuf row through a ProjectionState, for the projections that keep
// their state as rows (claims, cohorts, the repeat-loan limits, ...): one place that says what
// an absent row and a row that does not parse mean.
//
//   absl::StatusOr<v1::Cohort> cohort = ReadRow<v1::Cohort>(state, key, "cohort C1");
//   absl::StatusOr<internal::PersonLoans> loans =
//       ReadRowOrEmpty<internal::PersonLoans>(state, key, "person's loans");
#ifndef LEDGER_STORE_PROJECTION_ROW_H_
#define LEDGER_STORE_PROJECTION_ROW_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ledger/store/projection_state.h"

namespace ledger {

// The row under `key` as a `Message`: the state's NOT_FOUND if absent (callers turn it into
// their own reason), its error if the store fails, DATA_LOSS naming `what` if the stored bytes
// do not parse (nothing but the projection code writes these rows).
template <typename Message>
absl::StatusOr<Message> ReadRow(ProjectionState& state, absl::string_view key,
                                absl::string_view what) {
  absl::StatusOr<std::string> bytes = state.Get(key);
  if (!bytes.ok()) return bytes.status();
  Message message;
  if (!message.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored ", what, " does not parse"));
  }
  return message;
}

// As ReadRow, but an absent row is an empty message (rows that start empty: a person's loans).
template <typename Message>
absl::StatusOr<Message> ReadRowOrEmpty(ProjectionState& state, absl::string_view key,
                                       absl::string_view what) {
  absl::StatusOr<Message> row = ReadRow<Message>(state, key, what);
  if (absl::IsNotFound(row.status())) return Message();
  return row;
}

}  // namespace ledger

#endif  // LEDGER_STORE_PROJECTION_ROW_H_
