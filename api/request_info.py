"""What one request did, gathered while it is served for its log line, its metrics and its
span (api/observe.py): which operation, for whom, with which errors.

Whatever answers a request fills in the `RequestInfo` of the current context: the GraphQL
extension `OperationReport` (api/extensions.py), authentication, and every place that
answers an error of its own (`note_error`).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from graph.domain import Actor


@dataclass
class RequestInfo:
    request_id: str
    endpoint: str
    operation: str | None = None  # the GraphQL operation's name, as sent or as in the document
    validated: bool = False  # the document parsed and validated: its name may become a label
    caller: Actor | None = None
    codes: list[str] = field(default_factory=list)  # the codes of the errors answered
    rejections: list[str] = field(default_factory=list)  # the codes of Rejections answered


current_request: ContextVar[RequestInfo | None] = ContextVar("current_request", default=None)


def note_error(code: str) -> None:
    """The request is answered with an error of this code."""
    info = current_request.get()
    if info is not None:
        info.codes.append(code)


def note_caller(actor: Actor) -> None:
    info = current_request.get()
    if info is not None:
        info.caller = actor
