"""Types of the vocabulary query."""

from __future__ import annotations

import strawberry


@strawberry.type(description="One enum value with its labels 枚举值及中英文标签.")
class EnumLabel:
    enum_name: str = strawberry.field(description="GraphQL name of the enum, e.g. `PartyKind`.")
    value: str = strawberry.field(description="The enum value as sent over the API.")
    label_zh: str = strawberry.field(description="Chinese label 中文标签.")
    label_en: str = strawberry.field(description="English label.")
