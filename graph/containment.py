"""Rule 2, "an onward grant is never broader than its parent", as data: the dimensions a
grant is compared in, from which both the write check (resolvers/containment.py) and the
read-side scan (`SCAN`, run by findings) are built, so the two cannot disagree.

Each dimension compares a child right's record `c` with its parent's record `p` (both
RightState records) under one test:
- `SUBSET`: the child's values lie within the parent's (None: unrestricted);
- `AT_MOST`: the child's limit is no larger than the parent's (None: unlimited);
- `NOT_BEFORE` / `NOT_AFTER`: the child's start and end lie within the parent's term;
- `KEEPS`: the child carries every one of the parent's values (duties).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import LiteralString


class Test(Enum):
    SUBSET = "subset"
    AT_MOST = "at most"
    NOT_BEFORE = "not before"
    NOT_AFTER = "not after"
    KEEPS = "keeps"


@dataclass(frozen=True)
class Dimension:
    key: LiteralString  # the property of a right's record, and the input field's name
    test: Test
    name_zh: str


DIMENSIONS = (
    Dimension("purposes", Test.SUBSET, "用途"),
    Dimension("territory", Test.SUBSET, "地域"),
    Dimension("validFrom", Test.NOT_BEFORE, "起始日"),
    Dimension("validTo", Test.NOT_AFTER, "期限"),
    Dimension("maxCount", Test.AT_MOST, "次数"),
    Dimension("maxVolumeGb", Test.AT_MOST, "数量"),
    Dimension("duties", Test.KEEPS, "义务"),
)

# The Cypher of each test; {k} is a dimension's key, never text from a request.
_CYPHER: dict[Test, LiteralString] = {
    Test.SUBSET: "(p.{k} IS NOT NULL AND (c.{k} IS NULL OR any(x IN c.{k} WHERE NOT x IN p.{k})))",
    Test.AT_MOST: "(p.{k} IS NOT NULL AND (c.{k} IS NULL OR c.{k} > p.{k}))",
    Test.NOT_BEFORE: "(c.{k} < p.{k})",
    Test.NOT_AFTER: "(p.{k} IS NOT NULL AND (c.{k} IS NULL OR c.{k} > p.{k}))",
    Test.KEEPS: "any(x IN coalesce(p.{k}, []) WHERE NOT x IN coalesce(c.{k}, []))",
}


def _broader_in_any() -> LiteralString:
    clauses: list[LiteralString] = []
    for dimension in DIMENSIONS:
        # str.replace keeps LiteralString: the key is one of the constants above.
        clauses.append(_CYPHER[dimension.test].replace("{k}", dimension.key))
    return " OR ".join(clauses)


# Each grant against its parent's record on the grant's first day, or, when the grant
# starts before the parent's term, against the parent's first record.
SCAN: LiteralString = (
    """
    MATCH (a:Authorization)-[:CREATED]->(:Right)-[:STATE]->(c:RightState)
    WHERE c.supersededAt IS NULL
    MATCH (:Right {id: a.parentRightId})-[:STATE]->(s:RightState)
    WHERE s.supersededAt IS NULL
    WITH a, c, s ORDER BY s.validFrom
    WITH a, c, collect(s) AS states
    WITH a, c, coalesce(
        head([s IN states WHERE s.validFrom <= c.validFrom
              AND (s.validTo IS NULL OR s.validTo > c.validFrom)]),
        head(states)) AS p
    WHERE """
    + _broader_in_any()
    + """
    RETURN DISTINCT [a.id, a.rightId, a.parentRightId, a.grantorId] AS nodeIds,
           a.validFrom AS day,
           'grant ' + a.number + ' is broader than the right it was carved from' AS message,
           '授权' + a.number + '超出原权利范围' AS messageZh, a.regionPath AS regionPath
    LIMIT $limit
    """
)
