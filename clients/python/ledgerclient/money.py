"""Exact money and date conversions between people's text and the API's messages.

The ledger keeps money as an integer number of fen (0.01 CNY) in ``Money.amount_fen``;
people and spreadsheets write yuan with two decimals ("1234.56"). Floats cannot hold most
decimal fractions exactly (0.1 + 0.2 != 0.3), and one fen lost in a subsidy claim is a
reconciliation discrepancy, so these helpers work on integers and strings only and refuse
floats outright rather than round them.

    >>> yuan_to_fen("1234.56")
    123456
    >>> fen_to_yuan(-5)
    '-0.05'
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Union

from microloan.ledger.v1 import types_pb2

CURRENCY = "CNY"  # the only currency the ledger accepts (CURRENCY_NOT_SUPPORTED otherwise)

# An optional sign, digits, and at most two decimals: "12", "12.3", "12.30", "-0.05", ".5".
# ASCII digits only: \d would also take full-width and other scripts' digits.
_YUAN = re.compile(r"^([+-]?)([0-9]*)(?:\.([0-9]{0,2}))?$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def fen_to_yuan(fen: int) -> str:
    """Formats fen as yuan with exactly two decimals: 123456 -> "1234.56", -5 -> "-0.05".

    Integer arithmetic only, so any int64 amount the server sends prints exactly.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_to_fen(yuan: Union[str, Decimal]) -> int:
    """Parses yuan ("1234.56", "1234.5", "1234", "-0.05", a Decimal) into fen, exactly.

    More than two decimals ("1.234") is an error, not a rounding: an amount the ledger cannot
    hold must be fixed at its source. Floats and ints are refused (TypeError) because an int
    could as well be fen and a float may already be inexact; write str(x) if you mean it.
    """
    if isinstance(yuan, Decimal):
        if not yuan.is_finite():
            raise ValueError(f"not an amount: {yuan}")
        text = format(yuan, "f")
    elif isinstance(yuan, str):
        text = yuan.strip()
    else:
        raise TypeError(f"yuan must be a str or Decimal, not {type(yuan).__name__}")
    match = _YUAN.match(text)
    if not match or not (match.group(2) or match.group(3)):
        raise ValueError(f"not an amount in yuan with at most 2 decimals: {yuan!r}")
    sign, whole, cents = match.group(1), match.group(2) or "0", match.group(3) or ""
    fen = int(whole) * 100 + int(cents.ljust(2, "0"))
    return -fen if sign == "-" else fen


def money(fen: int) -> types_pb2.Money:
    """A ``Money`` message of ``fen`` CNY fen."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    return types_pb2.Money(currency_code=CURRENCY, amount_fen=fen)


def cny(yuan: Union[str, Decimal]) -> types_pb2.Money:
    """A ``Money`` message from yuan text: ``cny("1087.50")`` is 108750 fen."""
    return money(yuan_to_fen(yuan))


def money_to_yuan(value: types_pb2.Money) -> str:
    """Formats a ``Money`` message as yuan ("1234.56"); refuses another currency."""
    if value.currency_code not in ("", CURRENCY):
        raise ValueError(f"not CNY: {value.currency_code}")
    return fen_to_yuan(value.amount_fen)


def date(value: Union[str, datetime.date]) -> types_pb2.Date:
    """A ``Date`` message from "2025-06-01" or a ``datetime.date`` (the bank's value date)."""
    if isinstance(value, datetime.date):
        return types_pb2.Date(year=value.year, month=value.month, day=value.day)
    match = _DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"not a date YYYY-MM-DD: {value!r}")
    year, month, day = (int(g) for g in match.groups())
    datetime.date(year, month, day)  # raises ValueError for 2025-02-30
    return types_pb2.Date(year=year, month=month, day=day)


def date_text(value: types_pb2.Date) -> str:
    """Formats a ``Date`` message as "2025-06-01"; "" for an unset date (all zero)."""
    if value.year == 0 and value.month == 0 and value.day == 0:
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def to_pydate(value: types_pb2.Date) -> datetime.date:
    """A ``datetime.date`` from a ``Date`` message (ValueError if unset or invalid)."""
    return datetime.date(value.year, value.month, value.day)
