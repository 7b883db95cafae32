// Keys of the account projections (family "projections"). Account names never contain 0x00
// (they are built from ids, ledger/base/ids.h), so 0x00 ends the name inside a posting key and
// one account's postings never share a prefix with another's.
//
//   account_key := "acct/" account_name                           -> v1.AccountBalance
//   kind_key    := "acctkind/" kind:u8                            -> v1.KindTotal
//   posting_key := "post/" account_name 0x00 sequence:be64 leg:u8 -> internal.StoredPosting
//
// leg is the posting's index within its entry's postings (at most kMaxPostingsPerEntry, so one
// byte). Big-endian sequences make key order journal order, so an account's postings list
// oldest first and a page resumes just after the last key it returned.
#include "ledger/accounts/account_projection.h"

#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_projection.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

constexpr absl::string_view kAccountPrefix = "acct/";
constexpr absl::string_view kKindPrefix = "acctkind/";
constexpr absl::string_view kPostingPrefix = "post/";
// The listing names carried in page tokens, so a token only resumes the listing it came from.
constexpr absl::string_view kTrialBalanceListing = "trial_balance";
// sequence:be64 leg:u8 after the 0x00 that ends the account name.
constexpr size_t kPostingSuffixBytes = 8 + 1;

std::string AccountKey(absl::string_view account) { return absl::StrCat(kAccountPrefix, account); }
std::string KindKey(v1::AccountKind kind) {
  return absl::StrCat(kKindPrefix, std::string(1, static_cast<char>(kind)));
}
std::string PostingPrefix(absl::string_view account) {
  return absl::StrCat(kPostingPrefix, account, std::string(1, '\0'));
}
std::string PostingKey(absl::string_view account, uint64_t sequence, int leg) {
  return absl::StrCat(PostingPrefix(account), JournalKey(sequence),
                      std::string(1, static_cast<char>(leg)));
}

std::string KindLabel(int kind) {
  return v1::AccountKind_IsValid(kind) ? v1::AccountKind_Name(static_cast<v1::AccountKind>(kind))
                                       : absl::StrCat("#", kind);
}

// The running sums an account row and a kind row share; applied leg by leg.
struct Sums {
  int64_t debits_fen = 0;
  int64_t credits_fen = 0;
  int64_t balance_fen = 0;
};

// A sum that overflows int64 can only come from a corrupt journal: the rules bound every
// amount (kMaxAmountFen), so it is DATA_LOSS, not a refusal of input.
absl::Status AddLeg(v1::PostingSide side, int64_t amount_fen, Sums& sums, absl::string_view what) {
  int64_t& side_fen = side == v1::DEBIT ? sums.debits_fen : sums.credits_fen;
  absl::StatusOr<int64_t> next = CheckedAdd(side_fen, amount_fen, "amount_fen");
  if (!next.ok()) return absl::DataLossError(absl::StrCat("the ", what, " sum overflows"));
  side_fen = *next;
  absl::StatusOr<int64_t> balance = CheckedSub(sums.debits_fen, sums.credits_fen, "balance");
  if (!balance.ok()) return absl::DataLossError(absl::StrCat("the ", what, " balance overflows"));
  sums.balance_fen = *balance;
  return absl::OkStatus();
}

// An account row and its sums while an entry's legs are applied to it.
struct StagedAccount {
  v1::AccountBalance row;
  Sums sums;
};
struct StagedKind {
  v1::KindTotal row;
  Sums sums;
};

// Everything ApplyPostings will write, built in memory first so that an error part-way leaves
// `state` untouched. Keyed by account and kind, so an entry posting twice to one account
// accumulates on the row it already loaded.
class Staging {
 public:
  explicit Staging(ProjectionState& state) : state_(state) {}

  absl::StatusOr<StagedKind*> Kind(v1::AccountKind kind) {
    auto it = kinds_.find(kind);
    if (it != kinds_.end()) return &it->second;
    StagedKind staged;
    absl::StatusOr<std::string> bytes = state_.Get(KindKey(kind));
    if (absl::IsNotFound(bytes.status())) {
      staged.row.set_kind(kind);
    } else if (!bytes.ok()) {
      return bytes.status();
    } else if (!staged.row.ParseFromString(*bytes)) {
      return absl::DataLossError(
          absl::StrCat("stored totals of kind ", KindLabel(kind), " do not parse"));
    }
    staged.sums = {staged.row.debits().amount_fen(), staged.row.credits().amount_fen(),
                   staged.row.balance().amount_fen()};
    return &kinds_.emplace(kind, std::move(staged)).first->second;
  }

