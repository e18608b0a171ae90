"""Classification along lineage, as an investigator reads it: public origin survives
anonymization, products carry a grade and a category, and each is explained."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry import relay

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RULES, RuleMode
from tests.conftest import GraphQLClient
from tests.helpers import CREDIT_AGENCY, PORT_COMPANY, party_gid, register_resource
from tests.test_lineage import ACTIVITY
from tests.test_transactions import codes, right_of, trade

pytestmark = pytest.mark.usefixtures("seeded")

EXPLAINED = """
query ($id: ID!) { node(id: $id) {
  ... on DataResource { grade category inheritedGrade inheritedCategory publicOrigin
                        containsPersonalInfo classification { ...explained } }
  ... on DataProduct { grade category gradeLabelZh categoryLabelZh inheritedGrade
                       inheritedCategory publicOrigin classification { ...explained } }
} }
fragment explained on ClassificationExplanation {
  hasLineage inheritedGrade inheritedCategory publicOrigin lowered rule article text textZh
  gradeFrom { assetId nameZh grade passesGrade path { kind } }
  categoryFrom { assetId nameZh category passesCategory }
  publicFrom { assetId nameZh path { fromName toName kind activityId } }
  loweredFrom { assetId grade }
  loweredBy { kind activityId activity { kind } }
  personalInfoEndedBy { kind }
}"""

PRODUCT = """
mutation ($input: RegisterDataProductInput!) { registerDataProduct(input: $input) {
  __typename ... on DataProduct { id uid nameZh }
  ... on Rejection { errors { code message } } } }"""


def explained(gql: GraphQLClient, node_id: str) -> dict[str, Any]:
    node: dict[str, Any] = gql.data(EXPLAINED, {"id": node_id})["node"]
    return node


def uid(global_id: str) -> str:
    return relay.GlobalID.from_id(global_id).node_id


def public_story(gql: GraphQLClient, suffix: str) -> dict[str, Any]:
    """Important public data holding personal information, anonymized by the port company,
    and a model made from it with general enterprise data."""
    public = register_resource(
        gql,
        catalogCode=f"QZG-PUB-{suffix}",
        nameZh=f"公共源数据{suffix}",
        category="PUBLIC",
        grade="IMPORTANT",
        containsPersonalInfo=True,
    )
    anonymized = register_resource(
        gql, catalogCode=f"QZG-PUB-{suffix}-A", nameZh=f"匿名化公共数据{suffix}"
    )
    enterprise = register_resource(gql, catalogCode=f"QZG-ENT-{suffix}", nameZh=f"企业数据{suffix}")
    done = gql.data(
        ACTIVITY,
        {
            "input": {
                "kind": "ANONYMIZE",
                "performerId": party_gid(PORT_COMPANY),
                "usedIds": [public["id"]],
                "generatedIds": [anonymized["id"]],
                "at": "2024-06-01T00:00:00Z",
            }
        },
    )["recordActivity"]
    assert done["__typename"] == "Activity", done
    model = gql.data(
        PRODUCT,
        {
            "input": {
                "nameZh": f"港口公共数据模型{suffix}",
                "kind": "MODEL",
                "operatorId": party_gid(PORT_COMPANY),
                "inputIds": [anonymized["id"], enterprise["id"]],
                "validFrom": "2024-06-02",
            }
        },
    )["registerDataProduct"]
    assert model["__typename"] == "DataProduct", model
    return {"public": public, "anonymized": anonymized, "enterprise": enterprise, "model": model}


def market_sale(gql: GraphQLClient, model: dict[str, Any], pricing: str) -> dict[str, Any]:
    return trade(
        gql,
        sellerId=party_gid(PORT_COMPANY),
        buyerId=party_gid(CREDIT_AGENCY),
        rightId=right_of(gql, model["nameZh"], PORT_COMPANY, "2024-10-01"),
        mode="LICENCE",
        licensedKind="PROCESSING_USE",
        licenceEnds="2026-01-01",
        price="30000",
        pricingMode=pricing,
        tradeDate="2024-10-10",
    )


def test_anonymized_public_data_stays_of_public_origin(gql: GraphQLClient) -> None:
    story = public_story(gql, "1")
    anonymized = explained(gql, story["anonymized"]["id"])
    assert (anonymized["inheritedCategory"], anonymized["publicOrigin"]) == ("PUBLIC", True)
    assert anonymized["containsPersonalInfo"] is False
    why = anonymized["classification"]
    assert why["personalInfoEndedBy"] == {"kind": "ANONYMIZE"}
    # The grade was lowered by the anonymization, and it says so.
    assert (anonymized["inheritedGrade"], why["lowered"]) == ("GENERAL", True)
    assert why["loweredFrom"] == {"assetId": uid(story["public"]["id"]), "grade": "IMPORTANT"}
    assert why["loweredBy"]["kind"] == "ANONYMIZE"
    assert why["loweredBy"]["activity"] == {"kind": "ANONYMIZE"}
    assert (why["rule"], why["article"]) == ("GRADE_BELOW_INHERITED", "第二十二条")


def test_a_product_of_anonymized_public_data_is_public_and_explained(gql: GraphQLClient) -> None:
    story = public_story(gql, "2")
    model = explained(gql, story["model"]["id"])
    assert (model["grade"], model["category"]) == ("GENERAL", "PUBLIC")
    assert (model["gradeLabelZh"], model["categoryLabelZh"]) == ("一般数据", "公共数据")
    assert model["publicOrigin"] is True
    why = model["classification"]
    assert why["hasLineage"] and why["publicOrigin"] and why["lowered"]
    public = why["publicFrom"]
    assert (public["assetId"], public["nameZh"]) == (uid(story["public"]["id"]), "公共源数据2")
    assert [hop["kind"] for hop in public["path"]] == ["PRODUCE", "ANONYMIZE"]
    assert public["path"][1]["activityId"] == why["loweredBy"]["activityId"]
    assert why["categoryFrom"]["passesCategory"] == "PUBLIC"
    assert "公共源数据2" in why["text"] and "ANONYMIZE" in why["text"]
    assert "政府指导价" in why["textZh"] and "匿名化" in why["textZh"]


def test_a_market_price_sale_of_public_origin_is_refused(gql: GraphQLClient) -> None:
    story = public_story(gql, "3")
    refused = market_sale(gql, story["model"], "MARKET")
    assert codes(refused) == {"PRICING_FOLLOWS_CATEGORY"}
    [error] = refused["errors"]
    assert error["article"] == "第十八条" and "public origin" in error["message"]
    sold = market_sale(gql, story["model"], "GOVERNMENT_GUIDED")
    assert sold["__typename"] == "Transaction", sold
    # The anonymized resource itself, though recorded as enterprise data, is of public origin.
    resource = market_sale(gql, story["anonymized"], "MARKET")
    assert codes(resource) == {"PRICING_FOLLOWS_CATEGORY"}
    # Enterprise data with no public data upstream is still sold at market price.
    assert market_sale(gql, story["enterprise"], "MARKET")["__typename"] == "Transaction"


def test_income_from_data_of_public_origin_goes_to_public_governance(gql: GraphQLClient) -> None:
    story = public_story(gql, "5")
    # The anonymized resource, recorded as enterprise data, is of public origin (article 15
    # follows the same origin as the price, article 18).
    anonymized = market_sale(gql, story["anonymized"], "GOVERNMENT_GUIDED")
    income = anonymized["incomeDistribution"]
    assert (income["publicData"], income["governmentPool"]) == (True, "30000.00"), income
    # A model that mixes it with enterprise data is not public data only: the seller's.
    model = market_sale(gql, story["model"], "GOVERNMENT_GUIDED")["incomeDistribution"]
    assert (model["publicData"], model["net"]) == (False, "30000.00")
    assert [c["party"]["nameZh"] for c in model["contributors"]] == [PORT_COMPANY]


@pytest.fixture
def lenient(settings: Settings) -> Iterator[GraphQLClient]:
    """A city registrar on an app where every rule warns, as trades were recorded before the
    registry knew public origin survives processing."""
    modes = {code: RuleMode.WARN for code in RULES}
    with TestClient(create_app(settings.model_copy(update={"rule_modes": modes}))) as client:
        yield GraphQLClient(client).as_role("REGISTRAR", "450700", "lenient-registrar")


def test_a_market_price_sale_recorded_earlier_is_found_on_read(lenient: GraphQLClient) -> None:
    story = public_story(lenient, "4")
    sold = market_sale(lenient, story["model"], "MARKET")
    assert sold["__typename"] == "Transaction"
    items = lenient.data(
        'query { findings(rules: ["PRICING_FOLLOWS_CATEGORY"], first: 50) '
        "{ items { rule article message messageZh nodeIds source } } }"
    )["findings"]["items"]
    [scanned] = [f for f in items if f["source"] == "scan"]
    assert scanned["article"] == "第十八条"
    assert uid(sold["id"]) in scanned["nodeIds"]
    assert uid(story["model"]["id"]) in scanned["nodeIds"]
    assert "public origin" in scanned["message"] and "政府指导价" in scanned["messageZh"]


def test_a_product_takes_the_strictest_grade_of_its_inputs(gql: GraphQLClient) -> None:
    important = register_resource(
        gql, catalogCode="QZG-IMP-P", nameZh="重要企业数据", grade="IMPORTANT"
    )
    product = gql.data(
        PRODUCT,
        {
            "input": {
                "nameZh": "重要数据报告",
                "kind": "REPORT",
                "operatorId": party_gid(PORT_COMPANY),
                "inputIds": [important["id"]],
                "validFrom": "2024-06-02",
            }
        },
    )["registerDataProduct"]
    found = explained(gql, product["id"])
    assert (found["grade"], found["gradeLabelZh"], found["category"]) == (
        "IMPORTANT",
        "重要数据",
        "ENTERPRISE",
    )
    why = found["classification"]
    assert why["gradeFrom"]["assetId"] == uid(important["id"])
    assert [hop["kind"] for hop in why["gradeFrom"]["path"]] == ["PRODUCE"]
    assert (why["lowered"], why["loweredBy"], why["publicOrigin"]) == (False, None, False)


def test_without_lineage_nothing_is_inherited_and_it_says_so(gql: GraphQLClient) -> None:
    alone = register_resource(gql, catalogCode="QZG-ALONE", nameZh="独立数据")
    found = explained(gql, alone["id"])
    assert (found["inheritedGrade"], found["inheritedCategory"]) == (None, None)
    why = found["classification"]
    assert (why["hasLineage"], why["lowered"], why["gradeFrom"]) == (False, False, None)
    assert "No upstream lineage" in why["text"] and "无上游血缘" in why["textZh"]
    # Distinct from a lowered grade: lineage known, the grade lowered by an anonymization.
    lowered = explained(gql, public_story(gql, "5")["anonymized"]["id"])["classification"]
    assert (lowered["hasLineage"], lowered["lowered"]) == (True, True)
