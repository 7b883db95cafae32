"""A thin client over the generated stubs: connection, caller, request ids, retries, errors.

    client = ledgerclient.connect("127.0.0.1:50051", principal="bank:B001")  # dev server
    client = ledgerclient.connect("ledger.example:443", ca="ca.pem", cert="me.pem",
                                  key="me.key")                               # mutual TLS
    response = client.loans.GetLoan(loan_pb2.GetLoanRequest(name="banks/B001/loans/L1"))

Each service is an attribute (``loans``, ``batches``, ``guarantees``, ``accounts``, ``journal``,
``policies``, ``subsidies``, ``cohorts``) whose methods are the RPCs of the proto, taking the
request message and returning the response message. Compared with calling the stubs directly:

* every call has a deadline (``timeout_s``) and, on a development server, the principal header;
* a mutating call whose ``request_id`` is empty gets a fresh UUIDv4 written into the request
  object itself, so sending the same object again is a safe retry (the server replays it);
* calls the server may answer differently a moment later are retried with the same request id
  (UNAVAILABLE for any call; ABORTED, i.e. CLAIM_BASIS_STALE, and RESOURCE_EXHAUSTED /
  COMMIT_QUEUE_FULL for mutations), a few times with a short backoff;
* a failure raises ``LedgerError`` (code, reason, field) instead of a bare ``grpc.RpcError``.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Callable, Iterator, Optional

import grpc
from google.protobuf import message as pb_message

from ledgerclient.errors import LedgerError, from_rpc_error
from ledgerclient.paging import paginate
from microloan.ledger.v1 import (account_pb2, account_pb2_grpc, batch_pb2, batch_pb2_grpc,
                                 cohort_pb2, cohort_pb2_grpc, guarantee_service_pb2,
                                 guarantee_service_pb2_grpc, journal_pb2, journal_pb2_grpc,
                                 loan_pb2, loan_pb2_grpc, policy_pb2, policy_pb2_grpc,
                                 subsidy_pb2, subsidy_pb2_grpc)

PRINCIPAL_HEADER = "x-ledger-principal"

# Transient refusals worth another try with the same request id (docs/API.md): a mutation the
# server did not apply can be sent again, and one it did apply is replayed, never re-applied.
_RETRY_ANY = {grpc.StatusCode.UNAVAILABLE}
_RETRY_MUTATION = {grpc.StatusCode.ABORTED}
_RETRY_MUTATION_REASONS = {(grpc.StatusCode.RESOURCE_EXHAUSTED, "COMMIT_QUEUE_FULL")}


def new_request_id() -> str:
    """A fresh request id: a random UUIDv4 (fits the 1..128 characters the ledger allows)."""
    return str(uuid.uuid4())


def ensure_request_id(request: pb_message.Message) -> str:
    """Gives a mutating request a request id unless it already has one, and returns it.

    The id is written into ``request`` so that sending the same object again is a retry the
    server recognises (answered with ``commit.replayed = true``, nothing applied twice). For a
    ``SubmitBatchRequest`` each command gets its own id (idempotency is per command); the
    returned value is then "". A read request (no ``request_id`` field) is left alone.
    """
    if isinstance(request, batch_pb2.SubmitBatchRequest):
        for command in request.commands:
            kind = command.WhichOneof("command")
            if kind:
                ensure_request_id(getattr(command, kind))
        return ""
    if "request_id" not in request.DESCRIPTOR.fields_by_name:
        return ""
    if not request.request_id:
        request.request_id = new_request_id()
    return request.request_id


def _is_mutation(request: pb_message.Message) -> bool:
    return ("request_id" in request.DESCRIPTOR.fields_by_name or
            isinstance(request, batch_pb2.SubmitBatchRequest))


class _Method:
    """One RPC of a service, called like the stub's method: ``method(request) -> response``."""

    def __init__(self, client: "LedgerClient", rpc: str, callable_: Any,
                 server_streaming: bool) -> None:
        self._client = client
        self._rpc = rpc
        self._callable = callable_
        self._server_streaming = server_streaming
        self.__name__ = rpc.rsplit(".", 1)[-1]

    def __call__(self, request: pb_message.Message, *, timeout_s: Optional[float] = None,
                 retries: Optional[int] = None) -> Any:
        """Calls the RPC; ``timeout_s`` and ``retries`` override the client's defaults."""
        timeout = self._client.timeout_s if timeout_s is None else timeout_s
        if self._server_streaming:
            return self._stream(request, timeout_s)
        mutation = _is_mutation(request)
        if mutation:
            ensure_request_id(request)
        attempts = 1 + max(0, self._client.retries if retries is None else retries)
        for attempt in range(attempts):
            try:
                return self._callable(request, timeout=timeout,
                                      metadata=self._client.metadata)
            except grpc.RpcError as rpc_error:
                error = from_rpc_error(rpc_error, self._rpc)
                if attempt + 1 >= attempts or not _retryable(error, mutation):
                    raise error from None
                time.sleep(self._client.backoff_s * (2 ** attempt))
        raise AssertionError("unreachable")

    def _stream(self, request: pb_message.Message, timeout_s: Optional[float]) -> Iterator[Any]:
        # A stream (StreamEntries) runs until cancelled: no deadline unless one is asked for.
        responses = self._callable(request, timeout=timeout_s, metadata=self._client.metadata)
        try:
            for response in responses:
                yield response
        except grpc.RpcError as rpc_error:
            raise from_rpc_error(rpc_error, self._rpc) from None
        finally:
            responses.cancel()


