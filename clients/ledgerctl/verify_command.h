// The `verify` subcommand: has the server recompute the journal's hash chain
// from the first entry to the head, one bounded VerifyChain call after another,
// and exits 3 if the chain is broken, so that a county officer's cron job can
// alarm on it.
//
//   commands.push_back(VerifyCommand());
#ifndef CLIENTS_LEDGERCTL_VERIFY_COMMAND_H_
#define CLIENTS_LEDGERCTL_VERIFY_COMMAND_H_

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

// A server that keeps answering !complete without moving forward would loop
// forever; no real journal needs more calls than this (at the server's default
// of 100000 entries each).
inline constexpr int kMaxVerifyCalls = 100000;

CommandSpec VerifyCommand();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_VERIFY_COMMAND_H_