  absl::StatusOr<StagedAccount*> Account(const std::string& account, v1::AccountKind kind,
                                         uint64_t sequence) {
    auto it = accounts_.find(account);
    if (it != accounts_.end()) return &it->second;
    StagedAccount staged;
    absl::StatusOr<std::string> bytes = state_.Get(AccountKey(account));
    if (absl::IsNotFound(bytes.status())) {
      staged.row.set_account(account);
      staged.row.set_kind(kind);
      absl::StatusOr<StagedKind*> totals = Kind(kind);
      if (!totals.ok()) return totals.status();
      (*totals)->row.set_account_count((*totals)->row.account_count() + 1);
    } else if (!bytes.ok()) {
      return bytes.status();
    } else if (!staged.row.ParseFromString(*bytes)) {
      return absl::DataLossError(absl::StrCat("stored balance of ", account, " does not parse"));
    } else if (staged.row.last_sequence() >= sequence) {
      // Applying an entry twice, or out of order, would count its money twice and overwrite
      // its posting rows: the journal and the projections no longer agree.
      return absl::DataLossError(absl::StrCat("entry ", sequence, " posts to ", account,
                                              " which already records entry ",
                                              staged.row.last_sequence()));
    }
    staged.sums = {staged.row.debits().amount_fen(), staged.row.credits().amount_fen(),
                   staged.row.balance().amount_fen()};
    return &accounts_.emplace(account, std::move(staged)).first->second;
  }

  void AddPosting(std::string key, const internal::StoredPosting& posting) {
    postings_.emplace_back(std::move(key), posting.SerializeAsString());
  }

  // Puts every staged row; nothing before this touches `state`.
  void Commit(uint64_t sequence) {
    for (auto& [account, staged] : accounts_) {
      staged.row.set_last_sequence(sequence);
      *staged.row.mutable_debits() = Cny(staged.sums.debits_fen);
      *staged.row.mutable_credits() = Cny(staged.sums.credits_fen);
      *staged.row.mutable_balance() = Cny(staged.sums.balance_fen);
      state_.Put(AccountKey(account), staged.row.SerializeAsString());
    }
    for (auto& [kind, staged] : kinds_) {
      *staged.row.mutable_debits() = Cny(staged.sums.debits_fen);
      *staged.row.mutable_credits() = Cny(staged.sums.credits_fen);
      *staged.row.mutable_balance() = Cny(staged.sums.balance_fen);
      state_.Put(KindKey(kind), staged.row.SerializeAsString());
    }
    for (const auto& [key, value] : postings_) state_.Put(key, value);
  }

 private:
  ProjectionState& state_;
  std::map<std::string, StagedAccount> accounts_;
  std::map<v1::AccountKind, StagedKind> kinds_;
  std::vector<std::pair<std::string, std::string>> postings_;
};

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument(reason::kInvalidPageToken, "page_token", why);
}

std::string EncodeKeyPageToken(absl::string_view listing, absl::string_view after_key) {
  internal::KeyPageToken token;
  token.set_listing(std::string(listing));
  token.set_after_key(std::string(after_key));
  std::string out;
  absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
  return out;
}

// The key a page resumes after ("" for the first page). The token must name `listing` and
// point inside `prefix`, so a token from another account's listing cannot read its rows.
absl::StatusOr<std::string> DecodeKeyPageToken(absl::string_view token_text,
                                               absl::string_view listing,
                                               absl::string_view prefix) {
  if (token_text.empty()) return std::string();
  std::string bytes;
  internal::KeyPageToken token;
  if (!absl::WebSafeBase64Unescape(token_text, &bytes) || !token.ParseFromString(bytes)) {
    return BadToken("page_token is not one this server issued");
  }
  if (token.listing() != listing || !absl::StartsWith(token.after_key(), prefix)) {
    return BadToken("page_token was issued for a different listing");
  }
  return token.after_key();
}

