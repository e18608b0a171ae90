"""The registry's rules of the domain, each one named unit in this one place.

A rule has a stable code (also its error code), the number it carries in
docs/rules.md (the project's account of the rules, with what each checks on
write and scans on read), the article of the Qinzhou rules it comes from, and
a bilingual title. Its mode comes from
configuration: `enforce` (refuse the write), `warn` (accept it and record a
finding) or `off`. Every rule is enforced unless configured otherwise.

The checks themselves live with the records they guard (resources.py,
products.py, registrations.py, ...) and report `Violation`s here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph import classification


class RuleMode(StrEnum):
    ENFORCE = "enforce"
    WARN = "warn"
    OFF = "off"


@dataclass(frozen=True)
class Rule:
    code: str
    number: int | None
    article: str
    title_en: str
    title_zh: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "ONE_SOURCE",
            1,
            "第六条",
            "One datum, one source: a resource has exactly one source unit, and the same "
            "data is not collected again by another unit",
            "一数一源：数据资源有且只有一个来源单位，可共享获取的数据不得重复采集",
        ),
        Rule(
            "GRANTOR_HOLDS_RIGHT",
            2,
            "第十二条、第十四条",
            "Only a holder can grant or sell: the grantor holds a valid right of that kind (or "
            "the holding right) on the start date, and a sub-grant needs a sublicensable parent",
            "只有权利人才能授权或出让：授权方须在起始日持有该类有效权利（或资源持有权），"
            "再授权须原权利允许再授权",
        ),
        Rule(
            "GRANT_WITHIN_PARENT",
            2,
            "第十二条、第十四条",
            "An onward grant is never broader than the right it is carved from: purpose, "
            "territory, term, count and volume limits, duties",
            "再授权在用途、地域、期限、次数与数量限制、义务上均不得超出原权利",
        ),
        Rule(
            "PROCESSING_NEEDS_RIGHT",
            3,
            "第五条、第十二条",
            "Processing needs a right: the processor holds the holding right or a valid "
            "processing-and-use right on each input at that time",
            "加工使用须有权利：加工方须在当时持有各输入数据的资源持有权或有效的加工使用权",
        ),
        Rule(
            "OPERATION_NEEDS_RIGHT",
            4,
            "第十二条",
            "Operating a data product needs the product-operation right",
            "经营数据产品须持有数据产品经营权",
        ),
        Rule(
            "PUBLIC_BODY_ON_EXCHANGE",
            5,
            "第十六条",
            "Government departments and publicly funded public service organizations trade "
            "only through a lawfully established data exchange",
            "政府部门和财政资金保障的公共服务组织应通过依法设立的数据交易场所开展数据交易",
        ),
        Rule(
            classification.PRICING_RULE,
            6,
            classification.PRICING_ARTICLE,
            "Public data, and data derived from it through any processing, is paid for at a "
            "government-guided price; enterprise and personal data at market price",
            "公共数据及由其加工而来的数据（任何处理后仍属公共数据来源）实行政府指导定价，"
            "企业和个人数据实行市场自主定价",
        ),
        Rule(
            "PERSONAL_DATA_ANONYMIZED",
            7,
            "第十七条",
            "Personal data reaches a product or a trade only through anonymization",
            "个人信息须经匿名化处理后方可用于数据产品或交易",
        ),
        Rule(
            "CORE_DATA_STAYS",
            8,
            "第十九条、第二十二条",
            "Core data is never traded nor sent abroad",
            "核心数据不得交易和出境",
        ),
        Rule(
            "IMPORTANT_DATA_ASSESSED",
            8,
            "第十九条、第二十二条",
            "Important data goes abroad only with a security-assessment reference",
            "重要数据出境须通过数据出境安全评估",
        ),
        Rule(
            "DESTINATION_FOLLOWS_BUYER",
            8,
            "第十九条",
            "A trade with a foreign buyer is cross-border, its destination the buyer's "
            "country; rule 8 and the personal-information rule then apply",
            "向境外主体交易即为数据出境，目的地为买方所在国家或地区，并适用出境规则",
        ),
        Rule(
            "DECLARATION_REQUIRED",
            9,
            "第二十五条",
            "Data merchants, brokers and third-party agencies need a valid declaration and "
            "commitment before they take part in a trade",
            "数据商、数据经纪商和第三方专业服务机构参与交易前须作出有效的声明和承诺",
        ),
        Rule(
            "NO_TRADE_UNDER_PENALTY",
            10,
            "第二十六条",
            "A party under an active dishonesty penalty cannot trade",
            "处于失信惩戒期内的主体不得开展数据交易",
        ),
        Rule(
            "REGISTRATION_WORKFLOW",
            11,
            "第十三条",
            "Registration states move only along the workflow; a certificate is issued only "
            "after publicity with no open objection",
            "登记状态只能按流程推进；公示期满且无未决异议方可发证",
        ),
        Rule(
            "JURISDICTION",
            12,
            "第四条、第十三条",
            "A registrar acts only in its jurisdiction: a county registrar in its county, "
            "the city registrar anywhere in Qinzhou",
            "登记人员只能在本辖区内办理：县（区）限本县（区），市级可在全市范围",
        ),
        Rule(
            "REGISTRATION_CORE_DATA",
            None,
            "第十三条、第二十二条",
            "Core data is not registered",
            "核心数据不予登记",
        ),
        Rule(
            "REGISTRATION_UNAUTHORIZED_SOURCE",
            None,
            "第十三条、第十四条",
            "A right is registered only by a party that validly holds it",
            "申请人须合法持有所申请登记的权利，来源未经授权的不予登记",
        ),
        Rule(
            "REGISTRATION_DISPUTED_OWNERSHIP",
            None,
            "第十三条",
            "Data under an unresolved ownership dispute is not registered",
            "存在未解决权属争议的数据不予登记",
        ),
        Rule(
            classification.GRADE_RULE,
            None,
            classification.GRADE_ARTICLE,
            "Derived data takes the strictest grade of its inputs (就高从严, GB/T 43697-2024) "
            "unless an anonymization or aggregation lowers it (checked on read)",
            "衍生数据就高从严继承其来源数据的分级，经匿名化或汇聚处理的除外（读时检查）",
        ),
        Rule(
            "LIKELY_DUPLICATE",
            None,
            "第六条",
            "Likely the same data registered twice: the same name, sector and category from "
            "another source unit under another catalogue code (checked on read, a warning)",
            "疑似重复登记：名称、行业与类别相同但来源单位和目录编码不同（读时检查，仅提示）",
        ),
        Rule(
            "UNREGISTERED_DATASET",
            None,
            "第十三条",
            "A dataset reported by lineage ingestion that is not registered (checked on read)",
            "经血缘采集发现但尚未登记的数据集（读时检查）",
        ),
    )
}


@dataclass(frozen=True)
class Violation:
    """A breach of a rule found by a check, before the rule's mode is applied."""

    rule: str
    field: str | None
    message: str
    message_zh: str
    existing: tuple[str, str] | None = None  # (type name, id) of a record it points to

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise KeyError(f"unknown rule {self.rule}")


def mode_of(rule: str, modes: dict[str, RuleMode]) -> RuleMode:
    return modes.get(rule, RuleMode.ENFORCE)
