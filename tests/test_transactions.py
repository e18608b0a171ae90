"""Trades: rules 2 and 4 to 10, what a trade conveys, and where its income goes."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from tests.conftest import GraphQLClient, node_count
from tests.helpers import CREDIT_AGENCY, MERCHANT, PORT_COMPANY, party_gid, register_resource

pytestmark = pytest.mark.usefixtures("seeded")

EXCHANGE = "钦州北部湾数据交易中心"
BROKER = "桂数经纪服务有限公司"
BUYER_VN = "越南北越跨境物流股份公司"
PENALIZED = "钦州云鼎数据服务有限公司"
DRC = "钦州市发展和改革委员会"

TRADE = """
mutation ($input: RecordTransactionInput!) {
  recordTransaction(input: $input) {
    __typename
    ... on Transaction {
      id number mode rightKind price pricingMode crossBorder destinationCountry
      conveyedRight {
        id kind basis holder { nameZh } validFrom validTo chain { holder { nameZh } }
      }
      incomeDistribution { publicData net governmentPool contributors { share party { nameZh } } }
    }
    ... on Rejection { errors { code field message article rule existingId } }
  }
}"""


def right_of(gql: GraphQLClient, asset_name: str, holder: str, as_of: str = "2024-10-01") -> str:
    data = gql.data(
        "query ($asOf: Date) { rights(asOf: $asOf, first: 100) { edges { node { id "
        "holder { nameZh } object { nameZh } } } } }",
        {"asOf": as_of},
    )
    return next(
        e["node"]["id"]
        for e in data["rights"]["edges"]
        if e["node"]["object"]["nameZh"] == asset_name and e["node"]["holder"]["nameZh"] == holder
    )


def trade(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(TRADE, {"input": fields})["recordTransaction"]
    return result


def port_licence(gql: GraphQLClient, **changes: Any) -> dict[str, Any]:
    fields = {
        "sellerId": party_gid(PORT_COMPANY),
        "buyerId": party_gid(CREDIT_AGENCY),
        "rightId": right_of(gql, "钦州港集装箱物流数据", PORT_COMPANY),
        "mode": "LICENCE",
        "licensedKind": "PROCESSING_USE",
        "licenceEnds": "2026-01-01",
        "price": "20000",
        "pricingMode": "MARKET",
        "tradeDate": "2024-10-10",
    }
    fields.update(changes)
    return trade(gql, **fields)


def codes(result: dict[str, Any]) -> set[str]:
    return {error["code"] for error in result.get("errors", [])}


def test_a_licence_conveys_a_right_carved_from_the_sellers(gql: GraphQLClient) -> None:
    done = port_licence(gql)
    assert done["__typename"] == "Transaction" and done["number"].startswith("QZJY-")
    conveyed = done["conveyedRight"]
    assert (conveyed["kind"], conveyed["basis"], conveyed["holder"]["nameZh"]) == (
        "PROCESSING_USE",
        "CONTRACT",
        CREDIT_AGENCY,
    )
    assert (conveyed["validFrom"], conveyed["validTo"]) == ("2024-10-10", "2026-01-01")
    assert [hop["holder"]["nameZh"] for hop in conveyed["chain"]] == [PORT_COMPANY, CREDIT_AGENCY]
    distribution = done["incomeDistribution"]
    assert (distribution["publicData"], distribution["governmentPool"]) == (False, "0")
    assert distribution["contributors"] == [{"share": 1.0, "party": {"nameZh": PORT_COMPANY}}]


def test_a_transfer_ends_the_sellers_right_and_gives_it_to_the_buyer(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    seller_right = right_of(gql, resource["nameZh"], PORT_COMPANY)
    done = trade(
        gql,
        sellerId=party_gid(PORT_COMPANY),
        buyerId=party_gid(MERCHANT),
        rightId=seller_right,
        mode="TRANSFER",
        price="500000",
        pricingMode="MARKET",
        tradeDate="2024-12-01",
        exchangeId=party_gid(EXCHANGE),
        intermediaries=[{"partyId": party_gid(BROKER), "role": "BROKER"}],
    )
    assert done["conveyedRight"]["kind"] == "HOLDING"
    holders = """
    query ($id: ID!, $asOf: Date) { rights(asOf: $asOf, filter: {objectId: $id, kinds: [HOLDING]})
      { edges { node { holder { nameZh } } } } }"""
    before = gql.data(holders, {"id": resource["id"], "asOf": "2024-11-30"})
    after = gql.data(holders, {"id": resource["id"], "asOf": "2024-12-01"})
    assert [e["node"]["holder"]["nameZh"] for e in before["rights"]["edges"]] == [PORT_COMPANY]
    assert [e["node"]["holder"]["nameZh"] for e in after["rights"]["edges"]] == [MERCHANT]


def test_revoking_the_sellers_right_cascades_to_licences_sold_from_it(gql: GraphQLClient) -> None:
    done = port_licence(gql)
    revoked = gql.data(
        "mutation ($input: RightStatusInput!) { revokeRight(input: $input) { "
        "... on RightStatusChange { cascaded { id } } } }",
        {
            "input": {
                "rightId": right_of(gql, "钦州港集装箱物流数据", PORT_COMPANY),
                "reason": "停止",
            }
        },
    )["revokeRight"]
    assert done["conveyedRight"]["id"] in {r["id"] for r in revoked["cascaded"]}


def test_only_the_holder_may_sell(gql: GraphQLClient, driver: neo4j.Driver) -> None:
    before = node_count(driver)
    result = port_licence(gql, sellerId=party_gid(MERCHANT))
    assert codes(result) >= {"GRANTOR_HOLDS_RIGHT"}
    assert node_count(driver) == before


def test_a_public_body_trades_only_through_an_exchange(gql: GraphQLClient) -> None:
    fields = {
        "sellerId": party_gid(DRC),
        "buyerId": party_gid(CREDIT_AGENCY),
        "rightId": right_of(gql, "钦州市企业公共信用信息", DRC),
        "mode": "LICENCE",
        "licensedKind": "PROCESSING_USE",
        "price": "10000",
        "pricingMode": "GOVERNMENT_GUIDED",
        "tradeDate": "2024-10-10",
    }
    off_exchange = trade(gql, **fields)
    [error] = off_exchange["errors"]
    assert (error["code"], error["field"], error["article"]) == (
        "PUBLIC_BODY_ON_EXCHANGE",
        "input.exchangeId",
        "第十六条",
    )
    on_exchange = trade(gql, **fields, exchangeId=party_gid(EXCHANGE))
    assert on_exchange["__typename"] == "Transaction"
    assert on_exchange["incomeDistribution"]["publicData"] is True
    assert on_exchange["incomeDistribution"]["governmentPool"] == "10000.00"


def test_the_exchange_must_be_a_data_exchange(gql: GraphQLClient) -> None:
    result = port_licence(gql, exchangeId=party_gid(BROKER))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_INPUT", "input.exchangeId")
    ]


@pytest.mark.parametrize("mode", ["GOVERNMENT_GUIDED"])
def test_enterprise_data_is_priced_by_the_market(gql: GraphQLClient, mode: str) -> None:
    result = port_licence(gql, pricingMode=mode)
    [error] = result["errors"]
    assert (error["code"], error["field"]) == ("PRICING_FOLLOWS_CATEGORY", "input.pricingMode")


def test_public_data_is_priced_by_the_government(gql: GraphQLClient) -> None:
    result = trade(
        gql,
        sellerId=party_gid(DRC),
        buyerId=party_gid(CREDIT_AGENCY),
        rightId=right_of(gql, "钦州市企业公共信用信息", DRC),
        mode="LICENCE",
        price="10000",
        pricingMode="MARKET",
        tradeDate="2024-10-10",
        exchangeId=party_gid(EXCHANGE),
    )
    assert codes(result) == {"PRICING_FOLLOWS_CATEGORY"}


def test_a_product_is_sold_only_by_its_operator(gql: GraphQLClient) -> None:
    merchants_processing = right_of(gql, "钦州港集装箱物流数据", MERCHANT)
    result = trade(
        gql,
        sellerId=party_gid(CREDIT_AGENCY),
        buyerId=party_gid(MERCHANT),
        rightId=right_of(gql, "企业信用核验服务", CREDIT_AGENCY),
        mode="LICENCE",
        price="1000",
        pricingMode="GOVERNMENT_GUIDED",
        tradeDate="2024-10-10",
        exchangeId=party_gid(EXCHANGE),
    )
    assert result["__typename"] == "Transaction"  # the credit agency operates its service
    # The merchant uses the port data under a non-sublicensable grant: it may not license it.
    refused = trade(
        gql,
        sellerId=party_gid(MERCHANT),
        buyerId=party_gid(CREDIT_AGENCY),
        rightId=merchants_processing,
        mode="LICENCE",
        price="1000",
        pricingMode="MARKET",
        tradeDate="2024-10-10",
    )
    assert codes(refused) == {"GRANTOR_HOLDS_RIGHT"}
    # Nor may anyone sell a product it does not operate.
    port_index_right = right_of(gql, "钦州港物流景气指数模型", MERCHANT)
    gql.data(
        "mutation ($input: RightStatusInput!) { suspendRight(input: $input) { __typename } }",
        {
            "input": {
                "rightId": port_index_right,
                "reason": "经营权争议",
                "effectiveFrom": "2024-10-01",
            }
        },
    )
    not_operating = trade(
        gql,
        sellerId=party_gid(MERCHANT),
        buyerId=party_gid(CREDIT_AGENCY),
        rightId=port_index_right,
        mode="LICENCE",
        price="1000",
        pricingMode="MARKET",
        tradeDate="2024-10-10",
    )
    assert codes(not_operating) == {"GRANTOR_HOLDS_RIGHT", "OPERATION_NEEDS_RIGHT"}


def test_personal_data_is_not_traded_without_anonymization(gql: GraphQLClient) -> None:
    result = trade(
        gql,
        sellerId=party_gid("钦州市医疗保障局"),
        buyerId=party_gid(CREDIT_AGENCY),
        rightId=right_of(gql, "钦州市医疗保障结算数据", "钦州市医疗保障局"),
        mode="LICENCE",
        price="1000",
        pricingMode="GOVERNMENT_GUIDED",
        tradeDate="2024-10-10",
        exchangeId=party_gid(EXCHANGE),
    )
    [error] = result["errors"]
    assert (error["code"], error["article"]) == ("PERSONAL_DATA_ANONYMIZED", "第十七条")


def test_core_data_is_never_traded(gql: GraphQLClient) -> None:
    result = trade(
        gql,
        sellerId=party_gid(PORT_COMPANY),
        buyerId=party_gid(CREDIT_AGENCY),
        rightId=right_of(gql, "钦州港关键基础设施运行数据", PORT_COMPANY),
        mode="LICENCE",
        price="1000",
        pricingMode="MARKET",
        tradeDate="2024-10-10",
    )
    [error] = result["errors"]
    assert (error["code"], error["article"]) == ("CORE_DATA_STAYS", "第十九条、第二十二条")


def test_important_data_goes_abroad_only_with_a_security_assessment(gql: GraphQLClient) -> None:
    resource = register_resource(gql, grade="IMPORTANT")
    fields = {
        "sellerId": party_gid(PORT_COMPANY),
        "buyerId": party_gid(BUYER_VN),
        "rightId": right_of(gql, resource["nameZh"], PORT_COMPANY),
        "mode": "LICENCE",
        "licensedKind": "PROCESSING_USE",
        "price": "1000",
        "pricingMode": "MARKET",
        "tradeDate": "2024-10-10",
        "crossBorder": True,
        "destinationCountry": "VN",
    }
    without = trade(gql, **fields)
    assert [(e["code"], e["field"]) for e in without["errors"]] == [
        ("IMPORTANT_DATA_ASSESSED", "input.securityAssessmentRef")
    ]
    assessed = trade(gql, **fields, securityAssessmentRef="网信数出〔2024〕第0123号")
    assert (assessed["crossBorder"], assessed["destinationCountry"]) == (True, "VN")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"crossBorder": True}, "input.destinationCountry"),
        ({"crossBorder": True, "destinationCountry": "CN"}, "input.destinationCountry"),
        ({"destinationCountry": "VN"}, "input.destinationCountry"),
        ({"licenceEnds": "2024-01-01"}, "input.licenceEnds"),
        ({"price": "-1"}, "input.price"),
    ],
)
def test_bad_trades_are_refused_with_the_field(
    gql: GraphQLClient, changes: dict[str, Any], field: str
) -> None:
    result = port_licence(gql, **changes)
    assert field in {e["field"] for e in result["errors"]}


def test_a_merchant_without_a_declaration_cannot_trade(gql: GraphQLClient) -> None:
    # The merchant's declaration holds from 2024-01-15 on.
    result = port_licence(
        gql,
        buyerId=party_gid(MERCHANT),
        tradeDate="2024-01-10",
        rightId=right_of(gql, "钦州港集装箱物流数据", PORT_COMPANY, "2024-01-10"),
    )
    [error] = result["errors"]
    assert (error["code"], error["field"], error["article"]) == (
        "DECLARATION_REQUIRED",
        "input.buyerId",
        "第二十五条",
    )
    assert error["existingId"] == party_gid(MERCHANT)


def test_a_party_under_penalty_cannot_trade_until_repaired(gql: GraphQLClient) -> None:
    result = port_licence(gql, buyerId=party_gid(PENALIZED), tradeDate="2025-07-01")
    assert codes(result) == {"NO_TRADE_UNDER_PENALTY", "DECLARATION_REQUIRED"}
    regulator = gql.as_role("REGULATOR", subject="regulator-zhang")
    penalty = regulator.data(
        "query ($id: ID!) { creditEvents(partyId: $id, kinds: [DISHONESTY_PENALTY]) "
        "{ edges { node { id } } } }",
        {"id": party_gid(PENALIZED)},
    )["creditEvents"]["edges"][0]["node"]["id"]
    regulator.data(
        "mutation ($input: RecordCreditEventInput!) { recordCreditEvent(input: $input) "
        "{ __typename } }",
        {
            "input": {
                "partyId": party_gid(PENALIZED),
                "kind": "CREDIT_REPAIR",
                "occurredOn": "2026-01-10",
                "description": "完成整改并公开承诺，准予信用修复",
                "targetEventId": penalty,
            }
        },
    )
    gql.data(
        "mutation ($input: RecordDeclarationInput!) { recordDeclaration(input: $input) "
        "{ __typename } }",
        {
            "input": {
                "partyId": party_gid(PENALIZED),
                "kind": "COMMITMENT",
                "content": "承诺依法合规开展数据交易",
                "validFrom": "2026-01-10",
            }
        },
    )
    during = port_licence(gql, buyerId=party_gid(PENALIZED), tradeDate="2025-12-01")
    assert "NO_TRADE_UNDER_PENALTY" in codes(during)
    after = port_licence(
        gql, buyerId=party_gid(PENALIZED), tradeDate="2026-02-01", licenceEnds="2026-06-01"
    )
    assert after["__typename"] == "Transaction"


def test_the_seeded_trades(gql: GraphQLClient) -> None:
    data = gql.data(
        "{ transactions { edges { node { number crossBorder destinationCountry pricingMode "
        "exchange { nameZh } intermediaries { role party { nameZh } } "
        "incomeDistribution { publicData governmentPool contributors { share party { nameZh } } }"
        " } } } }"
    )
    [public, abroad] = [e["node"] for e in data["transactions"]["edges"]]
    assert public["pricingMode"] == "GOVERNMENT_GUIDED" and public["exchange"]["nameZh"] == EXCHANGE
    assert public["incomeDistribution"]["governmentPool"] == "40000.00"
    assert {c["party"]["nameZh"] for c in public["incomeDistribution"]["contributors"]} == {
        DRC,
        "钦州市市场监督管理局",
    }
    assert (abroad["crossBorder"], abroad["destinationCountry"]) == (True, "VN")
    assert {i["role"] for i in abroad["intermediaries"]} == {"BROKER", "APPRAISER"}


INCOME = """
query ($id: ID!, $source: Float, $processing: Float, $decay: Float) {
  incomeAlongLineage(transactionId: $id, sourceWeight: $source,
                     processingWeight: $processing, decay: $decay) {
    net contributors { share amount basis party { nameZh } } } }"""


def test_income_is_shared_along_the_lineage_of_what_was_sold(gql: GraphQLClient) -> None:
    """The index model: made by the merchant (seller) from data the port company collected,
    cleaned and anonymized. Defaults: port 1.25 (sources 0.5+0.25+0.125, processing
    0.25+0.125) against the merchant's 1.0 (seller 0.5, making the model 0.5)."""
    trades = gql.data("{ transactions { edges { node { id crossBorder } } } }")
    abroad = next(
        e["node"]["id"] for e in trades["transactions"]["edges"] if e["node"]["crossBorder"]
    )
    default = gql.data(INCOME, {"id": abroad})["incomeAlongLineage"]
    shares = {c["party"]["nameZh"]: c["share"] for c in default["contributors"]}
    assert shares[PORT_COMPANY] == pytest.approx(1.25 / 2.25)
    assert shares[MERCHANT] == pytest.approx(1.0 / 2.25)
    assert sum(float(c["amount"]) for c in default["contributors"]) == pytest.approx(
        float(default["net"]), abs=0.02
    )
    sources_only = gql.data(INCOME, {"id": abroad, "processing": 0.0})["incomeAlongLineage"]
    assert [c["party"]["nameZh"] for c in sources_only["contributors"] if c["share"] > 0] == [
        PORT_COMPANY
    ]
    [error] = gql(INCOME, {"id": abroad, "decay": 0.0})["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
