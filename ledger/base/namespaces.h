// Short names for the generated protobuf namespaces, used throughout //ledger:
//   v1::Loan        is microloan::ledger::v1::Loan        (the public API)
//   internal::...   is microloan::ledger::internal::...   (what the server stores)
#ifndef LEDGER_BASE_NAMESPACES_H_
#define LEDGER_BASE_NAMESPACES_H_

namespace microloan::ledger::v1 {}
namespace microloan::ledger::internal {}

namespace ledger {
namespace v1 = ::microloan::ledger::v1;
namespace internal = ::microloan::ledger::internal;
}  // namespace ledger

#endif  // LEDGER_BASE_NAMESPACES_H_
