"""Input checks shared by every mutation: camelCase field paths, trimmed strings,
and intervals that do not end before they start.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from resolvers.errors import Refusal, errors_from_validation

ModelT = TypeVar("ModelT", bound="InputModel")

CATALOG_CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"


# Control characters (NUL, escapes, ...) are refused in text; line breaks and tabs are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InputModel(BaseModel):
    """An input's checks: camelCase names, stripped text, and no control characters."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, str_strip_whitespace=True
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and CONTROL_CHARACTERS.search(text) for text in texts):
            raise PydanticCustomError(
                "INVALID_INPUT",
                "text may not hold control characters such as NUL",
                {"zh": "文本不得包含NUL等控制字符"},
            )
        return value


def check_interval(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to <= valid_from:
        raise PydanticCustomError(
            "DATE_ORDER",
            "validTo ({valid_to}) must be after validFrom ({valid_from})",
            {
                "valid_to": str(valid_to),
                "valid_from": str(valid_from),
                "zh": f"失效日期（{valid_to}）须晚于生效日期（{valid_from}）",
            },
        )


def valid_to_after_valid_from(cls: Any, value: date | None, info: ValidationInfo) -> date | None:
    """Field validator for `valid_to`; declare `valid_from` first in the model."""
    start = info.data.get("valid_from")
    if value is not None and start is not None:
        check_interval(start, value)
    return value


def validated(model: type[ModelT], raw: dict[str, Any]) -> ModelT:
    """The validated input; a Refusal with the typed errors of every problem found."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise Refusal(*errors_from_validation(exc)) from exc
