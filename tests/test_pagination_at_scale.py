"""Resource pages on a graph of thousands: every resource once, in order, either way; and a
page reads about as many nodes as it shows, however many match."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import neo4j
import pytest

from api.settings import Settings
from graph.history import local_date
from graph.pagination import PageRequest, Shape, page_params, page_query
from graph.resources import RESOURCES
from seed.synthetic import Synthetic
from tests.conftest import GraphQLClient
from tests.test_synthetic import load

PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: ResourceSortField,
       $direction: SortDirection, $filter: ResourceFilter) {
  dataResources(first: $first, after: $after, last: $last, before: $before, orderBy: $order,
                direction: $direction, filter: $filter) {
    edges { node { uid } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""
PROPERTY = {"CATALOG_CODE": "catalogCode", "NAME": "nameZh", "VALID_FROM": "validFrom"}


@pytest.fixture(scope="module")
def thousands(seeded_module: None, settings: Settings) -> None:
    load(settings, Synthetic(4000, 21), batch_size=1000)


def expected(
    driver: neo4j.Driver, order: str, descending: bool, grades: list[str] | None
) -> list[str]:
    prop = PROPERTY[order]
    rows, _, _ = driver.execute_query(
        "MATCH (s:ResourceState) WHERE s.supersededAt IS NULL AND s.validTo IS NULL "
        "AND ($grades IS NULL OR s.grade IN $grades) RETURN s.id AS id, s[$prop] AS sort",
        grades=grades,
        prop=prop,
    )
    ordered = sorted(((r["sort"], r["id"]) for r in rows), reverse=descending)
    return [node_id for _, node_id in ordered]


def walk(gql: GraphQLClient, backwards: bool, **variables: Any) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        if backwards:
            page = gql.data(PAGE, {"last": 90, "before": cursor, **variables})["dataResources"]
            seen[:0] = [edge["node"]["uid"] for edge in page["edges"]]
            more, cursor = page["pageInfo"]["hasPreviousPage"], page["pageInfo"]["startCursor"]
        else:
            page = gql.data(PAGE, {"first": 90, "after": cursor, **variables})["dataResources"]
            seen += [edge["node"]["uid"] for edge in page["edges"]]
            more, cursor = page["pageInfo"]["hasNextPage"], page["pageInfo"]["endCursor"]
        if not more:
            return seen


@pytest.mark.usefixtures("thousands")
@pytest.mark.parametrize(
    ("order", "direction", "grades"),
    [
        ("CATALOG_CODE", "ASC", None),
        ("NAME", "DESC", None),
        ("VALID_FROM", "ASC", None),
        ("CATALOG_CODE", "DESC", ["IMPORTANT"]),
    ],
)
def test_pages_list_every_resource_once_in_order_both_ways(
    gql: GraphQLClient, driver: neo4j.Driver, order: str, direction: str, grades: list[str] | None
) -> None:
    want = expected(driver, order, direction == "DESC", grades)
    assert len(want) > (100 if grades else 800)
    variables = {"order": order, "direction": direction, "filter": {"grades": grades}}
    assert walk(gql, backwards=False, **variables) == want
    assert walk(gql, backwards=True, **variables) == want


@pytest.mark.usefixtures("thousands")
@pytest.mark.parametrize("after", [False, True])
def test_a_page_reads_about_as_many_resources_as_it_shows(
    driver: neo4j.Driver, after: bool
) -> None:
    shape = Shape("CATALOG_CODE", False, False, after, False, ())
    cursor = {"afterSort": "SYN-21-00000400", "afterId": ""} if after else {}
    params = page_params(PageRequest(limit=50)) | cursor
    filters = dict.fromkeys(RESOURCES.filters)
    now = datetime.now(UTC)
    with driver.session() as session:
        result = session.run(
            "PROFILE " + page_query(RESOURCES, shape).cypher,
            params | filters | {"validAt": local_date(now), "recordedAt": now},
        )
        summary = result.consume()
    assert summary.profile is not None
    # Read in index order and stopped: not the 800 that match, sorted.
    assert max_rows(summary.profile) <= 60, plan_text(summary.profile)


def plan_text(plan: dict[str, Any]) -> str:
    return f"{plan['operatorType']}({plan.get('rows')}) " + " ".join(
        plan_text(c) for c in plan.get("children", [])
    )


def max_rows(plan: dict[str, Any]) -> int:
    return max([plan.get("rows", 0)] + [max_rows(child) for child in plan.get("children", [])])
