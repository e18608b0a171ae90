"""A leaf in a plain list (api/execution.py) answers what graphql-core's serializer
answers, or hands the list back to graphql-core where that would be an error."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLBoolean, GraphQLInt, GraphQLString

from api.execution import Fallback, _leaf
from api.schema import build_schema
from api.settings import Environment, Settings
from schema.enums import RightKind

VALUES: list[Any] = ["钦州", "", 7, 2**40, 1.5, True, False, RightKind.HOLDING, "HOLDING", None]


def _serialized(leaf: Any, value: Any, nullable: bool) -> Any:
    """What graphql-core makes of `value`; Fallback where it would report an error."""
    if value is None:
        if nullable:
            return None
        return Fallback
    try:
        done = leaf.serialize(value)
    except Exception:
        return Fallback
    return Fallback if done is None else done


@pytest.mark.parametrize("nullable", [True, False])
def test_a_leaf_answers_as_its_serializer_does(nullable: bool) -> None:
    kind = build_schema(Settings(environment=Environment.TEST))._schema.type_map["RightKind"]
    for leaf in (GraphQLString, GraphQLBoolean, GraphQLInt, kind):
        complete = _leaf(leaf, nullable)  # type: ignore[arg-type]
        for value in VALUES:
            expected = _serialized(leaf, value, nullable)
            try:
                got = complete(value, None)
            except Exception:
                got = Fallback
            assert (got, type(got)) == (expected, type(expected)), (leaf, value)
