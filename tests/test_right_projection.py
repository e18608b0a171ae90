"""A page of resources loads of each right only what its selection reads (schema/right.py
STORED_BY_FIELD): whatever it selects, it shows what reading whole records shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from strawberry import relay

from api.schema import build_schema
from api.settings import Settings
from graph import pagination
from graph.history import TimePoint
from graph.pagination import Shape, page_query
from graph.resources import RESOURCES
from graph.rights import rights_on_page
from schema.enums import Duty
from schema.right import STORED_BY_FIELD, Right, stored_keys
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")

# Every field but asRecordedAt, which is each request's own moment.
EVERY_FIELD = """id uid kind kindLabelZh basis basisReference sublicensable status
    statusReason purposes territory maxCount maxVolumeGb duties validFrom validTo recordedAt
    supersededAt asOf __typename holder { nameZh } parentRight { uid }
    authorization { uid } chain { uid } object { __typename ... on DataResource { nameZh } }"""
SELECTIONS = [
    "kind holder { nameZh }",
    "kind",
    "uid basis status validFrom",
    "__typename holder { nameZh kind } object { ... on DataResource { catalogCode } }",
    "...R",
    EVERY_FIELD,
]
FRAGMENT = "fragment R on Right { kindLabelZh duties parentRight { kind } }"


def test_every_field_of_right_says_what_it_reads(settings: Settings) -> None:
    right = build_schema(settings)._schema.type_map["Right"]
    assert set(right.fields) | {"__typename"} == set(STORED_BY_FIELD)  # type: ignore[attr-defined]


def test_a_field_not_declared_loads_whole_records() -> None:
    assert stored_keys(["kind", "holder"]) == ("holderId", "kind")
    assert stored_keys(["uid", "holder"]) == ("holderId", "id", "kind")
    assert stored_keys(["kind", "somethingNew"]) is None


def _page(gql: GraphQLClient, selection: str, rights_args: str = "") -> list[dict[str, Any]]:
    fragment = FRAGMENT if "...R" in selection else ""
    body = gql(
        f"""{{ dataResources(first: 50) {{ edges {{ node {{ uid
        rights{rights_args} {{ {selection} }} }} }} }} }} {fragment}"""
    )
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["dataResources"]["edges"]]


def _whole(gql: GraphQLClient, uid: str, selection: str) -> list[dict[str, Any]]:
    """One resource's rights, read whole by `dataResource(id:)` (no list, no projection)."""
    fragment = FRAGMENT if "...R" in selection else ""
    body = gql(
        f"""query ($id: ID!) {{ node(id: $id) {{ ... on DataResource {{
        rights {{ {selection} }} }} }} }} {fragment}""",
        {"id": _gid(uid)},
    )
    assert "errors" not in body, body
    rights: list[dict[str, Any]] = body["data"]["node"]["rights"]
    return rights


def _gid(uid: str) -> str:
    return str(relay.GlobalID("DataResource", uid))


@pytest.mark.parametrize("selection", SELECTIONS)
def test_a_page_shows_what_whole_records_show(gql: GraphQLClient, selection: str) -> None:
    page = _page(gql, selection)
    with_rights = [node for node in page if node["rights"]]
    assert len(with_rights) >= 3, "the seed should give several resources rights"
    for node in with_rights[:6]:
        assert node["rights"] == _whole(gql, node["uid"], selection), node["uid"]


def test_the_kind_argument_filters_projected_rights(gql: GraphQLClient) -> None:
    every = _page(gql, "kind uid")
    holding = _page(gql, "kind uid", "(kind: HOLDING)")
    for node, only in zip(every, holding, strict=True):
        assert only["rights"] == [r for r in node["rights"] if r["kind"] == "HOLDING"]


def test_two_selections_of_rights_on_one_page_each_show_theirs(gql: GraphQLClient) -> None:
    body = gql(
        """{ dataResources(first: 50) { edges { node { uid
        lean: rights { kind } full: rights { kind basis holder { nameZh } validFrom } } } } }"""
    )
    assert "errors" not in body, body
    nodes = [edge["node"] for edge in body["data"]["dataResources"]["edges"]]
    assert any(node["full"] for node in nodes)
    for node in nodes:
        assert [r["kind"] for r in node["full"]] == [r["kind"] for r in node["lean"]]
        assert all(r["basis"] and r["validFrom"] and r["holder"] for r in node["full"])


@pytest.mark.parametrize(
    "page, selection",
    [
        ("first: 50", "nameZh source { uid nameZh kind } rights { kind holder { uid nameZh } }"),
        ("last: 7", "source { uid nameZh } rights { kind holder { uid nameZh } }"),
        ("first: 30", "rights { uid kind }"),
    ],
)
def test_a_page_with_its_rights_takes_one_statement_and_shows_them_all(
    gql: GraphQLClient, page: str, selection: str
) -> None:
    """The rights, their holders and the sources come in the page's own statement, in
    order, from either end: each node shows what it shows when asked for alone."""
    body = gql(f"{{ dataResources({page}) {{ edges {{ node {{ uid {selection} }} }} }} }}")
    assert "errors" not in body, body
    assert body["extensions"]["neo4jRoundTrips"] == 1
    nodes = [edge["node"] for edge in body["data"]["dataResources"]["edges"]]
    plain = gql.data(f"{{ dataResources({page}) {{ edges {{ node {{ uid }} }} }} }}")
    assert [node["uid"] for node in nodes] == [
        edge["node"]["uid"] for edge in plain["dataResources"]["edges"]
    ]
    assert sum(len(node["rights"]) for node in nodes) >= len(nodes)
    if "source" in selection:
        assert len({node["source"]["uid"] for node in nodes}) >= 3
    for node in nodes:
        alone = gql(
            f"query ($id: ID!) {{ node(id: $id) {{ ... on DataResource {{ {selection} }} }} }}",
            {"id": _gid(node["uid"])},
        )
        assert {"uid": node["uid"], **alone["data"]["node"]} == node