// Visits at most `page_size` rows under `prefix` after `after_key` at `at`; `*next_token_key`
// is the last key visited if more rows follow, "" otherwise. The page size bounds the walk:
// every key under these prefixes is returned, none is skipped.
absl::Status ScanPage(
    const Store& store, const ReadSnapshot* at, absl::string_view prefix,
    absl::string_view after_key, int page_size,
    const std::function<absl::Status(absl::string_view key, absl::string_view value)>& visit,
    std::string* next_token_key) {
  // A key followed by 0x00 is the smallest key after it.
  const std::string start =
      after_key.empty() ? std::string(prefix) : absl::StrCat(after_key, std::string(1, '\0'));
  int visited = 0;
  std::string last_key;
  bool more = false;
  absl::Status problem;
  absl::Status scan = store.Scan(
      Family::kProjections, start, prefix,
      [&](absl::string_view key, absl::string_view value) {
        if (visited >= page_size) {
          more = true;
          return false;
        }
        ++visited;
        last_key = std::string(key);
        problem = visit(key, value);
        return problem.ok();
      },
      at);
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  *next_token_key = more ? last_key : std::string();
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyPostings(uint64_t sequence, int64_t commit_time_us,
                           const google::protobuf::RepeatedPtrField<v1::Posting>& postings,
                           ProjectionState& state) {
  if (postings.empty()) return absl::OkStatus();
  if (absl::Status balanced = CheckBalanced(postings); !balanced.ok()) return balanced;
  if (sequence == 0) return absl::DataLossError("postings of entry 0: the journal starts at 1");
  Staging staging(state);
  for (int leg = 0; leg < postings.size(); ++leg) {
    const v1::Posting& posting = postings.Get(leg);
    absl::StatusOr<AccountName> name = ParseAccountName(posting.account(), "account");
    if (!name.ok()) {
      return absl::DataLossError(absl::StrCat("entry ", sequence, " posts to \"",
                                              absl::CHexEscape(posting.account()),
                                              "\", which is not in the chart of accounts"));
    }
    absl::StatusOr<StagedAccount*> account =
        staging.Account(posting.account(), name->kind, sequence);
    if (!account.ok()) return account.status();
    absl::StatusOr<StagedKind*> kind = staging.Kind(name->kind);
    if (!kind.ok()) return kind.status();
    const int64_t amount_fen = posting.amount().amount_fen();
    if (absl::Status s = AddLeg(posting.side(), amount_fen, (*account)->sums, posting.account());
        !s.ok()) {
      return s;
    }
    if (absl::Status s = AddLeg(posting.side(), amount_fen, (*kind)->sums, KindLabel(name->kind));
        !s.ok()) {
      return s;
    }
    (*account)->row.set_posting_count((*account)->row.posting_count() + 1);

    internal::StoredPosting stored;
    stored.set_commit_time_us(commit_time_us);
    stored.set_side(posting.side());
    stored.set_amount_fen(amount_fen);
    stored.set_balance_after_fen((*account)->sums.balance_fen);
    staging.AddPosting(PostingKey(posting.account(), sequence, leg), stored);
  }
  staging.Commit(sequence);
  return absl::OkStatus();
}

namespace {

absl::StatusOr<v1::AccountBalance> ParseBalanceRow(absl::string_view account,
                                                   absl::StatusOr<std::string> bytes) {
  if (absl::IsNotFound(bytes.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kAccountNotFound, "account",
                  absl::StrCat("nothing has posted to ", account));
  }
  if (!bytes.ok()) return bytes.status();
  v1::AccountBalance balance;
  if (!balance.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored balance of ", account, " does not parse"));
  }
  return balance;
}

}  // namespace

absl::StatusOr<v1::AccountBalance> LoadAccount(ProjectionState& state, absl::string_view account) {
  return ParseBalanceRow(account, state.Get(AccountKey(account)));
}

absl::StatusOr<v1::AccountBalance> AccountProjection::Get(absl::string_view account) const {
  if (absl::Status s = ParseAccountName(account, "account").status(); !s.ok()) return s;
  return ParseBalanceRow(account, store_->Get(Family::kProjections, AccountKey(account)));
}

absl::StatusOr<v1::ListAccountPostingsResponse> AccountProjection::ListPostings(
    const v1::ListAccountPostingsRequest& request) const {
  if (absl::Status s = ParseAccountName(request.account(), "account").status(); !s.ok()) {
    return s;
  }
  absl::StatusOr<int> page_size =
      ResolvePageSize(request.page_size(), kDefaultPostingPageSize, kMaxPostingPageSize);
  if (!page_size.ok()) return page_size.status();
  const std::string prefix = PostingPrefix(request.account());
  absl::StatusOr<std::string> after_key =
      DecodeKeyPageToken(request.page_token(), request.account(), prefix);
  if (!after_key.ok()) return after_key.status();

  const std::unique_ptr<ReadSnapshot> snapshot = store_->NewSnapshot();
  v1::ListAccountPostingsResponse response;
  std::string next_key;
  absl::Status scan = ScanPage(
      *store_, snapshot.get(), prefix, *after_key, *page_size,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        absl::string_view suffix = key.substr(prefix.size());
        uint64_t sequence = 0;
        internal::StoredPosting stored;
        if (suffix.size() != kPostingSuffixBytes ||
            !ParseJournalKey(suffix.substr(0, 8), &sequence) ||
            !stored.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError(
              absl::StrCat("stored posting \"", absl::CHexEscape(key), "\" is malformed"));
        }
        v1::AccountPosting* posting = response.add_postings();
        posting->set_sequence(sequence);
        *posting->mutable_commit_time() =
            google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(stored.commit_time_us());
        posting->set_side(stored.side());
        *posting->mutable_amount() = Cny(stored.amount_fen());
        *posting->mutable_balance_after() = Cny(stored.balance_after_fen());
        return absl::OkStatus();
      },
      &next_key);
  if (!scan.ok()) return scan;
  if (!next_key.empty()) {
    response.set_next_page_token(EncodeKeyPageToken(request.account(), next_key));
  }
  return response;
}

