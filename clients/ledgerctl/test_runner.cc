#include "clients/ledgerctl/test_runner.h"

#include <sstream>

#include "clients/ledgerctl/app.h"

namespace ledgerctl {

TestRun RunForTest(FakeLedgerServer& server, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, bool err_is_tty) {
  TestRun run;
  std::ostringstream out;
  std::ostringstream err;
  AppEnvironment app;
  app.env = [env](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  app.out = &out;
  app.err = &err;
  app.err_is_tty = err_is_tty;
  app.make_channel = [&](const GlobalOptions& options) {
    run.server = options.server;
    return server.channel();
  };
  app.new_request_id = []() -> absl::StatusOr<std::string> { return kTestRequestId; };
  run.exit_code = RunLedgerctl(args, app);
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace ledgerctl
