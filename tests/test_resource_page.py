"""A resource's page in one query, and a page of 50 costing what a page of 5 costs."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

import pytest

from api.settings import Settings
from graph.db import Database
from graph.history import Span, write_timeline
from graph.resources import create_resource
from resolvers.context import Context
from resolvers.rights import create_right
from resolvers.writes import Write
from seed.parties import PARTIES
from tests.conftest import GraphQLClient

PAGE = """
query ($first: Int, $asOf: Date) {
  dataResources(first: $first, asOf: $asOf) {
    totalCount
    edges { node {
      nameZh catalogCode grade gradeLabelZh category
      source { nameZh kindLabelZh region { nameZh } }
      region { nameZh ancestors { code } }
      separationOfRights {
        holding { holder { nameZh } validFrom basis }
        processingUse { holder { nameZh } basisReference }
        productOperation { holder { nameZh } }
      }
      registrations { number status certificate { number validTo } applicant { nameZh } }
      products { nameZh kind operator { nameZh } rights { kind holder { nameZh } } }
    } }
  }
}"""


def test_a_resource_page_answers_every_question_in_one_query(
    gql: GraphQLClient, seeded: None
) -> None:
    data = gql.data(PAGE, {"first": 20, "asOf": "2026-11-28"})
    pages = {e["node"]["nameZh"]: e["node"] for e in data["dataResources"]["edges"]}
    port = pages["钦州港集装箱物流数据"]
    assert port["source"]["nameZh"] == "钦州港海运物流数据有限公司"
    rights = port["separationOfRights"]
    assert [r["holder"]["nameZh"] for r in rights["holding"]] == ["钦州港海运物流数据有限公司"]
    assert [r["holder"]["nameZh"] for r in rights["processingUse"]] == ["钦州数联科技有限公司"]
    assert {(r["number"], r["status"]) for r in port["registrations"]} == {
        ("QZDJ-2024-000001", "REGISTERED"),
        ("QZDJ-2026-000002", "IN_PUBLICITY"),
    }
    assert port["products"] == []  # the model is made from the anonymized dataset
    [index] = pages["钦州港物流匿名化数据集"]["products"]
    assert index["nameZh"] == "钦州港物流景气指数模型"
    assert index["rights"] == [
        {"kind": "PRODUCT_OPERATION", "holder": {"nameZh": "钦州数联科技有限公司"}}
    ]
    credit = pages["钦州市企业公共信用信息"]
    assert credit["grade"] == "IMPORTANT"  # regraded from 2025 on


def test_the_separation_of_rights_as_of_an_earlier_date(gql: GraphQLClient, seeded: None) -> None:
    data = gql.data(PAGE, {"first": 20, "asOf": "2024-02-15"})
    pages = {e["node"]["nameZh"]: e["node"] for e in data["dataResources"]["edges"]}
    port = pages["钦州港集装箱物流数据"]
    # The merchant's processing right starts on 2024-03-01; the index model in April.
    assert port["separationOfRights"]["processingUse"] == []
    assert port["products"] == []
    assert pages["钦州市企业公共信用信息"]["grade"] == "GENERAL"


async def _bulk_resources(settings: Settings, how_many: int) -> None:
    """Many resources with holding rights, written directly: the test is about reading."""
    db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
    source = PARTIES[14]  # the port logistics company
    ctx = Context(db=db)

    async def work(tx: object) -> None:
        write = Write(ctx, tx, datetime.now(UTC))  # type: ignore[arg-type]
        for number in range(how_many):
            resource_id = str(uuid.uuid4())
            await create_resource(
                write.tx,
                {
                    "id": resource_id,
                    "catalogCode": f"BULK-{number:04d}",
                    "sourceId": source.id,
                    "regionId": source.region,
                },
                write.now,
                write.ctx.actor.subject,
            )
            attrs = {
                "catalogCode": f"BULK-{number:04d}",
                "nameZh": f"批量数据资源{number:04d}",
                "category": "ENTERPRISE",
                "grade": "GENERAL",
                "sector": "PORT_LOGISTICS",
                "platform": "OWN_SYSTEM",
                "accessMode": "NOT_AGGREGATED",
                "openness": "OPEN",
                "openListYears": [],
                "containsPersonalInfo": False,
                "sourceId": source.id,
                "regionId": source.region,
                "regionPath": "/450700/450702/",
            }
            span = Span(date(2024, 1, 1), None, attrs)
            await write_timeline(write.tx, "ResourceState", resource_id, [span], write.now, "t")
            await create_right(
                write,
                kind="HOLDING",
                holder_id=source.id,
                object_id=resource_id,
                object_type="DataResource",
                region_path="/450700/450702/",
                basis="ORIGINAL_HOLDING",
                basis_reference=None,
                valid_from=date(2024, 1, 1),
                valid_to=None,
            )

    await db.write_tx(work)
    await db.close()


@pytest.mark.parametrize("small, large", [(5, 50)])
def test_round_trips_do_not_grow_with_the_page_size(
    gql: GraphQLClient, settings: Settings, seeded: None, small: int, large: int
) -> None:
    asyncio.run(_bulk_resources(settings, 60))
    few = gql(PAGE, {"first": small})
    many = gql(PAGE, {"first": large})
    assert "errors" not in many, many["errors"]
    assert len(many["data"]["dataResources"]["edges"]) == large
    trips_small = few["extensions"]["neo4jRoundTrips"]
    trips_large = many["extensions"]["neo4jRoundTrips"]
    print(f"round trips: page of {small}: {trips_small}; page of {large}: {trips_large}")
    assert trips_large == trips_small


AFTER = """query ($after: String, $before: String) {
  forward: dataResources(first: 1, after: $after) { edges { node { uid } } }
  backward: dataResources(last: 1, before: $before) { edges { node { uid } } } }"""


def _next_and_previous(gql: GraphQLClient, cursor: str) -> tuple[list[str], list[str]]:
    data = gql.data(AFTER, {"after": cursor, "before": cursor})
    return tuple(  # type: ignore[return-value]
        [edge["node"]["uid"] for edge in data[way]["edges"]] for way in ("forward", "backward")
    )


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "edges",
    ["edges { cursor node { uid } }", "edges { ...E node { uid } }", "edges { node { uid } }"],
)
def test_every_cursor_a_page_gives_continues_the_list_from_its_edge(
    gql: GraphQLClient, edges: str
) -> None:
    """Edge cursors, asked for directly or through a fragment, and the page's own, made
    whether the edges' are asked for or not."""
    fragment = "fragment E on DataResourceEdge { cursor }" if "...E" in edges else ""
    listed = gql.data("{ dataResources(first: 50) { edges { node { uid } } } }")
    uids = [edge["node"]["uid"] for edge in listed["dataResources"]["edges"]]
    assert len(uids) >= 4
    page = gql.data(
        f"{{ dataResources(first: 4) {{ {edges} pageInfo {{ startCursor endCursor }} }} }}"
        + fragment
    )["dataResources"]
    assert _next_and_previous(gql, page["pageInfo"]["startCursor"]) == ([uids[1]], [])
    assert _next_and_previous(gql, page["pageInfo"]["endCursor"]) == ([uids[4]], [uids[2]])
    for index, edge in enumerate(page["edges"]):
        if "cursor" in edge or "...E" in edges:
            following, preceding = _next_and_previous(gql, edge["cursor"])
            assert following == [uids[index + 1]]
            assert preceding == uids[index - 1 : index] if index else preceding == []
