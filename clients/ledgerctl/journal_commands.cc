#include "clients/ledgerctl/journal_commands.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/csv.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/entry_view.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/table.h"
#include "ledger/journal/checkpoint.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

// Prints a unary call's answer: JSON, `csv` (only if the command prints CSV) or `human` text.
int PrintAnswer(CommandContext& ctx, const google::protobuf::Message& answer,
                const std::string& human, const std::function<std::string()>& csv = nullptr) {
  return PrintResponse(
      ctx, answer, [&] { return human; }, csv);
}

int RunEntry(CommandContext& ctx) {
  absl::StatusOr<uint64_t> sequence = RequiredUint(ctx.flags, "sequence", UINT64_MAX);
  if (!sequence.ok()) return UsageError(ctx, sequence.status());
  v1::GetEntryRequest request;
  request.set_sequence(*sequence);
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::JournalEntry entry;
  grpc::Status status = v1::JournalService::NewStub(ctx.channel)->GetEntry(&call, request, &entry);
  if (!status.ok()) return RpcFailure(ctx, status);
  return PrintAnswer(ctx, entry, FormatEntry(entry), [&] {
    return RenderCsv(EntryColumns(), std::vector<v1::JournalEntry>{entry});
  });
}

int RunEntries(CommandContext& ctx) {
  absl::StatusOr<uint64_t> from = UintFlagOr(ctx.flags, "from", UINT64_MAX, 0);
  if (!from.ok()) return UsageError(ctx, from.status());
  absl::StatusOr<uint64_t> page_size = UintFlagOr(ctx.flags, "page_size", kInt32Max, 0);
  if (!page_size.ok()) return UsageError(ctx, page_size.status());
  v1::ListEntriesRequest request;
  request.set_start_sequence(*from);
  request.set_page_size(static_cast<int32_t>(*page_size));
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::ListEntriesResponse response;
  grpc::Status status =
      v1::JournalService::NewStub(ctx.channel)->ListEntries(&call, request, &response);
  if (!status.ok()) return RpcFailure(ctx, status);
  std::string human = FormatEntryTable({response.entries().begin(), response.entries().end()});
  if (response.next_sequence() <= response.head_sequence()) {
    // More entries exist; say where to continue rather than leave the reader
    // guessing (on stderr with --output=csv, which must stay parseable).
    const std::string more =
        FormatKeyValues({{"next_sequence", std::to_string(response.next_sequence())},
                         {"head_sequence", std::to_string(response.head_sequence())}});
    human += more;
    if (ctx.options.csv()) *ctx.err << more;
  }
  return PrintAnswer(ctx, response, human,
                     [&] { return RenderCsv(EntryColumns(), response.entries()); });
}

int RunHead(CommandContext& ctx) {
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::JournalHead head;
  grpc::Status status =
      v1::JournalService::NewStub(ctx.channel)->GetHead(&call, v1::GetHeadRequest(), &head);
  if (!status.ok()) return RpcFailure(ctx, status);
  return PrintAnswer(ctx, head,
                     FormatKeyValues({{"sequence", std::to_string(head.sequence())},
                                      {"hash", HexString(head.hash())}}),
                     [&] {
                       return CsvRecord({"SEQUENCE", "HASH"}) +
                              CsvRecord({std::to_string(head.sequence()), HexString(head.hash())});
                     });
}

