"""Fill the loaders a page's nodes will ask, before the page is completed.

A list resolver that knows its nodes can start their loads at once, for the fields the
request selects under `edges { node { ... } }`: the loads batch exactly as they would have
(one statement per loader), and when the executor completes the page every value is
already there, so the whole list can be completed in one loop (api/execution.py) instead
of field by field. A load that fails is left in its future: the field reports it when it
is completed, as it would have without the prefetch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

Selection = SelectedField | FragmentSpread | InlineFragment


def node_fields(info: Any) -> set[str]:
    """The field names selected on `edges.node` of the connection this resolver returns,
    through fragments (aliases and directives aside: a field under @skip only costs a
    load that batches with the others)."""
    found: set[str] = set()
    for edges in _fields(info.selected_fields[0].selections, "edges"):
        for node in _fields(edges.selections, "node"):
            found |= {field.name for field in _fields(node.selections)}
    return found


def edge_fields(info: Any) -> set[str]:
    """The field names selected on `edges` of the connection this resolver returns."""
    edges = _fields(info.selected_fields[0].selections, "edges")
    return {field.name for selected in edges for field in _fields(selected.selections)}


def node_subfields(info: Any, *path: str) -> set[str]:
    """The field names selected under every field at `path` (names, aliases aside) below
    `edges.node`: ("rights",) is what the page selects of its nodes' rights, ("rights",
    "holder") of their holders."""
    fields = _fields(info.selected_fields[0].selections, "edges")
    for name in ("node", *path):
        fields = [field for parent in fields for field in _fields(parent.selections, name)]
    return {sub.name for field in fields for sub in _fields(field.selections)}


def _fields(selections: Iterable[Selection], name: str | None = None) -> list[SelectedField]:
    found = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            if name is None or selection.name == name:
                found.append(selection)
        else:
            found += _fields(selection.selections, name)
    return found


async def prefetch(
    info: Any, nodes: list[Any], loads: dict[str, Callable[[Any], Awaitable[Any] | None]]
) -> None:
    """Start `loads[field](node)` for every node, for each field selected on the nodes
    (None: nothing to load for that node)."""
    if not nodes:
        return
    wanted = node_fields(info)
    started = [load(node) for field, load in loads.items() if field in wanted for node in nodes]
    pending = [load for load in started if load is not None]
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
