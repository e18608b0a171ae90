"""Scalars whose values the registry can store: amounts are finite decimals of a size
money has, so `NaN`, `Infinity` or `1e400` is refused as input, never met by a rule."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import strawberry

# Beyond this a float (how Neo4j keeps an amount) no longer holds every yuan.
LARGEST_AMOUNT = Decimal(10) ** 15


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except decimal.DecimalException as bad:
        raise ValueError(f"{value!r} is not a decimal number") from bad
    if not amount.is_finite() or abs(amount) >= LARGEST_AMOUNT:
        raise ValueError(f"{value!r} is not a finite amount below 10^15")
    return amount


FINITE_DECIMAL = strawberry.scalar(
    name="Decimal",
    description="A finite decimal number below 10^15 in magnitude, as a string "
    '(`"1250.50"`) 十进制数.',
    serialize=str,
    parse_value=_amount,
)

# For StrawberryConfig.scalar_map: every Decimal in the schema is read this way.
SCALAR_MAP: dict[object, Any] = {Decimal: FINITE_DECIMAL}
