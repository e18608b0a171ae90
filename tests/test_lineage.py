"""Lineage: recording activities (rules 3 and 7), bounded walks, filters, time travel, path
explanation, problem-data impact, exports, grade propagation."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import networkx
import pydot
import pytest
from strawberry import relay

from tests.conftest import GraphQLClient
from tests.helpers import MERCHANT, PORT_COMPANY, party_gid, register_resource

pytestmark = pytest.mark.usefixtures("seeded")

RAW = "钦州港集装箱物流数据"
CLEANED = "钦州港集装箱物流数据（清洗后）"
ANONYMIZED = "钦州港物流匿名化数据集"
MODEL = "钦州港物流景气指数模型"

ACTIVITY = """
mutation ($input: RecordActivityInput!) { recordActivity(input: $input) {
  __typename ... on Activity { id kind day performer { nameZh } rights { kind } }
  ... on Rejection { errors { code field article existingId } } } }"""

LINEAGE = """
query ($id: ID!, $direction: LineageDirection, $depth: Int, $budget: Int,
       $filter: LineageFilter, $asOf: Date, $at: DateTime) {
  lineage(assetId: $id, direction: $direction, depth: $depth, budget: $budget,
          filter: $filter, asOf: $asOf, asRecordedAt: $at) {
    truncated beyond depthReached totalNodes
    nodes { depth assetType asset { nameZh } }
    edges { kind day performer { nameZh } right { kind } }
    json: export(format: JSON) graphml: export(format: GRAPHML) dot: export(format: DOT)
  }
}"""


def ids(gql: GraphQLClient) -> dict[str, str]:
    data = gql.data(
        "{ dataResources(first: 100) { edges { node { id nameZh } } } "
        "dataProducts(first: 100) { edges { node { id nameZh } } } }"
    )
    return {
        e["node"]["nameZh"]: e["node"]["id"]
        for key in ("dataResources", "dataProducts")
        for e in data[key]["edges"]
    }


def walk(gql: GraphQLClient, asset: str, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(LINEAGE, {"id": asset, **variables})["lineage"]
    return result


def names(lineage: dict[str, Any]) -> list[str]:
    return [n["asset"]["nameZh"] for n in lineage["nodes"] if n["asset"]]


def activity(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(ACTIVITY, {"input": fields})["recordActivity"]
    return result


def test_an_activity_repeating_a_products_produce_hop_is_refused(
    gql: GraphQLClient, driver: Any
) -> None:
    from tests.conftest import node_count

    assets = ids(gql)
    before = node_count(driver)
    refused = activity(
        gql,
        kind="ANALYZE",
        performerId=party_gid(MERCHANT),
        usedIds=[assets[ANONYMIZED]],
        generatedIds=[assets[MODEL]],
    )
    assert refused["__typename"] == "Rejection"
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("DUPLICATE_LINEAGE_HOP", "input.generatedIds.0")
    ]
    assert node_count(driver) == before
    assert names(walk(gql, assets[MODEL], depth=1)) == [ANONYMIZED]  # one edge, drawn once


def test_the_seeded_model_traces_back_to_the_raw_port_data(gql: GraphQLClient) -> None:
    up = walk(gql, ids(gql)[MODEL], depth=5)
    assert names(up) == [ANONYMIZED, CLEANED, RAW]
    assert [n["depth"] for n in up["nodes"]] == [1, 2, 3]
    assert [(e["kind"], e["performer"]["nameZh"]) for e in up["edges"]] == [
        ("PRODUCE", MERCHANT),
        ("ANONYMIZE", PORT_COMPANY),
        ("CLEAN", PORT_COMPANY),
    ]
    assert [e["right"]["kind"] for e in up["edges"]] == ["PROCESSING_USE", "HOLDING", "HOLDING"]
    assert (up["truncated"], up["beyond"], up["depthReached"]) == (False, 0, 3)
    down = walk(gql, ids(gql)[RAW], direction="DOWNSTREAM", depth=10)
    assert names(down) == [CLEANED, ANONYMIZED, MODEL]


def test_processing_needs_a_right_on_every_input(gql: GraphQLClient) -> None:
    assets = ids(gql)
    refused = activity(
        gql, kind="ANALYZE", performerId=party_gid(MERCHANT), usedIds=[assets[CLEANED]]
    )
    [error] = refused["errors"]
    assert (error["code"], error["field"], error["existingId"]) == (
        "PROCESSING_NEEDS_RIGHT",
        "input.usedIds.0",
        assets[CLEANED],
    )
    allowed = activity(
        gql, kind="ANALYZE", performerId=party_gid(MERCHANT), usedIds=[assets[ANONYMIZED]]
    )
    assert allowed["rights"] == [{"kind": "PROCESSING_USE"}]


def test_personal_data_reaches_a_product_only_through_anonymization(gql: GraphQLClient) -> None:
    personal = register_resource(
        gql, catalogCode="QZG-PII-1", nameZh="集卡司机信息", containsPersonalInfo=True
    )
    product = {
        "nameZh": "司机画像",
        "kind": "DATASET",
        "operatorId": party_gid(PORT_COMPANY),
        "validFrom": "2024-06-01",
    }
    refused = gql.data(
        "mutation ($input: RegisterDataProductInput!) { registerDataProduct(input: $input) "
        "{ ... on Rejection { errors { code article } } } }",
        {"input": product | {"inputIds": [personal["id"]]}},
    )["registerDataProduct"]
    assert refused["errors"] == [{"code": "PERSONAL_DATA_ANONYMIZED", "article": "第十七条"}]
    anonymous = register_resource(gql, catalogCode="QZG-PII-1-A", nameZh="集卡司机匿名统计")
    anonymize = activity(
        gql,
        kind="ANONYMIZE",
        performerId=party_gid(PORT_COMPANY),
        usedIds=[personal["id"]],
        generatedIds=[anonymous["id"]],
        at="2024-05-01T00:00:00Z",
    )
    assert anonymize["kind"] == "ANONYMIZE"
    accepted = gql.data(
        "mutation ($input: RegisterDataProductInput!) { registerDataProduct(input: $input) "
        "{ __typename } }",
        {"input": product | {"inputIds": [anonymous["id"]]}},
    )["registerDataProduct"]
    assert accepted["__typename"] == "DataProduct"


def chain(gql: GraphQLClient, length: int) -> list[str]:
    """A chain of resources, each cleaned from the one before by the port company."""
    made = [
        register_resource(gql, catalogCode=f"QZG-CHAIN-{i:03d}", nameZh=f"链式数据{i:03d}")["id"]
        for i in range(length)
    ]
    for i in range(1, length):
        activity(
            gql,
            kind="CLEAN",
            performerId=party_gid(PORT_COMPANY),
            usedIds=[made[i - 1]],
            generatedIds=[made[i]],
            at=f"2024-{1 + i % 12:02d}-15T00:00:00Z",
        )
    return made


def test_a_deep_chain_is_cut_at_the_depth_and_says_what_lies_beyond(gql: GraphQLClient) -> None:
    made = chain(gql, 24)
    deep = walk(gql, made[-1], depth=20)
    assert deep["depthReached"] == 20 and deep["totalNodes"] == 20
    assert (deep["truncated"], deep["beyond"]) == (True, 1)
    everything = walk(gql, made[-1], depth=20, budget=5)
    assert everything["totalNodes"] == 5 and everything["truncated"] is True
    [error] = gql(LINEAGE, {"id": made[-1], "depth": 21})["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "depth"}


def test_a_hub_is_cut_by_the_node_budget(gql: GraphQLClient) -> None:
    hub = register_resource(gql, catalogCode="QZG-HUB", nameZh="枢纽数据")
    for i in range(12):
        leaf = register_resource(gql, catalogCode=f"QZG-LEAF-{i:02d}", nameZh=f"叶子数据{i:02d}")
        activity(
            gql,
            kind="PROCESS",
            performerId=party_gid(PORT_COMPANY),
            usedIds=[hub["id"]],
            generatedIds=[leaf["id"]],
            at="2024-06-01T00:00:00Z",
        )
    cut = walk(gql, hub["id"], direction="DOWNSTREAM", budget=4)
    assert cut["totalNodes"] == 4 and cut["truncated"] is True
    whole = walk(gql, hub["id"], direction="DOWNSTREAM", budget=100)
    assert (whole["totalNodes"], whole["truncated"]) == (12, False)


def test_a_walk_answers_alike_in_one_statement_or_level_by_level(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walk's first levels come in one statement until a level is larger than the cap;
    from there it goes level by level. Where it switches changes nothing in the answer."""
    hub = register_resource(gql, catalogCode="QZG-HUB", nameZh="枢纽数据")
    for i in range(6):
        leaf = register_resource(gql, catalogCode=f"QZG-LEAF-{i:02d}", nameZh=f"叶子数据{i:02d}")
        activity(
            gql,
            kind="PROCESS",
            performerId=party_gid(PORT_COMPANY),
            usedIds=[hub["id"], ids(gql)[CLEANED]],
            generatedIds=[leaf["id"]],
            at="2024-06-01T00:00:00Z",
        )
    made = chain(gql, 8)
    known = ids(gql)
    walks = [
        {"id": known[RAW], "direction": "DOWNSTREAM", "depth": 20},
        {"id": known[MODEL], "direction": "UPSTREAM", "depth": 20},
        {"id": hub["id"], "direction": "DOWNSTREAM", "budget": 4},
        {"id": known[RAW], "direction": "DOWNSTREAM", "depth": 3, "budget": 5},
        {"id": made[-1], "depth": 5, "budget": 3},
        {"id": made[-1], "depth": 20},
    ]
    whole = [gql.data(LINEAGE, variables)["lineage"] for variables in walks]
    assert any(answer["truncated"] for answer in whole)
    assert max(answer["totalNodes"] for answer in whole) >= 7
    for cap in (0, 1, 2):
        monkeypatch.setattr("graph.lineage.WALK_LEVEL_CAP", cap)
        assert [gql.data(LINEAGE, variables)["lineage"] for variables in walks] == whole, cap


