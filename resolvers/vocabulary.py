"""The bilingual vocabulary of the API: every enum value with its Chinese label."""

from __future__ import annotations

from enum import Enum

from resolvers.errors import QueryInputError
from schema import enums
from schema.enums import ErrorCode
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
