#include "clients/ledgerctl/request_id.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ledgerctl {

std::string FormatUuidV4(std::array<uint8_t, 16> random_bytes) {
  random_bytes[6] = static_cast<uint8_t>((random_bytes[6] & 0x0f) | 0x40);
  random_bytes[8] = static_cast<uint8_t>((random_bytes[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < random_bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHex[random_bytes[i] >> 4]);
    text.push_back(kHex[random_bytes[i] & 0x0f]);
  }
  return text;
}

absl::StatusOr<std::string> NewRequestId() {
  std::array<uint8_t, 16> bytes;
  const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open /dev/urandom: ", std::strerror(errno)));
  }
  size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t n = read(fd, bytes.data() + filled, bytes.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      close(fd);
      return absl::UnavailableError(absl::StrCat("cannot read /dev/urandom: ",
                                                 n == 0 ? "end of file" : std::strerror(error)));
    }
    filled += static_cast<size_t>(n);
  }
  close(fd);
  return FormatUuidV4(bytes);
}

}  // namespace ledgerctl
