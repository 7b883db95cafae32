// Flag specs that many commands share, so that --loan, --value_date, --request_id and the
// paging flags read the same in every command's help.
//
//   std::vector<FlagSpec> flags = ConcatFlags({{LoanNameFlag()},
//                                              AmountFlagSpecs("amount", "paid out"),
//                                              {ValueDateFlag(), RequestIdFlag()}});
#ifndef CLIENTS_LEDGERCTL_COMMON_FLAGS_H_
#define CLIENTS_LEDGERCTL_COMMON_FLAGS_H_

#include <string>
#include <vector>

#include "clients/ledgerctl/cli_flags.h"

namespace ledgerctl {

FlagSpec LoanNameFlag();   // --loan=NAME, banks/{bank}/loans/{loan}
FlagSpec ValueDateFlag();  // --value_date=YYYY-MM-DD
FlagSpec RequestIdFlag();  // --request_id=ID
FlagSpec FundFlag();       // --fund=ID

// --page_size (with the server's maximum in the help), --page_token and --all.
std::vector<FlagSpec> PagingFlags(const std::string& max_hint);

std::vector<FlagSpec> ConcatFlags(std::vector<std::vector<FlagSpec>> groups);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COMMON_FLAGS_H_
