"""Data resources: one source (rule 1), jurisdiction (rule 12), bitemporal history."""

from __future__ import annotations

from datetime import UTC, datetime

import neo4j
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RuleMode
from tests.conftest import GraphQLClient, count, node_count
from tests.helpers import (
    HOSPITAL,
    LINGSHAN_COMPANY,
    PORT_COMPANY,
    REVISE_RESOURCE,
    party_gid,
    register_resource,
)

pytestmark = pytest.mark.usefixtures("seeded")

RIGHTS_VIEW = """
query ($id: ID!, $asOf: Date) {
  node(id: $id) {
    ... on DataResource {
      nameZh
      separationOfRights {
        holding { holder { nameZh } basis validFrom }
        processingUse { holder { nameZh } }
        productOperation { holder { nameZh } }
      }
    }
  }
  dataResources(asOf: $asOf, first: 100) { totalCount }
}"""


def test_the_source_unit_receives_the_holding_right(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    assert resource["__typename"] == "DataResource"
    assert resource["source"]["nameZh"] == PORT_COMPANY
    assert resource["region"]["code"] == "450702"  # the source's region by default
    view = gql.data(RIGHTS_VIEW, {"id": resource["id"]})["node"]["separationOfRights"]
    assert view["holding"] == [
        {"holder": {"nameZh": PORT_COMPANY}, "basis": "ORIGINAL_HOLDING", "validFrom": "2024-01-01"}
    ]
    assert view["processingUse"] == [] and view["productOperation"] == []


def test_a_second_source_for_the_same_data_is_refused_naming_the_first(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    first = register_resource(gql)
    before = node_count(driver)
    again = register_resource(gql, sourceId=party_gid(HOSPITAL), nameZh="医院采集的港口数据")
    [error] = again["errors"]
    assert error["code"] == "ONE_SOURCE" and error["rule"] == "ONE_SOURCE"
    assert error["article"] == "第六条"
    assert error["field"] == "input.catalogCode"
    assert error["existingId"] == first["id"]
    assert PORT_COMPANY in error["messageZh"] and "不得重复采集" in error["messageZh"]
    assert node_count(driver) == before


def test_data_whose_source_ended_may_be_collected_by_another_unit(gql: GraphQLClient) -> None:
    register_resource(gql, validTo="2024-06-01")
    later = register_resource(gql, sourceId=party_gid(HOSPITAL), validFrom="2024-06-01")
    assert later["__typename"] == "DataResource"


def test_in_warn_mode_a_duplicate_is_accepted_and_recorded_as_a_finding(
    settings: Settings, driver: neo4j.Driver
) -> None:
    lenient = settings.model_copy(update={"rule_modes": {"ONE_SOURCE": RuleMode.WARN}})
    with TestClient(create_app(lenient)) as client:
        gql = GraphQLClient(client).as_role("REGISTRAR", "450700")
        register_resource(gql)
        again = register_resource(gql, sourceId=party_gid(HOSPITAL))
        assert again["__typename"] == "DataResource"
        rules = gql.data("{ rules { code mode article } }")["rules"]
    assert {"code": "ONE_SOURCE", "mode": "warn", "article": "第六条"} in rules
    records, _, _ = driver.execute_query(
        "MATCH (f:Finding {rule: 'ONE_SOURCE'})-[:CONCERNS]->(r:DataResource) "
        "RETURN f.article AS article, collect(r.id) AS resources"
    )
    [finding] = records
    assert finding["article"] == "第六条" and len(finding["resources"]) == 2


def test_rules_are_listed_with_their_articles_and_modes(gql: GraphQLClient) -> None:
    rules = {
        r["code"]: r for r in gql.data("{ rules { code number article mode titleZh } }")["rules"]
    }
    assert rules["ONE_SOURCE"]["number"] == 1 and rules["ONE_SOURCE"]["mode"] == "enforce"
    assert rules["JURISDICTION"]["number"] == 12
    assert rules["REGISTRATION_WORKFLOW"]["article"] == "第十三条"
    assert all(rule["titleZh"] for rule in rules.values())


@pytest.mark.parametrize(
    ("registrar_region", "source", "allowed"),
    [
        ("450721", LINGSHAN_COMPANY, True),  # Lingshan registrar, Lingshan source
        ("450721", PORT_COMPANY, False),  # Lingshan registrar, Qinnan source
        ("450702", PORT_COMPANY, True),  # Qinnan registrar, Qinnan source
        ("450700", LINGSHAN_COMPANY, True),  # the city registrar, anywhere
    ],
)
def test_a_registrar_acts_only_in_its_jurisdiction(
    gql: GraphQLClient, driver: neo4j.Driver, registrar_region: str, source: str, allowed: bool
) -> None:
    registrar = gql.as_role("REGISTRAR", registrar_region)
    before = node_count(driver)
    result = register_resource(registrar, sourceId=party_gid(source))
    if allowed:
        assert result["__typename"] == "DataResource"
    else:
        [error] = result["errors"]
        assert (error["code"], error["article"]) == ("JURISDICTION", "第四条、第十三条")
        assert node_count(driver) == before


def test_a_county_registrar_cannot_place_a_resource_in_another_county(gql: GraphQLClient) -> None:
    registrar = gql.as_role("REGISTRAR", "450721")
    result = register_resource(registrar, sourceId=party_gid(LINGSHAN_COMPANY), regionCode="450722")
    assert result["errors"][0]["code"] == "JURISDICTION"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"validTo": "2023-12-31"}, "DATE_ORDER", "input.validTo"),
        ({"validTo": "2024-01-01"}, "DATE_ORDER", "input.validTo"),
        ({"catalogCode": "含中文"}, "INVALID_INPUT", "input.catalogCode"),
        ({"nameZh": "港"}, "INVALID_INPUT", "input.nameZh"),
        ({"sourceId": "not-an-id"}, "INVALID_INPUT", "input.sourceId"),
        ({"regionCode": "450799"}, "NOT_FOUND", "input.regionCode"),
    ],
)
def test_bad_resource_input_is_refused_and_writes_nothing(
    gql: GraphQLClient, driver: neo4j.Driver, changes: dict[str, str], code: str, field: str
) -> None:
    before = node_count(driver)
    result = register_resource(gql, **changes)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert node_count(driver) == before


