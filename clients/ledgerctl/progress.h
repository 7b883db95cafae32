// Progress of a long listing, for people watching a terminal: one stderr line rewritten in
// place ("\r") as pages arrive, then left with the final count.
//
//   fetched 3,000 loans (3 pages)...      <- while paging, at most every 100 ms
//   fetched 3,412 loans (4 pages)         <- Finish(), then a newline
//
// Whether to show it is the caller's (ShowProgress, command.h: --progress, else only when
// stderr is a terminal); it never goes to stdout. The writer and the clock are injected so
// tests see exactly what is written when.
//
//   Progress progress(ctx.err, "loans");
//   progress.Update(pages, items);   // after each page
//   progress.Finish();               // also done by the destructor
#ifndef CLIENTS_LEDGERCTL_PROGRESS_H_
#define CLIENTS_LEDGERCTL_PROGRESS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ledgerctl {

inline constexpr absl::Duration kProgressInterval = absl::Milliseconds(100);

class Progress {
 public:
  using Clock = std::function<absl::Time()>;

  // `noun` is the items' plural ("loans", "entries"); one item reads "1 loan", "1 entry".
  Progress(std::ostream* out, std::string noun, Clock clock = absl::Now,
           absl::Duration min_interval = kProgressInterval);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Counts so far. The line is rewritten on the first update and then once `min_interval`
  // has passed since the last rewrite, so a fast server does not flood the terminal.
  void Update(int pages, size_t items);

  // The final count without "..." and a newline, if there was any update; once.
  void Finish();

 private:
  std::string Line() const;

  std::ostream* out_;
  std::string noun_;
  Clock clock_;
  absl::Duration min_interval_;
  int pages_ = 0;
  size_t items_ = 0;
  bool updated_ = false;
  bool finished_ = false;
  absl::Time last_shown_ = absl::InfinitePast();
};

// 3412 -> "3,412".
std::string GroupThousands(uint64_t n);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_PROGRESS_H_
