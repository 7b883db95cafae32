"""Readable ledger errors: the gRPC code plus the machine-readable reason and field.

Every refusal of ``ledgerd`` carries, in the ``grpc-status-details-bin`` trailing metadata, a
serialized ``google.rpc.Status`` holding a ``google.rpc.ErrorInfo`` (``reason`` such as
``EXCEEDS_OUTSTANDING_PRINCIPAL``, domain ``ledger.microloan``, ``metadata["field"]``) and, when
a field is at fault, a ``google.rpc.BadRequest`` naming it (ledger/server/status_mapping.cc).
Programs should branch on ``reason`` (stable strings, ledger/base/error.h), never on the
message text. Decoded here with the generated google/rpc modules, because Debian has no
grpcio-status package.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import grpc

from google.rpc import error_details_pb2, status_pb2

ERROR_DOMAIN = "ledger.microloan"
STATUS_DETAILS_KEY = "grpc-status-details-bin"


class LedgerError(Exception):
    """A failed ledger call.

    Attributes:
        code: the canonical gRPC status code (``grpc.StatusCode``).
        reason: the ledger's reason (e.g. ``REQUEST_ID_REUSED``); "" when the call failed
            before reaching the ledger (connection refused, deadline, TLS handshake).
        field: the request field at fault (e.g. ``principal.amount_fen``), or "".
        message: the server's text without the leading "REASON: ".
        violations: every ``(field, description)`` of the ``google.rpc.BadRequest``.
        rpc: the method called (e.g. ``LoanService.RecordRepayment``), when known.
    """

    def __init__(self, code: grpc.StatusCode, reason: str = "", field: str = "",
                 message: str = "", violations: Sequence[Tuple[str, str]] = (),
                 rpc: str = "") -> None:
        self.code = code
        self.reason = reason
        self.field = field
        self.message = message
        self.violations: List[Tuple[str, str]] = list(violations)
        self.rpc = rpc
        super().__init__(str(self))

    @property
    def code_name(self) -> str:
        """The code's canonical name, e.g. "FAILED_PRECONDITION"."""
        return self.code.name if isinstance(self.code, grpc.StatusCode) else str(self.code)

    def __str__(self) -> str:
        """One line, as ledgerctl prints it: CODE REASON (field: F): text."""
        head = self.code_name
        if self.reason:
            head += " " + self.reason
        if self.field:
            head += f" (field: {self.field})"
        text = " ".join(self.message.split())  # one line, whatever the server sent
        return f"{head}: {text}" if text else head


def _details_bytes(metadata: Optional[Sequence[Tuple[str, object]]]) -> bytes:
    for key, value in metadata or ():
        if key == STATUS_DETAILS_KEY:
            return value if isinstance(value, bytes) else str(value).encode("latin-1")
    return b""


def from_rpc_error(error: grpc.RpcError, rpc: str = "") -> LedgerError:
    """Turns a ``grpc.RpcError`` (as raised by a stub) into a ``LedgerError``.

    The first ``ErrorInfo`` of the ledger's domain gives reason and field (another domain's,
    e.g. from a proxy, is used only if there is none); the ``BadRequest`` violations are kept,
    and give the field when the ``ErrorInfo`` names none.
    """
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    text = (error.details() if hasattr(error, "details") else str(error)) or ""
    trailing = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    reason, field = "", ""
    violations: List[Tuple[str, str]] = []
    raw = _details_bytes(trailing)
    if raw:
        status = status_pb2.Status()
        try:
            status.ParseFromString(raw)
        except Exception:  # a malformed trailer must not hide the original error
            status = status_pb2.Status()
        infos: List[error_details_pb2.ErrorInfo] = []
        for detail in status.details:
            # A detail that does not decode is skipped: it must not hide the original error.
            try:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    infos.append(info)
                elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad_request = error_details_pb2.BadRequest()
                    detail.Unpack(bad_request)
                    violations.extend((v.field, v.description)
                                      for v in bad_request.field_violations)
            except Exception:  # noqa: BLE001 - any decode failure of a detail
                continue
        ours = [i for i in infos if i.domain == ERROR_DOMAIN] or infos
        if ours:
            reason = ours[0].reason
            field = ours[0].metadata.get("field", "")
        if not field and violations:
            field = violations[0][0]
        if status.message and not text:
            text = status.message
    if reason and text.startswith(reason + ": "):
        text = text[len(reason) + 2:]
    return LedgerError(code, reason, field, text, violations, rpc)
