// Fresh, empty directories for tests, under Bazel's TEST_TMPDIR.
//
//   const std::string dir = FreshTempDir("reopen");   // removed first if a rerun left it
#ifndef LEDGER_TESTING_TEMP_DIR_H_
#define LEDGER_TESTING_TEMP_DIR_H_

#include <string>

namespace ledger {

std::string FreshTempDir(const std::string& name);

}  // namespace ledger

#endif  // LEDGER_TESTING_TEMP_DIR_H_
