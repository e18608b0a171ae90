"""Creating rights inside a write: shared by resources, products, registrations and
`recordRight`, so a right always gets its identity, holder link and first record together.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph import rights
from graph.db import Row
from graph.history import Span
from resolvers.writes import Write


async def create_right(
    write: Write,
    *,
    kind: str,
    holder_id: str,
    object_id: str,
    object_type: str,
    region_path: str,
    basis: str,
    basis_reference: str | None,
    valid_from: date,
    valid_to: date | None,
    sublicensable: bool = False,
    constraints: dict[str, Any] | None = None,
) -> str:
    """`constraints`: a granted right's limits (purposes, territory, counts, duties) and its
    parent, kept in its record so that onward grants are checked against them."""
    right_id = write.new_id()
    await rights.create_right(
        write.tx,
        {
            "id": right_id,
            "kind": kind,
            "holderId": holder_id,
            "objectId": object_id,
            "objectType": object_type,
        },
        write.now,
    )
    attrs = {
        "kind": kind,
        "holderId": holder_id,
        "objectId": object_id,
        "objectType": object_type,
        "regionPath": region_path,
        "basis": basis,
        "basisReference": basis_reference,
        "sublicensable": sublicensable,
        "status": "ACTIVE",
        **(constraints or {}),
    }
    await write.save_timeline("RightState", right_id, [Span(valid_from, valid_to, attrs)])
    return right_id


async def valid_rights(
    write: Write, holder_id: str, object_ids: list[str], kinds: list[str], day: date
) -> dict[str, list[Row]]:
    """Active rights of these kinds `holder_id` holds on each object on `day`, read under
    the rights' locks: a suspension or revocation racing this write is either seen here or
    waits until this write has committed."""
    await write.lock(*await rights.held_rights(write.tx, holder_id, object_ids))
    return await rights.valid_rights(write.tx, holder_id, object_ids, kinds, day)
