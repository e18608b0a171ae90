"""The registry's story in Qinzhou, recorded through the API's own mutations.

Every step runs as the city registrar through the GraphQL schema, so the
seed passes every rule the registry checks and every write is audited. Each
step has an idempotency key, so loading again changes nothing, and a clock
time, so the registration workflow (publicity, objection) plays out in order.

Resources: enterprise credit information, market-entity registration, real
estate registration, medical-insurance settlement, Qinzhou port container
logistics, port critical-infrastructure data (core: never registered), and
Lingshan lychee production data. Products: a port logistics index model and
an enterprise credit verification service. Registrations: a registered
holding right of port logistics data (with certificate), a processing-right
licence in publicity, and a first registration held by an objection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from seed.parties import PARTIES


def party_id(name_zh: str) -> str:
    return next(p.id for p in PARTIES if p.name_zh == name_zh)


def gid(type_name: str, node_id: str) -> str:
    from strawberry import relay

    return str(relay.GlobalID(type_name, node_id))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Step:
    """One mutation of the scenario; `save` names the id of its result for later steps."""

    key: str
    at: datetime
    mutation: str
    variables: dict[str, Any]
    save: str | None = None
    regulator: bool = False  # run as the city regulator rather than the city registrar
    # variable path -> saved name (or names, for a list)
    refs: dict[str, str | list[str]] = field(default_factory=dict)


def _mutation(name: str, input_type: str, result: str) -> str:
    """A mutation taking `input` and an idempotency key, answering the id or the refusal."""
    return f"""