int RunWatch(CommandContext& ctx) {
  absl::StatusOr<uint64_t> from = UintFlagOr(ctx.flags, "from", UINT64_MAX, 0);
  if (!from.ok()) return UsageError(ctx, from.status());
  absl::StatusOr<uint64_t> count = UintFlagOr(ctx.flags, "count", UINT64_MAX, 0);
  if (!count.ok()) return UsageError(ctx, count.status());
  if (ctx.flags.Has("count") && *count == 0) {
    return UsageError(ctx, absl::InvalidArgumentError("--count: must be at least 1"));
  }
  v1::StreamEntriesRequest request;
  request.set_start_sequence(*from);
  grpc::ClientContext call;
  // A stream is meant to outlive any per-call deadline; apply one only when
  // asked for.
  PrepareCall(ctx, &call, /*with_deadline=*/ctx.options.timeout_given);
  std::unique_ptr<grpc::ClientReader<v1::JournalEntry>> reader =
      v1::JournalService::NewStub(ctx.channel)->StreamEntries(&call, request);
  v1::JournalEntry entry;
  uint64_t seen = 0;
  uint64_t last_sequence = 0;
  bool enough = false;
  grpc::Status printed = grpc::Status::OK;
  if (ctx.options.csv()) *ctx.out << CsvHeader(EntryColumns()) << std::flush;
  while (reader->Read(&entry)) {
    ++seen;
    last_sequence = entry.sequence();
    if (ctx.options.json) {
      printed = EmitJson(ctx, entry, JsonLayout::kLine);
      if (!printed.ok()) break;
    } else if (ctx.options.csv()) {
      *ctx.out << CsvRows(EntryColumns(), std::vector<v1::JournalEntry>{entry});
    } else {
      *ctx.out << FormatEntryLine(entry) << "\n";
    }
    // Flush per entry: a watcher piped into another tool must see each entry as
    // it commits.
    ctx.out->flush();
    if (*count != 0 && seen >= *count) {
      enough = true;
      break;
    }
  }
  if (enough || !printed.ok()) {
    call.TryCancel();
    while (reader->Read(&entry)) {
    }
  }
  grpc::Status status = reader->Finish();
  if (!printed.ok()) return RpcFailure(ctx, printed);
  // Our own cancellation ends the call with CANCELLED; that is success.
  if (enough) return kExitOk;
  if (!status.ok()) {
    std::vector<std::string> notes;
    if (seen > 0) notes.push_back(absl::StrCat("resume with --from=", last_sequence + 1));
    return RpcFailure(ctx, status, "", notes);
  }
  return kExitOk;
}

// A checkpoint is kept as a file that `audit --checkpoint` reads, so it is always protobuf
// JSON: written to --out (and summed up on stdout), or printed. With --public_key it is
// checked first: a bank finds out that a signature is bad (the server's key changed, or the
// answer was not the server's) the day it is taken, not the day an audit needs it; one that
// does not verify is neither written nor printed.
int RunCheckpoint(CommandContext& ctx) {
  const std::string out_path = OptionalString(ctx.flags, "out");
  std::unique_ptr<ledger::CheckpointVerifier> verifier;
  if (ctx.flags.Has("public_key")) {
    const std::string key_path = OptionalString(ctx.flags, "public_key");
    if (key_path.empty()) {
      return UsageError(ctx, absl::InvalidArgumentError("--public_key: give the PEM file"));
    }
    // Read before the call, like the TLS files: a key that cannot be used fails the command.
    absl::StatusOr<std::unique_ptr<ledger::CheckpointVerifier>> loaded =
        ledger::CheckpointVerifier::FromPemFile(key_path);
    if (!loaded.ok()) {
      return LocalFailure(ctx,
                          absl::Status(loaded.status().code(),
                                       absl::StrCat("--public_key: ", loaded.status().message())));
    }
    verifier = std::move(*loaded);
  }
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::SignedCheckpoint checkpoint;
  grpc::Status status = v1::JournalService::NewStub(ctx.channel)
                            ->GetCheckpoint(&call, v1::GetCheckpointRequest(), &checkpoint);
  if (!status.ok()) return RpcFailure(ctx, status);
  if (verifier != nullptr) {
    if (absl::Status verified = verifier->Verify(checkpoint); !verified.ok()) {
      *ctx.err << "error: the checkpoint of entry " << checkpoint.sequence()
               << " does not verify with " << OptionalString(ctx.flags, "public_key") << ": "
               << verified.message() << "; "
               << (out_path.empty() ? "not printed" : absl::StrCat(out_path, " not written"))
               << "\n";
      return kExitChainBroken;  // 3: an integrity failure
    }
  }
  if (out_path.empty()) {
    grpc::Status printed = EmitJson(ctx, checkpoint);
    return printed.ok() ? kExitOk : RpcFailure(ctx, printed);
  }
  absl::StatusOr<std::string> json = ToJson(checkpoint, JsonLayout::kDocument);
  if (!json.ok()) return LocalFailure(ctx, json.status());
  std::ofstream file(out_path, std::ios::trunc);
  file << *json << "\n";
  file.close();
  if (!file) {
    return LocalFailure(ctx, absl::UnavailableError(absl::StrCat("cannot write ", out_path)));
  }
  std::vector<std::pair<std::string, std::string>> summary = {
      {"sequence", std::to_string(checkpoint.sequence())},
      {"head_hash", HexString(checkpoint.head_hash())},
      {"signed_at", FormatTimestamp(checkpoint.time())}};
  if (verifier != nullptr) {
    summary.emplace_back("verified_with",
                         absl::StrCat("key ", ledger::KeyFingerprint(verifier->public_key_der())));
  }
  summary.emplace_back("written_to", out_path);
  return PrintAnswer(ctx, checkpoint, FormatKeyValues(summary));
}

