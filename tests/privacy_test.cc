// A borrower's resident ID number is matched but never stored: only its keyed hash and masked
// form reach the journal, and the plain number is nowhere in the data directory's files.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

constexpr char kNationalId[] = "11010519491231002X";

// Every byte of every file under `dir` (RocksDB's WAL, tables, manifest, logs).
std::string AllBytes(const std::string& dir) {
  std::string all;
  for (const auto& file : std::filesystem::recursive_directory_iterator(dir)) {
    if (!file.is_regular_file()) continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    all += bytes.str();
  }
  return all;
}

TEST(Privacy, ResidentIdIsKeptOnlyAsKeyedHashAndMaskedForm) {
  TestServer server("privacy");
  auto loans = server.Loans();
  v1::CreateLoanRequest first = CreateRequest("c1", "L1", 1000);
  first.set_national_id("11010519491231002x");  // lower-case x: the same person
  v1::CreateLoanResponse created;
  ASSERT_TRUE(loans->CreateLoan(Context().get(), first, &created).ok());
  EXPECT_EQ(created.loan().national_id_masked(), "110105********002X");

  v1::CreateLoanRequest other_bank = CreateRequest("c2", "L2", 1000, "370281", "B002");
  other_bank.set_national_id(kNationalId);
  ASSERT_TRUE(loans->CreateLoan(Context("bank:B002").get(), other_bank, &created).ok());

  v1::ListEntriesRequest request;
  v1::ListEntriesResponse entries;
  ASSERT_TRUE(server.Journal()->ListEntries(Context("auditor").get(), request, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 2);
  const std::string key1 = entries.entries(0).event().loan_created().person_key();
  EXPECT_EQ(key1.size(), 32u);
  EXPECT_EQ(entries.entries(1).event().loan_created().person_key(), key1);  // one person
  EXPECT_EQ(entries.entries(0).event().loan_created().national_id_masked(), "110105********002X");

  // The retry is recognised as the same request (the fingerprint covers the keyed hash).
  ASSERT_TRUE(loans->CreateLoan(Context().get(), first, &created).ok());
  EXPECT_TRUE(created.commit().replayed());

  server.Stop();  // flush everything to files
  const std::string bytes = AllBytes(server.data_dir());
  EXPECT_EQ(bytes.find("11010519491231002"), std::string::npos);
  EXPECT_EQ(bytes.find("194912310"), std::string::npos);
}

// The repeat-loan limit counts one person's loans across banks by the keyed hash: with a
// policy of one repeat loan, the first and one more are accepted, a third is refused with the
// reason and the field, and a loan named with no resident ID is not counted.
TEST(Privacy, RepeatLoanLimitCountsOnePersonAcrossBanks) {
  TestServer server("privacy_repeat");
  v1::AddSubsidyPolicyVersionRequest policy;
  policy.set_request_id("p1");
  policy.mutable_version()->mutable_effective_from()->set_year(2021);
  policy.mutable_version()->mutable_effective_from()->set_month(1);
  policy.mutable_version()->mutable_effective_from()->set_day(1);
  policy.mutable_version()->set_mode(v1::FULL_SUBSIDY);
  policy.mutable_version()->set_max_repeat_loans(1);
  v1::PolicyVersionResponse added;
  ASSERT_TRUE(v1::PolicyService::NewStub(server.NewChannel())
                  ->AddSubsidyPolicyVersion(Context("finance").get(), policy, &added)
                  .ok());
  EXPECT_EQ(added.version().max_repeat_loans(), 1);

  auto loans = server.Loans();
  v1::CreateLoanResponse created;
  v1::CreateLoanRequest first = CreateRequest("c1", "L1", 1000);
  first.set_national_id(kNationalId);
  ASSERT_TRUE(loans->CreateLoan(Context().get(), first, &created).ok());
  v1::CreateLoanRequest repeat = CreateRequest("c2", "L2", 1000, "370281", "B002");
  repeat.set_national_id(kNationalId);
  ASSERT_TRUE(loans->CreateLoan(Context("bank:B002").get(), repeat, &created).ok());

  v1::CreateLoanRequest third = CreateRequest("c3", "L3", 1000);
  third.set_national_id("11010519491231002x");  // the same person, written differently
  grpc::Status refused = loans->CreateLoan(Context().get(), third, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(refused), "REPEAT_LOAN_LIMIT");
  EXPECT_EQ(FieldOf(refused), "national_id");
  v1::GetLoanRequest get;
  get.set_name("banks/B001/loans/L3");
  v1::Loan loan;
  EXPECT_EQ(loans->GetLoan(Context().get(), get, &loan).error_code(),
            grpc::StatusCode::NOT_FOUND);  // nothing was written

  v1::CreateLoanRequest anonymous = CreateRequest("c4", "L4", 1000);  // no resident ID
  EXPECT_TRUE(loans->CreateLoan(Context().get(), anonymous, &created).ok());
  v1::CreateLoanRequest someone_else = CreateRequest("c5", "L5", 1000);
  someone_else.set_national_id("110101199003074477");
  EXPECT_TRUE(loans->CreateLoan(Context().get(), someone_else, &created).ok());
}

TEST(Privacy, BadNumbersAndServersWithoutAKeyAreRefused) {
  TestServer server("privacy_bad");
  v1::CreateLoanRequest typo = CreateRequest("c1", "L1", 1000);
  typo.set_national_id("110105194912310021");  // wrong check character
  v1::CreateLoanResponse created;
  grpc::Status status = server.Loans()->CreateLoan(Context().get(), typo, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(status), "INVALID_NATIONAL_ID");
  EXPECT_EQ(FieldOf(status), "national_id");
  server.Stop();

  ServerOptions options;  // no identity key
  options.listen_address = "127.0.0.1:0";
  options.data_dir = FreshTempDir("privacy_no_key");
  options.dev_plaintext = true;
  auto bare = LedgerServer::Start(options);
  ASSERT_TRUE(bare.ok()) << bare.status();
  auto loans = v1::LoanService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*bare)->port()), grpc::InsecureChannelCredentials()));
  v1::CreateLoanRequest with_id = CreateRequest("c2", "L2", 1000);
  with_id.set_national_id(kNationalId);
  status = loans->CreateLoan(Context().get(), with_id, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "IDENTITY_KEY_NOT_CONFIGURED");
  (*bare)->Shutdown();

  ServerOptions key_inside = options;
  key_inside.data_dir = FreshTempDir("privacy_key_inside");
  std::filesystem::create_directories(key_inside.data_dir);
  key_inside.identity_key_file = key_inside.data_dir + "/identity.key";
  std::ofstream(key_inside.identity_key_file) << std::string(32, 'k');
  EXPECT_FALSE(LedgerServer::Start(key_inside).ok());
}

}  // namespace
}  // namespace ledger
