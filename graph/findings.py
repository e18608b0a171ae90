"""Findings: breaches of a rule that the registry accepted (rule mode `warn`), recorded on
write, and the scans that find breaches on read. Each scan is capped by $limit, so a scan
of a large graph stays bounded."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, LiteralString

from graph import classification, containment, invariants, rule_terms
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


# A trade and the grade of what it sold on its day: a resource's recorded grade then, a
# product's inherited along lineage (graph/classification.py), as a rank.
TRADED_GRADE: LiteralString = """
    MATCH (t:Transaction)
    OPTIONAL MATCH (:DataResource {id: t.objectId})-[:STATE]->(s:ResourceState)
    WHERE s.supersededAt IS NULL AND s.validFrom <= t.tradeDate
      AND (s.validTo IS NULL OR s.validTo > t.tradeDate)
    CALL (t) {
        OPTIONAL MATCH path = (:DataProduct {id: t.objectId})
                              -[:DERIVES_FROM|MADE_FROM*1..12]->(source:DataResource)
        RETURN max(CASE WHEN any(r IN relationships(path) WHERE r.kind IN $lowering) THEN 0
                        ELSE $gradeRank[source.grade] END) AS inherited
    }
    WITH t, coalesce($gradeRank[s.grade], inherited, 0) AS rank
"""

# Each party a trade names as seller, buyer or intermediary (the exchange is not one).
TRADE_PARTIES: LiteralString = """
    MATCH (t:Transaction)
    UNWIND [t.sellerId, t.buyerId] + coalesce(t.intermediaryIds, []) AS partyId
    MATCH (p:Party {id: partyId})