// An online backup on the server (admin only); restoring it is an operator's job on the
// server's machine (docs/RESILIENCE.md).
int RunBackup(CommandContext& ctx) {
  absl::StatusOr<std::string> name = RequiredString(ctx.flags, "name");
  if (!name.ok()) return UsageError(ctx, name.status());
  v1::CreateBackupRequest request;
  request.set_name(*name);
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::CreateBackupResponse response;
  grpc::Status status =
      v1::JournalService::NewStub(ctx.channel)->CreateBackup(&call, request, &response);
  if (!status.ok()) return RpcFailure(ctx, status);
  return PrintAnswer(ctx, response,
                     FormatKeyValues({{"path", response.path()},
                                      {"head_sequence", std::to_string(response.head_sequence())},
                                      {"head_hash", HexString(response.head_hash())}}));
}

// Whether the server is a primary or a follower, and how far a follower has got.
int RunReplicationStatus(CommandContext& ctx) {
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::ReplicationStatus status;
  grpc::Status rpc = v1::JournalService::NewStub(ctx.channel)
                         ->GetReplicationStatus(&call, v1::GetReplicationStatusRequest(), &status);
  if (!rpc.ok()) return RpcFailure(ctx, rpc);
  std::vector<std::pair<std::string, std::string>> summary = {
      {"role", v1::ReplicationStatus::Role_Name(status.role())},
      {"head_sequence", std::to_string(status.head_sequence())},
      {"head_hash", HexString(status.head_hash())}};
  if (!status.primary().empty()) {
    summary.emplace_back("state", v1::ReplicationStatus::State_Name(status.state()));
    summary.emplace_back("primary", status.primary());
    summary.emplace_back("primary_head_sequence",
                         status.primary_head_sequence() == 0
                             ? "unknown"
                             : std::to_string(status.primary_head_sequence()));
    summary.emplace_back("reconnects", std::to_string(status.reconnects()));
    summary.emplace_back("last_error", status.last_error().empty() ? "-" : status.last_error());
  }
  return PrintAnswer(ctx, status, FormatKeyValues(summary), [&] {
    // One row: the block's keys, uppercased, are the header.
    std::vector<std::string> header;
    std::vector<std::string> row;
    for (const auto& [key, value] : summary) {
      header.push_back(absl::AsciiStrToUpper(key));
      row.push_back(value);
    }
    return CsvRecord(header) + CsvRecord(row);
  });
}

