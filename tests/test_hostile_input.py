"""Hostile input gets a typed answer, never an internal error, and writes nothing.

Issue 12's table: bodies that are no GraphQL request, documents a client gets wrong,
search text that Lucene would parse, cursors built to hurt, control characters and
overlong text in every string argument, OpenLineage bodies built to hurt. Each case
asserts the typed answer, that the graph is unchanged, and that the process still answers.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from tests.conftest import GraphQLClient, node_count
from tests.helpers import REGISTER_RESOURCE, resource_input

pytestmark = pytest.mark.usefixtures("seeded_module", "still_answers")


@pytest.fixture
def still_answers(client: TestClient) -> Iterator[None]:
    """After every hostile request the process still answers."""
    yield
    assert client.get("/healthz").status_code == 200
    assert client.post("/graphql", json={"query": "{ me { role } }"}).json()["data"]


SEARCH = "query ($text: String!) { search(text: $text) { score } }"
PAGE = "query ($after: String) { parties(first: 2, after: $after) { edges { node { id } } } }"

SEARCH_TEXTS = [
    "OR",
    "AND",
    "NOT",
    "TO",
    "港口 OR 物流",
    "port AND logistics",
    "NOT port",
    "a && b",
    "a || b",
    "(港口",
    "港口)",
    '"港口',
    "*",
    "?",
    "~",
    "^2",
    "港口:物流",
    "\\",
    "/regex/",
    "[a TO z]",
    "{a TO z}",
    "+港口 -物流",
    "!港口",
    "港口~2",
    "port*",
]


def typed_error(body: dict[str, Any]) -> dict[str, Any]:
    [error] = body["errors"]
    assert error["message"] != "Internal error."
    assert error["extensions"]["code"]
    return dict(error)


@pytest.mark.parametrize("text", SEARCH_TEXTS)
def test_search_text_is_searched_as_words(gql: GraphQLClient, text: str) -> None:
    body = gql.as_role("ANONYMOUS")(SEARCH, {"text": text})
    assert "errors" not in body, body["errors"]
    assert isinstance(body["data"]["search"], list)


@pytest.mark.parametrize("text", ["港" * 201, "港口物流" * 500, "port " * 100])
def test_too_long_search_text_is_refused(gql: GraphQLClient, text: str) -> None:
    error = typed_error(gql(SEARCH, {"text": text}))
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["messageZh"]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


CURSORS = [
    _b64(b"[" * 50_000 + b"]" * 50_000),
    _b64(b"[" * 900 + b"]" * 900),
    "x" * 10_000,
    "!!!not base64!!!",
    _b64(b"not json"),
    _b64(b'{"a": 1}'),
    _b64(b"[1, 2]"),
    _b64(b'["NAME:ASC", "x", 42]'),
    _b64(b'["OTHER:ASC", "x", "y"]'),
    _b64(b"null"),
    _b64("\ud800".encode("utf-8", "surrogatepass")),
    "",
]


@pytest.mark.parametrize("cursor", CURSORS)
def test_a_cursor_built_to_hurt_is_a_typed_error(gql: GraphQLClient, cursor: str) -> None:
    body = gql(PAGE, {"after": cursor})
    if cursor == "":
        assert "errors" not in body or typed_error(body)
        return
    expected = "INVALID_INPUT" if len(cursor) > 4000 else "INVALID_CURSOR"  # past the text cap
    assert typed_error(body)["extensions"]["code"] == expected


CONTROL = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "a\x00b"]


def refused_text(body: dict[str, Any], field: str) -> None:
    """The whole request refused as bad text, naming where, before anything ran."""
    error = typed_error(body)
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("INVALID_INPUT", field)
    assert error["extensions"]["messageZh"]
    assert body.get("data") is None


@pytest.mark.parametrize("character", CONTROL)
@pytest.mark.parametrize("field", ["nameZh", "nameEn", "description"])
def test_control_characters_are_refused_and_nothing_is_written(
    gql: GraphQLClient, driver: neo4j.Driver, character: str, field: str
) -> None:
    before = node_count(driver)
    value = f"钦州港{character}数据"
    body = gql(REGISTER_RESOURCE, {"input": resource_input(**{field: value})})
    refused_text(body, f"input.{field}")
    assert node_count(driver) == before


# Every string argument of the read side, each reached through a variable `$t`.
QUERY_TEXT = {
    "search.text": "query ($t: String!) { search(text: $t) { score } }",
    "region.code": "query ($t: String!) { region(code: $t) { code } }",
    "node.id": "query ($t: ID!) { node(id: $t) { id } }",
    "regions.filter.search": "query ($t: String) { regions(filter: {search: $t}) { totalCount } }",
    "regions.filter.underCode": (
        "query ($t: String) { regions(filter: {underCode: $t}) { totalCount } }"
    ),
    "parties.filter.search": "query ($t: String) { parties(filter: {search: $t}) { totalCount } }",
    "parties.filter.creditCode": (
        "query ($t: String) { parties(filter: {creditCode: $t}) { totalCount } }"
    ),
    "parties.after": "query ($t: String) { parties(after: $t) { totalCount } }",
    "dataResources.filter.regionCode": (
        "query ($t: String) { dataResources(filter: {regionCode: $t}) { totalCount } }"
    ),
    "dataProducts.filter.regionCode": (
        "query ($t: String) { dataProducts(filter: {regionCode: $t}) { totalCount } }"
    ),
    "rights.filter.holderId": "query ($t: ID) { rights(filter: {holderId: $t}) { totalCount } }",
    "registrations.filter.certificateNumber": (
        "query ($t: String) { registrations(filter: {certificateNumber: $t}) { totalCount } }"
    ),
    "auditEvents.filter.actor": (
        "query ($t: String) { auditEvents(filter: {actor: $t}) { totalCount } }"
    ),
    "authorizations.filter.regionCode": (
        "query ($t: String) { authorizations(filter: {regionCode: $t}) { totalCount } }"
    ),
    "transactions.filter.partyId": (
        "query ($t: ID) { transactions(filter: {partyId: $t}) { totalCount } }"
    ),
    "creditEvents.partyId": "query ($t: ID) { creditEvents(partyId: $t) { totalCount } }",
    "findings.regionCode": "query ($t: String) { findings(regionCode: $t) { total } }",
    "lineage.assetId": (
        "query ($t: ID!) { lineage(assetId: $t, direction: UPSTREAM, depth: 2, budget: 10) "
        "{ nodes { assetId } } }"
    ),
    "enumLabels.enumName": "query ($t: String) { enumLabels(enumName: $t) { value } }",
}


@pytest.mark.parametrize("where", sorted(QUERY_TEXT))
@pytest.mark.parametrize("text", ["港\x00口", "\x1b[31m", "x" * 4001], ids=["nul", "esc", "long"])
def test_every_string_argument_refuses_control_characters_and_overlong_text(
    gql: GraphQLClient, where: str, text: str
) -> None:
    refused_text(gql.as_role("ANONYMOUS")(QUERY_TEXT[where], {"t": text}), "t")


LITERALS = [
    ('{ search(text: "港\\u0000口") { score } }', "text"),
    ('{ parties(filter: {search: "\\u0007"}) { totalCount } }', "filter.search"),
    ('{ findings(rules: ["ONE_SOURCE", "\\u0000"]) { total } }', "rules.1"),
    ('{ region(code: "' + "4" * 4001 + '") { code } }', "code"),
]


@pytest.mark.parametrize(("query", "field"), LITERALS)
def test_string_literals_are_checked_like_variables(
    gql: GraphQLClient, query: str, field: str
) -> None:
    refused_text(gql(query), field)
    refused_text(gql(query), field)  # the same document again, as the parser's cache has it


def test_an_idempotency_key_with_a_control_character_writes_nothing(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    before = node_count(driver)
    mutation = (
        "mutation ($input: RegisterDataResourceInput!, $key: String) "
        "{ registerDataResource(input: $input, idempotencyKey: $key) { __typename } }"
    )
    body = gql(mutation, {"input": resource_input(), "key": "key\x00one"})
    refused_text(body, "key")
    assert node_count(driver) == before


def test_line_breaks_and_tabs_are_text(gql: GraphQLClient) -> None:
    description = "第一行\n第二行\t制表"
    made = gql.data(
        REGISTER_RESOURCE,
        {"input": resource_input(catalogCode="QZG-TEXT-0001", description=description)},
    )["registerDataResource"]
    assert made["__typename"] == "DataResource"


def _event(**changes: Any) -> dict[str, Any]:
    from seed.parties import PARTIES
    from tests.helpers import PORT_COMPANY

    port = next(p for p in PARTIES if p.name_zh == PORT_COMPANY)
    event: dict[str, Any] = {
        "eventType": "COMPLETE",
        "eventTime": "2024-08-01T08:30:00.000Z",
        "run": {"runId": "3f1c8f4e-9a8b-4c3d-8e2f-1a2b3c4d5e6f"},
        "job": {"namespace": port.credit_code, "name": "hostile"},
        "outputs": [{"namespace": "s3://hostile", "name": "out"}],
        "producer": "tests",
    }
    return event | changes


OPENLINEAGE_BODIES: list[tuple[bytes | dict[str, Any], int]] = [
    (b"\xff\xfe not utf-8", 400),
    (b'{"eventType": "COMPLETE", "producer": "\xc3\x28"}', 400),
    (b"[" * 5000 + b"]" * 5000, 400),
    (b"null", 422),
    (b'"x"', 422),
    (b"42", 422),
    (_event(eventTime="9999-12-31T23:59:59+00:00"), 422),
    (_event(eventTime="0001-01-01T00:00:00+00:00"), 422),
    (_event(job={"namespace": "x", "name": "y", "facets": {"rightsgraph": "CLEAN"}}), 422),
    (_event(job={"namespace": "x", "name": "y", "facets": []}), 422),
    (_event(outputs=[{"namespace": "s3://h", "name": "o", "facets": "x"}]), 422),
    (_event(inputs="not a list"), 422),
    (_event(outputs=[{"namespace": "s3://h", "name": "o\x00ut"}]), 422),
    (_event(outputs=[{"namespace": "s3://\x1b[31m", "name": "out"}]), 422),
    (_event(outputs=[{"namespace": "s3://h", "name": "o" * 1001}]), 422),
    (_event(outputs=[{"namespace": "s" * 501, "name": "out"}]), 422),
    (_event(outputs=[{"namespace": "", "name": "out"}]), 422),
    (_event(job={"namespace": "x", "name": "j\x07ob"}), 422),
    (_event(producer="p\x00"), 422),
    (_event(producer="p" * 2001), 422),
    (_event(run={"runId": "not-a-uuid"}), 422),
    (_event(run={"runId": "3f1c8f4e-9a8b-4c3d-8e2f-1a2b3c4d5e6f", "facets": []}), 422),
    (_event(eventType="EXPLODE"), 422),
    (_event(eventTime="yesterday"), 422),
]


@pytest.mark.parametrize(("body", "status"), OPENLINEAGE_BODIES)
def test_hostile_openlineage_bodies_get_typed_refusals(
    gql: GraphQLClient, client: TestClient, driver: neo4j.Driver, body: Any, status: int
) -> None:
    before = node_count(driver)
    headers = {"authorization": f"Bearer {gql.token}", "content-type": "application/json"}
    if isinstance(body, dict):
        answer = client.post("/api/v1/lineage", json=body, headers=headers)
    else:
        answer = client.post("/api/v1/lineage", content=body, headers=headers)
    assert answer.status_code == status, answer.text
    [error] = answer.json()["errors"]
    assert error["code"] and error["message"] and error["messageZh"]
    assert node_count(driver) == before


GRAPHQL_BODIES = [
    b"null",
    b'"x"',
    b"42",
    b"true",
    b"[]",
    b'[{"query": "{ me { role } }"}]',
    b"\xff\xfe",
    b'{"query": "\xc3\x28"}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    b"{",
    b"{}",
    b'{"query": null}',
    b'{"query": 42}',
    b'{"query": ["{ me { role } }"]}',
    b'{"query": "{ me { role } }", "variables": "x"}',
    b'{"query": "{ me { role } }", "variables": [1]}',
    b'{"query": "{ search(text: \\"\\ud800\\") { score } }"}',
    b'{"query": "query ($t: String!) { search(text: $t) { score } }", '
    b'"variables": {"t": "\\ud800"}}',
    b'{"query": "query ($t: String!) { search(text: $t) { score } }", '
    b'"variables": {"t": "a\\udfffb"}}',
    b'{"query": "{ me { role } }", "variables": {"\\ud800": 1}}',
]


@pytest.mark.parametrize("body", GRAPHQL_BODIES)
def test_a_body_that_is_no_graphql_request_is_a_typed_400(
    client: TestClient, driver: neo4j.Driver, body: bytes
) -> None:
    before = node_count(driver)
    answer = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400, answer.text
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["messageZh"]
    assert node_count(driver) == before


def test_cursors_show_nothing_of_the_record_they_point_at(gql: GraphQLClient) -> None:
    from seed.parties import PARTIES

    people = [p.name_zh for p in PARTIES if p.kind == "INDIVIDUAL"]
    assert people
    anonymous = gql.as_role("ANONYMOUS")
    page = anonymous.data(
        "{ parties(first: 100, orderBy: NAME) { edges { cursor node { nameZh } } } }"
    )["parties"]["edges"]
    shown = [edge["node"]["nameZh"] for edge in page]
    assert not set(people) & set(shown)  # the list masks them...
    for edge in page:
        raw = base64.urlsafe_b64decode(edge["cursor"] + "==")
        for name in [*people, *shown]:
            assert name.encode() not in raw  # ...and no cursor reveals a name
    after = anonymous.data(
        "query ($after: String) { parties(first: 1, orderBy: NAME, after: $after) "
        "{ edges { node { nameZh } } } }",
        {"after": page[0]["cursor"]},
    )["parties"]["edges"]
    assert [e["node"]["nameZh"] for e in after] == shown[1:2]


def test_an_altered_cursor_is_refused(gql: GraphQLClient) -> None:
    cursor = gql.data("{ parties(first: 1) { edges { cursor } } }")["parties"]["edges"][0]["cursor"]
    altered = cursor[:40] + ("A" if cursor[40] != "A" else "B") + cursor[41:]
    error = typed_error(gql(PAGE, {"after": altered}))
    assert error["extensions"]["code"] == "INVALID_CURSOR"


def _chunks(size: int) -> Any:
    yield b'{"query": "{ me { role } }", "variables": {"pad": "'
    for _ in range(size // 65536):
        yield b"x" * 65536
    yield b'"}}'


@pytest.mark.parametrize("path", ["/graphql", "/api/v1/lineage"])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_body_over_the_cap_is_413_and_nothing_is_written(
    gql: GraphQLClient,
    client: TestClient,
    driver: neo4j.Driver,
    settings: Any,
    path: str,
    streamed: bool,
) -> None:
    before = node_count(driver)
    size = settings.max_body_bytes + 100_000
    body: Any = _chunks(size) if streamed else b"x" * size
    headers = {"authorization": f"Bearer {gql.token}", "content-type": "application/json"}
    answer = client.post(path, content=body, headers=headers)
    assert answer.status_code == 413
    errors = answer.json()["errors"]
    code = errors[0].get("code") or errors[0]["extensions"]["code"]
    assert code == "BODY_TOO_LARGE"
    assert node_count(driver) == before
    assert client.get("/healthz").status_code == 200


def test_an_event_naming_too_many_datasets_is_refused(
    gql: GraphQLClient, client: TestClient, driver: neo4j.Driver, settings: Any
) -> None:
    before = node_count(driver)
    many = [
        {"namespace": "s3://many", "name": f"d{i}"}
        for i in range(settings.max_lineage_datasets + 1)
    ]
    answer = client.post(
        "/api/v1/lineage",
        json=_event(outputs=many),
        headers={"authorization": f"Bearer {gql.token}"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "inputs"
    assert node_count(driver) == before


VALUATION = (
    "mutation ($input: RecordValuationInput!) { recordValuation(input: $input) { __typename } }"
)
VALUATION_INPUT = {
    "objectId": "RGF0YVJlc291cmNlOjE=",
    "method": "COST",
    "appraiserId": "UGFydHk6MQ==",
    "valuedOn": "2024-06-01",
}

# Documents a client gets wrong, each refused with a code it can switch on.
WRONG_DOCUMENTS: list[tuple[str, dict[str, Any] | None, str]] = [
    ("{ me { ", None, "GRAPHQL_PARSE_FAILED"),
    ("}", None, "GRAPHQL_PARSE_FAILED"),
    ('{ search(text: "unterminated) { score } }', None, "GRAPHQL_PARSE_FAILED"),
    ("query { me { role } } query { me { role } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ me { nope } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ nope }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ parties(nope: 1) { totalCount } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ parties(first: 99999999999) { totalCount } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ parties(orderBy: NOPE) { totalCount } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ search { score } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("query ($x: Int!) { search(text: $x) { score } }", {"x": 1}, "GRAPHQL_VALIDATION_FAILED"),
    ("query ($t: String!) { search(text: $t) { score } }", {"t": 5}, "INVALID_INPUT"),
    ("query ($t: String!) { search(text: $t) { score } }", {}, "INVALID_INPUT"),
    ("query ($t: String!) { search(text: $t) { score } }", {"t": None}, "INVALID_INPUT"),
    ("query ($f: Int) { parties(first: $f) { totalCount } }", {"f": "x"}, "INVALID_INPUT"),
    ("query ($f: Int) { parties(first: $f) { totalCount } }", {"f": 2**40}, "INVALID_INPUT"),
    ("query ($f: Int) { parties(first: $f) { totalCount } }", {"f": 1.5}, "INVALID_INPUT"),
    (
        "query ($d: Date) { dataResources(asOf: $d) { totalCount } }",
        {"d": "2024-13-45"},
        "INVALID_INPUT",
    ),
    (
        "query ($d: DateTime) { dataResources(asRecordedAt: $d) { totalCount } }",
        {"d": "yesterday"},
        "INVALID_INPUT",
    ),
    (
        "query ($f: PartyFilter) { parties(filter: $f) { totalCount } }",
        {"f": {"nope": 1}},
        "INVALID_INPUT",
    ),
    ("query ($f: PartyFilter) { parties(filter: $f) { totalCount } }", {"f": [1]}, "INVALID_INPUT"),
    *(
        (VALUATION, {"input": {**VALUATION_INPUT, "amount": amount}}, "INVALID_INPUT")
        for amount in ("NaN", "Infinity", "-Infinity", "1e400", "1000000000000000", "12,5")
    ),
]


@pytest.mark.parametrize(("query", "variables", "code"), WRONG_DOCUMENTS)
def test_a_wrong_document_gets_a_code_to_switch_on(
    gql: GraphQLClient, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    body = gql(query, variables)
    assert body.get("data") is None
    for error in body["errors"]:
        assert error["extensions"]["code"] == code, error
        assert error["extensions"]["messageZh"]
