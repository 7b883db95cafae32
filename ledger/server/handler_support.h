// What every thin RPC handler does: resolve the caller and check the method against the
// authorisation table (caller.h), then either answer a read at once or queue a command for the
// writer and answer when it is durable. Status conversion happens here and nowhere else in the
// handlers.
//
//   return AnswerRead(context, *callers_, kGetLoan, [&](const Caller& caller) -> absl::Status {
//     ...scope checks (ledger/auth/authorization.h), fill *response...
//   });
//   return SubmitCommand(engine_, context, *callers_, kCreateLoan, std::move(command), response,
//                        [&](const Caller& caller) { return CheckCreateScope(caller, *request); });
#ifndef LEDGER_SERVER_HANDLER_SUPPORT_H_
#define LEDGER_SERVER_HANDLER_SUPPORT_H_

#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/loan/delinquency.h"
#include "ledger/server/caller.h"
#include "ledger/server/status_mapping.h"
#include "microloan/ledger/v1/cohort.pb.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/loan.pb.h"
#include "microloan/ledger/v1/policy.pb.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {

// The date a loan's days past due are shown as of when the request names none. Days past due
// change with the calendar, not the journal, so every loan an RPC returns (including a
// replayed command's stored answer) gets them computed as of now.
inline absl::CivilDay LedgerToday() { return LedgerEngine::Today(absl::Now()); }

namespace handler_internal {

// Whether a response message has a `loan` (`fund`, `version`, `fixing`) message field: command
// responses have one or more.
template <typename Response, typename = void>
struct HasLoan : std::false_type {};
template <typename Response>
struct HasLoan<Response, std::void_t<decltype(std::declval<Response&>().mutable_loan())>>
    : std::is_same<decltype(std::declval<Response&>().mutable_loan()), v1::Loan*> {};

template <typename Response, typename = void>
struct HasFund : std::false_type {};
template <typename Response>
struct HasFund<Response, std::void_t<decltype(std::declval<Response&>().mutable_fund())>>
    : std::is_same<decltype(std::declval<Response&>().mutable_fund()), v1::GuaranteeFund*> {};

template <typename Response, typename = void>
struct HasVersion : std::false_type {};
template <typename Response>
struct HasVersion<Response, std::void_t<decltype(std::declval<Response&>().mutable_version())>>
    : std::is_same<decltype(std::declval<Response&>().mutable_version()),
                   v1::SubsidyPolicyVersion*> {};

template <typename Response, typename = void>
struct HasFixing : std::false_type {};
template <typename Response>
struct HasFixing<Response, std::void_t<decltype(std::declval<Response&>().mutable_fixing())>>
    : std::is_same<decltype(std::declval<Response&>().mutable_fixing()), v1::LprFixing*> {};

template <typename Response, typename = void>
struct HasClaim : std::false_type {};
template <typename Response>
struct HasClaim<Response, std::void_t<decltype(std::declval<Response&>().mutable_claim())>>
    : std::is_same<decltype(std::declval<Response&>().mutable_claim()), v1::SubsidyClaim*> {};

template <typename Response, typename = void>
struct HasCohort : std::false_type {};
template <typename Response>
struct HasCohort<Response, std::void_t<decltype(std::declval<Response&>().mutable_cohort())>>
    : std::is_same<decltype(std::declval<Response&>().mutable_cohort()), v1::Cohort*> {};

}  // namespace handler_internal

