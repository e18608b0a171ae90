"""Invariants of the registry that hold whatever order writes come in, and a scan for each.

The write path keeps them (resolvers/writes.py locks what a rule reads before reading it);
these scans are how anyone can check that it did: `rightsgraph check` runs them all and
exits 1 when one finds anything, and investigators see what they find among `findings`.
Each statement returns rows of the findings' shape and is capped by $limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from graph.db import Database, Query

# Two intervals of valid time [validFrom, validTo) overlap (an open end is null).
_OVERLAP = (
    "a.validFrom < coalesce(b.validTo, date('9999-12-31')) "
    "AND b.validFrom < coalesce(a.validTo, date('9999-12-31'))"
)


# Rule 1 on read: two live resources under one catalogue code at an overlapping valid time.
# The write check (graph/resources.py SAME_DATA) asks the same of a new registration.
CATALOG_CODE_TWICE: LiteralString = f"""
    MATCH (a:ResourceState)
    WHERE a.supersededAt IS NULL AND a.catalogCode IS NOT NULL
    MATCH (b:ResourceState {{catalogCode: a.catalogCode}})
    WHERE b.supersededAt IS NULL AND a.id < b.id AND {_OVERLAP}
    RETURN DISTINCT [a.id, b.id, a.sourceId, b.sourceId] AS nodeIds,
           CASE WHEN a.validFrom > b.validFrom THEN a.validFrom ELSE b.validFrom END AS day,
           'catalogue code ' + a.catalogCode + ' names two live resources' AS message,
           '目录编码' + a.catalogCode + '同时对应两个现行数据资源' AS messageZh,
           a.regionPath AS regionPath
    LIMIT $limit
    """


@dataclass(frozen=True)
class Invariant:
    code: str
    article: str
    title_en: str
    title_zh: str
    cypher: LiteralString
    # Holds only while this rule is enforced (in warn mode the registry accepts breaches).
    rule: str | None = None


INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "TIMELINE_FORKED",
        "",
        "An entity has one current record at any valid time (a timeline never forks)",
        "同一实体在任一有效时点只有一条现行记录（时间线不分叉）",
        f"""
        MATCH (e:Entity)-[:STATE]->(a:State)
        WHERE a.supersededAt IS NULL
        MATCH (e)-[:STATE]->(b:State)
        WHERE b.supersededAt IS NULL AND a.stateId < b.stateId AND {_OVERLAP}
        RETURN [e.id] AS nodeIds,
               CASE WHEN a.validFrom > b.validFrom THEN a.validFrom ELSE b.validFrom END AS day,
               coalesce(e.nameZh, e.kind, e.id) + ' has two current records for one valid time'
               AS message,
               coalesce(e.nameZh, e.kind, e.id) + '在同一有效时点存在两条现行记录' AS messageZh,
               a.regionPath AS regionPath
        LIMIT $limit
        """,
    ),
    Invariant(
        "RIGHT_UNDER_INACTIVE_ANCESTOR",
        "第十二条、第十四条",
        "A right carved from another is not in force while the one above it is suspended "
        "or revoked",
        "派生权利不得在其上级权利中止或撤销期间有效",
        f"""
        MATCH (child:Right)-[:DERIVED_FROM]->(parent:Right)
        MATCH (child)-[:STATE]->(a:RightState)
        WHERE a.supersededAt IS NULL AND a.status = 'ACTIVE'
        MATCH (parent)-[:STATE]->(b:RightState)
        WHERE b.supersededAt IS NULL AND b.status IN ['SUSPENDED', 'REVOKED'] AND {_OVERLAP}
        RETURN DISTINCT [child.id, parent.id, a.holderId] AS nodeIds,
               CASE WHEN a.validFrom > b.validFrom THEN a.validFrom ELSE b.validFrom END AS day,
               'a ' + a.kind + ' right is in force while the right it was carved from is '
               + b.status AS message,
               '上级权利状态为' + b.status + '期间，派生权利仍然有效' AS messageZh,
               a.regionPath AS regionPath
        LIMIT $limit
        """,
    ),
    Invariant(
        "CATALOG_CODE_TWICE",
        "第六条",
        "One catalogue code names one live resource at any valid time (one datum, one source)",
        "同一目录编码在任一有效时点只对应一个现行数据资源（一数一源）",
        CATALOG_CODE_TWICE,
        rule="ONE_SOURCE",
    ),
    Invariant(
        "RECORD_WITHOUT_AUDIT",
        "",
        "Every record was written with its audit event, in the same transaction",
        "每条记录都与其审计事件在同一事务中写入",
        """
        CALL () {
            MATCH (e:Entity)
            WHERE NOT EXISTS { (:AuditEvent)-[:AFFECTED]->(e) }
            RETURN e, null AS s
            UNION
            MATCH (e:Entity)-[:STATE]->(s:State)
            WHERE NOT EXISTS {
                MATCH (a:AuditEvent)-[:AFFECTED]->(e) WHERE a.at = s.recordedAt
            }
            RETURN e, s
        }
        RETURN [e.id] AS nodeIds, null AS day,
               coalesce(e.nameZh, e.number, e.kind, e.id)
               + CASE WHEN s IS NULL THEN ' was written with no audit event'
                      ELSE ' has a record of ' + toString(s.recordedAt)
                           + ' with no audit event of that moment' END AS message,
               coalesce(e.nameZh, e.number, e.kind, e.id) + '存在无审计事件的记录' AS messageZh,
               e.regionPath AS regionPath
        LIMIT $limit
        """,
    ),
    Invariant(
        "DATASET_LINKED_TWICE",
        "",
        "An OpenLineage dataset identifier names one resource or product at a time",
        "一个OpenLineage数据集标识同一时间只对应一个数据资产",
        """
        MATCH (d:Dataset)-[l:IDENTIFIES]->(a:Entity)
        WHERE l.supersededAt IS NULL
        WITH d, collect(a.id) AS assets
        WHERE size(assets) > 1
        RETURN [d.id] + assets AS nodeIds, null AS day,
               'OpenLineage dataset ' + d.name + ' in namespace ' + d.namespace
               + ' names ' + toString(size(assets)) + ' assets at once' AS message,
               'OpenLineage数据集（命名空间' + d.namespace + '，名称' + d.name
               + '）同时对应多个数据资产' AS messageZh,
               null AS regionPath
        LIMIT $limit
        """,
    ),
)

BY_CODE = {invariant.code: invariant for invariant in INVARIANTS}
QUERIES = {i.code: Query(f"invariants.{i.code}", i.cypher) for i in INVARIANTS}


async def breaches(db: Database, code: str, limit: int) -> list[dict[str, Any]]:
    """What the scan of one invariant finds, at most `limit` rows."""
    return await db.read(QUERIES[code], limit=limit)
