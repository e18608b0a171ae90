"""Bilingual labels for enum values.

Each enum value is declared with `labelled(value, zh, en)`: its GraphQL
description reads "中文 — English". `label_of` reads the pair back at run
time, for the `labelZh` fields and the `enumLabels` query, so a portal can
show the Chinese term without hard-coding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import strawberry
from strawberry.types.enum import EnumValueDefinition

SEPARATOR = " — "


@dataclass(frozen=True)
class Label:
    zh: str
    en: str


def labelled(value: str, zh: str, en: str) -> EnumValueDefinition:
    return strawberry.enum_value(value, description=f"{zh}{SEPARATOR}{en}")


def label_of(member: Enum) -> Label:
    definition = member.__class__.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        if value.name == member.name:
            zh, _, en = str(value.description or "").partition(SEPARATOR)
            return Label(zh=zh, en=en)
    raise KeyError(member)
