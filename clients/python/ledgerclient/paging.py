"""Paging over the ledger's List* RPCs (AIP-158).

The server returns at most ``page_size`` items and a ``next_page_token``; a page may be short
(even empty) and still have a token, because each page walks a bounded number of index keys.
So the only correct loop is "follow the token until it is empty", which ``paginate`` does,
yielding items one at a time so that a listing of 100,000 loans never sits in memory at once.

    for loan in paginate(client.loans.ListLoans, loan_pb2.ListLoansRequest(bank_id="B001")):
        print(loan.name)
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from google.protobuf import descriptor as pb_descriptor
from google.protobuf import message as pb_message

# The largest page_size any List* RPC accepts is 1000 (ListLoans and ListSubsidyClaims: 500);
# a bigger one would be refused with PAGE_SIZE_OUT_OF_RANGE.
MAX_PAGE_SIZE = 1000
# A listing longer than this many pages is a server bug, not data (10 million items at 1,000).
MAX_PAGES = 10000


def _items_field(response_descriptor: pb_descriptor.Descriptor) -> str:
    repeated = [f.name for f in response_descriptor.fields
                if f.label == pb_descriptor.FieldDescriptor.LABEL_REPEATED and
                f.type == pb_descriptor.FieldDescriptor.TYPE_MESSAGE]
    if len(repeated) != 1:
        raise ValueError(f"{response_descriptor.full_name} has repeated fields {repeated}; "
                         "name the one to page over with items=")
    return repeated[0]


def paginate(method: Callable[..., Any], request: pb_message.Message,
             items: Optional[str] = None, page_size: int = 100,
             max_pages: Optional[int] = None) -> Iterator[Any]:
    """Yields every item of a List* RPC, following ``next_page_token`` until it is empty.

    ``method`` is a client method (``client.loans.ListLoans``) or any callable taking the
    request and returning the response. ``request`` carries the filters; it is copied, never
    changed. ``items`` names the response's repeated field (found by itself when there is only
    one). ``page_size`` (1..1000) bounds each answer; keep it within the RPC's maximum.
    ``max_pages`` stops early (None: all pages). A server handing back a token it gave before
    would loop forever, so that raises RuntimeError, as does passing ``MAX_PAGES`` pages.
    """
    if "page_token" not in request.DESCRIPTOR.fields_by_name:
        raise ValueError(f"{request.DESCRIPTOR.full_name} has no page_token: not a List* RPC")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}, not {page_size}")
    page_request = type(request)()
    page_request.CopyFrom(request)
    page_request.page_size = page_size
    field = items
    pages = 0
    seen = {page_request.page_token}
    while True:
        response = method(page_request)
        pages += 1
        if field is None:
            field = _items_field(response.DESCRIPTOR)
        yield from getattr(response, field)
        token = response.next_page_token
        if not token or (max_pages is not None and pages >= max_pages):
            return
        if token in seen or pages >= MAX_PAGES:
            raise RuntimeError(f"{request.DESCRIPTOR.full_name}: the server repeated a page "
                               f"token or passed {MAX_PAGES} pages; stopping instead of looping")
        seen.add(token)
        page_request.page_token = token
