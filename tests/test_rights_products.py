"""Rights (article 12, 14) and products (rules 3 and 4)."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from tests.conftest import GraphQLClient, node_count
from tests.helpers import (
    CREDIT_AGENCY,
    HOSPITAL,
    MERCHANT,
    PORT_COMPANY,
    REGISTER_PRODUCT,
    party_gid,
    record_right,
    register_resource,
)

pytestmark = pytest.mark.usefixtures("seeded")


def processing_right(resource_id: str, holder: str = MERCHANT, **changes: Any) -> dict[str, Any]:
    fields = {
        "kind": "PROCESSING_USE",
        "holderId": party_gid(holder),
        "objectId": resource_id,
        "basis": "CONTRACT",
        "basisReference": "加工使用许可合同 2024-009",
        "validFrom": "2024-02-01",
        "validTo": "2026-02-01",
    }
    fields.update(changes)
    return fields


def product_input(input_ids: list[str], **changes: Any) -> dict[str, Any]:
    fields = {
        "nameZh": "钦州港散货周报",
        "kind": "REPORT",
        "operatorId": party_gid(MERCHANT),
        "inputIds": input_ids,
        "validFrom": "2024-03-01",
    }
    fields.update(changes)
    return fields


def register_product(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(REGISTER_PRODUCT, {"input": fields})["registerDataProduct"]
    return result


def test_a_processing_right_by_contract_is_recorded(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    right = record_right(gql, **processing_right(resource["id"]))
    assert right["__typename"] == "Right"
    assert (right["kind"], right["basis"], right["holder"]["nameZh"]) == (
        "PROCESSING_USE",
        "CONTRACT",
        MERCHANT,
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"basisReference": None}, "INVALID_INPUT", "input.basisReference"),
        ({"validTo": "2024-01-15"}, "DATE_ORDER", "input.validTo"),
        ({"validFrom": "2023-06-01"}, "DATE_ORDER", "input.validFrom"),
        ({"kind": "PRODUCT_OPERATION"}, "INVALID_INPUT", "input.kind"),
        ({"holderId": "UGFydHk6bm9ib2R5"}, "NOT_FOUND", "input.holderId"),
    ],
)
def test_bad_rights_are_refused(
    gql: GraphQLClient, driver: neo4j.Driver, changes: dict[str, Any], code: str, field: str
) -> None:
    resource = register_resource(gql)
    before = node_count(driver)
    result = record_right(gql, **processing_right(resource["id"], **changes))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert node_count(driver) == before


def test_only_the_source_unit_holds_a_resource_originally(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    claim = record_right(
        gql,
        **processing_right(
            resource["id"], holder=HOSPITAL, kind="HOLDING", basis="ORIGINAL_HOLDING"
        ),
    )
    [error] = claim["errors"]
    assert (error["code"], error["field"]) == ("ONE_SOURCE", "input.holderId")
    assert error["existingId"] == party_gid(PORT_COMPANY)


def test_a_product_needs_a_processing_right_on_every_input(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    resource = register_resource(gql)
    before = node_count(driver)
    refused = register_product(gql, **product_input([resource["id"]]))
    [error] = refused["errors"]
    assert (error["code"], error["rule"]) == ("PROCESSING_NEEDS_RIGHT", "PROCESSING_NEEDS_RIGHT")
    assert error["field"] == "input.inputIds.0" and error["existingId"] == resource["id"]
    assert error["article"] == "第五条、第十二条"
    assert node_count(driver) == before

    record_right(gql, **processing_right(resource["id"]))
    product = register_product(gql, **product_input([resource["id"]]))
    assert product["__typename"] == "DataProduct"
    assert product["operator"]["nameZh"] == MERCHANT
    assert product["rights"] == [{"kind": "PRODUCT_OPERATION", "holder": {"nameZh": MERCHANT}}]
    assert [i["id"] for i in product["inputs"]] == [resource["id"]]


def test_the_right_must_hold_on_the_day_the_product_starts(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    record_right(gql, **processing_right(resource["id"]))  # 2024-02-01 .. 2026-02-01
    late = register_product(gql, **product_input([resource["id"]], validFrom="2026-03-01"))
    assert late["errors"][0]["code"] == "PROCESSING_NEEDS_RIGHT"


def test_the_source_unit_may_make_products_from_its_own_data(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    own = register_product(
        gql, **product_input([resource["id"]], operatorId=party_gid(PORT_COMPANY))
    )
    assert own["__typename"] == "DataProduct"


def test_a_product_made_from_a_product_needs_a_right_on_it(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    base = register_product(
        gql, **product_input([resource["id"]], operatorId=party_gid(PORT_COMPANY))
    )
    derived = register_product(gql, **product_input([base["id"]], nameZh="散货指数"))
    assert derived["errors"][0]["code"] == "PROCESSING_NEEDS_RIGHT"


CHANGE_OPERATOR = """
mutation ($input: ChangeProductOperatorInput!) {
  changeProductOperator(input: $input) {
    __typename
    ... on DataProduct { operator { nameZh } }
    ... on Rejection { errors { code field article } }
  }
}"""

OPERATOR_AS_OF = """
query ($id: ID!) { node(id: $id) { ... on DataProduct { operator { nameZh } } } }
"""


def test_handing_a_product_over_needs_the_operation_right(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    product = register_product(
        gql, **product_input([resource["id"]], operatorId=party_gid(PORT_COMPANY))
    )
    handover = {
        "productId": product["id"],
        "operatorId": party_gid(CREDIT_AGENCY),
        "effectiveFrom": "2025-01-01",
        "reason": "经营权转让",
    }
    refused = gql.data(CHANGE_OPERATOR, {"input": handover})["changeProductOperator"]
    [error] = refused["errors"]
    assert (error["code"], error["article"]) == ("OPERATION_NEEDS_RIGHT", "第十二条")

    record_right(
        gql,
        kind="PRODUCT_OPERATION",
        holderId=party_gid(CREDIT_AGENCY),
        objectId=product["id"],
        basis="CONTRACT",
        basisReference="产品经营权转让合同 2024-12",
        validFrom="2025-01-01",
    )
    changed = gql.data(CHANGE_OPERATOR, {"input": handover})["changeProductOperator"]
    assert changed["operator"]["nameZh"] == CREDIT_AGENCY


def test_an_ended_right_is_gone_after_its_end(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    right = record_right(gql, **processing_right(resource["id"], validTo=None))
    ended = gql.data(
        "mutation ($input: EndRightInput!) { endRight(input: $input) { __typename "
        "... on Right { validTo } } }",
        {"input": {"rightId": right["id"], "endOn": "2025-01-01", "reason": "合同解除"}},
    )["endRight"]
    assert ended["validTo"] == "2025-01-01"
    holders = """
    query ($id: ID!, $asOf: Date) {
      rights(filter: {objectId: $id, kinds: [PROCESSING_USE]}, asOf: $asOf) {
        edges { node { holder { nameZh } } } } }"""
    during = gql.data(holders, {"id": resource["id"], "asOf": "2024-12-31"})
    after = gql.data(holders, {"id": resource["id"], "asOf": "2025-01-01"})
    assert len(during["rights"]["edges"]) == 1
    assert after["rights"]["edges"] == []