def test_personal_category_implies_personal_information(gql: GraphQLClient) -> None:
    resource = register_resource(gql, category="PERSONAL")
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on DataResource { containsPersonalInfo } } }",
        {"id": resource["id"]},
    )
    assert data["node"]["containsPersonalInfo"] is True


HISTORY = """
query ($id: ID!) {
  node(id: $id) {
    ... on DataResource {
      history { grade validFrom validTo recordedAt supersededAt }
    }
  }
}"""

AS_OF = """
query ($asOf: Date, $at: DateTime, $filter: ResourceFilter) {
  dataResources(asOf: $asOf, asRecordedAt: $at, filter: $filter) {
    edges { node { nameZh grade validFrom validTo } }
  }
}"""


def _grades(gql: GraphQLClient, catalog_name: str, **variables: object) -> list[str]:
    data = gql.data(AS_OF, {"filter": None, **variables})
    return [
        e["node"]["grade"]
        for e in data["dataResources"]["edges"]
        if e["node"]["nameZh"] == catalog_name
    ]


def test_a_change_from_a_date_keeps_the_past_and_the_old_record(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    recorded_before_change = datetime.now(UTC).isoformat()
    revised = gql.data(
        REVISE_RESOURCE,
        {
            "input": {
                "resourceId": resource["id"],
                "effectiveFrom": "2025-01-01",
                "grade": "IMPORTANT",
                "reason": "分类分级目录调整",
            }
        },
    )["reviseDataResource"]
    assert revised["grade"] == "IMPORTANT"
    name = resource["nameZh"]
    assert _grades(gql, name, asOf="2024-06-01") == ["GENERAL"]
    assert _grades(gql, name, asOf="2025-06-01") == ["IMPORTANT"]
    # As the registry stood before the change, 2025 was still general.
    assert _grades(gql, name, asOf="2025-06-01", at=recorded_before_change) == ["GENERAL"]
    history = gql.data(HISTORY, {"id": resource["id"]})["node"]["history"]
    assert [
        (h["grade"], h["validFrom"], h["validTo"], h["supersededAt"] is None) for h in history
    ] == [
        ("GENERAL", "2024-01-01", None, False),
        ("GENERAL", "2024-01-01", "2025-01-01", True),
        ("IMPORTANT", "2025-01-01", None, True),
    ]


def test_a_correction_rewrites_all_valid_time_but_not_the_record(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    gql.data(
        REVISE_RESOURCE,
        {"input": {"resourceId": resource["id"], "sector": "TRANSPORT", "reason": "录入错误更正"}},
    )
    sectors = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on DataResource { sector "
        "history { sector supersededAt } } } }",
        {"id": resource["id"]},
    )["node"]
    assert sectors["sector"] == "TRANSPORT"
    assert [(h["sector"], h["supersededAt"] is None) for h in sectors["history"]] == [
        ("PORT_LOGISTICS", False),
        ("TRANSPORT", True),
    ]


def test_ending_a_resource_makes_it_absent_after_that_day(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    gql.data(
        REVISE_RESOURCE,
        {"input": {"resourceId": resource["id"], "validTo": "2025-01-01", "reason": "停止采集"}},
    )
    assert _grades(gql, resource["nameZh"], asOf="2024-12-31") == ["GENERAL"]
    assert _grades(gql, resource["nameZh"], asOf="2025-01-01") == []


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"effectiveFrom": "2023-01-01", "grade": "CORE"}, "DATE_ORDER", "input.effectiveFrom"),
        ({"validTo": "2023-06-01"}, "DATE_ORDER", "input.validTo"),
        ({}, "INVALID_INPUT", "input"),
    ],
)
def test_bad_revisions_are_refused(
    gql: GraphQLClient, driver: neo4j.Driver, changes: dict[str, str], code: str, field: str
) -> None:
    resource = register_resource(gql)
    states = count(driver, "MATCH (s:ResourceState) RETURN count(s)")
    result = gql.data(
        REVISE_RESOURCE, {"input": {"resourceId": resource["id"], "reason": "r", **changes}}
    )["reviseDataResource"]
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert count(driver, "MATCH (s:ResourceState) RETURN count(s)") == states


