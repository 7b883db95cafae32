// Subsidy policy versions and one-year LPR fixings over gRPC against a real server: finance
// staff write them as ledger entries, everyone reads them back oldest first with the sequence
// of the entry that set each, a version not later than the latest is refused with nothing
// written, a bank may not write policy, and a retried request replays its stored answer.
#include <string>

#include "gtest/gtest.h"
#include "ledger/base/money.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"

namespace ledger {
namespace {

constexpr char kFinance[] = "finance";
constexpr char kBank[] = "bank:B001";

v1::Date Day(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// The 2021 national scheme: the borrower pays up to LPR - 150 bps, interest above LPR + 250
// bps is not subsidised.
v1::AddSubsidyPolicyVersionRequest Version2021(const std::string& request_id) {
  v1::AddSubsidyPolicyVersionRequest request;
  request.set_request_id(request_id);
  v1::SubsidyPolicyVersion* version = request.mutable_version();
  *version->mutable_effective_from() = Day(2021, 1, 1);
  version->set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  version->set_borrower_spread_bps(150);
  version->set_rate_cap_spread_bps(250);
  version->set_source("财金〔2020〕21号");
  return request;
}

// From 2023: public finance pays half of the interest.
v1::AddSubsidyPolicyVersionRequest Version2023(const std::string& request_id) {
  v1::AddSubsidyPolicyVersionRequest request;
  request.set_request_id(request_id);
  v1::SubsidyPolicyVersion* version = request.mutable_version();
  *version->mutable_effective_from() = Day(2023, 1, 1);
  version->set_mode(v1::PERCENT_OF_INTEREST);
  version->set_subsidy_share_bps(5000);
  version->set_source("2023 notice");
  return request;
}

v1::RecordLprFixingRequest Fixing(const std::string& request_id, v1::Date effective_from,
                                  int lpr_bps) {
  v1::RecordLprFixingRequest request;
  request.set_request_id(request_id);
  *request.mutable_fixing()->mutable_effective_from() = effective_from;
  request.mutable_fixing()->set_lpr_bps(lpr_bps);
  return request;
}

class PolicyTest : public ::testing::Test {
 protected:
  PolicyTest() : server_("policy"), policies_(v1::PolicyService::NewStub(server_.NewChannel())) {}

  uint64_t Head() {
    v1::JournalHead head;
    grpc::Status s =
        server_.Journal()->GetHead(Context(kFinance).get(), v1::GetHeadRequest(), &head);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return head.sequence();
  }

  TestServer server_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
};

TEST_F(PolicyTest, FinanceWritesVersionsAndFixingsAndEveryoneReadsThemOldestFirst) {
  v1::PolicyVersionResponse first, second;
  grpc::Status s =
      policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), Version2021("v-2021"), &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(first.commit().replayed());
  EXPECT_GT(first.commit().sequence(), 0u);
  EXPECT_EQ(first.version().sequence(), first.commit().sequence());
  EXPECT_EQ(first.version().mode(), v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  EXPECT_EQ(first.version().borrower_spread_bps(), 150);
  EXPECT_EQ(first.version().rate_cap_spread_bps(), 250);
  s = policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), Version2023("v-2023"), &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(second.commit().sequence(), first.commit().sequence());
  EXPECT_EQ(second.version().subsidy_share_bps(), 5000);

  v1::LprFixingResponse lpr_2023, lpr_2024;
  s = policies_->RecordLprFixing(Context(kFinance).get(), Fixing("l-1", Day(2023, 8, 21), 345),
                                 &lpr_2023);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(lpr_2023.fixing().sequence(), lpr_2023.commit().sequence());
  s = policies_->RecordLprFixing(Context(kFinance).get(), Fixing("l-2", Day(2024, 7, 22), 335),
                                 &lpr_2024);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(lpr_2024.fixing().lpr_bps(), 335);

  // Policy is public programme information: a bank reads it too.
  for (const char* principal : {kFinance, kBank}) {
    v1::ListSubsidyPolicyVersionsResponse versions;
    s = policies_->ListSubsidyPolicyVersions(Context(principal).get(),
                                             v1::ListSubsidyPolicyVersionsRequest(), &versions);
    ASSERT_TRUE(s.ok()) << principal << ": " << s.error_message();
    ASSERT_EQ(versions.versions_size(), 2) << principal;
    EXPECT_EQ(versions.versions(0).effective_from().year(), 2021);
    EXPECT_EQ(versions.versions(0).mode(), v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
    EXPECT_EQ(versions.versions(0).borrower_spread_bps(), 150);
    EXPECT_EQ(versions.versions(0).rate_cap_spread_bps(), 250);
    EXPECT_EQ(versions.versions(0).sequence(), first.commit().sequence());
    EXPECT_EQ(versions.versions(1).effective_from().year(), 2023);
    EXPECT_EQ(versions.versions(1).mode(), v1::PERCENT_OF_INTEREST);
    EXPECT_EQ(versions.versions(1).subsidy_share_bps(), 5000);
    EXPECT_FALSE(versions.versions(1).has_rate_cap_spread_bps());
    EXPECT_EQ(versions.versions(1).sequence(), second.commit().sequence());

    v1::ListLprFixingsResponse fixings;
    s = policies_->ListLprFixings(Context(principal).get(), v1::ListLprFixingsRequest(), &fixings);
    ASSERT_TRUE(s.ok()) << principal << ": " << s.error_message();
    ASSERT_EQ(fixings.fixings_size(), 2) << principal;
    EXPECT_EQ(fixings.fixings(0).lpr_bps(), 345);
    EXPECT_EQ(fixings.fixings(0).sequence(), lpr_2023.commit().sequence());
    EXPECT_EQ(fixings.fixings(1).lpr_bps(), 335);
    EXPECT_EQ(fixings.fixings(1).sequence(), lpr_2024.commit().sequence());
    EXPECT_TRUE(fixings.next_page_token().empty());
  }
}

TEST_F(PolicyTest, AVersionNotLaterThanTheLatestIsRefusedAndNothingIsWritten) {
  v1::PolicyVersionResponse added;
  ASSERT_TRUE(
      policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), Version2023("v-2023"), &added)
          .ok());
  const uint64_t head = Head();
  // The same date and an earlier one are both refused.
  for (const auto& [request_id, request] :
       {std::pair<std::string, v1::AddSubsidyPolicyVersionRequest>{"same", Version2023("same")},
        std::pair<std::string, v1::AddSubsidyPolicyVersionRequest>{"earlier",
                                                                   Version2021("earlier")}}) {
    v1::PolicyVersionResponse refused;
    grpc::Status s = policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), request, &refused);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << request_id;
    EXPECT_EQ(ReasonOf(s), "POLICY_VERSION_NOT_LATER") << request_id;
    EXPECT_EQ(FieldOf(s), "version.effective_from") << request_id;
  }
  EXPECT_EQ(Head(), head);
  v1::ListSubsidyPolicyVersionsResponse versions;
  ASSERT_TRUE(policies_
                  ->ListSubsidyPolicyVersions(Context(kFinance).get(),
                                              v1::ListSubsidyPolicyVersionsRequest(), &versions)
                  .ok());
  ASSERT_EQ(versions.versions_size(), 1);
  EXPECT_EQ(versions.versions(0).sequence(), added.commit().sequence());
}