ASSETS = """query ($id: ID!, $direction: LineageDirection, $depth: Int) {
  lineage(assetId: $id, direction: $direction, depth: $depth) {
    nodes { assetType asset { __typename nameZh } } edges { kind day } } }"""


def test_a_walk_brings_what_it_reaches_in_one_round_trip(gql: GraphQLClient) -> None:
    """Resources and products alike: the walk's statement reads their records too."""
    known = ids(gql)
    for variables in (
        {"id": known[MODEL], "depth": 20},
        {"id": known[RAW], "direction": "DOWNSTREAM", "depth": 20},
    ):
        body = gql(ASSETS, variables)
        nodes = body["data"]["lineage"]["nodes"]
        assert nodes and all(node["asset"]["__typename"] == node["assetType"] for node in nodes)
        assert body["extensions"]["neo4jRoundTrips"] == 1, variables
    reached = gql.data(ASSETS, {"id": known[RAW], "direction": "DOWNSTREAM", "depth": 20})
    assert {node["assetType"] for node in reached["lineage"]["nodes"]} == {
        "DataResource",
        "DataProduct",
    }


def test_filters_keep_only_matching_hops(gql: GraphQLClient) -> None:
    model = ids(gql)[MODEL]
    produced_or_anonymized = walk(gql, model, filter={"kinds": ["PRODUCE", "ANONYMIZE"]})
    assert names(produced_or_anonymized) == [ANONYMIZED, CLEANED]
    by_merchant = walk(gql, model, filter={"performerId": party_gid(MERCHANT)})
    assert names(by_merchant) == [ANONYMIZED]
    before_april = walk(gql, model, filter={"until": "2024-04-01"})
    assert names(before_april) == []


