// Writes the generated seeds of tests/fuzz/corpus/entry_decoder and tests/fuzz/corpus/command with the
// project's own encoders, so that the seeds are real records and real queued commands:
//
//   bazel run //tests/fuzz:make_seeds -- $PWD/tests/fuzz/corpus
//
// (The claim_csv seeds are plain text files, written by hand.)
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/time/civil_time.h"
#include "ledger/base/date.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/entry_codec.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace internal = ::microloan::ledger::internal;
namespace v1 = ::microloan::ledger::v1;

namespace {

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::fprintf(stderr, "cannot write %s\n", path.c_str());
}

v1::Date Day(int y, int m, int d) { return ledger::ToDate(absl::CivilDay(y, m, d)); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <tests/fuzz/corpus dir>\n", argv[0]);
    return 2;
  }
  const std::string root = argv[1];
  const std::string loan = ledger::FormatLoanName("B001", "L1");

  internal::LedgerCommand create;
  {
    v1::CreateLoanRequest* c = create.mutable_create_loan();
    c->set_request_id("r-create");
    c->set_bank_id("B001");
    c->set_loan_id("L2");
    c->set_borrower_id("BR-L2");
    c->set_county_code("370281");
    *c->mutable_principal() = ledger::Cny(5'000'000);
    c->set_annual_rate_bps(435);
    c->set_term_months(12);
    *c->mutable_contract_date() = Day(2024, 2, 1);
  }
  internal::LedgerCommand repay;
  {
    v1::RecordRepaymentRequest* r = repay.mutable_record_repayment();
    r->set_request_id("r-repay");
    r->set_name(loan);
    *r->mutable_principal() = ledger::Cny(100'000);
    *r->mutable_interest() = ledger::Cny(3'000);
    *r->mutable_value_date() = Day(2024, 3, 15);
  }
  internal::LedgerCommand disburse;
  {
    v1::DisburseLoanRequest* d = disburse.mutable_disburse_loan();
    d->set_request_id("r-disburse");
    d->set_name(loan);
    *d->mutable_amount() = ledger::Cny(1);
    *d->mutable_value_date() = Day(2024, 1, 20);
  }
  internal::LedgerCommand request_guarantee;
  {
    v1::RequestFundGuaranteeRequest* g = request_guarantee.mutable_request_fund_guarantee();
    g->set_request_id("r-guarantee");
    g->set_loan(loan);
    g->set_guarantee_id("G1");
    g->set_fund("guarantee_funds/F1");
    g->set_coverage_bps(8000);
    *g->mutable_value_date() = Day(2024, 1, 20);
  }
  internal::LedgerCommand deposit;
  {
    v1::DepositFundCapitalRequest* p = deposit.mutable_deposit_capital();
    p->set_request_id("r-deposit");
    p->set_name("guarantee_funds/F1");
    *p->mutable_amount() = ledger::Cny(5'000'000);
    *p->mutable_value_date() = Day(2024, 2, 1);
  }
  internal::LedgerCommand reverse;
  {
    v1::ReverseEntryRequest* r = reverse.mutable_reverse_entry();
    r->set_request_id("r-reverse");
    r->set_sequence(2);
    r->set_reason("keyed twice");
  }
  internal::LedgerCommand write_off;
  {
    v1::WriteOffLoanRequest* w = write_off.mutable_write_off();
    w->set_request_id("r-write-off");
    w->set_name(loan);
  }
  const std::string dir = root + "/command/";
  Write(dir + "create_loan.bin", create.SerializeAsString());
  Write(dir + "record_repayment.bin", repay.SerializeAsString());
  Write(dir + "disburse_loan.bin", disburse.SerializeAsString());
  Write(dir + "request_fund_guarantee.bin", request_guarantee.SerializeAsString());
  Write(dir + "deposit_capital.bin", deposit.SerializeAsString());
  Write(dir + "reverse_entry.bin", reverse.SerializeAsString());
  Write(dir + "write_off.bin", write_off.SerializeAsString());
  Write(dir + "empty.bin", "");

  // Journal records: entry 1 (a CreateLoan's LoanCreated event would need the rules; the body
  // here is the stored form of any event, so an empty event body and one with a request id
  // both exercise the decoder and ToJournalEntry).
  ledger::Sha256 hasher;
  internal::EntryBody body;
  body.set_principal("bank:B001");
  body.set_request_id("r-create");
  const ledger::EncodedEntry first = ledger::EncodeEntry(1, 1719720000000000, ledger::GenesisHash(),
                                                         ledger::SerializeEntryBody(body), hasher);
  internal::EntryBody empty_body;
  const ledger::EncodedEntry second = ledger::EncodeEntry(
      2, 1719720000000001, first.hash, ledger::SerializeEntryBody(empty_body), hasher);
  const std::string edir = root + "/entry_decoder/";
  Write(edir + "entry_1.bin", first.record);
  Write(edir + "entry_2_empty_body.bin", second.record);
  Write(edir + "entry_1_truncated.bin", first.record.substr(0, first.record.size() / 2));
  Write(edir + "head.bin", ledger::EncodeHead(ledger::JournalHead{2, second.hash}));
  Write(edir + "empty.bin", "");
  std::printf("seeds written under %s\n", root.c_str());
  return 0;
}
