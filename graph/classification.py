"""Classification along lineage 分类分级随血缘继承: the one definition of the order of grades
and categories and of which processing lowers what, used by the write checks (a trade's
pricing, its grade), by the fields and explanations of resources and products, and by the
read-side scans (graph/findings.py passes `PARAMS` to its Cypher).

- Grades, least to most strict: general 一般, important 重要, core 核心 (article 22).
  Derived data takes the strictest grade of its inputs (就高从严, GB/T 43697-2024).
- Categories, least to most protected: enterprise 企业, public 公共, personal 个人.
- A recorded anonymization (ANONYMIZE) or aggregation (AGGREGATE) between an input and the
  asset may lower the grade: along such a path the input's grade is not inherited (the
  asset's own recorded grade stands).
- Anonymization ends the personal-information status: personal data anonymized is carried as
  enterprise data (the processor's), and no longer counts as personal.
- Nothing erases origin: data derived from public data, through any processing, stays of
  public origin, so article 18 (government-guided price, rule 6) applies to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.db import Database, Query, Row, Tx

GRADE_ORDER: tuple[str, ...] = ("GENERAL", "IMPORTANT", "CORE")
CATEGORY_ORDER: tuple[str, ...] = ("ENTERPRISE", "PUBLIC", "PERSONAL")
LOWERS_GRADE: tuple[str, ...] = ("ANONYMIZE", "AGGREGATE")
ENDS_PERSONAL: tuple[str, ...] = ("ANONYMIZE",)
PUBLIC = "PUBLIC"
PERSONAL = "PERSONAL"
ANONYMIZED_PERSONAL_BECOMES = "ENTERPRISE"
MAX_DEPTH = 12

# The rules these definitions serve (resolvers/rules.py names them with these codes).
GRADE_RULE = "GRADE_BELOW_INHERITED"
GRADE_ARTICLE = "第二十二条"
PRICING_RULE = "PRICING_FOLLOWS_CATEGORY"
PRICING_ARTICLE = "第十八条"

# The same definitions for Cypher: pass these as parameters, never spell the order in text.
PARAMS: dict[str, Any] = {
    "gradeRank": {grade: rank for rank, grade in enumerate(GRADE_ORDER)},
    "categoryRank": {category: rank for rank, category in enumerate(CATEGORY_ORDER)},
    "lowering": list(LOWERS_GRADE),
    "anonymizing": list(ENDS_PERSONAL),
    "public": PUBLIC,
}


def grade_rank(grade: str) -> int:
    return GRADE_ORDER.index(grade)


def strictest_grade(grades: list[str]) -> str | None:
    return max(grades, key=GRADE_ORDER.index) if grades else None


# For each asset, every resource upstream, once per way of reaching it (lowered or not,
# anonymized or not), along the shortest such path.
SOURCES = Query(
    "classification.sources",
    """
    UNWIND $ids AS id
    MATCH path = (:Entity {id: id})-[:DERIVES_FROM|MADE_FROM*1..12]->(source:DataResource)
    WITH id, source, path,
         any(r IN relationships(path) WHERE r.kind IN $lowering) AS lowered,
         any(r IN relationships(path) WHERE r.kind IN $anonymizing) AS anonymized
    ORDER BY length(path)
    WITH id, source, lowered, anonymized, collect(path)[0] AS path
    RETURN id, source.id AS sourceId, coalesce(source.nameZh, source.id) AS sourceName,
           source.grade AS grade, source.category AS category,
           coalesce(source.containsPersonalInfo, false) AS personal, lowered, anonymized,
           [i IN range(0, length(path) - 1) | {
               fromId: nodes(path)[i].id, fromName: coalesce(nodes(path)[i].nameZh, ''),
               toId: nodes(path)[i + 1].id, toName: coalesce(nodes(path)[i + 1].nameZh, ''),
               kind: relationships(path)[i].kind, activityId: relationships(path)[i].activityId
           }] AS hops
    """,
)


@dataclass(frozen=True)
class Hop:
    """One hop of lineage, from the derived asset to what it was made from."""

    from_id: str
    from_name: str
    to_id: str
    to_name: str
    kind: str
    activity_id: str | None


@dataclass(frozen=True)
class Trace:
    """A resource upstream and the shortest path to it."""

    source_id: str
    source_name: str
    grade: str
    category: str
    personal: bool
    lowered: bool
    anonymized: bool
    hops: tuple[Hop, ...]

    @property
    def carried_grade(self) -> str:
        """The grade this input passes on: none above the lowest past a lowering hop."""
        return GRADE_ORDER[0] if self.lowered else self.grade

    @property
    def carried_category(self) -> str:
        if self.category == PERSONAL and self.anonymized:
            return ANONYMIZED_PERSONAL_BECOMES
        return self.category

    @property
    def lowering_hop(self) -> Hop | None:
        return next((hop for hop in self.hops if hop.kind in LOWERS_GRADE), None)

    @property
    def anonymizing_hop(self) -> Hop | None:
        return next((hop for hop in self.hops if hop.kind in ENDS_PERSONAL), None)


@dataclass(frozen=True)
class Classification:
    """What an asset inherits along its lineage, and why. Without lineage every field is
    None or False: nothing is inherited."""

    traces: tuple[Trace, ...]

    @property
    def has_lineage(self) -> bool:
        return bool(self.traces)

    def _best(self, key: Any) -> Trace | None:
        # The strictest input; among equals the unlowered and nearest one.
        if not self.traces:
            return None
        return max(self.traces, key=lambda t: (key(t), not t.lowered, -len(t.hops)))

    @property
    def grade_from(self) -> Trace | None:
        return self._best(lambda t: grade_rank(t.carried_grade))

    @property
    def grade(self) -> str | None:
        found = self.grade_from
        return found.carried_grade if found else None

    @property
    def category_from(self) -> Trace | None:
        return self._best(lambda t: CATEGORY_ORDER.index(t.carried_category))

    @property
    def category(self) -> str | None:
        found = self.category_from
        return found.carried_category if found else None

    @property
    def lowered_from(self) -> Trace | None:
        """The input whose stricter grade a lowering hop kept from the asset, if any."""
        inherited = self.grade
        lowered = [
            t
            for t in self.traces
            if t.lowered and inherited is not None and grade_rank(t.grade) > grade_rank(inherited)
        ]
        return max(lowered, key=lambda t: (grade_rank(t.grade), -len(t.hops))) if lowered else None

    @property
    def lowered_by(self) -> Hop | None:
        found = self.lowered_from
        return found.lowering_hop if found else None

    @property
    def personal_ended_by(self) -> Hop | None:
        """The anonymization that ended the personal status of a personal input."""
        ended = [t for t in self.traces if (t.personal or t.category == PERSONAL) and t.anonymized]
        return ended[0].anonymizing_hop if ended else None

    @property
    def public_from(self) -> Trace | None:
        public = [t for t in self.traces if t.category == PUBLIC]
        return min(public, key=lambda t: len(t.hops)) if public else None


def _trace(row: Row) -> Trace:
    return Trace(
        source_id=row["sourceId"],
        source_name=row["sourceName"],
        grade=row["grade"] or GRADE_ORDER[0],
        category=row["category"] or CATEGORY_ORDER[0],
        personal=bool(row["personal"]),
        lowered=bool(row["lowered"]),
        anonymized=bool(row["anonymized"]),
        hops=tuple(
            Hop(
                from_id=h["fromId"],
                from_name=h["fromName"],
                to_id=h["toId"],
                to_name=h["toName"],
                kind=h["kind"] or "",
                activity_id=h["activityId"],
            )
            for h in row["hops"]
        ),
    )


def classifications(rows: list[Row], ids: list[str]) -> dict[str, Classification]:
    traces: dict[str, list[Trace]] = {i: [] for i in ids}
    for row in rows:
        traces.setdefault(row["id"], []).append(_trace(row))
    return {
        i: Classification(tuple(sorted(found, key=lambda t: (t.source_id, t.lowered))))
        for i, found in traces.items()
    }


async def classify(tx: Tx, ids: list[str]) -> dict[str, Classification]:
    """Within a write: what these assets inherit."""
    return classifications(await tx.rows(SOURCES, ids=ids, **PARAMS), ids)


async def read_classifications(db: Database, ids: list[str]) -> dict[str, Classification]:
    """For the read side (a loader): what these assets inherit."""
    return classifications(await db.read(SOURCES, ids=ids, **PARAMS), ids)