def test_lineage_as_of_a_date_and_as_recorded_at_a_moment(gql: GraphQLClient) -> None:
    cleaned = ids(gql)[CLEANED]
    assert names(walk(gql, cleaned, asOf="2024-03-22")) == [RAW]
    assert names(walk(gql, cleaned, asOf="2024-03-19")) == []
    assets = ids(gql)
    before = datetime.now(UTC).isoformat()
    extra = register_resource(gql, catalogCode="QZG-LATE", nameZh="事后补录数据")
    activity(
        gql,
        kind="PROCESS",
        performerId=party_gid(PORT_COMPANY),
        usedIds=[assets[RAW]],
        generatedIds=[extra["id"]],
        at="2024-05-01T00:00:00Z",
    )
    now_known = walk(gql, assets[RAW], direction="DOWNSTREAM", depth=1)
    as_then = walk(gql, assets[RAW], direction="DOWNSTREAM", depth=1, at=before)
    assert "事后补录数据" in names(now_known) and "事后补录数据" not in names(as_then)


def test_a_path_explains_every_hop(gql: GraphQLClient) -> None:
    assets = ids(gql)
    [path] = gql.data(
        "query ($down: ID!, $up: ID!) { lineagePaths(downstreamId: $down, upstreamId: $up) "
        "{ hops { kind day performer { nameZh } right { kind basis } } } }",
        {"down": assets[MODEL], "up": assets[RAW]},
    )["lineagePaths"]
    assert [(h["kind"], h["day"], h["performer"]["nameZh"]) for h in path["hops"]] == [
        ("PRODUCE", "2024-04-10", MERCHANT),
        ("ANONYMIZE", "2024-03-25", PORT_COMPANY),
        ("CLEAN", "2024-03-20", PORT_COMPANY),
    ]
    assert path["hops"][0]["right"] == {"kind": "PROCESSING_USE", "basis": "AUTHORIZATION"}