def test_every_resource_write_is_audited_with_its_actor(gql: GraphQLClient) -> None:
    county = gql.as_role("REGISTRAR", "450721", subject="lingshan-registrar-01")
    resource = register_resource(county, sourceId=party_gid(LINGSHAN_COMPANY))
    events = gql.data(
        "query ($id: ID!) { auditEvents(filter: {affectedId: $id}) "
        "{ edges { node { actor actorRole actorRegion operation inputs affectedIds } } } }",
        {"id": resource["id"]},
    )["auditEvents"]["edges"]
    [event] = [e["node"] for e in events]
    assert event["actor"] == "lingshan-registrar-01"
    assert (event["actorRole"], event["actorRegion"]) == ("REGISTRAR", "450721")
    assert event["operation"] == "registerDataResource"
    assert event["inputs"]["catalogCode"] == "QZG-TEST-0001"
    assert event["affectedIds"][0] == resource["uid"] and len(event["affectedIds"]) == 2


def test_replayed_writes_return_the_first_result_and_write_nothing(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    from tests.helpers import REGISTER_RESOURCE, resource_input

    variables = {"input": resource_input(), "key": "import-batch-7/row-1"}
    first = gql.data(REGISTER_RESOURCE, variables)["registerDataResource"]
    nodes = node_count(driver)
    again = gql.data(REGISTER_RESOURCE, variables)["registerDataResource"]
    assert again["id"] == first["id"]
    assert node_count(driver) == nodes
    reused = gql.data(
        REGISTER_RESOURCE,
        {"input": resource_input(catalogCode="QZG-TEST-0002"), "key": "import-batch-7/row-1"},
    )["registerDataResource"]
    assert reused["errors"][0]["code"] == "IDEMPOTENCY_CONFLICT"


def test_every_rule_is_explained_in_the_docs() -> None:
    from pathlib import Path

    from resolvers.rules import RULES

    docs = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text()
    assert [code for code in RULES if f"`{code}`" not in docs] == []
