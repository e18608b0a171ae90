"""Bilingual labels for enum values.

Each enum value is declared with `labelled(value, zh, en)`: its GraphQL
description reads "中文 — English". `label_of` reads the pair back at run
time, for the `labelZh` fields and the `enumLabels` query, so a portal can
show the Chinese term without hard-coding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import EnumValueDefinition

SEPARATOR = " — "
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Label:
    zh: str
    en: str


def labelled(value: str, zh: str, en: str) -> EnumValueDefinition:
    return strawberry.enum_value(value, description=f"{zh}{SEPARATOR}{en}")


def graphql_enum(cls: type[E], description: str) -> type[E]:
    """A labelled enum of `graph.domain` offered in GraphQL, each value described by its
    labels as `labelled` describes the others."""
    definition = getattr(cls, "__strawberry_definition__", None)
    if definition is None:
        strawberry.enum(cls, description=description)
        definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    else:
        # A type that names the enum was resolved before this module ran, and strawberry
        # made it a definition of its own: describe that one, which the schema uses.
        definition.description = description
    for value, member in zip(definition.values, cls, strict=True):
        value.description = f"{getattr(member, 'zh')}{SEPARATOR}{getattr(member, 'en')}"  # noqa: B009
    return cls


def label_of(member: Enum) -> Label:
    definition = member.__class__.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        if value.name == member.name:
            zh, _, en = str(value.description or "").partition(SEPARATOR)
            return Label(zh=zh, en=en)
    raise KeyError(member)
