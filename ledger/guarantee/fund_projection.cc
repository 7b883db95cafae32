// Keys of the fund projections (family "projections"). Fund ids never contain 0x00 or '/'
// (ledger/base/ids.h), so the prefix alone delimits them and key order is fund_id order.
//
//   fund_key := "fund/" fund_id                                   -> v1.GuaranteeFund
#include "ledger/guarantee/fund_projection.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/base/error.h"
#include "ledger/loan/loan_projection.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

constexpr absl::string_view kFundPrefix = "fund/";
// The listing name carried in page tokens, so a token only resumes the listing it came from.
constexpr absl::string_view kFundListing = "funds";

std::string FundKey(absl::string_view fund_id) { return absl::StrCat(kFundPrefix, fund_id); }
// The resource name, for messages; the same form as FormatFundName in guarantee_rules.h.
std::string FundName(absl::string_view fund_id) {
  return absl::StrCat("guarantee_funds/", fund_id);
}

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument(reason::kInvalidPageToken, "page_token", why);
}

std::string EncodeFundPageToken(absl::string_view after_key) {
  internal::KeyPageToken token;
  token.set_listing(std::string(kFundListing));
  token.set_after_key(std::string(after_key));
  std::string out;
  absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
  return out;
}

// The key a page resumes after ("" for the first page).
absl::StatusOr<std::string> DecodeFundPageToken(absl::string_view token_text) {
  if (token_text.empty()) return std::string();
  std::string bytes;
  internal::KeyPageToken token;
  if (!absl::WebSafeBase64Unescape(token_text, &bytes) || !token.ParseFromString(bytes)) {
    return BadToken("page_token is not one this server issued");
  }
  if (token.listing() != kFundListing || !absl::StartsWith(token.after_key(), kFundPrefix)) {
    return BadToken("page_token was issued for a different listing");
  }
  return token.after_key();
}

absl::StatusOr<v1::GuaranteeFund> ParseFund(absl::string_view bytes, absl::string_view fund_id) {
  v1::GuaranteeFund fund;
  if (!fund.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("stored fund ", FundName(fund_id), " does not parse"));
  }
  return fund;
}

}  // namespace

absl::StatusOr<v1::GuaranteeFund> LoadFund(ProjectionState& state, absl::string_view fund_id) {
  absl::StatusOr<std::string> bytes = state.Get(FundKey(fund_id));
  if (absl::IsNotFound(bytes.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kFundNotFound, "fund",
                  absl::StrCat("no guarantee fund ", FundName(fund_id)));
  }
  if (!bytes.ok()) return bytes.status();
  return ParseFund(*bytes, fund_id);
}

void PutFund(const v1::GuaranteeFund& fund, ProjectionState& state) {
  state.Put(FundKey(fund.fund_id()), fund.SerializeAsString());
}

absl::StatusOr<v1::GuaranteeFund> FundProjection::Get(absl::string_view fund_id) const {
  absl::StatusOr<std::string> bytes = store_->Get(Family::kProjections, FundKey(fund_id));
  if (absl::IsNotFound(bytes.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kFundNotFound, "name",
                  absl::StrCat("no guarantee fund ", FundName(fund_id)));
  }
  if (!bytes.ok()) return bytes.status();
  return ParseFund(*bytes, fund_id);
}

absl::StatusOr<v1::ListFundsResponse> FundProjection::List(
    const v1::ListFundsRequest& request) const {
  absl::StatusOr<int> page_size =
      ResolvePageSize(request.page_size(), kDefaultFundPageSize, kMaxFundPageSize);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> after_key = DecodeFundPageToken(request.page_token());
  if (!after_key.ok()) return after_key.status();

  // Every key under the prefix is a fund that is returned, so the page size bounds the walk.
  // A key followed by 0x00 is the smallest key after it.
  const std::string start = after_key->empty() ? std::string(kFundPrefix)
                                               : absl::StrCat(*after_key, std::string(1, '\0'));
  v1::ListFundsResponse response;
  std::string last_key;
  bool more = false;
  absl::Status problem;
  absl::Status scan = store_->Scan(Family::kProjections, start, kFundPrefix,
                                   [&](absl::string_view key, absl::string_view value) {
                                     if (response.funds_size() >= *page_size) {
                                       more = true;
                                       return false;
                                     }
                                     last_key = std::string(key);
                                     absl::StatusOr<v1::GuaranteeFund> fund =
                                         ParseFund(value, key.substr(kFundPrefix.size()));
                                     if (!fund.ok()) {
                                       problem = fund.status();
                                       return false;
                                     }
                                     *response.add_funds() = std::move(*fund);
                                     return true;
                                   });
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  if (more) response.set_next_page_token(EncodeFundPageToken(last_key));
  return response;
}

std::string DescribeFundKey(absl::string_view key) {
  absl::string_view fund_id = key;
  if (!absl::ConsumePrefix(&fund_id, kFundPrefix) || fund_id.empty() ||
      absl::StrContains(fund_id, '\0')) {
    return "";
  }
  return absl::StrCat("fund ", FundName(fund_id));
}

}  // namespace ledger