IMPACT = """
query ($id: ID!) { impact(resourceId: $id) {
  accountable { depth role kind party { nameZh } }
  affected { nodes { asset { nameZh } } }
  affectedProducts activeAuthorizationNumbers transactionNumbers notify { nameZh } } }"""


def test_a_problem_in_the_source_is_traced_both_ways(gql: GraphQLClient) -> None:
    assets = ids(gql)
    impact = gql.data(IMPACT, {"id": assets[RAW]})["impact"]
    assert [n["asset"]["nameZh"] for n in impact["affected"]["nodes"]] == [
        CLEANED,
        ANONYMIZED,
        MODEL,
    ]
    assert impact["affectedProducts"] == [relay.GlobalID.from_id(assets[MODEL]).node_id]
    assert len(impact["activeAuthorizationNumbers"]) >= 2  # raw and anonymized grants
    assert impact["transactionNumbers"] == ["QZJY-2024-000002"]  # the model, sold abroad
    notified = {p["nameZh"] for p in impact["notify"]}
    assert {MERCHANT, "越南北越跨境物流股份公司", PORT_COMPANY} <= notified
    upstream = gql.data(IMPACT, {"id": assets[ANONYMIZED]})["impact"]["accountable"]
    assert ("performer 处理方", "ANONYMIZE", PORT_COMPANY) in {
        (h["role"], h["kind"], h["party"]["nameZh"]) for h in upstream
    }
    assert ("source unit 来源单位", 0) in {(h["role"], h["depth"]) for h in upstream}


