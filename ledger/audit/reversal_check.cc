#include "ledger/audit/reversal_check.h"

#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/message_differencer.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/deterministic.h"
#include "ledger/base/money.h"
#include "ledger/journal/entry_codec.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

// "modified: loan_disbursed.amount.amount_fen: 1 -> 1000000; ...", `first` first.
std::string FieldDifferences(const google::protobuf::Message& first,
                             const google::protobuf::Message& second) {
  std::string fields;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&fields);
  if (differencer.Compare(first, second)) return "the same fields, encoded differently";
  absl::StripTrailingAsciiWhitespace(&fields);
  return absl::StrReplaceAll(fields, {{"\n", "; "}});
}

// As DecideReversal tells them apart: a leg whose account the chart calls memorandum. A name
// the chart does not know counts as money, so it is compared (and the replay refuses it).
bool IsMemorandumLeg(const v1::Posting& leg) {
  absl::StatusOr<AccountName> account = ParseAccountName(leg.account(), "postings");
  return account.ok() && IsMemorandumKind(account->kind);
}

struct Leg {
  int index;  // in the entry's postings, as the projections' posting rows count legs
  v1::Posting posting;
};

std::vector<Leg> MoneyLegs(std::vector<v1::Posting> postings) {
  std::vector<Leg> legs;
  for (size_t i = 0; i < postings.size(); ++i) {
    if (!IsMemorandumLeg(postings[i])) {
      legs.push_back({static_cast<int>(i), std::move(postings[i])});
    }
  }
  return legs;
}

// "debits banks/B002/accounts/funding 1000000 fen". Escaped: the names come from the files
// being audited.
std::string Describe(const v1::Posting& leg) {
  const char* verb = leg.side() == v1::DEBIT    ? "debits"
                     : leg.side() == v1::CREDIT ? "credits"
                                                : "posts without a side to";
  std::string text = absl::StrCat(verb, " ", absl::CHexEscape(leg.account()), " ",
                                  leg.amount().amount_fen(), " fen");
  if (leg.amount().currency_code() != kCny) {
    absl::StrAppend(&text, " in \"", absl::CHexEscape(leg.amount().currency_code()), "\"");
  }
  return text;
}

// Why the reversal's money legs are not the reversed entry's money legs with sides swapped;
// "" if they are. Only the first difference: after a leg that differs, the rest say little.
std::string CompareMoneyLegs(uint64_t sequence, const v1::Event& reversal, uint64_t reversed,
                             const v1::Event& original) {
  const std::vector<Leg> got = MoneyLegs({reversal.postings().begin(), reversal.postings().end()});
  const std::vector<Leg> want = MoneyLegs(SwappedSides(original.postings()));
  const std::string why = absl::StrCat("entry ", sequence, "'s postings are not entry ", reversed,
                                       "'s money postings reversed: ");
  for (size_t i = 0; i < got.size() && i < want.size(); ++i) {
    if (DeterministicBytes(got[i].posting) == DeterministicBytes(want[i].posting)) continue;
    std::string got_text = Describe(got[i].posting);
    std::string want_text = Describe(want[i].posting);
    if (got_text == want_text) {  // fields Describe leaves out, e.g. unknown ones
      got_text = "differs";
      want_text =
          absl::StrCat("(leg -> reversed): ", FieldDifferences(got[i].posting, want[i].posting));
    }
    return absl::StrCat(why, "its leg ", got[i].index, " ", got_text, " where entry ", reversed,
                        "'s leg ", want[i].index, " reversed ", want_text);
  }
  if (got.size() > want.size()) {
    const Leg& extra = got[want.size()];
    return absl::StrCat(why, "its leg ", extra.index, " ", Describe(extra.posting),
                        ", which reverses no money leg of entry ", reversed);
  }
  if (want.size() > got.size()) {
    const Leg& missing = want[got.size()];
    return absl::StrCat(why, "entry ", reversed, "'s leg ", missing.index, " reversed ",
                        Describe(missing.posting), ", which no leg of entry ", sequence, " does");
  }
  return "";
}

}  // namespace

std::string CompareReversal(uint64_t sequence, const v1::Event& reversal,
                            const v1::Event& reversed) {
  const uint64_t reversed_sequence = reversal.entry_reversed().reversed_sequence();
  // DecideReversal refuses these: undoing a reversal would redo its entry behind the marks
  // that say it was undone.
  if (reversed.has_entry_reversed()) {
    return absl::StrCat("entry ", sequence, " reverses entry ", reversed_sequence,
                        ", which is itself a reversal");
  }
  std::vector<std::string> problems;
  v1::Event without_postings = reversed;
  without_postings.clear_postings();
  const v1::Event& copy = reversal.entry_reversed().original();
  if (DeterministicBytes(copy) != DeterministicBytes(without_postings)) {
    problems.push_back(absl::StrCat("entry ", sequence, " reverses entry ", reversed_sequence,
                                    " but its copy of entry ", reversed_sequence,
                                    "'s event differs (copy -> entry ", reversed_sequence,
                                    "): ", FieldDifferences(copy, without_postings)));
  }
  if (std::string legs = CompareMoneyLegs(sequence, reversal, reversed_sequence, reversed);
      !legs.empty()) {
    problems.push_back(std::move(legs));
  }
  return absl::StrJoin(problems, "; and ");
}

absl::StatusOr<std::string> CheckReversal(const Store& store, const ReadSnapshot* at,
                                          uint64_t sequence, const v1::Event& reversal) {
  const uint64_t reversed = reversal.entry_reversed().reversed_sequence();
  if (reversed == 0 || reversed >= sequence) {
    return absl::StrCat("entry ", sequence, " reverses entry ", reversed, ", not an earlier one");
  }
  absl::StatusOr<std::string> record = store.Get(Family::kJournal, JournalKey(reversed), at);
  if (absl::IsNotFound(record.status())) {
    return absl::StrCat("entry ", sequence, " reverses entry ", reversed, ", which is not stored");
  }
  if (!record.ok()) return record.status();
  absl::StatusOr<DecodedEntry> entry = DecodeEntry(*record);
  internal::EntryBody body;
  if (!entry.ok() || !body.ParseFromString(entry->body)) {
    return absl::StrCat("entry ", sequence, " reverses entry ", reversed,
                        ", which does not decode");
  }
  return CompareReversal(sequence, reversal, body.event());
}

}  // namespace ledger
