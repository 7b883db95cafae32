// Who may do what: the policy file that maps each principal (the client certificate's Common
// Name) to one role and, for scoped roles, the bank, county or fund it acts for.
//
// The certificate proves who is calling; the policy says what they may do. Keeping the two
// apart means access is granted or withdrawn by editing this file (ledgerd reloads it on
// SIGHUP), without reissuing certificates.
//
// File format: one grant per line, `principal role [scope]`; `#` starts a comment.
//
//   # principal      role             scope
//   bank-B001        bank             B001      # a bank partner: its own loans only
//   officer-370281   county_officer   370281    # read-only on loans of county 370281
//   finance-1        finance                    # everything, read; policies and claims
//   fund-F001        guarantee_fund   F001
//   auditor-1        auditor                    # the journal and its hashes
//   admin-1          admin                      # operations
//
//   absl::StatusOr<Policy> policy = Policy::Load("/etc/ledgerd/policy.txt");
//   const Grant* grant = policy->Find("bank-B001");   // nullptr: not allowed at all
#ifndef LEDGER_AUTH_POLICY_H_
#define LEDGER_AUTH_POLICY_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace ledger {

enum class Role { kBank, kCountyOfficer, kFinance, kGuaranteeFund, kAuditor, kAdmin };
inline constexpr int kRoleCount = 6;

// "bank", "county_officer", ... ; the names used in the policy file.
const char* RoleName(Role role);

struct Grant {
  Role role = Role::kAdmin;
  std::string scope;  // bank id, county code or fund id; empty for unscoped roles
};

// A role name and scope as written in the policy file ("bank", "B001"); the scope is empty
// for unscoped roles. INVALID_ARGUMENT saying what is wrong.
absl::StatusOr<Grant> ParseGrant(absl::string_view role, absl::string_view scope);

// A bound on the file, so a mistaken path (a log file, a disk image) fails fast.
inline constexpr size_t kMaxPolicyGrants = 100'000;
inline constexpr size_t kMaxPolicyBytes = 16 << 20;

class Policy {
 public:
  // Refuses the whole text on the first bad line (INVALID_ARGUMENT naming the line): a policy
  // that half-loaded would silently drop someone's access or, worse, keep a revoked one.
  static absl::StatusOr<Policy> Parse(absl::string_view text);
  static absl::StatusOr<Policy> Load(const std::string& path);

  const Grant* Find(absl::string_view principal) const;
  size_t size() const { return grants_.size(); }

 private:
  absl::flat_hash_map<std::string, Grant> grants_;
};

// The current policy, replaceable while calls are in flight: a call keeps the snapshot it
// started with (shared_ptr), so a reload never drops or half-applies to a call.
class PolicyHolder {
 public:
  explicit PolicyHolder(Policy policy, std::string path = "");

  std::shared_ptr<const Policy> Current() const;

  // Re-reads the file given at construction. On error keeps the current policy and says why.
  absl::Status Reload();

 private:
  const std::string path_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Policy> current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ledger

#endif  // LEDGER_AUTH_POLICY_H_
