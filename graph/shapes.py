"""The stored shape of a node kind, declared once; its statements derive from it.

An entity is an identity node (`:DataResource:Entity {id, ...}`) with links to the nodes
it names; a versioned one also has state records (graph/history.py) holding its
attributes over valid time. `NodeShape` says which properties the identity node keeps,
which links it has (and which properties it copies from the linked node), and, for a
versioned kind, the label of its state records, whose attributes are a TypedDict here.
From it come the API's create statement, the seed's upsert, the bulk loader's body, and
the typed attributes the resolvers build: adding a property or link is one change here.
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
    sourceId: str | None  # None: a dataset ingestion met that nobody registered
    regionId: str
    regionPath: str
    # A dataset that arrived by OpenLineage ingestion with no asset linked to it: its
    # identifier, and no source unit or holder (graph/datasets.py links identifiers).
    datasetNamespace: NotRequired[str]
    datasetName: NotRequired[str]
    unregistered: NotRequired[bool]
    # Its columns (graph/columns.py), from OpenLineage `schema` facets.
    columnNames: NotRequired[list[str]]
    columnTypes: NotRequired[list[str]]
    columnDescriptions: NotRequired[list[str]]


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
    optional: bool = False  # a row without the key (or naming no node) gets no link


@dataclass(frozen=True)
class NodeShape:
    label: LiteralString
    identity: tuple[LiteralString, ...]  # row properties kept on the identity node
    links: tuple[Link, ...] = field(default_factory=tuple)
    state_label: LiteralString | None = None  # versioned kinds only

    def _matches(self) -> LiteralString:
        lines: LiteralString = ""
        for index, link in enumerate(self.links):
            verb = "OPTIONAL MATCH" if link.optional else "MATCH"
            lines += f"{verb} (l{index}:{link.label} {{id: row.{link.key}}})\n"
        return lines

    def _properties(self) -> LiteralString:
        sets: LiteralString = ""
        for name in self.identity:
            sets += f", n.{name} = row.{name}"
        for index, link in enumerate(self.links):
            sets += f", n.{link.key} = l{index}.id"
            for ours, theirs in link.copies:
                sets += f", n.{ours} = l{index}.{theirs}"
        return sets

    def _links(self, verb: LiteralString) -> LiteralString:
        lines: LiteralString = ""
        for index, link in enumerate(self.links):
            arrow = f"<-[:{link.type}]-" if link.incoming else f"-[:{link.type}]->"
            if link.optional:
                lines += (
                    f"FOREACH (_ IN CASE WHEN l{index} IS NULL THEN [] ELSE [1] END | "
                    f"{verb} (n){arrow}(l{index}))\n"
                )
            else:
                lines += f"{verb} (n){arrow}(l{index})\n"
        return lines

    def _identity(self) -> LiteralString:
        return (
            f"CREATE (n:{self.label}:Entity)\n"
            + "SET n.id = row.id, n.recordedAt = $now, n.recordedBy = $recordedBy"
            + self._properties()
            + "\n"
            + self._links("CREATE")
        )

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

    def upsert_query(self) -> Query:
        """The seed's statement: create each row's node or bring it up to date."""
        return Query(
            f"{self.label}.upsert",
            "UNWIND $rows AS row\n"
            + self._matches()
            + f"MERGE (n:{self.label}:Entity {{id: row.id}})\n"
            + "ON CREATE SET n.recordedAt = $now, n.recordedBy = $recordedBy\n"
            + "SET n.id = row.id"
            + self._properties()
            + "\n"
            + self._links("MERGE")
            + "RETURN count(n) AS upserted",
        )

    def bulk_body(self) -> LiteralString:
        """The bulk loader's body: the identity node, its links and, for a versioned kind,
        its first state record (`row.attrs` from `row.validFrom` to `row.validTo`), mirrored
        on the identity node as a write of the API mirrors it."""
        if self.state_label is None:
            return self._matches() + self._identity()
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


# A domestic party has a credit code and lies in a region of Qinzhou; a foreign one
# (article 19) has a country other than CN, a home registration and no region.
PARTY = NodeShape(
    label="Party",
    identity=(
        "nameZh",
        "nameEn",
        "kind",
        "creditCode",
        "country",
        "homeRegistrationId",
        "homeRegistrationScheme",
        "description",
    ),
    links=(
        Link("LOCATED_IN", "Region", "regionId", copies=(("regionPath", "path"),), optional=True),
    ),
)

RESOURCE = NodeShape(
    label="DataResource",
    state_label="ResourceState",
    identity=("catalogCode",),
    links=(
        # Optional: a dataset ingestion met that nobody registered has no source unit.
        Link("SOURCED_FROM", "Party", "sourceId", optional=True),
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