def test_exports_are_valid_json_graphml_and_dot(gql: GraphQLClient) -> None:
    up = walk(gql, ids(gql)[MODEL], depth=5)
    as_json = json.loads(up["json"])
    assert len(as_json["nodes"]) == 4 and len(as_json["edges"]) == 3
    graph = networkx.read_graphml(io.BytesIO(up["graphml"].encode()))
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    assert sorted(kind for _, _, kind in graph.edges(data="kind")) == [
        "ANONYMIZE",
        "CLEAN",
        "PRODUCE",
    ]
    assert MODEL in {name for _, name in graph.nodes(data="name")}
    parsed = pydot.graph_from_dot_data(up["dot"])
    assert parsed is not None
    [dot] = parsed
    assert len(dot.get_edges()) == 3
    assert any(MODEL in str(node.get("label")) for node in dot.get_nodes())


def test_grade_is_inherited_along_lineage_until_anonymization(gql: GraphQLClient) -> None:
    important = register_resource(
        gql, catalogCode="QZG-IMP", nameZh="重要源数据", grade="IMPORTANT"
    )
    derived = register_resource(gql, catalogCode="QZG-DER", nameZh="派生数据")
    shielded = register_resource(gql, catalogCode="QZG-ANO", nameZh="匿名派生数据")
    activity(
        gql,
        kind="PROCESS",
        performerId=party_gid(PORT_COMPANY),
        usedIds=[important["id"]],
        generatedIds=[derived["id"]],
        at="2024-06-01T00:00:00Z",
    )
    activity(
        gql,
        kind="ANONYMIZE",
        performerId=party_gid(PORT_COMPANY),
        usedIds=[important["id"]],
        generatedIds=[shielded["id"]],
        at="2024-06-01T00:00:00Z",
    )
    query = (
        "query ($id: ID!) { node(id: $id) { ... on DataResource { grade inheritedGrade "
        "inheritedCategory belowInheritedGrade } } }"
    )
    below = gql.data(query, {"id": derived["id"]})["node"]
    assert below == {
        "grade": "GENERAL",
        "inheritedGrade": "IMPORTANT",
        "inheritedCategory": "ENTERPRISE",
        "belowInheritedGrade": True,
    }
    lowered = gql.data(query, {"id": shielded["id"]})["node"]
    # Past the anonymization the input passes on only the lowest grade; lineage is still known.
    assert (lowered["inheritedGrade"], lowered["belowInheritedGrade"]) == ("GENERAL", False)


def test_nodes_and_edges_page_with_cursors(gql: GraphQLClient) -> None:
    made = chain(gql, 8)
    query = """
    query ($id: ID!, $after: String) { lineage(assetId: $id, depth: 10) {
      totalNodes totalEdges cursorAfter(count: 3)
      nodes(first: 3, after: $after) { depth } edges(first: 3, after: $after) { kind } } }"""
    first = gql.data(query, {"id": made[-1]})["lineage"]
    assert (first["totalNodes"], first["totalEdges"]) == (7, 7)
    assert [n["depth"] for n in first["nodes"]] == [1, 2, 3]
    second = gql.data(query, {"id": made[-1], "after": first["cursorAfter"]})["lineage"]
    assert [n["depth"] for n in second["nodes"]] == [4, 5, 6]
    [error] = gql(query, {"id": made[-1], "after": "garbage"})["errors"]
    assert error["extensions"]["code"] == "INVALID_CURSOR"


def test_the_category_filter_keeps_resources_of_those_categories(gql: GraphQLClient) -> None:
    public = register_resource(
        gql, catalogCode="QZG-PUB-1", nameZh="公共港务数据", category="PUBLIC"
    )
    derived = register_resource(gql, catalogCode="QZG-PUB-1-D", nameZh="港务派生数据")
    activity(
        gql,
        kind="PROCESS",
        performerId=party_gid(PORT_COMPANY),
        usedIds=[public["id"]],
        generatedIds=[derived["id"]],
        at="2024-06-01T00:00:00Z",
    )
    assert names(walk(gql, derived["id"], filter={"categories": ["PUBLIC"]})) == ["公共港务数据"]
    assert names(walk(gql, derived["id"], filter={"categories": ["PERSONAL"]})) == []
