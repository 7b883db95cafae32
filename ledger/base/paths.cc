#include "ledger/base/paths.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"

namespace ledger {

bool IsInsideDirectory(const std::string& path, const std::string& directory) {
  std::error_code error;
  const std::string resolved = std::filesystem::weakly_canonical(path, error).string();
  const std::string root = std::filesystem::weakly_canonical(directory, error).string();
  // Compare with a trailing slash so /data2/key is not "inside" /data.
  return absl::StartsWith(resolved + "/", root + "/");
}

}  // namespace ledger
