// claims_load's command line (claims_load.cc), parsed by hand like the other tools'. Pure.
//
//   ClaimsLoadFlags f;
//   if (!ParseClaimsLoadFlags(argc, argv, &f)) { print the usage; exit 2; }
#ifndef TOOLS_RECONCILE_CLAIMS_LOAD_FLAGS_H_
#define TOOLS_RECONCILE_CLAIMS_LOAD_FLAGS_H_

#include <cstdint>
#include <string>

namespace reconcile {

struct ClaimsLoadFlags {
  std::string server = "127.0.0.1:50051";
  int64_t loans = 100000;
  int banks = 4;
  int counties = 20;
  int concurrency = 32;
  std::string quarter = "2026Q3";
  std::string disburse_date = "2026-06-01";
  std::string run;  // loan id prefix; default: the time
  std::string claims_out;
  bool setup_policy = false;
};

// False for an unknown flag, a value out of its bounds, no --claims_out, or a --server that is
// not loopback (ledger::IsLoopbackAddress: 127.0.0.0/8 as a dotted quad, localhost or [::1],
// with a port): claims_load sends the unauthenticated x-ledger-principal header in plaintext.
bool ParseClaimsLoadFlags(int argc, const char* const* argv, ClaimsLoadFlags* f);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_CLAIMS_LOAD_FLAGS_H_
