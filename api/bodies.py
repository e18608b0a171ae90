"""Reading a request body under a size cap: a body past the cap is refused (413) as soon as
it is known to be too large, from its Content-Length or while it arrives, never held whole."""

from __future__ import annotations

from starlette.requests import Request


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is larger than {limit} bytes")
        self.limit = limit


async def read_capped(request: Request, limit: int) -> bytes:
    """The body, at most `limit` bytes; kept on the request, so its later readers get it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette's own cache of the body: strawberry reads it from there
    return body
