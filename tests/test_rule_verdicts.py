"""Each rule as one unit: every case runs through the rule's write check (the rule enforced:
refused with its code or not) and through its read-side scan (the same write accepted with
the rule in `warn`: found by `findings` or not), and both must give the same verdict. Rule 2's
containment (GRANT_WITHIN_PARENT) has its own table (test_rule_containment.py).

A case is a write made by a client; it returns the written record, whose id the scan must
name when the case breaks the rule. `n` tells the enforced attempt (0) from the lenient one
(1), for cases that must not collide with themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry import relay

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RuleMode
from tests.conftest import GraphQLClient
from tests.helpers import (
    CREDIT_AGENCY,
    LINGSHAN_COMPANY,
    MERCHANT,
    PORT_COMPANY,
    party_gid,
    record_right,
    register_resource,
)
from tests.test_authorizations import grant
from tests.test_lineage import ACTIVITY, ids
from tests.test_rights_products import CHANGE_OPERATOR, product_input, register_product
from tests.test_transactions import (
    BUYER_VN,
    DRC,
    EXCHANGE,
    PENALIZED,
    port_licence,
    right_of,
    trade,
)

pytestmark = pytest.mark.usefixtures("seeded")

PORT_DATA = "钦州港集装箱物流数据"  # the port company's, licensed to the merchant from 2024-03
PORT_MODEL = "钦州港物流景气指数模型"  # the merchant's product
CREDIT = "钦州市企业公共信用信息"  # public data of the DRC
MEDICAL = "钦州市医疗保障结算数据"  # public data with personal information
MEDICAL_BUREAU = "钦州市医疗保障局"

Write = Callable[[GraphQLClient, int], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    write: Write
    breaks: bool


# Rule 1: one datum, one source.
def resource_coded(code: str | None, source: str = PORT_COMPANY, **changes: Any) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        return register_resource(
            c,
            catalogCode=code or f"QZG-RV-000{n}",
            sourceId=party_gid(source),
            nameZh=f"规则核对数据{n}",
            **changes,
        )

    return write


def same_code_earlier() -> Write:
    """The port data's code for a term that ended before the port data began (each attempt
    its own term, so the two do not overlap each other)."""

    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        term = [("2020-01-01", "2021-01-01"), ("2021-06-01", "2023-01-01")][n]
        return resource_coded("QZG-WL-0001", validFrom=term[0], validTo=term[1])(c, n)

    return write


def original_holding(holder: str, basis: str = "ORIGINAL_HOLDING") -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        port = ids(c)[PORT_DATA]
        return record_right(
            c,
            kind="HOLDING",
            holderId=party_gid(holder),
            objectId=port,
            basis=basis,
            basisReference="规则核对",
            validFrom="2024-06-01",
        )

    return write


# Rule 2: only a holder grants, and onward only from a sublicensable right.
def granted(by: str, onward: bool = False, sublicensable: bool = True) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        resource = register_resource(c, catalogCode=f"QZG-SQ-000{n}", nameZh=f"授权核对数据{n}")
        root = right_of(c, resource["nameZh"], PORT_COMPANY, "2024-06-01")
        if not onward:
            return grant(c, root, by, LINGSHAN_COMPANY)
        parent = grant(c, root, PORT_COMPANY, MERCHANT, sublicensable=sublicensable)
        return grant(c, parent["right"]["id"], by, CREDIT_AGENCY)

    return write


# Rule 3: processing needs a right, by an activity or into a product.
def analysis(performer: str, at: str) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        used = [ids(c)[PORT_DATA]]
        variables = {"kind": "ANALYZE", "performerId": party_gid(performer), "usedIds": used}
        result: dict[str, Any] = c.data(ACTIVITY, {"input": variables | {"at": at}})
        recorded: dict[str, Any] = result["recordActivity"]
        return recorded

    return write


def product_of(asset: str, operator: str, valid_from: str = "2024-06-01") -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        inputs = [ids(c)[asset]]
        fields = product_input(inputs, operatorId=party_gid(operator), validFrom=valid_from)
        return register_product(c, **fields)

    return write


# Rule 4: operating a product needs the operation right.
def hand_over(operator: str) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        handover = {
            "productId": ids(c)[PORT_MODEL],
            "operatorId": party_gid(operator),
            "effectiveFrom": "2024-10-01",
            "reason": "规则核对",
        }
        result: dict[str, Any] = c.data(CHANGE_OPERATOR, {"input": handover})
        changed: dict[str, Any] = result["changeProductOperator"]
        return changed | {"id": handover["productId"]}

    return write


# Rules 5 to 10: trades.
def licence(**changes: Any) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        return port_licence(c, **changes)

    return write


def public_licence(asset: str, seller: str, **changes: Any) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        fields = {
            "sellerId": party_gid(seller),
            "buyerId": party_gid(CREDIT_AGENCY),
            "rightId": right_of(c, asset, seller),
            "mode": "LICENCE",
            "licensedKind": "PROCESSING_USE",
            "price": "10000",
            "pricingMode": "GOVERNMENT_GUIDED",
            "tradeDate": "2024-10-10",
            "exchangeId": party_gid(EXCHANGE),
        }
        return trade(c, **(fields | changes))

    return write


def core_licence() -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        return port_licence(c, rightId=right_of(c, "钦州港关键基础设施运行数据", PORT_COMPANY))

    return write


def important_abroad(**changes: Any) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        resource = register_resource(
            c, grade="IMPORTANT", catalogCode=f"QZG-ZY-000{n}", nameZh=f"重要港口数据{n}"
        )
        return port_licence(
            c,
            rightId=right_of(c, resource["nameZh"], PORT_COMPANY),
            buyerId=party_gid(BUYER_VN),
            crossBorder=True,
            destinationCountry="VN",
            **changes,
        )

    return write


def bought_by(buyer: str, day: str, **changes: Any) -> Write:
    def write(c: GraphQLClient, n: int) -> dict[str, Any]:
        right = right_of(c, PORT_DATA, PORT_COMPANY, day)
        return port_licence(c, buyerId=party_gid(buyer), tradeDate=day, rightId=right, **changes)

    return write


CASES = [
    Case("ONE_SOURCE", "another-code", resource_coded(None), False),
    Case("ONE_SOURCE", "same-code-other-unit", resource_coded("QZG-WL-0001", MERCHANT), True),
    Case("ONE_SOURCE", "same-code-same-unit", resource_coded("QZG-WL-0001"), True),
    Case(
        "ONE_SOURCE",
        "same-code-before-it-began",
        same_code_earlier(),
        False,
    ),
    Case("ONE_SOURCE", "original-holding-by-the-source", original_holding(PORT_COMPANY), False),
    Case("ONE_SOURCE", "original-holding-by-another", original_holding(MERCHANT), True),
    Case("ONE_SOURCE", "holding-by-contract", original_holding(MERCHANT, "CONTRACT"), False),
    Case("GRANTOR_HOLDS_RIGHT", "by-the-holder", granted(PORT_COMPANY), False),
    Case("GRANTOR_HOLDS_RIGHT", "by-another", granted(MERCHANT), True),
    Case("GRANTOR_HOLDS_RIGHT", "onward-sublicensable", granted(MERCHANT, onward=True), False),
    Case(
        "GRANTOR_HOLDS_RIGHT",
        "onward-not-sublicensable",
        granted(MERCHANT, onward=True, sublicensable=False),
        True,
    ),
    Case(
        "PROCESSING_NEEDS_RIGHT",
        "source-unit",
        analysis(PORT_COMPANY, "2024-06-01T02:00:00Z"),
        False,
    ),
    Case("PROCESSING_NEEDS_RIGHT", "licensed", analysis(MERCHANT, "2024-06-01T02:00:00Z"), False),
    Case(
        "PROCESSING_NEEDS_RIGHT",
        "before-the-licence",
        analysis(MERCHANT, "2024-01-15T02:00:00Z"),
        True,
    ),
    Case(
        "PROCESSING_NEEDS_RIGHT",
        "no-right",
        analysis(CREDIT_AGENCY, "2024-06-01T02:00:00Z"),
        True,
    ),
    Case("PROCESSING_NEEDS_RIGHT", "product-licensed", product_of(PORT_DATA, MERCHANT), False),
    Case("PROCESSING_NEEDS_RIGHT", "product-no-right", product_of(PORT_DATA, CREDIT_AGENCY), True),
    Case("OPERATION_NEEDS_RIGHT", "operator-keeps-it", hand_over(MERCHANT), False),
    Case("OPERATION_NEEDS_RIGHT", "operator-without-right", hand_over(CREDIT_AGENCY), True),
    Case("PUBLIC_BODY_ON_EXCHANGE", "enterprise-off-exchange", licence(), False),
    Case("PUBLIC_BODY_ON_EXCHANGE", "public-on-exchange", public_licence(CREDIT, DRC), False),
    Case(
        "PUBLIC_BODY_ON_EXCHANGE",
        "public-off-exchange",
        public_licence(CREDIT, DRC, exchangeId=None),
        True,
    ),
    Case("PRICING_FOLLOWS_CATEGORY", "enterprise-at-market", licence(), False),
    Case(
        "PRICING_FOLLOWS_CATEGORY",
        "enterprise-at-guided",
        licence(pricingMode="GOVERNMENT_GUIDED"),
        True,
    ),
    Case("PRICING_FOLLOWS_CATEGORY", "public-at-guided", public_licence(CREDIT, DRC), False),
    Case(
        "PRICING_FOLLOWS_CATEGORY",
        "public-at-market",
        public_licence(CREDIT, DRC, pricingMode="MARKET"),
        True,
    ),
    Case("PERSONAL_DATA_ANONYMIZED", "trade-not-personal", public_licence(CREDIT, DRC), False),
    Case(
        "PERSONAL_DATA_ANONYMIZED",
        "trade-personal",
        public_licence(MEDICAL, MEDICAL_BUREAU),
        True,
    ),
    Case(
        "PERSONAL_DATA_ANONYMIZED",
        "product-of-personal-data",
        product_of(MEDICAL, MEDICAL_BUREAU),
        True,
    ),
    Case("CORE_DATA_STAYS", "general-data", licence(), False),
    Case("CORE_DATA_STAYS", "core-data", core_licence(), True),
    Case(
        "IMPORTANT_DATA_ASSESSED",
        "assessed",
        important_abroad(securityAssessmentRef="网信数出〔2024〕第0123号"),
        False,
    ),
    Case("IMPORTANT_DATA_ASSESSED", "not-assessed", important_abroad(), True),
    Case("DECLARATION_REQUIRED", "declared", bought_by(MERCHANT, "2024-10-10"), False),
    Case("DECLARATION_REQUIRED", "before-declaring", bought_by(MERCHANT, "2024-01-10"), True),
    Case("NO_TRADE_UNDER_PENALTY", "before-the-penalty", bought_by(PENALIZED, "2025-05-01"), False),
    Case("NO_TRADE_UNDER_PENALTY", "under-penalty", bought_by(PENALIZED, "2025-07-01"), True),
    Case("DESTINATION_FOLLOWS_BUYER", "filled-in", bought_by(BUYER_VN, "2024-10-10"), False),
    Case(
        "DESTINATION_FOLLOWS_BUYER",
        "not-cross-border",
        bought_by(BUYER_VN, "2024-10-10", crossBorder=False),
        True,
    ),
    Case(
        "DESTINATION_FOLLOWS_BUYER",
        "another-country",
        bought_by(BUYER_VN, "2024-10-10", crossBorder=True, destinationCountry="TH"),
        True,
    ),
]

SCAN = """
query ($rules: [String!]) { findings(rules: $rules, first: 500) { items { source nodeIds } } }"""


@pytest.fixture
def lenient(settings: Settings) -> Iterator[GraphQLClient]:
    """Every rule of the table in `warn`: each case's write is accepted."""
    modes = {case.rule: RuleMode.WARN for case in CASES}
    with TestClient(create_app(settings.model_copy(update={"rule_modes": modes}))) as client:
        yield GraphQLClient(client).as_role("REGISTRAR", "450700", "lenient-registrar")


def refused_by(result: dict[str, Any]) -> set[str]:
    if result["__typename"] != "Rejection":
        return set()
    return {error["code"] for error in result["errors"]}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.name}" for c in CASES])
def test_the_write_check_and_the_scan_agree(
    gql: GraphQLClient, lenient: GraphQLClient, case: Case
) -> None:
    enforced = case.write(gql, 0)
    assert (case.rule in refused_by(enforced)) == case.breaks, enforced

    accepted = case.write(lenient, 1)
    assert "errors" not in accepted, accepted
    subject = relay.GlobalID.from_id(accepted["id"]).node_id
    found = {
        node_id
        for item in lenient.data(SCAN, {"rules": [case.rule]})["findings"]["items"]
        if item["source"] == "scan"
        for node_id in item["nodeIds"]
    }
    assert (subject in found) == case.breaks, found
