"""The bilingual vocabulary of the API: every enum value with its Chinese label."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from graph.domain import ErrorCode
from resolvers.audit import list_rules
from resolvers.errors import QueryInputError
from resolvers.fields import Info, arg
from schema import enums
from schema.audit import RuleInfo
from schema.labels import label_of
from schema.vocabulary import EnumLabel

ENUMS: dict[str, type[Enum]] = {
    name: value
    for name, value in vars(enums).items()
    if isinstance(value, type) and issubclass(value, Enum) and value is not Enum
}


def enum_labels(enum_name: str | None) -> list[EnumLabel]:
    if enum_name is not None and enum_name not in ENUMS:
        raise QueryInputError(
            ErrorCode.INVALID_INPUT, "enumName", f"no enum named {enum_name}; see ENUMS"
        )
    chosen = [enum_name] if enum_name else sorted(ENUMS)
    return [
        EnumLabel(enum_name=name, value=member.name, label_zh=label.zh, label_en=label.en)
        for name in chosen
        for member in ENUMS[name]
        for label in [label_of(member)]
    ]


@strawberry.type(description="Reading the rules and labels 规则与标签.")
class VocabularyQuery:
    @strawberry.field(
        description="The rules the registry checks on write, with their modes 登记校验规则."
    )
    def rules(self, info: Info) -> list[RuleInfo]:
        return list_rules(info)

    @strawberry.field(
        description="Every enum value with its Chinese and English label 枚举中英文标签."
    )
    def enum_labels(
        self,
        enum_name: Annotated[
            str | None, arg("Only this enum, e.g. `PartyKind`; all when omitted.")
        ] = None,
    ) -> list[EnumLabel]:
        return enum_labels(enum_name)