"""

SCANS: dict[str, LiteralString] = {
    # Rule 3: an input processed, by an activity or into a product, without a right of the
    # kinds graph/rule_terms.py names, valid and active on the day of processing, or on the
    # day of any later completed run of the same hop (an ingested job runs again and again).
    "PROCESSING_NEEDS_RIGHT": """
        CALL () {
            MATCH (a:Activity)-[:USED]->(x:Entity)
            RETURN a.id AS hopId, a.performerId AS performerId, x,
                   [a.day] + COLLECT {
                       MATCH (run:Run {activityId: a.id}) WHERE run.completedOn IS NOT NULL
                       RETURN run.completedOn
                   } AS days,
                   'activity ' + a.kind AS what, a.regionPath AS regionPath
            UNION
            MATCH (p:DataProduct)-[m:MADE_FROM]->(x:Entity)
            RETURN p.id AS hopId, m.performerId AS performerId, x, [m.day] AS days,
                   'product ' + coalesce(p.nameZh, p.id) AS what, p.regionPath AS regionPath
        }
        UNWIND days AS day
        WITH hopId, performerId, day, x, what, regionPath,
             $processingKinds[CASE WHEN x:DataProduct THEN 'DataProduct'
                                   ELSE 'DataResource' END] AS kinds
        WHERE NOT EXISTS {
            MATCH (:Party {id: performerId})-[:HOLDS]->(r:Right)-[:ON]->(x),
                  (r)-[:STATE]->(s:RightState)
            WHERE s.supersededAt IS NULL AND s.status = 'ACTIVE' AND s.kind IN kinds
              AND s.validFrom <= day AND (s.validTo IS NULL OR s.validTo > day)
        }
        WITH hopId, performerId, x, what, regionPath, collect(DISTINCT day) AS missed
        RETURN [hopId, x.id, performerId] AS nodeIds,
               reduce(first = missed[0], d IN missed | CASE WHEN d < first THEN d ELSE first END)
               AS day,
               what + ' used ' + coalesce(x.nameZh, x.id)
               + ' with no valid holding or processing right (expired, revoked or never granted)'
               + CASE WHEN size(missed) > 1
                 THEN ', on ' + toString(size(missed)) + ' days its runs completed' ELSE '' END
               AS message,
               '处理活动使用数据时无有效的持有权或加工使用权' + CASE WHEN size(missed) > 1
                 THEN '（共' + toString(size(missed)) + '个运行日）' ELSE '' END AS messageZh,
               regionPath
        LIMIT $limit
    """,
    "OPERATION_NEEDS_RIGHT": """
        MATCH (p:DataProduct)-[:STATE]->(s:ProductState)
        WHERE s.supersededAt IS NULL AND s.validFrom <= $day
          AND (s.validTo IS NULL OR s.validTo > $day)
          AND NOT EXISTS {
            MATCH (:Party {id: s.operatorId})-[:HOLDS]->(:Right)-[:STATE]->(r:RightState)
            WHERE r.objectId = p.id AND r.kind IN $operatingKinds AND r.status = 'ACTIVE'
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
    # Rule 1: the write check asks the same of a new registration (resources.SAME_DATA).
    # Rule 2 for grants: the grantor held the parent right, active, of a kind that gives
    # the granted one, and sublicensable if itself granted, on the grant's first day (the
    # parent's first record when the grant starts before it: broader in term, not unheld).
    "GRANTOR_HOLDS_RIGHT": """
        MATCH (a:Authorization)-[:CREATED]->(:Right)-[:STATE]->(c:RightState)
        WHERE c.supersededAt IS NULL
        WITH a, head(collect(c.kind)) AS kind
        MATCH (:Right {id: a.parentRightId})-[:STATE]->(s:RightState)
        WHERE s.supersededAt IS NULL
        WITH a, kind, s ORDER BY s.validFrom
        WITH a, kind, collect(s) AS states
        WITH a, kind, CASE WHEN a.validFrom < head(states).validFrom THEN head(states)
             ELSE head([s IN states WHERE s.validFrom <= a.validFrom
                        AND (s.validTo IS NULL OR s.validTo > a.validFrom)]) END AS p
        WHERE p IS NULL OR p.holderId <> a.grantorId OR p.status <> 'ACTIVE'
           OR NOT kind IN $grantable[p.kind]
           OR (p.basis = $grantedBasis AND NOT coalesce(p.sublicensable, false))
        RETURN [a.id, a.rightId, a.parentRightId, a.grantorId] AS nodeIds, a.validFrom AS day,
               'grant ' + a.number + ' was made by a party not holding the right it carves '
               + 'from, valid, active and grantable on its first day' AS message,
               '授权' + a.number + '的授权方在起始日未有效持有可再授权的原权利' AS messageZh,
               a.regionPath AS regionPath
        LIMIT $limit
    """,
    "ONE_SOURCE": invariants.CATALOG_CODE_TWICE,
    # Rule 1 for rights: only the source unit holds a resource by original holding.
    "ONE_SOURCE.holder": """
        MATCH (h:Party)-[:HOLDS]->(r:Right)-[:ON]->(x:DataResource)
        WHERE x.sourceId IS NOT NULL AND x.sourceId <> h.id
        MATCH (r)-[:STATE]->(s:RightState)
        WHERE s.supersededAt IS NULL AND s.kind = 'HOLDING' AND s.basis = 'ORIGINAL_HOLDING'
        RETURN DISTINCT [r.id, x.id, h.id, x.sourceId] AS nodeIds, s.validFrom AS day,
               coalesce(h.nameZh, h.id) + ' originally holds ' + coalesce(x.nameZh, x.id)
               + ', which another unit is the source of' AS message,
               coalesce(h.nameZh, h.id) + '以原始持有登记了非其来源的数据资源' AS messageZh,
               x.regionPath AS regionPath, 'ONE_SOURCE' AS rule
        LIMIT $limit
    """,
    "PUBLIC_BODY_ON_EXCHANGE": """
        MATCH (t:Transaction)
        WHERE t.exchangeId IS NULL AND EXISTS {
            MATCH (p:Party) WHERE p.id IN [t.sellerId, t.buyerId]
              AND p.kind IN $publicBodies
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
    # Rules 7, 8, 9 and 10 on recorded trades, with the write check's own terms
    # (graph/rule_terms.py): facts recorded later (a penalty backdated, a declaration
    # withdrawn, a grade revised) or trades accepted in warn mode show here.
    "PERSONAL_DATA_ANONYMIZED.trade": """
        MATCH (t:Transaction)
        MATCH (x:Entity {id: t.objectId})
        WHERE (x:DataResource AND x.containsPersonalInfo)
           OR (x:DataProduct AND EXISTS {
                 MATCH (x)-[:MADE_FROM]->(i:DataResource) WHERE i.containsPersonalInfo })
        RETURN [t.id, x.id] AS nodeIds, t.tradeDate AS day,
               'trade ' + t.number + ' sold ' + coalesce(x.nameZh, x.id)
               + ', which holds personal information no anonymization removed' AS message,
               '交易' + t.number + '的标的含个人信息且未经匿名化' AS messageZh,
               t.regionPath AS regionPath, 'PERSONAL_DATA_ANONYMIZED' AS rule
        LIMIT $limit
    """,
    "CORE_DATA_STAYS": TRADED_GRADE
    + """
        WHERE rank = $gradeRank[$coreGrade]
        RETURN [t.id, t.objectId] AS nodeIds, t.tradeDate AS day,
               'trade ' + t.number + ' sold core data' AS message,
               '交易' + t.number + '的标的为核心数据' AS messageZh, t.regionPath AS regionPath
        LIMIT $limit
    """,
    "IMPORTANT_DATA_ASSESSED": TRADED_GRADE
    + """
        WHERE rank = $gradeRank[$importantGrade] AND coalesce(t.crossBorder, false)
          AND coalesce(t.securityAssessmentRef, '') = ''
        RETURN [t.id, t.objectId] AS nodeIds, t.tradeDate AS day,
               'trade ' + t.number + ' sent important data abroad with no security assessment'
               AS message, '交易' + t.number + '的重要数据出境无安全评估' AS messageZh,
               t.regionPath AS regionPath
        LIMIT $limit
    """,
    "DECLARATION_REQUIRED": TRADE_PARTIES
    + """
        WHERE p.kind IN $declaringKinds AND NOT EXISTS {
            MATCH (d:Declaration {partyId: p.id})
            WHERE d.validFrom <= t.tradeDate AND (d.validTo IS NULL OR d.validTo > t.tradeDate)
        }
        RETURN [t.id, p.id] AS nodeIds, t.tradeDate AS day,
               coalesce(p.nameZh, p.id) + ' took part in trade ' + t.number
               + ' with no valid declaration and commitment' AS message,
               coalesce(p.nameZh, p.id) + '参与交易' + t.number + '时无有效的声明和承诺'
               AS messageZh, t.regionPath AS regionPath
        LIMIT $limit
    """,
    "NO_TRADE_UNDER_PENALTY": TRADE_PARTIES
    + """
        MATCH (e:CreditEvent {partyId: p.id, kind: $penalty})
        WHERE e.occurredOn <= t.tradeDate AND (e.endsOn IS NULL OR t.tradeDate < e.endsOn)
          AND NOT EXISTS {
            MATCH (r:CreditEvent {partyId: p.id, kind: $repair, targetId: e.id})
            WHERE r.occurredOn <= t.tradeDate }
          AND NOT EXISTS {
            MATCH (:CreditEvent {partyId: p.id, kind: $objection, outcome: $upheld,
                                 targetId: e.id}) }
        RETURN DISTINCT [t.id, p.id, e.id] AS nodeIds, t.tradeDate AS day,
               coalesce(p.nameZh, p.id) + ' took part in trade ' + t.number
               + ' under a dishonesty penalty' AS message,
               coalesce(p.nameZh, p.id) + '在失信惩戒期内参与交易' + t.number AS messageZh,
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


def rule_of(scan_name: str) -> str:
    """The rule a scan belongs to: `ONE_SOURCE.holder` is one of rule ONE_SOURCE's scans."""
    return scan_name.split(".", 1)[0]


async def scan(db: Database, name: str, day: date, limit: int) -> list[dict[str, Any]]:
    return await db.read(
        QUERIES[name], day=day, limit=limit, **classification.PARAMS, **rule_terms.PARAMS
    )
