"""The synthetic Qinzhou: deterministic, well shaped, valid, and loaded resumably."""

from __future__ import annotations

import asyncio

import neo4j
import pytest
from strawberry import relay

from api.settings import Settings
from graph.db import Database
from seed.bulk_load import LoadResult, bulk_load
from seed.synthetic import Synthetic, parse_size
from tests.conftest import GraphQLClient, count


def test_sizes_are_read_like_people_write_them() -> None:
    assert [parse_size(s) for s in ("10k", "100k", "1m", "2500")] == [
        10_000,
        100_000,
        1_000_000,
        2_500,
    ]


def test_the_same_seed_gives_the_same_data() -> None:
    assert Synthetic(2000, 3).plan() == Synthetic(2000, 3).plan()
    assert Synthetic(2000, 3).plan() != Synthetic(2000, 4).plan()


def test_no_activity_predates_its_inputs() -> None:
    synthetic = Synthetic(5000, 7)
    valid_from = {r["id"]: r["validFrom"] for r in synthetic.resources}
    _, activities = synthetic.lineage()
    assert activities
    for activity in activities:
        day = activity["attrs"]["day"]
        assert all(valid_from[i["id"]] <= day for i in activity["inputs"])


def load(settings: Settings, synthetic: Synthetic, **options: object) -> LoadResult:
    async def run() -> LoadResult:
        db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        try:
            return await bulk_load(db, synthetic, **options)  # type: ignore[arg-type]
        finally:
            await db.close()

    return asyncio.run(run())


@pytest.mark.usefixtures("seeded")
def test_an_interrupted_load_resumes_without_duplicates(
    settings: Settings, driver: neo4j.Driver
) -> None:
    synthetic = Synthetic(2000, 5)
    partial = load(settings, synthetic, batch_size=100, stop_after=3)
    assert partial.complete is False and 0 < partial.written < partial.rows
    finished = load(settings, synthetic, batch_size=100)
    assert finished.complete is True and finished.skipped == partial.written
    assert finished.written + finished.skipped == finished.rows
    ids = [r["id"] for r in synthetic.resources]
    assert count(
        driver, "MATCH (r:DataResource) WHERE r.id IN $ids RETURN count(r)", ids=ids
    ) == len(ids)
    again = load(settings, synthetic, batch_size=100)
    assert (again.written, again.skipped) == (0, finished.rows)


@pytest.mark.usefixtures("seeded")
def test_a_load_resumed_with_another_batch_size_is_whole_and_single(
    settings: Settings, driver: neo4j.Driver
) -> None:
    synthetic = Synthetic(2000, 6)
    partial = load(settings, synthetic, batch_size=100, stop_after=7)
    resumed = load(settings, synthetic, batch_size=70)
    assert resumed.complete is True
    assert (partial.written + resumed.written, resumed.skipped) == (partial.rows, partial.written)
    again = load(settings, synthetic, batch_size=300)
    assert (again.written, again.skipped) == (0, again.rows)
    grants, activities = synthetic.lineage()
    licences, trades = synthetic.trades()
    rights = len(synthetic.resources) + len(grants) + len(licences)
    expected = {
        "MATCH (n:DataResource) WHERE n.id IN $ids RETURN count(n)": len(synthetic.resources),
        "MATCH (:Party)-[h:HOLDS]->(r:Right) WHERE r.objectId IN $ids RETURN count(h)": rights,
        "MATCH (a:Activity)-[u:USED]->() WHERE a.performerId IS NOT NULL "
        "AND a.id IN $activities RETURN count(u)": sum(len(a["inputs"]) for a in activities),
        "MATCH (t:Transaction) WHERE t.objectId IN $ids RETURN count(t)": len(trades),
    }
    ids = [r["id"] for r in synthetic.resources]
    activity_ids = [a["id"] for a in activities]
    for cypher, want in expected.items():
        assert count(driver, cypher, ids=ids, activities=activity_ids) == want, cypher


@pytest.mark.usefixtures("seeded")
def test_generated_lineage_is_valid_deep_and_has_hubs(
    settings: Settings, gql: GraphQLClient
) -> None:
    synthetic = Synthetic(3000, 11)
    load(settings, synthetic, batch_size=500)
    findings = gql.data('{ findings(rules: ["PROCESSING_NEEDS_RIGHT"]) { total } }')
    assert findings["findings"]["total"] == 0  # every hop ran under a right
    _, activities = synthetic.lineage()
    last = str(relay.GlobalID("DataResource", activities[-1]["outputId"]))
    up = gql.data(
        "query ($id: ID!) { lineage(assetId: $id, depth: 20, budget: 5000) "
        "{ depthReached totalNodes } }",
        {"id": last},
    )["lineage"]
    assert up["depthReached"] >= 10  # long chains
    hub = str(relay.GlobalID("DataResource", synthetic.resources[0]["id"]))
    down = gql.data(
        "query ($id: ID!) { lineage(assetId: $id, direction: DOWNSTREAM, depth: 1, budget: 5) "
        "{ totalNodes truncated beyond } }",
        {"id": hub},
    )["lineage"]
    assert (down["totalNodes"], down["truncated"]) == (5, True)


def test_planning_twice_gives_the_same_plan() -> None:
    synthetic = Synthetic(2000, 5)
    assert synthetic.plan() == synthetic.plan()


@pytest.mark.usefixtures("seeded")
def test_generated_trades_read_like_recorded_ones(settings: Settings, gql: GraphQLClient) -> None:
    synthetic = Synthetic(3000, 12)
    load(settings, synthetic, batch_size=500)
    licences, trades = synthetic.trades()
    assert len(trades) >= 5
    trade = trades[0]
    found = gql.data(
        """query ($object: ID!) { transactions(filter: {objectId: $object}) { edges { node {
             number mode seller { uid } buyer { uid }
             conveyedRight { kind holder { uid } parentRight { kind holder { uid } } }
             incomeDistribution { publicData contributors { party { uid } share } } } } } }""",
        {"object": str(relay.GlobalID("DataResource", trade["objectId"]))},
    )["transactions"]["edges"]
    assert [edge["node"]["number"] for edge in found] == [trade["attrs"]["number"]]
    node = found[0]["node"]
    assert node["mode"] == "LICENCE"
    assert (node["seller"]["uid"], node["buyer"]["uid"]) == (trade["sellerId"], trade["buyerId"])
    conveyed = node["conveyedRight"]
    assert conveyed["kind"] == "PROCESSING_USE" and conveyed["holder"]["uid"] == trade["buyerId"]
    # The buyer's right is carved from the seller's holding right.
    assert conveyed["parentRight"] == {"kind": "HOLDING", "holder": {"uid": trade["sellerId"]}}
    assert node["incomeDistribution"] == {
        "publicData": False,
        "contributors": [{"party": {"uid": trade["sellerId"]}, "share": 1.0}],
    }
    assert {licence["id"] for licence in licences} == {t["conveyedRightId"] for t in trades}
    # Trades, grants and lineage break no rule; only grades drawn at random show up.
    found_rules = gql.data("{ findings(first: 100) { items { rule } } }")["findings"]["items"]
    assert {item["rule"] for item in found_rules} <= {"GRADE_BELOW_INHERITED"}
    # Rule 6: generated data of public origin (public data upstream) is priced by the
    # government, the rest by the market; the scan agrees with every generated price.
    pricing = gql.data('{ findings(rules: ["PRICING_FOLLOWS_CATEGORY"]) { total } }')
    assert pricing["findings"]["total"] == 0
    assert {t["attrs"]["pricingMode"] for t in trades} == {"MARKET", "GOVERNMENT_GUIDED"}
