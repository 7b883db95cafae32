#include "tools/reconcile/claim_csv.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/reconcile/cny.h"

namespace reconcile {
namespace {

constexpr size_t kMaxIdBytes = 64;
constexpr const char* kColumns[] = {"bank_id", "loan_id", "county_code", "claimed"};

absl::string_view Trim(absl::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An id the ledger accepts (ledger/base/ids.h): 1..64 of [A-Za-z0-9._-]. "" if so.
std::string IdProblem(absl::string_view id) {
  if (id.empty()) return "empty; it is required";
  if (id.size() > kMaxIdBytes) return absl::StrCat("longer than ", kMaxIdBytes, " characters");
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return "may only hold A-Z a-z 0-9 . _ -";
  }
  return "";
}

std::string CountyProblem(absl::string_view county) {
  if (county.empty()) return "";
  if (county.size() != 6) return "must be empty or 6 digits";
  for (char c : county) {
    if (c < '0' || c > '9') return "must be empty or 6 digits";
  }
  return "";
}

// The first byte of a line that is neither printable ASCII, a tab, nor part of UTF-8 text
// (bytes >= 0x80 are left to the fields' own rules): control characters, NUL, a stray CR.
bool HasControlByte(absl::string_view line) {
  for (char c : line) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return true;
  }
  return false;
}

class RowParser {
 public:
  explicit RowParser(ClaimFile* out) : out_(out) {}

  void Parse(int64_t line_number, absl::string_view line) {
    auto error = [&](const std::string& column, std::string message, std::string bank_id = "",
                     std::string loan = "") {
      out_->errors.push_back(
          RowError{line_number, column, std::move(message), std::move(bank_id), std::move(loan)});
    };
    if (line.size() > kMaxClaimLineBytes) {
      error("", absl::StrCat("line longer than ", kMaxClaimLineBytes, " bytes"));
      return;
    }
    if (Trim(line).front() == '#') {
      error("", "comment lines are not allowed; delete the row instead");
      return;
    }
    if (line.find('"') != absl::string_view::npos) {
      error("", "quoted fields are not supported (no field of a claim file needs quotes)");
      return;
    }
    if (HasControlByte(line)) {
      error("", "control character (or a stray carriage return) in the line");
      return;
    }
    std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    if (fields.size() != 4) {
      error("", absl::StrCat("expected 4 fields (", kClaimHeader, "), found ", fields.size()));
      return;
    }
    for (absl::string_view& field : fields) field = Trim(field);
    const std::string bank_problem = IdProblem(fields[0]);
    const std::string loan_problem = IdProblem(fields[1]);
    const bool ids_ok = bank_problem.empty() && loan_problem.empty();
    const std::string bank_id = bank_problem.empty() ? std::string(fields[0]) : "";
    const std::string loan =
        ids_ok ? absl::StrCat("banks/", fields[0], "/loans/", fields[1]) : std::string();
    if (!bank_problem.empty()) {
      error(kColumns[0], absl::StrCat("bank_id ", bank_problem));
      return;
    }
    if (!loan_problem.empty()) {
      error(kColumns[1], absl::StrCat("loan_id ", loan_problem), bank_id);
      return;
    }
    if (std::string problem = CountyProblem(fields[2]); !problem.empty()) {
      error(kColumns[2], absl::StrCat("county_code ", problem), bank_id, loan);
      return;
    }
    absl::StatusOr<int64_t> claimed_fen = ParseCny(fields[3]);
    if (!claimed_fen.ok()) {
      error(kColumns[3], absl::StrCat("claimed ", claimed_fen.status().message()), bank_id, loan);
      return;
    }
    auto [first, inserted] = first_line_.try_emplace(loan, line_number);
    if (!inserted) {
      error(kColumns[1], absl::StrCat("loan already claimed on line ", first->second), bank_id,
            loan);
      return;
    }
    out_->rows.push_back(
        ClaimedLoan{loan, bank_id, std::string(fields[2]), *claimed_fen, line_number});
  }

 private:
  ClaimFile* out_;
  absl::flat_hash_map<std::string, int64_t> first_line_;
};

}  // namespace

absl::StatusOr<ClaimFile> ParseClaimCsv(absl::string_view text) {
  if (static_cast<int64_t>(text.size()) > kMaxClaimFileBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("claim file larger than ", kMaxClaimFileBytes >> 20, " MiB; split it"));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  ClaimFile file;
  RowParser parser(&file);
  int64_t line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    absl::string_view line = text.substr(0, end);
    text.remove_prefix(end == absl::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!header_seen) {
      if (Trim(line) != kClaimHeader) {
        return absl::InvalidArgumentError(
            absl::StrCat("line 1: the header must be exactly \"", kClaimHeader, "\"; found \"",
                         line.substr(0, 80), line.size() > 80 ? "..." : "", "\""));
      }
      header_seen = true;
      continue;
    }
    if (Trim(line).empty()) continue;
    if (++file.data_rows > kMaxClaimRows) {
      return absl::ResourceExhaustedError(absl::StrCat("more than ", kMaxClaimRows, " rows (line ",
                                                       line_number, "); split the claim file"));
    }
    parser.Parse(line_number, line);
  }
  if (!header_seen) {
    return absl::InvalidArgumentError(
        absl::StrCat("empty claim file: the first line must be \"", kClaimHeader, "\""));
  }
  return file;
}

absl::StatusOr<ClaimFile> ReadClaimFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(text.size()) > kMaxClaimFileBytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          path, ": larger than ", kMaxClaimFileBytes >> 20, " MiB; split the claim file"));
    }
  }
  if (in.bad()) {
    return absl::FailedPreconditionError(absl::StrCat("error reading ", path));
  }
  absl::StatusOr<ClaimFile> file = ParseClaimCsv(text);
  if (!file.ok()) {
    return absl::Status(file.status().code(), absl::StrCat(path, ": ", file.status().message()));
  }
  return file;
}

}  // namespace reconcile