def test_an_empty_page_with_rights_is_empty(gql: GraphQLClient) -> None:
    body = gql(
        "{ dataResources(first: 5, filter: {openListYear: 1900}) "
        "{ edges { node { uid source { uid } rights { kind holder { nameZh } } } } "
        "pageInfo { hasNextPage } } }"
    )
    assert "errors" not in body, body
    assert body["data"]["dataResources"] == {"edges": [], "pageInfo": {"hasNextPage": False}}


def test_a_right_made_from_kind_and_holder_alone_is_the_one_its_constructor_makes() -> None:
    at = TimePoint(date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC))
    state = {"id": "r1", "kind": "PROCESSING_USE", "holderId": "p1"}
    lean, made = Right.from_state(state, at), Right.from_record(state, at)
    assert lean == made and vars(lean) == vars(made)
    lean.duties.append(Duty.DELETE_AFTER_TERM)  # each has a list of its own
    assert Right.from_state(state, at).duties == []


@pytest.mark.parametrize(
    "keys",
    [
        ("holderId", "id", "kind"),
        ("holderId", "kind"),
        ("id", "kind"),
        ("kind",),
        ("id", "kind", "status"),
        ("kind", "status"),
    ],
)
def test_rights_made_from_a_pages_values_are_those_its_records_make(
    keys: tuple[str, ...],
) -> None:
    at = TimePoint(date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC))
    whole = {"id": "r1", "kind": "HOLDING", "holderId": "p1", "status": "ACTIVE"}
    other = {"id": "r2", "kind": "PRODUCT_OPERATION", "holderId": "p2", "status": "SUSPENDED"}
    listed = [[record[key] for key in keys] for record in (whole, other)]
    made = Right.from_values(keys, listed, at)
    expected = [Right.from_record({k: r[k] for k in keys}, at) for r in (whole, other)]
    assert [vars(right) for right in made] == [vars(right) for right in expected]


SEPARATED = "uid kind validFrom holder { nameZh }"


@pytest.mark.parametrize("as_of", ["2023-06-01", "2025-01-01", None])
def test_a_page_in_the_past_shows_the_rights_of_its_day(
    gql: GraphQLClient, as_of: str | None
) -> None:
    """The rights a page brings along are those of the page's view: the same as the
    separation-of-rights view, which each resource loads on its own, shows."""
    body = gql(
        f"""query ($asOf: Date) {{ dataResources(first: 50, asOf: $asOf) {{ edges {{ node {{
        uid rights {{ {SEPARATED} }} separationOfRights {{ holding {{ {SEPARATED} }}
        processingUse {{ {SEPARATED} }} productOperation {{ {SEPARATED} }} }} }} }} }} }}""",
        {"asOf": as_of},
    )
    assert "errors" not in body, body
    nodes = [edge["node"] for edge in body["data"]["dataResources"]["edges"]]
    assert sum(len(node["rights"]) for node in nodes) >= 3
    for node in nodes:
        separated = node["separationOfRights"]
        assert node["rights"] == [
            *separated["holding"],
            *separated["processingUse"],
            *separated["productOperation"],
        ], node["uid"]


def test_a_pages_statement_names_only_property_names() -> None:
    """The keys a page reads of rights and parties are written into its statement: the
    schema's own names go in, anything else is refused rather than run."""
    attached = rights_on_page(("holderId", "kind"), ("id", "kind", "nameZh"))
    assert "collect([s.holderId, s.kind]) AS rights" in attached.per_node
    assert "collect([n.id, n.kind, n.nameZh]) AS gathered" in attached.gather
    for bad in ("kind]) RETURN 1 //", "kind`", "名称", ""):
        with pytest.raises(ValueError):
            rights_on_page(("kind", bad), ("id",))


def test_page_statements_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Selections vary what a page brings along; the statements kept for them do not grow
    without end."""
    monkeypatch.setattr(pagination, "_cache", {})
    monkeypatch.setattr(pagination, "PAGE_QUERIES_KEPT", 3)
    shape = Shape("CATALOG_CODE", False, False, False, False, ())
    selections = [("kind",), ("holderId", "kind"), ("id", "kind"), ("kind", "status")]
    made = [page_query(RESOURCES, shape, rights_on_page(k, ("id",))) for k in selections]
    assert len(pagination._cache) == 3
    assert page_query(RESOURCES, shape, rights_on_page(selections[-1], ("id",))) is made[-1]
