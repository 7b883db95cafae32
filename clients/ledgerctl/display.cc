#include "clients/ledgerctl/display.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace ledgerctl {

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  const absl::Time time =
      absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
}

std::string FormatRateBps(int32_t rate_bps) {
  // Widen first so that INT32_MIN's magnitude fits.
  const int64_t magnitude = rate_bps < 0 ? -int64_t{rate_bps} : int64_t{rate_bps};
  return absl::StrFormat("%s%d.%02d%% (%d bps)", rate_bps < 0 ? "-" : "", magnitude / 100,
                         magnitude % 100, rate_bps);
}

std::string HexString(absl::string_view bytes) { return absl::BytesToHexString(bytes); }

std::string HexPrefix(absl::string_view bytes, size_t hex_digits) {
  return HexString(bytes.substr(0, (hex_digits + 1) / 2)).substr(0, hex_digits);
}

}  // namespace ledgerctl