TEST_F(PolicyTest, ABankMayNotWritePolicy) {
  const uint64_t head = Head();
  v1::PolicyVersionResponse version;
  grpc::Status s =
      policies_->AddSubsidyPolicyVersion(Context(kBank).get(), Version2021("bank-v"), &version);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(s), "PERMISSION_DENIED");
  v1::LprFixingResponse fixing;
  s = policies_->RecordLprFixing(Context(kBank).get(), Fixing("bank-l", Day(2024, 1, 22), 345),
                                 &fixing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(s), "PERMISSION_DENIED");
  EXPECT_EQ(Head(), head);
}

TEST_F(PolicyTest, TheSameRequestIdReplaysTheStoredAnswer) {
  v1::PolicyVersionResponse first, again;
  ASSERT_TRUE(
      policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), Version2021("v-1"), &first).ok());
  grpc::Status s =
      policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), Version2021("v-1"), &again);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(again.commit().replayed());
  EXPECT_EQ(again.commit().sequence(), first.commit().sequence());
  EXPECT_EQ(again.version().sequence(), first.version().sequence());
  EXPECT_EQ(again.version().borrower_spread_bps(), 150);

  v1::LprFixingResponse recorded, replayed;
  ASSERT_TRUE(policies_
                  ->RecordLprFixing(Context(kFinance).get(), Fixing("l-1", Day(2024, 2, 20), 345),
                                    &recorded)
                  .ok());
  s = policies_->RecordLprFixing(Context(kFinance).get(), Fixing("l-1", Day(2024, 2, 20), 345),
                                 &replayed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(replayed.commit().replayed());
  EXPECT_EQ(replayed.commit().sequence(), recorded.commit().sequence());
  EXPECT_EQ(replayed.fixing().lpr_bps(), 345);

  v1::ListLprFixingsResponse fixings;
  ASSERT_TRUE(
      policies_->ListLprFixings(Context(kFinance).get(), v1::ListLprFixingsRequest(), &fixings)
          .ok());
  EXPECT_EQ(fixings.fixings_size(), 1);
}

}  // namespace
}  // namespace ledger
