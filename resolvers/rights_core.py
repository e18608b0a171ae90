"""Creating rights inside a write: shared by resources, products, registrations and
`recordRight`, so a right always gets its identity, holder link and first record together.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from graph import rights
from graph.history import Span, write_timeline
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
    right_id = str(uuid.uuid4())
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
    await write_timeline(
        write.tx,
        "RightState",
        right_id,
        [Span(valid_from, valid_to, attrs)],
        write.now,
        write.ctx.actor.subject,
    )
    return right_id