// Fills a command's response from the writer's outcome: the loan and/or fund the entry
// concerned, or the policy version or LPR fixing it added (whichever the response has room for
// and the result holds), the cohort or county cohort rules it changed, and the commit.
template <typename Response>
void FillCommandResponse(const CommandOutcome& outcome, Response* response) {
  constexpr bool kHasLoan = handler_internal::HasLoan<Response>::value;
  constexpr bool kHasFund = handler_internal::HasFund<Response>::value;
  constexpr bool kHasVersion = handler_internal::HasVersion<Response>::value;
  constexpr bool kHasFixing = handler_internal::HasFixing<Response>::value;
  constexpr bool kHasClaim = handler_internal::HasClaim<Response>::value;
  constexpr bool kHasCohort = handler_internal::HasCohort<Response>::value;
  constexpr bool kIsCohortRules = std::is_same_v<Response, v1::CohortRulesResponse>;
  static_assert(kHasLoan || kHasFund || kHasVersion || kHasFixing || kHasClaim || kHasCohort ||
                    kIsCohortRules,
                "a command response has a loan, fund, version, fixing, claim or cohort field "
                "(or is a CohortRulesResponse)");
  const internal::CommandResult& result = outcome.result;
  if constexpr (kHasLoan) {
    if (result.has_loan()) {
      *response->mutable_loan() = result.loan();
      SetDelinquency(LedgerToday(), response->mutable_loan());
    }
  }
  if constexpr (kHasFund) {
    if (result.has_fund()) *response->mutable_fund() = result.fund();
  }
  if constexpr (kHasVersion) {
    if (result.has_policy_version()) *response->mutable_version() = result.policy_version();
  }
  if constexpr (kHasFixing) {
    if (result.has_lpr_fixing()) *response->mutable_fixing() = result.lpr_fixing();
  }
  if constexpr (kHasClaim) {
    if (result.has_claim()) *response->mutable_claim() = result.claim();
  }
  if constexpr (kHasCohort) {
    if (result.has_cohort()) *response->mutable_cohort() = result.cohort();
  }
  if constexpr (kIsCohortRules) {
    if (result.has_cohort_rules()) {
      response->set_county_code(result.cohort_rules().county_code());
      response->set_max_cohorts_per_mentor(result.cohort_rules().max_cohorts_per_mentor());
    }
  }
  v1::CommitInfo* commit = response->mutable_commit();
  commit->set_sequence(result.sequence());
  *commit->mutable_commit_time() = result.commit_time();
  commit->set_replayed(outcome.replayed);
}

// Runs `read(const Caller&)` (returning absl::Status) synchronously: projection reads are
// short and never wait on the writer.
template <typename Read>
grpc::ServerUnaryReactor* AnswerRead(grpc::CallbackServerContext* context,
                                     const CallerResolver& callers, absl::string_view method,
                                     Read read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Caller> caller = callers.Resolve(*context, method);
  reactor->Finish(ToGrpcStatus(caller.ok() ? read(*caller) : caller.status()));
  return reactor;
}

// As SubmitCommand, for a command the handler completes once it knows the caller:
// `prepare(const Caller&, internal::LedgerCommand*)` checks the scope and may fill in what the
// server computes before queueing (e.g. a subsidy claim's basis, claim_basis.h).
template <typename Response, typename Prepare>
grpc::ServerUnaryReactor* SubmitPreparedCommand(LedgerEngine* engine,
                                                grpc::CallbackServerContext* context,
                                                const CallerResolver& callers,
                                                absl::string_view method,
                                                internal::LedgerCommand command, Response* response,
                                                Prepare prepare) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Caller> caller = callers.Resolve(*context, method);
  absl::Status allowed = caller.ok() ? prepare(*caller, &command) : caller.status();
  if (!allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  absl::Status queued = engine->Submit(std::move(caller->principal), std::move(command),
                                       [reactor, response](absl::StatusOr<CommandOutcome> outcome) {
                                         if (!outcome.ok()) {
                                           reactor->Finish(ToGrpcStatus(outcome.status()));
                                           return;
                                         }
                                         FillCommandResponse(*outcome, response);
                                         reactor->Finish(grpc::Status::OK);
                                       },
                                       absl::FromChrono(context->deadline()));
  if (!queued.ok()) reactor->Finish(ToGrpcStatus(queued));
  return reactor;
}

// Checks `scope(const Caller&)`, queues `command` as the caller's, and finishes the call when
// the writer reports it durable or refused. `Response` has a `commit` field and a `loan`,
// `fund`, `version`, `fixing` or `claim` field (FillCommandResponse).
// `response` is owned by gRPC and stays valid until Finish.
template <typename Response, typename ScopeCheck>
grpc::ServerUnaryReactor* SubmitCommand(LedgerEngine* engine, grpc::CallbackServerContext* context,
                                        const CallerResolver& callers, absl::string_view method,
                                        internal::LedgerCommand command, Response* response,
                                        ScopeCheck scope) {
  return SubmitPreparedCommand(
      engine, context, callers, method, std::move(command), response,
      [&](const Caller& caller, internal::LedgerCommand*) { return scope(caller); });
}

}  // namespace ledger

#endif  // LEDGER_SERVER_HANDLER_SUPPORT_H_
