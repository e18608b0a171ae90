"""Every argument of every query and mutation, given values built to hurt, gets a typed
answer: never HTTP 500, never a masked internal error, and the graph keeps its invariants.

The cases are derived from the schema itself, so a new field or argument is covered the
day it is added: each leaf of each argument (input objects walked field by field) takes
each hostile value of its type in turn, the other arguments holding plausible values.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)
from starlette.testclient import TestClient

from api.schema import build_schema
from api.settings import Settings
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")


def _gid(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


HOSTILE: dict[str, list[Any]] = {
    "String": [
        "",
        " ",
        "港口 OR 物流",
        "' OR 1=1 //",
        "`) MATCH (n) DETACH DELETE n //",
        "\u202e𠜎",
        "x" * 3999,
    ],
    "ID": ["", "x", _gid("Nope:1"), _gid("Party:" + "9" * 300), _gid("Right:../../"), "%00"],
    "Int": [-(2**31), -1, 0, 2**31 - 1],
    "Float": [-1e308, -1.0, 0.0, 1e308],
    "Boolean": [True, False],
    "Date": ["0001-01-01", "9999-12-31", "2024-02-30"],
    "DateTime": ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "2024-01-01T00:00:00"],
    "Decimal": ["-1", "0", "1e400", "NaN"],
}

PLAUSIBLE: dict[str, Any] = {
    "String": "450700",
    "ID": _gid("Party:00000000-0000-0000-0000-000000000000"),
    "Int": 5,
    "Float": 0.5,
    "Boolean": True,
    "Date": "2024-06-01",
    "DateTime": "2024-06-01T00:00:00Z",
    "Decimal": "100",
}


def _plausible(kind: GraphQLInputType) -> Any:
    nullable = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if isinstance(nullable, GraphQLList):
        return [_plausible(nullable.of_type)]
    if isinstance(nullable, GraphQLEnumType):
        return next(iter(nullable.values))
    if isinstance(nullable, GraphQLInputObjectType):
        return {
            name: _plausible(field.type)
            for name, field in nullable.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
    return PLAUSIBLE.get(getattr(nullable, "name", ""), "x")


def _hostile(kind: GraphQLInputType) -> list[Any]:
    named = get_named_type(kind)
    if isinstance(named, GraphQLEnumType):
        values = list(named.values)
        return [values[0], values[-1]]
    if isinstance(named, GraphQLScalarType):
        values = HOSTILE.get(named.name, ["x"])
        nullable = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        if isinstance(nullable, GraphQLList):
            return [[], [values[-1]] * 201, *([v] for v in values)]
        return values
    return []


def _variations(
    kind: GraphQLInputType, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path inside the argument, hostile value) for each leaf the argument holds."""
    named = get_named_type(kind)
    if isinstance(named, GraphQLInputObjectType):
        for name, field in named.fields.items():
            yield from _variations(field.type, (*path, name))
        return
    for value in _hostile(kind):
        yield path, value


def _put(base: Any, path: tuple[str, ...], value: Any) -> Any:
    if not path:
        return value
    holder = dict(base) if isinstance(base, dict) else {}
    if isinstance(base, list):  # a list of input objects: vary its first item
        return [_put(base[0] if base else {}, path, value)]
    holder[path[0]] = _put(holder.get(path[0], {}), path[1:], value)
    return holder


def _document(operation: str, name: str, field: GraphQLField) -> str:
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    returned = get_named_type(field.type)
    selection = (
        "" if isinstance(returned, (GraphQLScalarType, GraphQLEnumType)) else " { __typename }"
    )
    head = f"{operation} ({declared})" if declared else operation
    call = f"{name}({passed})" if passed else name
    return f"{head} {{ {call}{selection} }}"


def _cases() -> list[tuple[str, str, GraphQLField]]:
    schema = build_schema(Settings())._schema
    roots: list[tuple[str, GraphQLObjectType | None]] = [
        ("query", schema.query_type),
        ("mutation", schema.mutation_type),
    ]
    return [
        (operation, name, field)
        for operation, root in roots
        if root is not None
        for name, field in root.fields.items()
        if field.args
    ]


CASES = _cases()


@pytest.mark.parametrize(
    ("operation", "name", "field"), CASES, ids=[f"{o}.{n}" for o, n, _ in CASES]
)
def test_hostile_arguments_get_typed_answers(
    gql: GraphQLClient, client: TestClient, operation: str, name: str, field: GraphQLField
) -> None:
    document = _document(operation, name, field)
    plausible = {arg: _plausible(spec.type) for arg, spec in field.args.items()}
    untyped = []
    tried = 0
    for arg, spec in field.args.items():
        for path, value in _variations(spec.type, ()):
            variables = {**plausible, arg: _put(plausible[arg], path, value)}
            response = client.post(
                "/graphql",
                json={"query": document, "variables": variables},
                headers={"authorization": f"Bearer {gql.token}"},
            )
            tried += 1
            body = response.json()
            errors = body.get("errors") or []
            if response.status_code >= 500 or any(
                (e.get("extensions") or {}).get("code") in (None, "INTERNAL_ERROR") for e in errors
            ):
                untyped.append((arg, path, repr(value)[:60], response.status_code, errors[:1]))
    assert tried
    assert untyped == [], untyped
    assert client.get("/healthz").status_code == 200


def test_the_graph_keeps_its_invariants_after_the_fuzz(gql: GraphQLClient) -> None:
    findings = gql.data("{ findings(first: 100) { items { rule source nodeIds } } }")["findings"][
        "items"
    ]
    assert [f for f in findings if f["source"] == "invariant"] == []
