"""The stored shape of each versioned node kind, declared once; its statements derive from it.

A versioned entity is an identity node (`:DataResource:Entity {id, ...}`) with links to
the nodes it names, and state records (graph/history.py) holding its attributes over
valid time. `NodeShape` says which properties the identity node keeps, which links it has
(and which properties it copies from the linked node), and the attributes of its state
records as a TypedDict. From it come the API's create statement, the bulk loader's body,
and the typed attributes the resolvers build and the GraphQL types read: adding a
property or link is one change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import LiteralString, NotRequired, TypedDict

from graph.db import Query


class ResourceAttrs(TypedDict):
    """A data resource's attributes in one state record 数据资源."""

    catalogCode: str
    nameZh: str
    nameEn: str | None
    description: str | None
    category: str
    grade: str
    sector: str
    platform: str
    accessMode: str
    openness: str
    openListYears: list[int]
    containsPersonalInfo: bool
    sourceId: str
    regionId: str
    regionPath: str
    datasetKey: NotRequired[str]  # a dataset that arrived by OpenLineage ingestion
    unregistered: NotRequired[bool]


class RightAttrs(TypedDict):
    """A right's attributes in one state record 数据权利; a granted right also keeps its
    limits and parent, so onward grants are checked against them."""

    kind: str
    holderId: str
    objectId: str
    objectType: str
    regionPath: str
    basis: str
    basisReference: str | None
    sublicensable: bool
    status: str
    statusReason: NotRequired[str]
    purposes: NotRequired[list[str] | None]
    territory: NotRequired[list[str] | None]
    maxCount: NotRequired[int | None]
    maxVolumeGb: NotRequired[float | None]
    duties: NotRequired[list[str] | None]
    parentRightId: NotRequired[str]
    authorizationId: NotRequired[str]


@dataclass(frozen=True)
class Link:
    """A relationship between the identity node and a node it names by id (`key`), copying
    some of that node's properties onto the identity node (`copies`: ours → theirs)."""

    type: LiteralString
    label: LiteralString
    key: LiteralString
    incoming: bool = False
    copies: tuple[tuple[LiteralString, LiteralString], ...] = ()


@dataclass(frozen=True)
class NodeShape:
    label: LiteralString
    state_label: LiteralString
    identity: tuple[LiteralString, ...]  # row properties kept on the identity node
    links: tuple[Link, ...] = field(default_factory=tuple)

    def _matches(self) -> LiteralString:
        lines: LiteralString = ""
        for index, link in enumerate(self.links):
            lines += f"MATCH (l{index}:{link.label} {{id: row.{link.key}}})\n"
        return lines

    def _identity(self) -> LiteralString:
        sets: LiteralString = "n.id = row.id, n.recordedAt = $now"
        for name in self.identity:
            sets += f", n.{name} = row.{name}"
        for index, link in enumerate(self.links):
            sets += f", n.{link.key} = l{index}.id"
            for ours, theirs in link.copies:
                sets += f", n.{ours} = l{index}.{theirs}"
        creates: LiteralString = ""
        for index, link in enumerate(self.links):
            arrow = f"<-[:{link.type}]-" if link.incoming else f"-[:{link.type}]->"
            creates += f"CREATE (n){arrow}(l{index})\n"
        return f"CREATE (n:{self.label}:Entity)\nSET {sets}\n{creates}"

    def create_query(self) -> Query:
        """The API's statement: identity nodes with their links, one per row; their state
        records are written by graph/history.py."""
        return Query(
            f"{self.label}.create",
            "UNWIND $rows AS row\n"
            + self._matches()
            + self._identity()
            + "RETURN collect({id: n.id}) AS rows",
            collected=True,
        )

    def bulk_body(self) -> LiteralString:
        """The bulk loader's body: the identity node, its links and its first state record
        (`row.attrs` from `row.validFrom` to `row.validTo`), mirrored on the identity node
        as a write of the API mirrors it."""
        copied: LiteralString = ""
        for index, link in enumerate(self.links):
            copied += f", s.{link.key} = l{index}.id"
            for ours, theirs in link.copies:
                copied += f", s.{ours} = l{index}.{theirs}"
        return (
            self._matches()
            + self._identity()
            + "SET n += row.attrs\n"
            + f"CREATE (n)-[:STATE]->(s:State:{self.state_label})\n"
            + "SET s += row.attrs, s.stateId = row.id + ':0', s.id = row.id"
            + copied
            + ", s.validFrom = row.validFrom, s.validTo = row.validTo,"
            + " s.recordedAt = $now, s.recordedBy = 'bulk'\n"
        )


RESOURCE = NodeShape(
    label="DataResource",
    state_label="ResourceState",
    identity=("catalogCode",),
    links=(
        Link("SOURCED_FROM", "Party", "sourceId"),
        Link("IN_REGION", "Region", "regionId", copies=(("regionPath", "path"),)),
    ),
)

RIGHT = NodeShape(
    label="Right",
    state_label="RightState",
    identity=("kind", "objectType"),
    links=(
        Link("HOLDS", "Party", "holderId", incoming=True),
        Link("ON", "Entity", "objectId", copies=(("regionPath", "regionPath"),)),
    ),
)
