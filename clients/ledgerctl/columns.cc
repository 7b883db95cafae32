#include "clients/ledgerctl/columns.h"

#include "clients/ledgerctl/amount.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {

Cell Cell::Money(int64_t amount_fen, std::string table_text) {
  return Cell(std::move(table_text), FormatFenAsYuan(amount_fen));
}

Cell Cell::Missing() { return Cell("-", ""); }

Cell Cell::Split(std::string table_text, std::string csv_text) {
  return Cell(std::move(table_text), std::move(csv_text));
}

Cell MoneyCell(const microloan::ledger::v1::Money& money) {
  return Cell::Money(money.amount_fen(), ledger::FormatMoney(money));
}

Cell MaybeMoneyCell(bool set, const microloan::ledger::v1::Money& money) {
  return set ? MoneyCell(money) : Cell::Missing();
}

Cell DateCell(const microloan::ledger::v1::Date& date) {
  return ledger::IsSet(date) ? Cell(ledger::FormatDate(date)) : Cell::Missing();
}

}  // namespace ledgerctl
