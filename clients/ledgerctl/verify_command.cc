#include "clients/ledgerctl/verify_command.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/table.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::string Range(uint64_t from, uint64_t through) {
  if (through == 0 || through < from) return "none";
  return absl::StrCat(from, "..", through);
}

// The "\rverified through N" progress line needs its newline before anything
// else is printed, whichever way the command ends.
class ProgressLine {
 public:
  explicit ProgressLine(CommandContext& ctx) : ctx_(ctx) {}
  ~ProgressLine() { End(); }
  void Show(uint64_t through, uint64_t head) {
    if (!ShowProgress(ctx_)) return;
    *ctx_.err << "\rverified through " << through << " of " << head << std::flush;
    shown_ = true;
  }
  void End() {
    if (shown_) *ctx_.err << "\n";
    shown_ = false;
  }

 private:
  CommandContext& ctx_;
  bool shown_ = false;
};

int RunVerify(CommandContext& ctx) {
  absl::StatusOr<uint64_t> batch = UintFlagOr(ctx.flags, "batch", UINT64_MAX, 0);
  if (!batch.ok()) return UsageError(ctx, batch.status());
  std::unique_ptr<v1::JournalService::Stub> stub = v1::JournalService::NewStub(ctx.channel);
  v1::VerifyChainRequest request;
  request.set_start_sequence(1);
  request.set_max_entries(*batch);
  uint64_t verified_from = 0;
  ProgressLine progress(ctx);
  for (int calls = 0; calls < kMaxVerifyCalls; ++calls) {
    grpc::ClientContext call;
    PrepareCall(ctx, &call);
    v1::VerifyChainResponse response;
    grpc::Status status = stub->VerifyChain(&call, request, &response);
    // Every outcome but "continue" prints something; the progress line must end
    // first.
    if (!status.ok() || !response.ok() || response.complete()) progress.End();
    if (!status.ok()) return RpcFailure(ctx, status);
    if (ctx.options.json) {
      if (grpc::Status printed = EmitJson(ctx, response); !printed.ok()) {
        progress.End();
        return RpcFailure(ctx, printed);
      }
      ctx.out->flush();
    }
    if (calls == 0) verified_from = response.verified_from();
    std::vector<std::pair<std::string, std::string>> summary = {
        {"chain", response.ok() ? "ok" : "BROKEN"},
        {"verified", Range(verified_from, response.verified_through())},
        {"head_sequence", absl::StrCat(response.head_sequence())},
        {"head_hash", HexString(response.head_hash())},
    };
    if (!response.ok()) {
      summary.emplace_back("first_bad_sequence", absl::StrCat(response.first_bad_sequence()));
      summary.emplace_back("problem", response.problem());
      if (!ctx.options.json) *ctx.out << FormatKeyValues(summary);
      return kExitChainBroken;
    }
    if (response.complete()) {
      if (!ctx.options.json) *ctx.out << FormatKeyValues(summary);
      return kExitOk;
    }
    if (response.next_sequence() <= request.start_sequence()) {
      progress.End();
      return LocalFailure(
          ctx, absl::InternalError(absl::StrCat("server made no progress: next_sequence ",
                                                response.next_sequence(), " after starting at ",
                                                request.start_sequence())));
    }
    progress.Show(response.verified_through(), response.head_sequence());
    request.set_start_sequence(response.next_sequence());
  }
  progress.End();
  return LocalFailure(ctx, absl::InternalError(absl::StrCat("gave up after ", kMaxVerifyCalls,
                                                            " VerifyChain calls")));
}

}  // namespace

CommandSpec VerifyCommand() {
  return {"verify",
          "Recompute the journal's hash chain up to the head "
          "(JournalService.VerifyChain)",
          "[--batch=N]",
          "ledgerctl verify --batch=100000   # exit code 3 if the chain is broken",
          {{"batch", true, "N", "entries per call (default: the server's; at most 100000)"}},
          RunVerify};
}

}  // namespace ledgerctl
