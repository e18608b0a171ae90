"""Authorizations (rule 2): holders grant, sub-grants stay within their parent, revocation
and suspension cascade, expiry follows the term, and grants export as ODRL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
import pytest
from pyld import jsonld

from graph.history import local_date
from tests.conftest import GraphQLClient, node_count
from tests.helpers import (
    CREDIT_AGENCY,
    HOSPITAL,
    LINGSHAN_COMPANY,
    MERCHANT,
    PORT_COMPANY,
    party_gid,
    register_resource,
)

pytestmark = pytest.mark.usefixtures("seeded")

GRANT = """
mutation ($input: GrantAuthorizationInput!) {
  grantAuthorization(input: $input) {
    __typename
    ... on Authorization {
      id number status kind purposes territory duties validTo odrl
      right { id kind basis sublicensable holder { nameZh } chain { holder { nameZh } } }
    }
    ... on Rejection { errors { code field message messageZh article rule } }
  }
}"""

STATUS = """
mutation ($input: RightStatusInput!) {
  %s(input: $input) {
    __typename
    ... on RightStatusChange {
      right { id status statusReason }
      cascaded { id status statusReason holder { nameZh } }
    }
    ... on Rejection { errors { code field message } }
  }
}"""


def holding(gql: GraphQLClient) -> tuple[dict[str, Any], str]:
    resource = register_resource(gql)
    data = gql.data(
        'query ($id: ID!) { rights(asOf: "2024-06-01", filter: {objectId: $id, '
        "kinds: [HOLDING]}) { edges { node { id } } } }",
        {"id": resource["id"]},
    )
    return resource, data["rights"]["edges"][0]["node"]["id"]


def grant(
    gql: GraphQLClient, parent: str, grantor: str, grantee: str, **terms: Any
) -> dict[str, Any]:
    fields = {
        "kind": "ENTERPRISE_AUTHORIZATION",
        "parentRightId": parent,
        "grantorId": party_gid(grantor),
        "granteeId": party_gid(grantee),
        "rightKind": "PROCESSING_USE",
        "purposes": ["LOGISTICS_ANALYSIS", "STATISTICS"],
        "territory": ["CN", "VN"],
        "validFrom": "2024-02-01",
        "validTo": "2027-06-01",
        "maxCount": 10000,
        "duties": ["REPORT_USAGE", "DELETE_AFTER_TERM"],
        "legalBasis": "CONTRACT",
        "basisReference": "授权合同 2024-01",
        "sublicensable": True,
    }
    fields.update(terms)
    result: dict[str, Any] = gql.data(GRANT, {"input": fields})["grantAuthorization"]
    return result


def chain_of_three(gql: GraphQLClient) -> list[dict[str, Any]]:
    """Port company (holder) → merchant → credit agency → Lingshan company."""
    _, root = holding(gql)
    first = grant(gql, root, PORT_COMPANY, MERCHANT)
    second = grant(gql, first["right"]["id"], MERCHANT, CREDIT_AGENCY, maxCount=5000)
    third = grant(gql, second["right"]["id"], CREDIT_AGENCY, LINGSHAN_COMPANY, maxCount=100)
    return [first, second, third]


def test_a_holder_grants_and_the_grantee_holds_a_derived_right(gql: GraphQLClient) -> None:
    _, root = holding(gql)
    granted = grant(gql, root, PORT_COMPANY, MERCHANT)
    assert granted["__typename"] == "Authorization"
    assert granted["number"].startswith("QZSQ-")
    assert granted["status"] == "ACTIVE"
    right = granted["right"]
    assert (right["kind"], right["basis"], right["holder"]["nameZh"]) == (
        "PROCESSING_USE",
        "AUTHORIZATION",
        MERCHANT,
    )
    assert [hop["holder"]["nameZh"] for hop in right["chain"]] == [PORT_COMPANY, MERCHANT]


def test_the_chain_of_a_sub_grant_leads_back_to_the_original_holder(gql: GraphQLClient) -> None:
    third = chain_of_three(gql)[-1]
    assert [hop["holder"]["nameZh"] for hop in third["right"]["chain"]] == [
        PORT_COMPANY,
        MERCHANT,
        CREDIT_AGENCY,
        LINGSHAN_COMPANY,
    ]


def test_only_the_holder_may_grant(gql: GraphQLClient, driver: neo4j.Driver) -> None:
    _, root = holding(gql)
    before = node_count(driver)
    result = grant(gql, root, HOSPITAL, MERCHANT)
    [error] = result["errors"]
    assert (error["code"], error["rule"], error["article"]) == (
        "GRANTOR_HOLDS_RIGHT",
        "GRANTOR_HOLDS_RIGHT",
        "第十二条、第十四条",
    )
    assert node_count(driver) == before


def test_a_sub_grant_needs_a_sublicensable_parent(gql: GraphQLClient) -> None:
    _, root = holding(gql)
    closed = grant(gql, root, PORT_COMPANY, MERCHANT, sublicensable=False)
    onward = grant(gql, closed["right"]["id"], MERCHANT, CREDIT_AGENCY)
    [error] = onward["errors"]
    assert error["code"] == "GRANTOR_HOLDS_RIGHT" and "grant onward" in error["message"]


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"purposes": ["LOGISTICS_ANALYSIS", "MARKETING"]}, "input.purposes"),
        ({"purposes": None}, "input.purposes"),
        ({"territory": ["CN", "TH"]}, "input.territory"),
        ({"territory": None}, "input.territory"),
        ({"validTo": "2027-12-01"}, "input.validTo"),
        ({"validTo": None}, "input.validTo"),
        ({"validFrom": "2024-01-15"}, "input.validFrom"),
        ({"maxCount": 20000}, "input.maxCount"),
        ({"maxCount": None}, "input.maxCount"),
        ({"duties": ["REPORT_USAGE"]}, "input.duties"),
    ],
)
def test_a_sub_grant_broader_than_its_parent_names_the_dimension(
    gql: GraphQLClient, terms: dict[str, Any], field: str
) -> None:
    _, root = holding(gql)
    parent = grant(gql, root, PORT_COMPANY, MERCHANT)
    child = grant(gql, parent["right"]["id"], MERCHANT, CREDIT_AGENCY, **terms)
    [error] = child["errors"]
    assert (error["code"], error["field"]) == ("GRANT_WITHIN_PARENT", field)
    assert error["messageZh"].startswith("超出原权利范围")


def test_a_sub_grant_within_every_dimension_is_accepted(gql: GraphQLClient) -> None:
    _, root = holding(gql)
    parent = grant(gql, root, PORT_COMPANY, MERCHANT)
    child = grant(
        gql,
        parent["right"]["id"],
        MERCHANT,
        CREDIT_AGENCY,
        purposes=["STATISTICS"],
        territory=["CN"],
        validFrom="2024-06-01",
        validTo="2025-06-01",
        maxCount=10,
        duties=["REPORT_USAGE", "DELETE_AFTER_TERM", "NO_REIDENTIFICATION"],
    )
    assert child["__typename"] == "Authorization"


def test_revoking_a_right_cascades_down_the_chain_with_reasons(gql: GraphQLClient) -> None:
    first, second, third = chain_of_three(gql)
    result = gql.data(
        STATUS % "revokeRight",
        {"input": {"rightId": first["right"]["id"], "reason": "被授权方违约"}},
    )["revokeRight"]
    assert result["right"]["status"] == "REVOKED"
    assert result["right"]["statusReason"] == "被授权方违约"
    cascaded = {r["id"]: r for r in result["cascaded"]}
    assert set(cascaded) == {second["right"]["id"], third["right"]["id"]}
    for right in cascaded.values():
        assert right["status"] == "REVOKED"
        assert "cascaded from revokeRight" in right["statusReason"]
        assert "被授权方违约" in right["statusReason"]
    statuses = gql.data("{ authorizations { edges { node { number status } } } }")[
        "authorizations"
    ]["edges"]
    mine = {e["node"]["number"]: e["node"]["status"] for e in statuses}
    assert mine[third["number"]] == "REVOKED"


def test_suspension_cascades_and_reinstatement_lifts_it(gql: GraphQLClient) -> None:
    first, second, third = chain_of_three(gql)
    suspended = gql.data(
        STATUS % "suspendRight",
        {"input": {"rightId": second["right"]["id"], "reason": "监管检查期间暂停"}},
    )["suspendRight"]
    assert [r["id"] for r in suspended["cascaded"]] == [third["right"]["id"]]
    today = str(local_date(datetime.now(UTC)))
    onward = grant(
        gql, third["right"]["id"], LINGSHAN_COMPANY, HOSPITAL, maxCount=10, validFrom=today
    )
    assert onward["errors"][0]["code"] == "GRANTOR_HOLDS_RIGHT"  # suspended from today
    reinstated = gql.data(
        STATUS % "reinstateRight",
        {"input": {"rightId": second["right"]["id"], "reason": "检查完毕"}},
    )["reinstateRight"]
    assert reinstated["right"]["status"] == "ACTIVE"
    assert [r["status"] for r in reinstated["cascaded"]] == ["ACTIVE"]
    revoked_again = gql.data(
        STATUS % "reinstateRight", {"input": {"rightId": first["right"]["id"], "reason": "x"}}
    )["reinstateRight"]
    assert revoked_again["errors"][0]["field"] == "input.rightId"  # it was never suspended


def test_a_right_is_not_reinstated_while_the_one_above_it_is_suspended(
    gql: GraphQLClient,
) -> None:
    first, second, _ = chain_of_three(gql)
    gql.data(STATUS % "suspendRight", {"input": {"rightId": first["right"]["id"], "reason": "查"}})
    refused = gql.data(
        STATUS % "reinstateRight", {"input": {"rightId": second["right"]["id"], "reason": "x"}}
    )["reinstateRight"]
    [error] = refused["errors"]
    assert error["code"] == "INVALID_INPUT" and "reinstate that first" in error["message"]
    lifted = gql.data(
        STATUS % "reinstateRight", {"input": {"rightId": first["right"]["id"], "reason": "x"}}
    )["reinstateRight"]
    assert [r["status"] for r in [lifted["right"], *lifted["cascaded"]]] == ["ACTIVE"] * 3


def test_expiry_follows_the_term(gql: GraphQLClient) -> None:
    _, root = holding(gql)
    granted = grant(gql, root, PORT_COMPANY, MERCHANT, validTo="2025-01-01")
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Authorization { "
        'during: status(asOf: "2024-12-31") before: status(asOf: "2024-01-01") '
        'after: status(asOf: "2025-01-01") } } }',
        {"id": granted["id"]},
    )["node"]
    assert data == {"during": "ACTIVE", "before": "PENDING", "after": "EXPIRED"}


CONTEXT_FILE = Path(__file__).parent / "data" / "odrl.jsonld"


def _local_context_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    assert url in ("http://www.w3.org/ns/odrl.jsonld", "https://www.w3.org/ns/odrl.jsonld")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT_FILE.read_text()),
    }


ODRL = "http://www.w3.org/ns/odrl/2/"
KIND_OPERAND = "urn:rightsgraph:odrl-profile:qinzhou:authorizationKind"


def test_a_grant_that_may_not_be_granted_onward_prohibits_it_in_odrl(gql: GraphQLClient) -> None:
    _, root = holding(gql)
    agreement = grant(gql, root, PORT_COMPANY, MERCHANT, sublicensable=False)["odrl"]
    [expanded] = jsonld.expand(agreement, {"documentLoader": _local_context_loader})
    actions = [p[ODRL + "action"][0]["@id"] for p in expanded[ODRL + "permission"]]
    assert actions == [ODRL + "use"]
    [prohibition] = expanded[ODRL + "prohibition"]
    assert prohibition[ODRL + "action"] == [{"@id": ODRL + "grantUse"}]
    assert prohibition[ODRL + "assignee"] == expanded[ODRL + "permission"][0][ODRL + "assignee"]


def test_a_grant_exports_as_an_odrl_agreement_that_expands_against_the_context(
    gql: GraphQLClient,
) -> None:
    _, root = holding(gql)
    agreement = grant(gql, root, PORT_COMPANY, MERCHANT, fee="120000", maxVolumeGb=50)["odrl"]
    [expanded] = jsonld.expand(agreement, {"documentLoader": _local_context_loader})
    assert expanded["@type"] == [ODRL + "Agreement"]
    assert expanded["@id"].startswith("urn:rightsgraph:authorization:")
    permissions = expanded[ODRL + "permission"]
    actions = sorted(p[ODRL + "action"][0]["@id"] for p in permissions)
    assert actions == [ODRL + "grantUse", ODRL + "use"]  # sublicensable: may grant onward
    [permission] = [p for p in permissions if p[ODRL + "action"][0]["@id"] == ODRL + "use"]
    assert permission[ODRL + "action"] == [{"@id": ODRL + "use"}]
    assert permission[ODRL + "assignee"][0]["@id"].startswith("urn:rightsgraph:party:")
    operands = {c[ODRL + "leftOperand"][0]["@id"] for c in permission[ODRL + "constraint"]}
    assert operands == {
        ODRL + "dateTime",
        ODRL + "purpose",
        ODRL + "spatial",
        ODRL + "count",
        ODRL + "absoluteSize",
        KIND_OPERAND,
    }
    [kind] = [
        c
        for c in permission[ODRL + "constraint"]
        if c[ODRL + "leftOperand"][0]["@id"] == KIND_OPERAND
    ]
    assert kind[ODRL + "rightOperand"] == [
        {"@id": "urn:rightsgraph:authorization-kind:ENTERPRISE_AUTHORIZATION"}
    ]
    # Granting onward is allowed only within the same constraints (rule 2).
    [onward] = [p for p in permissions if p[ODRL + "action"][0]["@id"] == ODRL + "grantUse"]
    assert len(onward[ODRL + "constraint"]) == len(permission[ODRL + "constraint"])
    assert ODRL + "prohibition" not in expanded
    duties = {d[ODRL + "action"][0]["@id"] for d in permission[ODRL + "duty"]}
    assert duties == {ODRL + "inform", ODRL + "delete", ODRL + "compensate"}
    # Nothing of the export is lost in expansion: every key is an ODRL or JSON-LD term.
    assert all(k.startswith((ODRL, "@")) for k in expanded)
    assert all(k.startswith((ODRL, "@")) for k in permission)
    compacted = jsonld.compact(
        expanded, "http://www.w3.org/ns/odrl.jsonld", {"documentLoader": _local_context_loader}
    )
    assert {p["action"] for p in compacted["permission"]} == {"use", "grantUse"}
