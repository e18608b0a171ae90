"""The registry's rules of the domain, each one named unit in this one place.

A rule has a stable code (also its error code), the number it carries in
shared/domain.md ("Rules checked on write"), the article of the Qinzhou
rules it comes from, and a bilingual title. Its mode comes from
configuration: `enforce` (refuse the write), `warn` (accept it and record a
finding) or `off`. Every rule is enforced unless configured otherwise.

The checks themselves live with the records they guard (resources.py,
products.py, registrations.py, ...) and report `Violation`s here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
