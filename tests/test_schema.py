"""The published schema: exported SDL in sync, documented everywhere, bilingual enums."""

from __future__ import annotations

import re

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
)

from api.cli import SCHEMA_FILE, export_sdl
from api.schema import build_schema
from api.settings import Settings
from resolvers.vocabulary import ENUMS
from tests.conftest import GraphQLClient

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_schema_graphql_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_sdl(Settings()), (
        "schema.graphql is out of date: run `make schema` and commit it"
    )


def _own_types() -> list[object]:
    schema = build_schema(Settings())._schema
    return [
        graphql_type
        for name, graphql_type in schema.type_map.items()
        if not name.startswith("__") and name not in {"String", "Int", "Boolean", "ID", "Float"}
    ]


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    missing: list[str] = []
    for graphql_type in _own_types():
        name = graphql_type.name  # type: ignore[attr-defined]
        if not graphql_type.description:  # type: ignore[attr-defined]
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg_name})"
                    for arg_name, arg in field.args.items()
                    if not arg.description
                ]
        if isinstance(graphql_type, GraphQLInputObjectType):
            missing += [
                f"{name}.{field_name}"
                for field_name, field in graphql_type.fields.items()
                if not field.description
            ]
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{value_name}"
                for value_name, value in graphql_type.values.items()
                if not value.description
            ]
    assert missing == []


def test_every_enum_value_carries_a_chinese_label() -> None:
    unlabelled = [
        f"{graphql_type.name}.{value_name}"
        for graphql_type in _own_types()
        if isinstance(graphql_type, GraphQLEnumType)
        for value_name, value in graphql_type.values.items()
        if not HAN.search(value.description or "")
    ]
    assert unlabelled == []


def _relay_plumbing(name: str) -> bool:
    return name in {"PageInfo", "Node"} or name.endswith("Edge")


def test_domain_types_name_their_chinese_term() -> None:
    untranslated = [
        graphql_type.name  # type: ignore[attr-defined]
        for graphql_type in _own_types()
        if not isinstance(graphql_type, GraphQLScalarType)
        and not _relay_plumbing(graphql_type.name)  # type: ignore[attr-defined]
        and not HAN.search(graphql_type.description or "")  # type: ignore[attr-defined]
    ]
    assert untranslated == []


def test_enum_labels_query_lists_every_enum_with_both_labels(gql: GraphQLClient) -> None:
    data = gql.data(
        "{ enumLabels { enumName value labelZh labelEn } "
        ' kinds: enumLabels(enumName: "PartyKind") { value labelZh } }'
    )
    assert {row["enumName"] for row in data["enumLabels"]} == set(ENUMS)
    assert all(row["labelZh"] and row["labelEn"] for row in data["enumLabels"])
    kinds = {row["value"]: row["labelZh"] for row in data["kinds"]}
    assert kinds["DATA_BROKER"] == "数据经纪商"
    assert kinds["DATA_EXCHANGE"] == "数据交易场所"


def test_enum_labels_of_an_unknown_enum_is_a_typed_error(gql: GraphQLClient) -> None:
    [error] = gql('{ enumLabels(enumName: "Nope") { value } }')["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
