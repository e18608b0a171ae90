"""Foreign parties (article 19): recorded by the city registrar with a country and a home
registration instead of a credit code and region; a trade with one is cross-border to its
country; listed, filtered, searched and named in findings. Over HTTP, against the real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RULES, RuleMode
from tests.conftest import GraphQLClient, count, node_count
from tests.helpers import PORT_COMPANY, party_gid, register_resource
from tests.test_transactions import BUYER_VN, right_of, trade

pytestmark = pytest.mark.usefixtures("seeded")

REGISTER = """
mutation ($input: RegisterPartyInput!) {
  registerParty(input: $input) {
    __typename
    ... on Party {
      id uid nameZh nameEn kind foreign country countryNameZh creditCode region { code }
      homeRegistrationScheme homeRegistrationId
    }
    ... on Rejection { errors { code field message messageZh article } }
  }
}"""

PARTY = """
query ($id: ID!) { node(id: $id) { ... on Party { nameZh homeRegistrationId } } }"""

LIST = """
query ($filter: PartyFilter) {
  parties(filter: $filter, first: 100) {
    totalCount edges { node { nameZh country foreign region { code } } }
  }
}"""

# A Singaporean company with a well-formed LEI (check digits per ISO 17442); fictional.
SG_COMPANY = {
    "nameZh": "新加坡南洋数据贸易私人有限公司",
    "nameEn": "Nanyang Data Trading Pte. Ltd.",
    "kind": "ENTERPRISE",
    "country": "sg",
    "homeRegistrationScheme": "LEI",
    "homeRegistrationId": "5493001KJTIIGC8Y1R12",
}
TH_PERSON = {
    "nameZh": "颂猜",
    "nameEn": "Somchai Jaidee",
    "kind": "INDIVIDUAL",
    "country": "TH",
    "homeRegistrationScheme": "PASSPORT",
    "homeRegistrationId": "AA1234567",
}


def register(gql: GraphQLClient, party: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(REGISTER, {"input": party})["registerParty"]
    return result


def names(gql: GraphQLClient, filter: dict[str, Any]) -> list[str]:
    data = gql.data(LIST, {"filter": filter})["parties"]
    return [edge["node"]["nameZh"] for edge in data["edges"]]


def test_the_city_registrar_records_a_foreign_organization(gql: GraphQLClient) -> None:
    party = register(gql, SG_COMPANY)
    assert party["__typename"] == "Party", party
    assert (party["foreign"], party["country"], party["countryNameZh"]) == (True, "SG", "新加坡")
    assert (party["creditCode"], party["region"]) == (None, None)
    assert (party["homeRegistrationScheme"], party["homeRegistrationId"]) == (
        "LEI",
        "5493001KJTIIGC8Y1R12",
    )


def test_a_foreign_persons_passport_is_masked_like_other_personal_identifiers(
    gql: GraphQLClient,
) -> None:
    person = register(gql, TH_PERSON)
    assert person["__typename"] == "Party", person
    assert person["homeRegistrationId"] == "AA1234567"  # a registrar sees personal data
    app = gql.as_role("APP")
    shown = app.data(PARTY, {"id": person["id"]})["node"]
    assert shown == {"nameZh": "颂*", "homeRegistrationId": "A******67"}
    investigator = gql.as_role("INVESTIGATOR")
    assert investigator.data(PARTY, {"id": person["id"]})["node"]["homeRegistrationId"] == (
        "AA1234567"
    )
    # An organization's registry number is no personal identifier: never masked.
    seeded = app.data(PARTY, {"id": party_gid(BUYER_VN)})["node"]
    assert seeded["homeRegistrationId"] == "0201847365"


def test_a_county_registrar_may_not_record_a_foreign_party(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    before = node_count(driver)
    county = gql.as_role("REGISTRAR", "450721", subject="lingshan-registrar")
    result = register(county, SG_COMPANY)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("JURISDICTION", "input.country")
    ]
    assert node_count(driver) == before


def test_data_from_a_foreign_source_names_its_region(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    """A foreign source has no Qinzhou region for the resource to default to: the registrar
    is told to give one, and with one the resource is registered there."""
    before = node_count(driver)
    refused = register_resource(gql, sourceId=party_gid(BUYER_VN), catalogCode="QZG-VN-0001")
    assert refused["__typename"] == "Rejection", refused
    [error] = refused["errors"]
    assert (error["code"], error["field"], error["article"]) == (
        "INVALID_INPUT",
        "input.regionCode",
        "第十九条",
    )
    assert "foreign" in error["message"] and "境外" in error["messageZh"]
    assert node_count(driver) == before
    placed = register_resource(
        gql, sourceId=party_gid(BUYER_VN), catalogCode="QZG-VN-0001", regionCode="450702"
    )
    assert placed["__typename"] == "DataResource", placed
    assert (placed["source"]["nameZh"], placed["region"]["code"]) == (BUYER_VN, "450702")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"regionCode": "450702"}, "FOREIGN_PARTY_FIELDS", "input.regionCode"),
        ({"creditCode": "91450702MA5K8GX71L"}, "FOREIGN_PARTY_FIELDS", "input.creditCode"),
        (
            {"homeRegistrationScheme": "PASSPORT"},
            "FOREIGN_PARTY_FIELDS",
            "input.homeRegistrationScheme",
        ),
        ({"homeRegistrationScheme": None}, "FOREIGN_PARTY_FIELDS", "input.homeRegistrationScheme"),
        ({"homeRegistrationId": None}, "FOREIGN_PARTY_FIELDS", "input.homeRegistrationId"),
        (
            {"homeRegistrationId": "5493001KJTIIGC8Y1R13"},
            "INVALID_HOME_REGISTRATION",
            "input.homeRegistrationId",
        ),
        ({"country": "XX"}, "INVALID_COUNTRY", "input.country"),
        # A domestic party (CN, a region and a credit code) has no home registration.
        (
            {"country": "CN", "regionCode": "450702", "creditCode": "91450702MA5K8GX71L"},
            "FOREIGN_PARTY_FIELDS",
            "input.homeRegistrationScheme",
        ),
    ],
)
def test_each_bad_combination_is_refused_with_nothing_written(
    gql: GraphQLClient, driver: neo4j.Driver, changes: dict[str, Any], code: str, field: str
) -> None:
    before = node_count(driver)
    result = register(gql, SG_COMPANY | changes)
    assert result["__typename"] == "Rejection"
    assert (code, field) in {(e["code"], e["field"]) for e in result["errors"]}, result
    assert node_count(driver) == before


def test_a_passport_identifies_only_a_person(gql: GraphQLClient) -> None:
    company = SG_COMPANY | {"homeRegistrationScheme": "PASSPORT", "homeRegistrationId": "E1234567"}
    [error] = register(gql, company)["errors"]
    assert (error["code"], error["field"], error["article"]) == (
        "FOREIGN_PARTY_FIELDS",
        "input.homeRegistrationScheme",
        "第十九条",
    )
    assert "护照" in error["messageZh"]


def test_one_home_registration_names_one_party(gql: GraphQLClient) -> None:
    assert register(gql, SG_COMPANY)["__typename"] == "Party"
    again = register(gql, SG_COMPANY | {"nameZh": "南洋数据（另一名称）"})
    assert [(e["code"], e["field"]) for e in again["errors"]] == [
        ("DUPLICATE_HOME_REGISTRATION", "input.homeRegistrationId")
    ]


def test_foreign_parties_are_listed_filtered_and_searched(gql: GraphQLClient) -> None:
    register(gql, SG_COMPANY)
    register(gql, TH_PERSON)
    foreign = names(gql, {"foreign": True})
    assert sorted(foreign) == sorted([BUYER_VN, SG_COMPANY["nameZh"], TH_PERSON["nameZh"]])
    assert names(gql, {"country": "vn"}) == [BUYER_VN]
    domestic = names(gql, {"foreign": False})
    assert BUYER_VN not in domestic and "钦州市大数据发展局" in domestic
    assert "钦州市大数据发展局" in names(gql, {"country": "CN"})
    assert names(gql, {"search": "nanyang"}) == [SG_COMPANY["nameZh"]]
    [error] = gql(LIST, {"filter": {"country": "ZZ"}})["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (
        "INVALID_COUNTRY",
        "filter.country",
    )
    hits = gql.data(
        "query ($t: String!) { search(text: $t, types: [PARTY]) "
        "{ node { ... on Party { nameZh country foreign } } } }",
        {"t": "北越跨境物流"},
    )["search"]
    assert {"nameZh": BUYER_VN, "country": "VN", "foreign": True} in [h["node"] for h in hits]


def _export(gql: GraphQLClient, **changes: Any) -> dict[str, Any]:
    fields = {
        "sellerId": party_gid(PORT_COMPANY),
        "buyerId": party_gid(BUYER_VN),
        "rightId": right_of(gql, "钦州港集装箱物流数据", PORT_COMPANY),
        "mode": "LICENCE",
        "licensedKind": "PROCESSING_USE",
        "price": "1000",
        "pricingMode": "MARKET",
        "tradeDate": "2024-10-10",
    }
    return trade(gql, **fields | changes)


def test_a_trade_with_a_foreign_buyer_goes_to_the_buyers_country(gql: GraphQLClient) -> None:
    done = _export(gql)
    assert done["__typename"] == "Transaction", done
    assert (done["crossBorder"], done["destinationCountry"]) == (True, "VN")
    listed = gql.data(
        "{ transactions(filter: {crossBorder: true}, first: 50) "
        "{ edges { node { number destinationCountry buyer { nameZh foreign } } } } }"
    )["transactions"]["edges"]
    assert {
        "number": done["number"],
        "destinationCountry": "VN",
        "buyer": {"nameZh": BUYER_VN, "foreign": True},
    } in [e["node"] for e in listed]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"crossBorder": False}, "input.crossBorder"),
        ({"crossBorder": True, "destinationCountry": "TH"}, "input.destinationCountry"),
        ({"destinationCountry": "TH"}, "input.destinationCountry"),
    ],
)
def test_a_destination_contradicting_the_foreign_buyer_is_refused(
    gql: GraphQLClient, driver: neo4j.Driver, changes: dict[str, Any], field: str
) -> None:
    before = count(driver, "MATCH (t:Transaction) RETURN count(t)")
    result = _export(gql, **changes)
    assert [(e["code"], e["field"], e["article"]) for e in result["errors"]] == [
        ("DESTINATION_FOLLOWS_BUYER", field, "第十九条")
    ]
    assert count(driver, "MATCH (t:Transaction) RETURN count(t)") == before


def test_important_data_to_a_foreign_buyer_needs_a_security_assessment(
    gql: GraphQLClient,
) -> None:
    resource = register_resource(gql, grade="IMPORTANT")
    rightId = right_of(gql, resource["nameZh"], PORT_COMPANY)
    # Nothing in the input says the data leaves China: the buyer does.
    without = _export(gql, rightId=rightId)
    assert [(e["code"], e["field"]) for e in without["errors"]] == [
        ("IMPORTANT_DATA_ASSESSED", "input.securityAssessmentRef")
    ]
    assessed = _export(gql, rightId=rightId, securityAssessmentRef="网信数出〔2024〕第0456号")
    assert (assessed["crossBorder"], assessed["destinationCountry"]) == (True, "VN")


@pytest.fixture
def lenient(settings: Settings) -> Iterator[GraphQLClient]:
    """A city registrar on an app where every rule warns instead of refusing."""
    modes = {code: RuleMode.WARN for code in RULES}
    with TestClient(create_app(settings.model_copy(update={"rule_modes": modes}))) as client:
        yield GraphQLClient(client).as_role("REGISTRAR", "450700", "lenient-registrar")


def test_findings_name_a_trade_with_a_foreign_buyer_kept_domestic(
    lenient: GraphQLClient, gql: GraphQLClient
) -> None:
    accepted = _export(lenient, crossBorder=False)
    assert (accepted["__typename"], accepted["crossBorder"]) == ("Transaction", False)
    found = gql.data(
        'query ($party: ID) { findings(rules: ["DESTINATION_FOLLOWS_BUYER"], partyId: $party,'
        " first: 20) { items { rule article messageZh source nodeIds } } }",
        {"party": party_gid(BUYER_VN)},
    )["findings"]["items"]
    scanned = [f for f in found if f["source"] == "scan"]
    assert len(scanned) == 1 and scanned[0]["article"] == "第十九条"
    assert "境外主体" in scanned[0]["messageZh"]
