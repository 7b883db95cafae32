#include "clients/ledgerctl/progress.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ledgerctl {
namespace {

// "entries" -> "entry", "loans" -> "loan": the nouns of ledgerctl's listings.
std::string Singular(const std::string& plural) {
  if (absl::EndsWith(plural, "ies")) return plural.substr(0, plural.size() - 3) + "y";
  if (absl::EndsWith(plural, "s")) return plural.substr(0, plural.size() - 1);
  return plural;
}

}  // namespace

std::string GroupThousands(uint64_t n) {
  std::string digits = absl::StrCat(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

Progress::Progress(std::ostream* out, std::string noun, Clock clock, absl::Duration min_interval)
    : out_(out), noun_(std::move(noun)), clock_(std::move(clock)), min_interval_(min_interval) {}

Progress::~Progress() { Finish(); }

std::string Progress::Line() const {
  return absl::StrCat("fetched ", GroupThousands(items_), " ",
                      items_ == 1 ? Singular(noun_) : noun_, " (", pages_,
                      pages_ == 1 ? " page)" : " pages)");
}

void Progress::Update(int pages, size_t items) {
  if (finished_) return;
  pages_ = pages;
  items_ = items;
  updated_ = true;
  const absl::Time now = clock_();
  if (now - last_shown_ < min_interval_) return;
  last_shown_ = now;
  *out_ << "\r" << Line() << "..." << std::flush;
}

void Progress::Finish() {
  if (finished_ || !updated_) return;
  finished_ = true;
  // Trailing spaces cover the "..." of the line being replaced.
  *out_ << "\r" << Line() << "   \n" << std::flush;
}

}  // namespace ledgerctl
