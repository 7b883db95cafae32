// File-system path helpers.
//
//   if (IsInsideDirectory(key_file, data_dir)) { refuse: a data copy would carry the key }
#ifndef LEDGER_BASE_PATHS_H_
#define LEDGER_BASE_PATHS_H_

#include <string>

namespace ledger {

// Whether `path` is `directory` or lies under it, after resolving "..", symlinks of the
// existing part, and relative paths.
bool IsInsideDirectory(const std::string& path, const std::string& directory);

}  // namespace ledger

#endif  // LEDGER_BASE_PATHS_H_
