#include "ledger/auth/policy.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/base/ids.h"

namespace ledger {
namespace {

struct RoleInfo {
  Role role;
  const char* name;
  bool scoped;
};
constexpr RoleInfo kRoles[kRoleCount] = {
    {Role::kBank, "bank", true},        {Role::kCountyOfficer, "county_officer", true},
    {Role::kFinance, "finance", false}, {Role::kGuaranteeFund, "guarantee_fund", true},
    {Role::kAuditor, "auditor", false}, {Role::kAdmin, "admin", false},
};

absl::Status LineError(int line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("policy line ", line, ": ", why));
}

}  // namespace

const char* RoleName(Role role) { return kRoles[static_cast<int>(role)].name; }

absl::StatusOr<Grant> ParseGrant(absl::string_view role, absl::string_view scope) {
  const RoleInfo* info = nullptr;
  for (const RoleInfo& candidate : kRoles) {
    if (role == candidate.name) info = &candidate;
  }
  if (info == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown role '", role,
                     "' (bank, county_officer, finance, guarantee_fund, auditor, admin)"));
  }
  if (info->scoped && scope.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("role ", info->name, " needs a scope"));
  }
  if (!info->scoped && !scope.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("role ", info->name, " takes no scope"));
  }
  if (info->role == Role::kCountyOfficer && !ValidateCountyCode(scope, "scope").ok()) {
    return absl::InvalidArgumentError("a county officer's scope is a 6-digit county code");
  }
  if (info->scoped && !ValidateId(scope, "scope").ok()) {
    return absl::InvalidArgumentError("scope must be an id of A-Z a-z 0-9 . _ -");
  }
  return Grant{info->role, std::string(scope)};
}

absl::StatusOr<Policy> Policy::Parse(absl::string_view text) {
  if (text.size() > kMaxPolicyBytes) return absl::InvalidArgumentError("policy file too large");
  Policy policy;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    const size_t comment = line.find('#');
    if (comment != absl::string_view::npos) line = line.substr(0, comment);
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (fields.empty()) continue;
    if (fields.size() < 2 || fields.size() > 3) {
      return LineError(line_number, "expected: principal role [scope]");
    }
    const absl::string_view principal = fields[0];
    if (!ValidateId(principal, "principal").ok()) {
      return LineError(line_number, "principal must be 1..64 characters of A-Z a-z 0-9 . _ -");
    }
    absl::StatusOr<Grant> grant =
        ParseGrant(fields[1], fields.size() == 3 ? fields[2] : absl::string_view());
    if (!grant.ok()) return LineError(line_number, grant.status().message());
    if (policy.grants_.size() >= kMaxPolicyGrants) {
      return LineError(line_number, absl::StrCat("more than ", kMaxPolicyGrants, " grants"));
    }
    if (!policy.grants_.emplace(std::string(principal), std::move(*grant)).second) {
      return LineError(line_number, absl::StrCat("principal ", principal, " appears twice"));
    }
  }
  return policy;
}

absl::StatusOr<Policy> Policy::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read policy file ", path));
  std::ostringstream text;
  text << file.rdbuf();
  absl::StatusOr<Policy> policy = Parse(text.str());
  if (policy.ok() && policy->size() == 0) {
    // An empty file is far more likely a file caught mid-write than a wish to lock everyone
    // out; write the new policy elsewhere and rename it into place.
    policy = absl::InvalidArgumentError("the policy grants nothing (empty or mid-write?)");
  }
  if (!policy.ok()) {
    return absl::Status(policy.status().code(),
                        absl::StrCat(path, ": ", policy.status().message()));
  }
  return policy;
}

const Grant* Policy::Find(absl::string_view principal) const {
  auto it = grants_.find(principal);
  return it == grants_.end() ? nullptr : &it->second;
}

PolicyHolder::PolicyHolder(Policy policy, std::string path)
    : path_(std::move(path)), current_(std::make_shared<const Policy>(std::move(policy))) {}

std::shared_ptr<const Policy> PolicyHolder::Current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

absl::Status PolicyHolder::Reload() {
  if (path_.empty()) return absl::FailedPreconditionError("no policy file to reload");
  absl::StatusOr<Policy> policy = Policy::Load(path_);
  if (!policy.ok()) return policy.status();
  auto fresh = std::make_shared<const Policy>(std::move(*policy));
  absl::MutexLock lock(&mu_);
  current_ = std::move(fresh);
  return absl::OkStatus();
}

}  // namespace ledger
