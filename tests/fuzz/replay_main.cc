// Replays a fuzz target's corpus without libFuzzer, so that the seeds (and every crash turned
// into a regression input) run under the ordinary gcc toolchain as part of `bazel test`.
//
//   replay_main <dir-or-file>...   // default: tests/fuzz/corpus/<TARGET> in the runfiles
//
// Runs LLVMFuzzerTestOneInput over every regular file (recursively); a crash or abort fails
// the test, and the file being run is printed first so the failing input is named.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<std::string> roots;
  for (int i = 1; i < argc; ++i) roots.push_back(argv[i]);
  if (roots.empty()) {
    std::fprintf(stderr, "usage: %s <corpus dir or file>...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> files;
  for (const std::string& root : roots) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
      files.emplace_back(root);
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      std::fprintf(stderr, "no such corpus: %s\n", root.c_str());
      return 2;
    }
    for (const fs::directory_entry& e :
         fs::recursive_directory_iterator(root, fs::directory_options::follow_directory_symlink)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "empty corpus\n");
    return 2;
  }
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::fprintf(stderr, "%zu inputs replayed, no crash\n", files.size());
  return 0;
}
