// Progress lines for the audit's long passes, so that someone watching a large journal sees
// it move: every `every` units, "audit: 300000 journal entries checked (95123/s)".
//
//   ProgressMeter meter(&std::cerr, 100'000, "journal entries checked");
//   for (...) { ...; meter.Tick(); }
#ifndef LEDGER_AUDIT_PROGRESS_H_
#define LEDGER_AUDIT_PROGRESS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ledger {

class ProgressMeter {
 public:
  // `out` may be null (no output). REQUIRES: every > 0.
  ProgressMeter(std::ostream* out, uint64_t every, std::string what)
      : out_(out), every_(every), what_(std::move(what)), start_(absl::Now()) {}

  void Tick() {
    if (++done_ % every_ != 0 || out_ == nullptr) return;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const uint64_t rate = seconds > 0 ? static_cast<uint64_t>(done_ / seconds) : done_;
    *out_ << "audit: " << done_ << " " << what_ << " (" << rate << "/s)" << std::endl;
  }

  uint64_t done() const { return done_; }

 private:
  std::ostream* const out_;
  const uint64_t every_;
  const std::string what_;
  const absl::Time start_;
  uint64_t done_ = 0;
};

}  // namespace ledger

#endif  // LEDGER_AUDIT_PROGRESS_H_
