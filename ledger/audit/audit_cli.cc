#include "ledger/audit/audit_cli.h"

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/audit/audit.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/store/store.h"

namespace ledger {
namespace {

constexpr char kUsage[] = R"(audit: checks a ledger data directory offline, without the server.

Usage: audit --data_dir=DIR [--checkpoint=FILE --checkpoint_public_key=PEM]

  --data_dir=DIR               the ledger's RocksDB directory; opened read-only (a copy of a
                               stopped server's directory gives the most stable view)
  --checkpoint=FILE            a signed checkpoint, as written by `ledgerctl checkpoint --out`
  --checkpoint_public_key=PEM  the server's checkpoint public key the holder trusts
  --progress_every=N           a progress line on stderr every N entries (100000; 0: none)
  --max_problems=N             problems listed per check (20)
  --help                       this text

Checks: the hash chain and head record; the double-entry balance of every entry (entries carry
no postings yet); that the projections equal a replay of the journal; that every entry has the
request record retries are answered from, as the replay implies, and no other record exists;
and, with --checkpoint, that the checkpoint is authentic and the journal still holds the
history it signed.

Exit codes: 0 every check passed, 1 the data directory cannot be opened or read,
            2 usage (or an unreadable checkpoint or key file), 3 a check failed.
)";

struct Flags {
  std::string data_dir;
  std::string checkpoint;
  std::string public_key;
  uint64_t progress_every = 100'000;
  uint64_t max_problems = 20;
};

// Empty on success, else what is wrong.
std::string Parse(const std::vector<std::string>& args, Flags* flags, bool* help) {
  for (const std::string& arg : args) {
    auto value_of = [&arg](const char* name, std::string* out) {
      const std::string prefix = absl::StrCat("--", name, "=");
      if (!absl::StartsWith(arg, prefix)) return false;
      *out = arg.substr(prefix.size());
      return true;
    };
    std::string number;
    if (arg == "--help" || arg == "-h") {
      *help = true;
    } else if (value_of("data_dir", &flags->data_dir) ||
               value_of("checkpoint", &flags->checkpoint) ||
               value_of("checkpoint_public_key", &flags->public_key)) {
    } else if (value_of("progress_every", &number)) {
      if (!absl::SimpleAtoi(number, &flags->progress_every)) return "--progress_every: a number";
    } else if (value_of("max_problems", &number)) {
      if (!absl::SimpleAtoi(number, &flags->max_problems)) return "--max_problems: a number";
    } else {
      return absl::StrCat("unknown flag ", arg);
    }
  }
  if (*help) return "";
  if (flags->data_dir.empty()) return "--data_dir is required";
  if (flags->checkpoint.empty() != flags->public_key.empty()) {
    // A checkpoint checked only against the key it carries proves nothing: anybody can sign.
    return "--checkpoint and --checkpoint_public_key go together";
  }
  return "";
}

}  // namespace

int RunAuditCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Flags flags;
  bool help = false;
  if (std::string problem = Parse(args, &flags, &help); !problem.empty()) {
    err << "audit: " << problem << " (see --help)\n";
    return kAuditExitUsage;
  }
  if (help) {
    out << kUsage;
    return kAuditExitOk;
  }

  v1::SignedCheckpoint checkpoint;
  std::unique_ptr<CheckpointVerifier> verifier;
  if (!flags.checkpoint.empty()) {
    std::ifstream in(flags.checkpoint);
    std::stringstream json;
    json << in.rdbuf();
    absl::StatusOr<v1::SignedCheckpoint> parsed =
        in ? ParseCheckpointJson(json.str())
           : absl::NotFoundError(absl::StrCat("cannot read ", flags.checkpoint));
    absl::StatusOr<std::unique_ptr<CheckpointVerifier>> loaded =
        CheckpointVerifier::FromPemFile(flags.public_key);
    for (const absl::Status& s : {parsed.status(), loaded.status()}) {
      if (!s.ok()) {
        err << "audit: " << s.message() << "\n";
        return kAuditExitUsage;
      }
    }
    checkpoint = std::move(*parsed);
    verifier = std::move(*loaded);
  }

  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(flags.data_dir, read_only);
  if (!store.ok()) {
    err << "audit: cannot open " << flags.data_dir << ": " << store.status().message() << "\n";
    return kAuditExitCannotRead;
  }
  AuditOptions options;
  if (verifier != nullptr) {
    options.checkpoint = &checkpoint;
    options.checkpoint_verifier = verifier.get();
  }
  options.progress = flags.progress_every == 0 ? nullptr : &err;
  options.progress_every = flags.progress_every == 0 ? 1 : flags.progress_every;
  options.max_problems_listed = flags.max_problems;
  absl::StatusOr<AuditReport> report = RunAudit(**store, options);
  if (!report.ok()) {
    err << "audit: cannot read " << flags.data_dir << ": " << report.status().message() << "\n";
    return kAuditExitCannotRead;
  }
  out << FormatReport(*report);
  return report->ok() ? kAuditExitOk : kAuditExitFailed;
}

}  // namespace ledger
