"""ledgerclient: a thin Python client for ledgerd (microloan.ledger.v1) over generated stubs.

The message and stub modules are generated at build time (``bazel build
//clients/python:ledgerclient``) under their proto package paths, e.g.
``microloan.ledger.v1.loan_pb2``; this package adds what every caller would otherwise rewrite:
``connect`` (mutual TLS or a development server's principal), request ids for safe retries,
``paginate``, ``LedgerError`` with the ledger's reason and field, and exact money helpers.
clients/python/README.md shows them in use.
"""

from ledgerclient.client import (LedgerClient, connect, ensure_request_id,
                                 new_request_id)
from ledgerclient.errors import LedgerError, from_rpc_error
from ledgerclient.money import (cny, date, date_text, fen_to_yuan, money,
                                money_to_yuan, to_pydate, yuan_to_fen)
from ledgerclient.paging import paginate

__all__ = [
    "LedgerClient",
    "LedgerError",
    "cny",
    "connect",
    "date",
    "date_text",
    "ensure_request_id",
    "fen_to_yuan",
    "from_rpc_error",
    "money",
    "money_to_yuan",
    "new_request_id",
    "paginate",
    "to_pydate",
    "yuan_to_fen",
]