def _retryable(error: LedgerError, mutation: bool) -> bool:
    if error.code in _RETRY_ANY:
        return True
    if not mutation:
        return False
    return error.code in _RETRY_MUTATION or (error.code, error.reason) in _RETRY_MUTATION_REASONS


class _Service:
    """The RPCs of one service as ``_Method`` attributes, from the proto's service descriptor."""

    def __init__(self, client: "LedgerClient", stub: Any, descriptor: Any) -> None:
        for method in descriptor.methods:
            rpc = f"{descriptor.name}.{method.name}"
            setattr(self, method.name, _Method(client, rpc, getattr(stub, method.name),
                                               method.server_streaming))
        self.name = descriptor.full_name


class LedgerClient:
    """A connection to ledgerd acting as one caller. Build it with ``connect``.

    Close it (or use it as a context manager) to release the channel. ``with_principal``
    gives a client sharing the channel that acts as someone else (development servers only).
    """

    def __init__(self, channel: grpc.Channel, principal: Optional[str] = None,
                 timeout_s: float = 10, retries: int = 3, backoff_s: float = 0.2,
                 _owns_channel: bool = True) -> None:
        self.channel = channel
        self.principal = principal
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self._owns_channel = _owns_channel
        self.metadata = ((PRINCIPAL_HEADER, principal),) if principal else ()
        self.loans = self._service(loan_pb2_grpc.LoanServiceStub, loan_pb2, "LoanService")
        self.batches = self._service(batch_pb2_grpc.BatchServiceStub, batch_pb2,
                                     "BatchService")
        self.guarantees = self._service(guarantee_service_pb2_grpc.GuaranteeServiceStub,
                                        guarantee_service_pb2, "GuaranteeService")
        self.accounts = self._service(account_pb2_grpc.AccountServiceStub, account_pb2,
                                      "AccountService")
        self.journal = self._service(journal_pb2_grpc.JournalServiceStub, journal_pb2,
                                     "JournalService")
        self.policies = self._service(policy_pb2_grpc.PolicyServiceStub, policy_pb2,
                                      "PolicyService")
        self.subsidies = self._service(subsidy_pb2_grpc.SubsidyServiceStub, subsidy_pb2,
                                       "SubsidyService")
        self.cohorts = self._service(cohort_pb2_grpc.CohortServiceStub, cohort_pb2,
                                     "CohortService")

    def _service(self, stub_class: Callable[[grpc.Channel], Any], module: Any,
                 name: str) -> Any:
        return _Service(self, stub_class(self.channel), module.DESCRIPTOR.services_by_name[name])

    def with_principal(self, principal: str) -> "LedgerClient":
        """The same channel, acting as ``principal`` (a development server's header)."""
        return LedgerClient(self.channel, principal, self.timeout_s, self.retries,
                            self.backoff_s, _owns_channel=False)

    def paginate(self, method: Callable[..., Any], request: pb_message.Message,
                 items: Optional[str] = None, page_size: int = 100) -> Iterator[Any]:
        """Every item of a List* RPC, page after page (see ``ledgerclient.paging``)."""
        return paginate(method, request, items=items, page_size=page_size)

    def close(self) -> None:
        """Closes the channel (if this client opened it)."""
        if self._owns_channel:
            self.channel.close()

    def __enter__(self) -> "LedgerClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ValueError(f"{what}: cannot read {path}: {e.strerror}") from None
    if not data:
        raise ValueError(f"{what}: {path} is empty")
    return data


def connect(server: str, ca: Optional[str] = None, cert: Optional[str] = None,
            key: Optional[str] = None, principal: Optional[str] = None,
            timeout_s: float = 10, retries: int = 3,
            server_name: Optional[str] = None) -> LedgerClient:
    """Connects to ``server`` ("host:port") and returns a ``LedgerClient``.

    With ``ca``, ``cert`` and ``key`` (PEM files): mutual TLS, which production ledgerd
    requires; the caller is the certificate's subject CN, so ``principal`` is not sent (the
    server would ignore it). ``server_name`` overrides the name checked against the server's
    certificate. Without them: plaintext to a ``ledgerd --dev_plaintext`` server (loopback,
    unauthenticated), acting as ``principal`` ("finance", "bank:B001",
    "county_officer:370281"; the server's default is "dev").

    ``timeout_s`` is the deadline of each call; ``retries`` how often a transient failure is
    retried with the same request id (0 turns retrying off). No connection is made until the
    first call; a server that is not there fails that call with ``LedgerError`` UNAVAILABLE.
    """
    tls_files = (ca, cert, key)
    if any(tls_files) and not all(tls_files):
        raise ValueError("mutual TLS needs all of ca, cert and key")
    if timeout_s <= 0:
        raise ValueError("timeout_s must be positive")
    if all(tls_files):
        credentials = grpc.ssl_channel_credentials(
            root_certificates=_read(ca, "ca"),
            private_key=_read(key, "key"),
            certificate_chain=_read(cert, "cert"))
        options = [("grpc.ssl_target_name_override", server_name)] if server_name else []
        channel = grpc.secure_channel(server, credentials, options=options)
        return LedgerClient(channel, None, timeout_s, retries)
    return LedgerClient(grpc.insecure_channel(server), principal, timeout_s, retries)