// Admin: makes a follower the primary. The operator stops the old primary first. A DIVERGED
// follower is refused unless --force: its history is a fork of the primary's.
int RunPromote(CommandContext& ctx) {
  v1::PromoteToPrimaryRequest request;
  request.set_force(ctx.flags.GetBool("force"));
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::PromoteToPrimaryResponse response;
  grpc::Status status =
      v1::JournalService::NewStub(ctx.channel)->PromoteToPrimary(&call, request, &response);
  if (!status.ok()) return RpcFailure(ctx, status);
  return PrintAnswer(
      ctx, response,
      FormatKeyValues({{"promoted_at_sequence", std::to_string(response.head_sequence())},
                       {"head_hash", HexString(response.head_hash())},
                       {"already_primary", response.already_primary() ? "yes" : "no"}}));
}

}  // namespace

std::vector<CommandSpec> JournalCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back({"entry",
                      "Show one journal entry (JournalService.GetEntry)",
                      "--sequence=N",
                      "ledgerctl entry --sequence=42",
                      {{"sequence", true, "N", "the entry's sequence number (from 1)"}},
                      RunEntry});
  commands.back().csv = true;
  commands.push_back(
      {"entries",
       "List journal entries in order (JournalService.ListEntries)",
       "[--from=N] [--page_size=N]",
       "ledgerctl entries --from=1 --page_size=50",
       {{"from", true, "N", "first sequence number (default 1)"},
        {"page_size", true, "N", "entries per call (default: the server's; at most 1000)"}},
       RunEntries});
  commands.back().csv = true;
  commands.push_back({"watch",
                      "Print entries as they commit (JournalService.StreamEntries)",
                      "[--from=N] [--count=N]",
                      "ledgerctl watch --from=1 --count=10",
                      {{"from", true, "N", "first sequence number (default 1)"},
                       {"count", true, "N", "stop after N entries (default: run until ended)"}},
                      RunWatch});
  commands.back().csv = true;  // a row per entry as it commits, after one header row
  commands.push_back({"head",
                      "The newest entry's sequence and hash (JournalService.GetHead)",
                      "",
                      "ledgerctl head",
                      {},
                      RunHead});
  commands.back().csv = true;
  commands.push_back(
      {"checkpoint",
       "The head, signed by the server's checkpoint key, as JSON for `audit "
       "--checkpoint` (JournalService.GetCheckpoint)",
       "[--out=FILE] [--public_key=PEM]",
       "ledgerctl checkpoint --out=checkpoint-2024-06-30.json --public_key=checkpoint.pub",
       {{"out", true, "FILE", "write the JSON here (default: stdout)"},
        {"public_key", true, "PEM",
         "the server's checkpoint public key you trust: verify the signature first, and write "
         "nothing (exit 3) if it does not verify"}},
       RunCheckpoint});
  commands.push_back(
      {"backup",
       "Admin: an online backup of the server's data directory, in its backup directory "
       "(JournalService.CreateBackup)",
       "--name=NAME",
       "ledgerctl --principal=admin backup --name=2024-06-30",
       {{"name", true, "NAME",
         "the backup's directory name: 1 to 64 of A-Z a-z 0-9 . _ - (used once)"}},
       RunBackup});
  commands.push_back(
      {"replication-status",
       "Auditor, admin: primary or follower; a follower's state, heads and last error "
       "(JournalService.GetReplicationStatus)",
       "",
       "ledgerctl --server=follower:50051 --principal=auditor replication-status",
       {},
       RunReplicationStatus});
  commands.back().csv = true;
  commands.push_back(
      {"promote",
       "Admin: make this follower the primary (JournalService.PromoteToPrimary). Stop the old "
       "primary first: entries it had not sent are not on the new one. A DIVERGED follower "
       "is refused (REPLICA_DIVERGED) unless --force",
       "[--force]",
       "ledgerctl --server=follower:50051 --principal=admin promote",
       {{"force", false, "",
         "promote even a DIVERGED follower: its forked history becomes the primary's; the old "
         "primary's entries past the fork are not in it"}},
       RunPromote});
  return commands;
}

}  // namespace ledgerctl