mutation ($input: {input_type}!, $key: String) {{
  {name}(input: $input, idempotencyKey: $key) {{
    __typename ... on {result} {{ id }} ... on Rejection {{ errors {{ code message }} }}
  }}
}}"""


RESOURCE = _mutation("registerDataResource", "RegisterDataResourceInput", "DataResource")
REVISE = _mutation("reviseDataResource", "ReviseDataResourceInput", "DataResource")
PRODUCT = _mutation("registerDataProduct", "RegisterDataProductInput", "DataProduct")
SUBMIT = _mutation("submitRegistration", "SubmitRegistrationInput", "Registration")
GRANT = _mutation("grantAuthorization", "GrantAuthorizationInput", "Authorization")
TRADE = _mutation("recordTransaction", "RecordTransactionInput", "Transaction")
DECLARE = _mutation("recordDeclaration", "RecordDeclarationInput", "Declaration")
VALUE = _mutation("recordValuation", "RecordValuationInput", "Valuation")
CREDIT = _mutation("recordCreditEvent", "RecordCreditEventInput", "CreditEvent")
SUPERVISE = _mutation("recordSupervisionAction", "RecordSupervisionInput", "SupervisionAction")
UPDATE_SUPERVISION = _mutation(
    "updateSupervisionAction", "UpdateSupervisionInput", "SupervisionAction"
)
REVIEW = _mutation("startRegistrationReview", "RegistrationStepInput", "Registration")
PUBLICITY = _mutation("startRegistrationPublicity", "StartPublicityInput", "Registration")
OBJECTION = _mutation("fileRegistrationObjection", "FileObjectionInput", "Registration")
APPROVE = _mutation("approveRegistration", "ApproveRegistrationInput", "Registration")
ACTIVITY = _mutation("recordActivity", "RecordActivityInput", "Activity")
ISSUE = _mutation("reportQualityIssue", "ReportQualityIssueInput", "QualityIssue")

# How a step names a right it needs: `name:suffix` of a saved record.
RIGHT_OF = {
    "holding": """query ($id: ID!) { node(id: $id) { ... on DataResource {
        rights(kind: HOLDING) { id } } } }""",
    "operation": """query ($id: ID!) { node(id: $id) { ... on DataProduct {
        rights(kind: PRODUCT_OPERATION) { id } } } }""",
    "right": """query ($id: ID!) { node(id: $id) { ... on Authorization {
        rights: right { id } } } }""",
}


def resource(
    key: str,
    when: str,
    catalog: str,
    name_zh: str,
    name_en: str,
    source: str,
    **attrs: Any,
) -> Step:
    fields = {
        "catalogCode": catalog,
        "nameZh": name_zh,
        "nameEn": name_en,
        "sourceId": gid("Party", party_id(source)),
        "validFrom": attrs.pop("validFrom"),
        **attrs,
    }
    return Step(f"seed:resource:{key}", at(when), RESOURCE, {"input": fields}, save=key)


STEPS: list[Step] = [
    resource(
        "credit",
        "2024-01-08T02:00:00",
        "QZ-XY-0001",
        "钦州市企业公共信用信息",
        "Qinzhou enterprise public credit information",
        "钦州市发展和改革委员会",
        description="行政许可、行政处罚、守信激励与失信惩戒等企业公共信用信息。",
        category="PUBLIC",
        grade="GENERAL",
        sector="CREDIT",
        platform="CREDIT_SHARING_PLATFORM",
        accessMode="PHYSICAL_AGGREGATION",
        openness="CONDITIONAL",
        openListYears=[2024, 2025],
        validFrom="2023-07-01",
    ),
    resource(
        "business",
        "2024-01-08T02:30:00",
        "QZ-SCJG-0001",
        "钦州市市场主体登记信息",
        "Qinzhou market entity registration information",
        "钦州市市场监督管理局",
        description="企业及个体工商户设立、变更、注销登记信息。",
        category="PUBLIC",
        grade="GENERAL",
        sector="MARKET_REGULATION",
        platform="PUBLIC_DATA_PLATFORM",
        accessMode="LOGICAL_ACCESS",
        openness="OPEN",
        openListYears=[2024, 2025, 2026],
        validFrom="2023-01-01",
    ),
    resource(
        "realestate",
        "2024-01-09T03:00:00",
        "QZ-ZRZY-0007",
        "钦州市不动产登记信息",
        "Qinzhou real estate registration information",
        "钦州市自然资源局",
        description="不动产权属、抵押、查封登记信息，含权利人个人信息。",
        category="PUBLIC",
        grade="IMPORTANT",
        sector="REAL_ESTATE",
        platform="PUBLIC_DATA_PLATFORM",
        accessMode="PHYSICAL_AGGREGATION",
        openness="NOT_OPEN",
        containsPersonalInfo=True,
        validFrom="2022-01-01",
    ),
    resource(
        "medical",
        "2024-01-10T03:00:00",
        "QZ-YB-0003",
        "钦州市医疗保障结算数据",
        "Qinzhou medical insurance settlement data",
        "钦州市医疗保障局",
        description="定点医药机构医保结算明细，含参保人个人信息。",
        category="PUBLIC",
        grade="IMPORTANT",
        sector="MEDICAL_INSURANCE",
        platform="PUBLIC_DATA_PLATFORM",
        accessMode="PHYSICAL_AGGREGATION",
        openness="NOT_OPEN",
        containsPersonalInfo=True,
        validFrom="2022-07-01",
    ),
    resource(
        "port",
        "2024-02-01T02:00:00",
        "QZG-WL-0001",
        "钦州港集装箱物流数据",
        "Qinzhou port container logistics data",
        "钦州港海运物流数据有限公司",
        description="钦州港集装箱装卸、堆存、集疏运及航线数据，面向东盟航线。",
        category="ENTERPRISE",
        grade="GENERAL",
        sector="PORT_LOGISTICS",
        platform="OWN_SYSTEM",
        accessMode="NOT_AGGREGATED",
        openness="NOT_OPEN",
        validFrom="2023-03-01",
    ),
    resource(
        "port_core",
        "2024-02-01T02:10:00",
        "QZG-AQ-0001",
        "钦州港关键基础设施运行数据",
        "Qinzhou port critical infrastructure operating data",
        "钦州港海运物流数据有限公司",
        description="港口关键信息基础设施运行与安全数据（核心数据，不予登记、不得交易出境）。",
        category="ENTERPRISE",
        grade="CORE",
        sector="PORT_LOGISTICS",
        platform="OWN_SYSTEM",
        accessMode="NOT_AGGREGATED",
        openness="NOT_OPEN",
        validFrom="2023-03-01",
    ),
    resource(
        "lychee",
        "2024-02-05T02:00:00",
        "LS-NY-0001",
        "灵山荔枝产销数据",
        "Lingshan lychee production and sales data",
        "灵山智慧农业数据有限公司",
        description="灵山县荔枝种植、采收、冷链与销售数据。",
        category="ENTERPRISE",
        grade="GENERAL",
        sector="AGRICULTURE",
        platform="OWN_SYSTEM",
        accessMode="NOT_AGGREGATED",
        openness="CONDITIONAL",
        validFrom="2023-05-01",
    ),
    # The credit data was regraded important from 2025 on: a change, not a correction.
    Step(
        "seed:revise:credit-grade",
        at("2025-01-02T02:00:00"),
        REVISE,
        {
            "input": {
                "effectiveFrom": "2025-01-01",
                "grade": "IMPORTANT",
                "reason": "2025年数据分类分级目录调整为重要数据",
            }
        },
        refs={"input.resourceId": "credit"},
    ),
    Step(
        "seed:grant:port-processing",
        at("2024-03-01T02:00:00"),
        GRANT,
        {
            "input": {
                "kind": "ENTERPRISE_AUTHORIZATION",
                "grantorId": gid("Party", party_id("钦州港海运物流数据有限公司")),
                "granteeId": gid("Party", party_id("钦州数联科技有限公司")),
                "rightKind": "PROCESSING_USE",
                "purposes": ["LOGISTICS_ANALYSIS", "PRODUCT_DEVELOPMENT", "STATISTICS"],
                "validFrom": "2024-03-01",
                "validTo": "2027-03-01",
                "duties": ["REPORT_USAGE", "DELETE_AFTER_TERM", "ATTRIBUTE_SOURCE"],
                "legalBasis": "CONTRACT",
                "basisReference": "数据加工使用许可合同 QZGW-2024-017",
                "fee": "300000",
            }
        },
        save="port_grant",
        refs={"input.parentRightId": "port:holding"},
    ),
    Step(
        "seed:grant:credit-operation",
        at("2024-03-05T02:00:00"),
        GRANT,
        {
            "input": {
                "kind": "PUBLIC_DATA_AUTHORIZED_OPERATION",
                "grantorId": gid("Party", party_id("钦州市发展和改革委员会")),
                "granteeId": gid("Party", party_id("北部湾征信服务有限公司")),
                "rightKind": "PROCESSING_USE",
                "purposes": ["CREDIT_ASSESSMENT", "RISK_CONTROL", "FINANCIAL_SERVICES"],
                "territory": ["CN"],
                "validFrom": "2024-03-05",
                "validTo": "2027-03-05",
                "duties": ["REPORT_USAGE", "DELETE_AFTER_TERM"],
                "legalBasis": "CONTRACT",
                "basisReference": "公共数据授权运营协议 QZSJ-SQYY-2024-001",
            }
        },
        save="credit_grant",
        refs={"input.parentRightId": "credit:holding"},
    ),
    Step(
        "seed:grant:business-operation",
        at("2024-03-05T02:10:00"),
        GRANT,
        {
            "input": {
                "kind": "PUBLIC_DATA_AUTHORIZED_OPERATION",
                "grantorId": gid("Party", party_id("钦州市市场监督管理局")),
                "granteeId": gid("Party", party_id("北部湾征信服务有限公司")),
                "rightKind": "PROCESSING_USE",
                "purposes": ["CREDIT_ASSESSMENT", "RISK_CONTROL"],
                "territory": ["CN"],
                "validFrom": "2024-03-05",
                "validTo": "2027-03-05",
                "duties": ["REPORT_USAGE"],
                "legalBasis": "CONTRACT",
                "basisReference": "公共数据授权运营协议 QZSJ-SQYY-2024-001",
            }
        },
        refs={"input.parentRightId": "business:holding"},
    ),
    Step(
        "seed:product:port-index",
        at("2024-04-10T02:00:00"),
        PRODUCT,
        {
            "input": {
                "nameZh": "钦州港物流景气指数模型",
                "nameEn": "Qinzhou port logistics index model",
                "description": "基于集装箱吞吐、航线与集疏运数据的港口物流景气指数。",
                "kind": "MODEL",
                "operatorId": gid("Party", party_id("钦州数联科技有限公司")),
                "validFrom": "2024-04-10",
            }
        },
        save="port_index",
        refs={"input.inputIds": ["port_anonymized"]},
    ),
    Step(
        "seed:product:credit-check",
        at("2024-04-15T02:00:00"),
        PRODUCT,
        {
            "input": {
                "nameZh": "企业信用核验服务",
                "nameEn": "Enterprise credit verification service",
                "description": "按统一社会信用代码核验企业登记状态与公共信用记录。",
                "kind": "VERIFICATION_SERVICE",
                "operatorId": gid("Party", party_id("北部湾征信服务有限公司")),
                "validFrom": "2024-04-15",
            }
        },
        save="credit_check",
        refs={"input.inputIds": ["credit", "business"]},
    ),
    Step(
        "seed:registration:port-first",
        at("2024-05-06T02:00:00"),
        SUBMIT,
        {
            "input": {
                "type": "FIRST",
                "applicantId": gid("Party", party_id("钦州港海运物流数据有限公司")),
                "reason": "港口集装箱物流数据资源持有权首次登记",
            }
        },
        save="port_first",
        refs={"input.rightId": "port:holding"},
    ),
    Step(
        "seed:registration:port-first:review",
        at("2024-05-08T02:00:00"),
        REVIEW,
        {"input": {}},
        refs={"input.registrationId": "port_first"},
    ),
    Step(
        "seed:registration:port-first:publicity",
        at("2024-05-10T02:00:00"),
        PUBLICITY,
        {"input": {"publicityEndsOn": "2024-05-24"}},
        refs={"input.registrationId": "port_first"},
    ),
    Step(
        "seed:registration:port-first:approve",
        at("2024-05-27T02:00:00"),
        APPROVE,
        {"input": {}},
        refs={"input.registrationId": "port_first"},
    ),
    Step(
        "seed:registration:port-licence",
        at("2026-11-20T02:00:00"),
        SUBMIT,
        {
            "input": {
                "type": "LICENCE",
                "applicantId": gid("Party", party_id("钦州数联科技有限公司")),
                "reason": "数据加工使用权许可登记",
            }
        },
        save="port_licence",
        refs={"input.rightId": "port_grant:right"},
    ),
    Step(
        "seed:registration:port-licence:review",
        at("2026-11-23T02:00:00"),
        REVIEW,
        {"input": {}},
        refs={"input.registrationId": "port_licence"},
    ),
    Step(
        "seed:registration:port-licence:publicity",
        at("2026-11-24T02:00:00"),
        PUBLICITY,
        {"input": {"publicityEndsOn": "2026-12-08"}},
        refs={"input.registrationId": "port_licence"},
    ),
    Step(
        "seed:registration:lychee-first",
        at("2026-11-02T02:00:00"),
        SUBMIT,
        {
            "input": {
                "type": "FIRST",
                "applicantId": gid("Party", party_id("灵山智慧农业数据有限公司")),
                "reason": "荔枝产销数据资源持有权首次登记",
            }
        },
        save="lychee_first",
        refs={"input.rightId": "lychee:holding"},
    ),
    Step(
        "seed:registration:lychee-first:review",
        at("2026-11-04T02:00:00"),
        REVIEW,
        {"input": {}},
        refs={"input.registrationId": "lychee_first"},
    ),
    Step(
        "seed:registration:lychee-first:publicity",
        at("2026-11-05T02:00:00"),
        PUBLICITY,
        {"input": {"publicityEndsOn": "2026-11-19"}},
        refs={"input.registrationId": "lychee_first"},
    ),
    Step(
        "seed:registration:lychee-first:objection",
        at("2026-11-12T02:00:00"),
        OBJECTION,
        {
            "input": {
                "objectorId": gid("Party", party_id("李明")),
                "reason": "部分种植数据采集自本人果园，采集未经本人同意",
            }
        },
        refs={"input.registrationId": "lychee_first"},
    ),
]


def party(name_zh: str) -> str:
    return gid("Party", party_id(name_zh))


def declaration(key: str, when: str, name_zh: str, kind: str, content: str) -> Step:
    return Step(
        f"seed:declaration:{key}",
        at(when),
        DECLARE,
        {
            "input": {
                "partyId": party(name_zh),
                "kind": kind,
                "content": content,
                "validFrom": when[:10],
                "validTo": "2027-12-31",
            }
        },
    )


STEPS += [
    declaration(
        "broker",
        "2024-01-15T02:00:00",
        "桂数经纪服务有限公司",
        "COMMITMENT",
        "承诺依法合规开展数据经纪业务，不撮合来源不明或未经授权的数据交易。",
    ),
    declaration(
        "merchant",
        "2024-01-15T02:10:00",
        "钦州数联科技有限公司",
        "DECLARATION",
        "声明所售数据产品的数据来源合法、加工使用经授权，并承担相应责任。",
    ),
    declaration(
        "appraiser",
        "2024-01-15T02:20:00",
        "钦州正信资产评估事务所有限公司",
        "COMMITMENT",
        "承诺独立、客观、公正开展数据资产评估。",
    ),
    Step(
        "seed:valuation:port",
        at("2024-07-05T02:00:00"),
        VALUE,
        {
            "input": {
                "method": "INCOME",
                "amount": "1200000",
                "appraiserId": party("钦州正信资产评估事务所有限公司"),
                "valuedOn": "2024-06-30",
                "purpose": "数据资产入表",
            }
        },
        refs={"input.objectId": "port"},
    ),
    # Public-data authorized operation: the credit verification service, sold through the
    # exchange at a government-guided price; its net income goes to the government pool.
    Step(
        "seed:trade:credit-check",
        at("2024-06-03T02:00:00"),
        TRADE,
        {
            "input": {
                "sellerId": party("北部湾征信服务有限公司"),
                "buyerId": party("钦州数联科技有限公司"),
                "mode": "LICENCE",
                "licensedKind": "PROCESSING_USE",
                "licenceEnds": "2025-06-01",
                "price": "50000",
                "pricingMode": "GOVERNMENT_GUIDED",
                "costs": "10000",
                "tradeDate": "2024-06-01",
                "exchangeId": party("钦州北部湾数据交易中心"),
                "intermediaries": [{"partyId": party("桂数经纪服务有限公司"), "role": "BROKER"}],
            }
        },
        refs={"input.rightId": "credit_check:operation"},
    ),
    # Cross-border: the port logistics index model licensed to a Vietnamese logistics
    # company (a foreign party, article 19): the trade is cross-border to VN because the
    # buyer is registered there, which the registry fills in.
    Step(
        "seed:trade:port-index-vn",
        at("2024-09-10T02:00:00"),
        TRADE,
        {
            "input": {
                "sellerId": party("钦州数联科技有限公司"),
                "buyerId": party("越南北越跨境物流股份公司"),
                "mode": "LICENCE",
                "licensedKind": "PROCESSING_USE",
                "licenceEnds": "2026-09-01",
                "price": "80000",
                "pricingMode": "MARKET",
                "tradeDate": "2024-09-09",
                "exchangeId": party("钦州北部湾数据交易中心"),
                "intermediaries": [
                    {"partyId": party("桂数经纪服务有限公司"), "role": "BROKER"},
                    {"partyId": party("钦州正信资产评估事务所有限公司"), "role": "APPRAISER"},
                ],
            }
        },
        refs={"input.rightId": "port_index:operation"},
    ),
    Step(
        "seed:credit:yunding-penalty",
        at("2025-06-02T02:00:00"),
        CREDIT,
        {
            "input": {
                "partyId": party("钦州云鼎数据服务有限公司"),
                "kind": "DISHONESTY_PENALTY",
                "occurredOn": "2025-06-01",
                "endsOn": "2027-06-01",
                "description": "场外交易未经授权的个人信息数据，列入数据市场失信惩戒名单。",
            }
        },
        regulator=True,
    ),
    Step(
        "seed:supervision:lingshan-order",
        at("2026-11-15T02:00:00"),
        SUPERVISE,
        {
            "input": {
                "partyId": party("灵山智慧农业数据有限公司"),
                "kind": "RECTIFICATION_ORDER",
                "findings": "部分果园种植数据未取得农户同意即行采集。",
                "takenOn": "2026-11-15",
                "deadline": "2026-12-31",
            }
        },
        regulator=True,
    ),
    Step(
        "seed:supervision:hospital-inspection",
        at("2025-03-10T02:00:00"),
        SUPERVISE,
        {
            "input": {
                "partyId": party("钦州市第一人民医院"),
                "kind": "INSPECTION",
                "findings": "医疗数据共享接口未按规定留存调用日志。",
                "takenOn": "2025-03-10",
                "deadline": "2025-05-10",
            }
        },
        save="hospital_inspection",
        regulator=True,
    ),
    Step(
        "seed:supervision:hospital-closed",
        at("2025-05-08T02:00:00"),
        UPDATE_SUPERVISION,
        {
            "input": {
                "status": "CLOSED",
                "faultTolerance": "REDUCED_LIABILITY",
                "faultToleranceReason": (
                    "先行先试中出现的失误，已主动整改且未造成损失（第二十八条）。"
                ),
            }
        },
        refs={"input.actionId": "hospital_inspection"},
        regulator=True,
    ),
]


# The lineage story: raw port data is cleaned and anonymized by the port company, the
# anonymized dataset is granted to the data merchant, whose index model is made from it and
# licensed across the border. A problem found in the raw data is traced both ways.
STEPS += [
    resource(
        "port_clean",
        "2024-03-20T02:00:00",
        "QZG-WL-0001-C",
        "钦州港集装箱物流数据（清洗后）",
        "Qinzhou port container logistics data, cleaned",
        "钦州港海运物流数据有限公司",
        description="去重、补全箱号与船期后的集装箱物流数据。",
        category="ENTERPRISE",
        grade="GENERAL",
        sector="PORT_LOGISTICS",
        platform="OWN_SYSTEM",
        accessMode="NOT_AGGREGATED",
        openness="NOT_OPEN",
        validFrom="2024-03-20",
    ),
    Step(
        "seed:activity:port-clean",
        at("2024-03-20T03:00:00"),
        ACTIVITY,
        {
            "input": {
                "kind": "CLEAN",
                "performerId": party("钦州港海运物流数据有限公司"),
                "at": "2024-03-20T03:00:00Z",
                "name": "qzport/container-clean",
            }
        },
        refs={"input.usedIds": ["port"], "input.generatedIds": ["port_clean"]},
    ),
    resource(
        "port_anonymized",
        "2024-03-25T02:00:00",
        "QZG-WL-0001-A",
        "钦州港物流匿名化数据集",
        "Qinzhou port logistics anonymized dataset",
        "钦州港海运物流数据有限公司",
        description="去除车辆、司机与货主标识后的集装箱物流数据集。",
        category="ENTERPRISE",
        grade="GENERAL",
        sector="PORT_LOGISTICS",
        platform="OWN_SYSTEM",
        accessMode="NOT_AGGREGATED",
        openness="NOT_OPEN",
        validFrom="2024-03-25",
    ),
    Step(
        "seed:activity:port-anonymize",
        at("2024-03-25T03:00:00"),
        ACTIVITY,
        {
            "input": {
                "kind": "ANONYMIZE",
                "performerId": party("钦州港海运物流数据有限公司"),
                "at": "2024-03-25T03:00:00Z",
                "name": "qzport/anonymize",
            }
        },
        refs={"input.usedIds": ["port_clean"], "input.generatedIds": ["port_anonymized"]},
    ),
    Step(
        "seed:grant:port-anonymized",
        at("2024-04-01T02:00:00"),
        GRANT,
        {
            "input": {
                "kind": "ENTERPRISE_AUTHORIZATION",
                "grantorId": party("钦州港海运物流数据有限公司"),
                "granteeId": party("钦州数联科技有限公司"),
                "rightKind": "PROCESSING_USE",
                "purposes": ["LOGISTICS_ANALYSIS", "PRODUCT_DEVELOPMENT"],
                "validFrom": "2024-04-01",
                "validTo": "2027-04-01",
                "duties": ["REPORT_USAGE", "ATTRIBUTE_SOURCE"],
                "legalBasis": "CONTRACT",
                "basisReference": "匿名化数据集使用许可合同 QZGW-2024-021",
            }
        },
        refs={"input.parentRightId": "port_anonymized:holding"},
    ),
    Step(
        "seed:issue:port-duplicates",
        at("2026-11-20T02:00:00"),
        ISSUE,
        {
            "input": {
                "description": "2024年3月部分集装箱箱号重复，导致吞吐量统计偏高。",
                "severity": "HIGH",
                "discoveredOn": "2026-11-19",
            }
        },
        refs={"input.resourceId": "port"},
    ),
]
