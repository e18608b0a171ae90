"""Findings: breaches of a rule that the registry accepted (rule mode `warn`), recorded on
write, and the scans that find breaches on read. Each scan is capped by $limit, so a scan
of a large graph stays bounded."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, LiteralString

from graph import classification, containment
from graph.db import Database, Query, Tx

RECORD_FINDINGS = Query(
    "findings.record",
    """
    UNWIND $findings AS f
    CREATE (finding:Finding {
        id: f.id, rule: f.rule, article: f.article, message: f.message,
        messageZh: f.messageZh, nodeIds: f.nodeIds, at: $at, source: $source,
        auditId: $auditId
    })
    WITH finding
    UNWIND finding.nodeIds AS nodeId
    MATCH (n:Entity {id: nodeId})
    CREATE (finding)-[:CONCERNS]->(n)
    RETURN count(*) AS linked
    """,
)


async def record_findings(
    tx: Tx,
    findings: list[dict[str, object]],
    at: datetime,
    source: str,
    audit_id: str | None,
) -> list[str]:
    rows = [{**finding, "id": str(uuid.uuid4())} for finding in findings]
    if rows:
        await tx.rows(RECORD_FINDINGS, findings=rows, at=at, source=source, auditId=audit_id)
    return [str(row["id"]) for row in rows]


SCANS: dict[str, LiteralString] = {
    # An activity used an input without a right valid and active on its day, or on the day
    # of any later completed run of the same hop (an ingested job runs again and again).
    "PROCESSING_NEEDS_RIGHT": """
        MATCH (a:Activity)-[:USED]->(x:Entity)
        WITH a, x, [a.day] + COLLECT {
            MATCH (run:Run {activityId: a.id}) WHERE run.completedOn IS NOT NULL
            RETURN run.completedOn
        } AS days
        UNWIND days AS day
        WITH a, x, day
        WHERE NOT EXISTS {
            MATCH (:Party {id: a.performerId})-[:HOLDS]->(r:Right)-[:ON]->(x),
                  (r)-[:STATE]->(s:RightState)
            WHERE s.supersededAt IS NULL AND s.status = 'ACTIVE'
              AND s.validFrom <= day AND (s.validTo IS NULL OR s.validTo > day)
        }
        WITH a, x, collect(DISTINCT day) AS missed
        RETURN [a.id, x.id, a.performerId] AS nodeIds,
               reduce(first = missed[0], d IN missed | CASE WHEN d < first THEN d ELSE first END)
               AS day,
               'activity ' + a.kind + ' used ' + coalesce(x.nameZh, x.id)
               + ' with no valid holding or processing right (expired, revoked or never granted)'
               + CASE WHEN size(missed) > 1
                 THEN ', on ' + toString(size(missed)) + ' days its runs completed' ELSE '' END
               AS message,
               '处理活动使用数据时无有效的持有权或加工使用权' + CASE WHEN size(missed) > 1
                 THEN '（共' + toString(size(missed)) + '个运行日）' ELSE '' END AS messageZh,
               a.regionPath AS regionPath
        LIMIT $limit
    """,
    "OPERATION_NEEDS_RIGHT": """
        MATCH (p:DataProduct)-[:STATE]->(s:ProductState)
        WHERE s.supersededAt IS NULL AND s.validFrom <= $day
          AND (s.validTo IS NULL OR s.validTo > $day)
          AND NOT EXISTS {
            MATCH (:Party {id: s.operatorId})-[:HOLDS]->(:Right)-[:STATE]->(r:RightState)
            WHERE r.objectId = p.id AND r.kind = 'PRODUCT_OPERATION' AND r.status = 'ACTIVE'
              AND r.supersededAt IS NULL AND r.validFrom <= $day
              AND (r.validTo IS NULL OR r.validTo > $day)
          }
        RETURN [p.id, s.operatorId] AS nodeIds, $day AS day,
               s.nameZh + ' is operated without a product-operation right' AS message,
               s.nameZh + '的经营主体不持有有效的数据产品经营权' AS messageZh,
               s.regionPath AS regionPath
        LIMIT $limit
    """,
    "PERSONAL_DATA_ANONYMIZED": """
        MATCH (p:DataProduct)
        WHERE EXISTS {
            MATCH path = (p)-[:DERIVES_FROM|MADE_FROM*1..12]->(source:DataResource)
            WHERE source.containsPersonalInfo
              AND none(r IN relationships(path) WHERE r.kind IN $anonymizing)
        }
        RETURN [p.id] AS nodeIds, null AS day,
               coalesce(p.nameZh, p.id) + ' derives from personal data with no anonymization'
               AS message, '数据产品的来源含个人信息且未经匿名化' AS messageZh,
               p.regionPath AS regionPath
        LIMIT $limit
    """,
    # A grant broader than the right it was carved from (accepted in warn mode).
    "GRANT_WITHIN_PARENT": containment.SCAN,
    "ONE_SOURCE": """
        MATCH (a:DataResource), (b:DataResource)
        WHERE a.catalogCode = b.catalogCode AND a.id < b.id AND a.sourceId <> b.sourceId
          AND EXISTS { MATCH (a)-[:STATE]->(s:ResourceState) WHERE s.supersededAt IS NULL
                       AND (s.validTo IS NULL OR s.validTo > $day) }
          AND EXISTS { MATCH (b)-[:STATE]->(s:ResourceState) WHERE s.supersededAt IS NULL
                       AND (s.validTo IS NULL OR s.validTo > $day) }
        RETURN [a.id, b.id, a.sourceId, b.sourceId] AS nodeIds, null AS day,
               'catalogue code ' + a.catalogCode + ' has two source units' AS message,
               '同一数据（目录编码' + a.catalogCode + '）存在两个来源单位' AS messageZh,
               a.regionPath AS regionPath
        LIMIT $limit
    """,
    "PUBLIC_BODY_ON_EXCHANGE": """
        MATCH (t:Transaction)
        WHERE t.exchangeId IS NULL AND EXISTS {
            MATCH (p:Party) WHERE p.id IN [t.sellerId, t.buyerId]
              AND p.kind IN ['GOVERNMENT_DEPARTMENT', 'PUBLIC_SERVICE_ORGANIZATION']
        }
        RETURN [t.id, t.sellerId, t.buyerId] AS nodeIds, t.tradeDate AS day,
               'trade ' + t.number + ' by a public body went off-exchange' AS message,
               '公共机构场外交易：' + t.number AS messageZh, t.regionPath AS regionPath
        LIMIT $limit
    """,
    "DESTINATION_FOLLOWS_BUYER": """
        MATCH (t:Transaction)
        MATCH (b:Party {id: t.buyerId})
        WHERE coalesce(b.country, 'CN') <> 'CN'
          AND (NOT coalesce(t.crossBorder, false)
               OR coalesce(t.destinationCountry, '') <> b.country)
        RETURN [t.id, t.buyerId] AS nodeIds, t.tradeDate AS day,
               'trade ' + t.number + ' has a buyer registered in ' + b.country
               + ' but is not recorded as cross-border to it' AS message,
               '交易' + t.number + '的买方为境外主体（' + b.country + '），但未登记为向该国出境'
               AS messageZh, t.regionPath AS regionPath
        LIMIT $limit
    """,
    # The order of grades and what lowers them come from graph/classification.py as
    # parameters ($gradeRank, $lowering): one definition for the write checks and the scans.
    "GRADE_BELOW_INHERITED": """
        MATCH (x:DataResource)
        MATCH path = (x)-[:DERIVES_FROM|MADE_FROM*1..12]->(source:DataResource)
        WHERE none(r IN relationships(path) WHERE r.kind IN $lowering)
        WITH x, max($gradeRank[source.grade]) AS inherited
        WHERE inherited > $gradeRank[x.grade]
        RETURN [x.id] AS nodeIds, null AS day,
               coalesce(x.nameZh, x.id) + ' is graded ' + x.grade + ', below what it inherits'
               AS message, '数据资源分级低于其来源应继承的级别（就高从严）' AS messageZh,
               x.regionPath AS regionPath
        LIMIT $limit
    """,
    # Rule 6 on recorded trades: an asset of public origin (public itself, or derived from
    # public data through any processing, anonymization included) at a government-guided
    # price; other data at market price.
    "PRICING_FOLLOWS_CATEGORY": """
        MATCH (t:Transaction)
        MATCH (x:Entity {id: t.objectId})
        WITH t, x, x.category = $public OR EXISTS {
            MATCH (x)-[:DERIVES_FROM|MADE_FROM*1..12]->(:DataResource {category: $public})
        } AS publicOrigin
        WHERE t.pricingMode <> CASE WHEN publicOrigin THEN 'GOVERNMENT_GUIDED' ELSE 'MARKET' END
        RETURN [t.id, x.id, t.sellerId, t.buyerId] AS nodeIds, t.tradeDate AS day,
               'trade ' + t.number + ' sold ' + coalesce(x.nameZh, x.id)
               + CASE WHEN publicOrigin
                 THEN ', of public origin, at ' + t.pricingMode
                      + ' pricing: public data is priced at GOVERNMENT_GUIDED'
                 ELSE ', not of public origin, at GOVERNMENT_GUIDED pricing: enterprise and '
                      + 'personal data are priced at MARKET' END AS message,
               '交易' + t.number + CASE WHEN publicOrigin
                 THEN '的标的来源于公共数据，应执行政府指导价'
                 ELSE '的标的为企业或个人数据，应执行市场调节价' END AS messageZh,
               t.regionPath AS regionPath
        LIMIT $limit
    """,
    "UNREGISTERED_DATASET": """
        MATCH (x:DataResource {unregistered: true})
        WITH x, coalesce(x.datasetNamespace, '') AS namespace,
             coalesce(x.datasetName, x.nameZh) AS name
        RETURN [x.id] AS nodeIds, null AS day,
               'OpenLineage dataset ' + name + ' in namespace ' + namespace
               + ' arrived by lineage ingestion and no registered resource or product is linked '
               + 'to it: register it with this identifier, or link the identifier to the asset '
               + 'it is (linkDatasets)' AS message,
               '经血缘采集发现的数据集尚未登记（命名空间' + namespace + '，名称' + name
               + '）：请登记并关联该数据集标识，或将其关联到对应的已登记数据资产' AS messageZh,
               x.regionPath AS regionPath
        LIMIT $limit
    """,
    # The same data registered again by another unit under another code (rule 1 cannot see
    # it: the codes differ). Names compared without case, spaces or punctuation.
    "LIKELY_DUPLICATE": """
        MATCH (x:DataResource)
        WHERE x.unregistered IS NULL AND x.nameZh IS NOT NULL
        WITH x, reduce(name = toLower(x.nameZh),
                       c IN [' ', '　', '-', '_', '.', '·', '(', ')', '（', '）']
                       | replace(name, c, '')) AS name
        WITH name, x.sector AS sector, x.category AS category,
             collect(x) AS same, collect(DISTINCT x.sourceId) AS sources
        WHERE size(sources) > 1
        RETURN [r IN same | r.id] AS nodeIds, null AS day,
               head(same).nameZh + ' is registered by ' + toString(size(sources))
               + ' source units under codes ' + reduce(codes = '', r IN same
               | codes + CASE codes WHEN '' THEN '' ELSE ', ' END + r.catalogCode)
               + ': likely the same data registered twice' AS message,
               head(same).nameZh + '由' + toString(size(sources))
               + '个来源单位分别登记，疑似同一数据重复登记' AS messageZh,
               head(same).regionPath AS regionPath
        LIMIT $limit
    """,
    "RECORDED": """
        MATCH (f:Finding)
        RETURN f.nodeIds AS nodeIds, date(f.at) AS day, f.message AS message,
               f.messageZh AS messageZh, null AS regionPath, f.rule AS rule,
               f.source AS source
        LIMIT $limit
    """,
}

QUERIES = {name: Query(f"findings.{name}", text) for name, text in SCANS.items()}


async def scan(db: Database, name: str, day: date, limit: int) -> list[dict[str, Any]]:
    return await db.read(QUERIES[name], day=day, limit=limit, **classification.PARAMS)