absl::StatusOr<v1::TrialBalance> AccountProjection::GetTrialBalance(
    const v1::GetTrialBalanceRequest& request) const {
  absl::StatusOr<int> page_size =
      ResolvePageSize(request.page_size(), kDefaultTrialBalancePageSize, kMaxTrialBalancePageSize);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> after_key =
      DecodeKeyPageToken(request.page_token(), kTrialBalanceListing, kAccountPrefix);
  if (!after_key.ok()) return after_key.status();

  // The head, the totals and the page of accounts must describe the same state, or the totals
  // could include an entry the accounts do not (or the reverse).
  const std::unique_ptr<ReadSnapshot> snapshot = store_->NewSnapshot();
  v1::TrialBalance trial;
  absl::StatusOr<std::string> head_bytes =
      store_->Get(Family::kProjections, kJournalHeadKey, snapshot.get());
  if (head_bytes.ok()) {
    absl::StatusOr<JournalHead> head = DecodeHead(*head_bytes);
    if (!head.ok()) return head.status();
    trial.set_as_of_sequence(head->sequence);
  } else if (!absl::IsNotFound(head_bytes.status())) {
    return head_bytes.status();
  }

  // At most one row per AccountKind, so this walk is small and needs no page.
  int64_t debits_fen = 0;
  int64_t credits_fen = 0;
  absl::Status problem;
  absl::Status totals = store_->Scan(
      Family::kProjections, kKindPrefix, kKindPrefix,
      [&](absl::string_view key, absl::string_view value) {
        v1::KindTotal* total = trial.add_totals();
        if (key.size() != kKindPrefix.size() + 1 ||
            !total->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          problem = absl::DataLossError(
              absl::StrCat("stored kind total \"", absl::CHexEscape(key), "\" is malformed"));
          return false;
        }
        absl::StatusOr<int64_t> debits = CheckedAdd(debits_fen, total->debits().amount_fen(), "");
        absl::StatusOr<int64_t> credits =
            CheckedAdd(credits_fen, total->credits().amount_fen(), "");
        if (!debits.ok() || !credits.ok()) {
          problem = absl::DataLossError("the trial balance's totals overflow");
          return false;
        }
        debits_fen = *debits;
        credits_fen = *credits;
        return true;
      },
      snapshot.get());
  if (!totals.ok()) return totals;
  if (!problem.ok()) return problem;
  *trial.mutable_total_debits() = Cny(debits_fen);
  *trial.mutable_total_credits() = Cny(credits_fen);
  trial.set_balanced(debits_fen == credits_fen);

  std::string next_key;
  absl::Status scan = ScanPage(
      *store_, snapshot.get(), kAccountPrefix, *after_key, *page_size,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        if (!trial.add_accounts()->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError(
              absl::StrCat("stored balance \"", absl::CHexEscape(key), "\" does not parse"));
        }
        return absl::OkStatus();
      },
      &next_key);
  if (!scan.ok()) return scan;
  if (!next_key.empty()) {
    trial.set_next_page_token(EncodeKeyPageToken(kTrialBalanceListing, next_key));
  }
  return trial;
}

std::string DescribeAccountKey(absl::string_view key) {
  absl::string_view rest = key;
  if (absl::ConsumePrefix(&rest, kKindPrefix)) {
    if (rest.size() != 1) return "";
    return absl::StrCat("totals of kind ", KindLabel(static_cast<unsigned char>(rest[0])));
  }
  rest = key;
  if (absl::ConsumePrefix(&rest, kAccountPrefix)) {
    if (rest.empty() || absl::StrContains(rest, '\0')) return "";
    return absl::StrCat("balance of ", rest);
  }
  // "account_name 0x00 sequence:be64 leg:u8"; the sequence may itself hold 0x00 bytes, so the
  // separator is found from the end.
  rest = key;
  uint64_t sequence = 0;
  if (absl::ConsumePrefix(&rest, kPostingPrefix) && rest.size() > kPostingSuffixBytes + 1) {
    const size_t sep = rest.size() - kPostingSuffixBytes - 1;
    const absl::string_view account = rest.substr(0, sep);
    if (rest[sep] == '\0' && !absl::StrContains(account, '\0') &&
        ParseJournalKey(rest.substr(sep + 1, 8), &sequence)) {
      const int leg = static_cast<unsigned char>(rest.back());
      return absl::StrCat("posting ", leg, " of entry ", sequence, " to ", account);
    }
  }
  return "";
}

}  // namespace ledger
