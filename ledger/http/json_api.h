// The JSON read API behind the county officers' status page: a gateway that answers each HTTP
// GET by calling the real gRPC method over ledgerd's in-process channel, as the HTTP caller's
// principal, and prints the answer with protobuf's JSON mapping (lowerCamelCase names, int64
// as strings, enums by name, zero values printed). Authorisation and scope are therefore
// exactly the gRPC API's: the gateway holds no access rules of its own. It proves to the gRPC
// side that it is the gateway with GatewayToken() (ledger/server/principal.h).
//
//   GET /api/v1/whoami                              WhoAmI (status_page.proto)
//   GET /api/v1/banks/{bank}/loans/{loan}           GetLoan            -> Loan
//   GET /api/v1/banks/{bank}/loans/{loan}/subsidies ComputeSubsidy     -> ComputeSubsidyResponse
//   GET /api/v1/loans?page_size=&page_token=&status=&bank_id=&county_code=&fund_id=
//                                                   ListLoans          -> ListLoansResponse
//   GET /api/v1/cohorts?county_code=&programme_year= GetCountyCohorts  -> CountyCohortsView
//   GET /api/v1/portfolio?bank_id=&county_code=     ListLoans, paged   -> PortfolioSummary
//
// A refusal is {"error":{"code":"NOT_FOUND","reason":"LOAN_NOT_FOUND","field":"name",
// "message":"..."}} with the HTTP status of its code (HttpStatusOf).
//
//   JsonApiOptions api;
//   api.channel = grpc_server->InProcessChannel(grpc::ChannelArguments());
//   AddJsonApi(api, &routes);
#ifndef LEDGER_HTTP_JSON_API_H_
#define LEDGER_HTTP_JSON_API_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "ledger/auth/policy.h"
#include "ledger/http/http_server.h"

namespace ledger {

struct JsonApiOptions {
  // The server's in-process channel (grpc::Server::InProcessChannel). Required.
  std::shared_ptr<grpc::Channel> channel;
  bool dev_mode = false;
  // Optional: the grant of a principal as the gRPC side resolves it (CallerResolver::GrantOf),
  // shown by /api/v1/whoami and used as the default county of /api/v1/cohorts. Without it
  // whoami names only the principal.
  std::function<absl::StatusOr<Grant>(absl::string_view principal)> grant_of;
  absl::Duration call_timeout = absl::Seconds(5);        // every gRPC call's deadline
  int portfolio_max_pages = 100;                         // of 500 loans each
  absl::Duration portfolio_timeout = absl::Seconds(20);  // for all of its pages
};

// Registers the GET routes above.
void AddJsonApi(const JsonApiOptions& options, HttpRoutes* routes);

// The HTTP status for a canonical code: NOT_FOUND 404, PERMISSION_DENIED 403,
// UNAUTHENTICATED 401, INVALID_ARGUMENT / FAILED_PRECONDITION / OUT_OF_RANGE 400,
// ALREADY_EXISTS / ABORTED 409, RESOURCE_EXHAUSTED 429, UNIMPLEMENTED 501, UNAVAILABLE /
// CANCELLED 503, DEADLINE_EXCEEDED 504, anything else 500.
int HttpStatusOf(absl::StatusCode code);

// The JSON error answer for a refusal (not OK), with Cache-Control: no-store.
HttpResponse JsonError(const absl::Status& status);

// `message` with protobuf's JSON mapping as a 200 answer, with Cache-Control: no-store.
HttpResponse JsonAnswer(const google::protobuf::Message& message);

}  // namespace ledger

#endif  // LEDGER_HTTP_JSON_API_H_
