"""Cursors are opaque: the keyset position (ordering, sort value, id) encrypted and signed
with a key derived from the deployment's secret (Fernet: AES-CBC with HMAC-SHA256). A
cursor thus shows nothing of the record it points at, a masked name included, and a forged
or altered one is refused as INVALID_CURSOR.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from datetime import date, datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from graph.domain import ErrorCode
from graph.pagination import Keyset
from resolvers.errors import QueryInputError


def _tagged(value: Any) -> Any:
    """Dates and times keep their type through JSON."""
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        return (
            datetime.fromisoformat(value["dt"]) if "dt" in value else date.fromisoformat(value["d"])
        )
    return value


MAX_CURSOR = 2000  # characters; ours are about 200


class Cursors:
    """Encodes and decodes the cursors of one deployment (its key comes from its secret)."""

    def __init__(self, secret: str) -> None:
        digest = hashlib.sha256(b"rightsgraph cursors\x00" + secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def encode(self, ordering: str, sort_value: Any, node_id: str) -> str:
        value = _tagged(sort_value)
        raw = json.dumps([ordering, value, node_id], ensure_ascii=False, separators=(",", ":"))
        return self._fernet.encrypt(raw.encode()).decode()

    def decode(self, cursor: str, ordering: str, field: str) -> Keyset:
        try:
            if len(cursor) > MAX_CURSOR:
                raise ValueError("too long")
            raw = self._fernet.decrypt(cursor.encode("utf-8", "strict"))
            found_ordering, value, node_id = json.loads(raw)
            value = _untagged(value)
        except (InvalidToken, ValueError, TypeError, KeyError, RecursionError) as exc:
            raise QueryInputError(
                ErrorCode.INVALID_CURSOR, field, "malformed cursor", "游标格式无效"
            ) from exc
        if found_ordering != ordering or not isinstance(node_id, str):
            raise QueryInputError(
                ErrorCode.INVALID_CURSOR,
                field,
                "cursor belongs to a different ordering of the list",
                "游标属于该列表的另一种排序",
            )
        return Keyset(value, node_id)


# Cursors of a process that was given no secret (the seed, a script): valid in it alone.
PROCESS_CURSORS = Cursors(secrets.token_hex(32))
