"""Rule 2 (an onward grant is never broader than its parent) as one unit: each case runs
through the write check (enforced: refused or not) and through the read-side scan (the
grant accepted under `warn`: found or not), and both must give the same verdict."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry import relay

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RuleMode
from tests.conftest import GraphQLClient
from tests.helpers import CREDIT_AGENCY, MERCHANT, PORT_COMPANY
from tests.test_authorizations import grant, holding

pytestmark = pytest.mark.usefixtures("seeded")

# The parent: purposes, territory, term, count, volume and duties all bounded.
PARENT = {"maxVolumeGb": 100}

# (case, the child's terms, the broader dimension or None)
CASES: list[tuple[str, dict[str, Any], str | None]] = [
    ("within", {"maxCount": 5000, "maxVolumeGb": 50}, None),
    ("purposes", {"purposes": ["LOGISTICS_ANALYSIS", "CREDIT_ASSESSMENT"]}, "purposes"),
    ("territory", {"territory": ["CN", "VN", "TH"]}, "territory"),
    ("starts-before", {"validFrom": "2024-01-15"}, "validFrom"),
    ("ends-after", {"validTo": "2028-01-01"}, "validTo"),
    ("open-ended", {"validTo": None}, "validTo"),
    ("count", {"maxCount": 20000}, "maxCount"),
    ("volume", {"maxVolumeGb": 200}, "maxVolumeGb"),
    ("unlimited-volume", {"maxVolumeGb": None}, "maxVolumeGb"),
    ("duties", {"duties": ["REPORT_USAGE"]}, "duties"),
]

SCAN = """
query { findings(rules: ["GRANT_WITHIN_PARENT"], first: 100) { items { source nodeIds } } }"""


@pytest.fixture
def lenient(settings: Settings) -> Iterator[GraphQLClient]:
    modes = {"GRANT_WITHIN_PARENT": RuleMode.WARN}
    with TestClient(create_app(settings.model_copy(update={"rule_modes": modes}))) as client:
        yield GraphQLClient(client).as_role("REGISTRAR", "450700", "lenient-registrar")


def child_terms(terms: dict[str, Any]) -> dict[str, Any]:
    return {"validFrom": "2024-03-01", "maxVolumeGb": 100, **terms}


@pytest.mark.parametrize(("case", "terms", "broader"), CASES, ids=[c[0] for c in CASES])
def test_the_write_check_and_the_scan_agree(
    gql: GraphQLClient,
    lenient: GraphQLClient,
    case: str,
    terms: dict[str, Any],
    broader: str | None,
) -> None:
    _, root = holding(gql)
    parent = grant(gql, root, PORT_COMPANY, MERCHANT, **PARENT)
    assert parent["__typename"] == "Authorization", parent
    parent_right = parent["right"]["id"]

    enforced = grant(gql, parent_right, MERCHANT, CREDIT_AGENCY, **child_terms(terms))
    refused_in = (
        {e["field"] for e in enforced["errors"] if e["code"] == "GRANT_WITHIN_PARENT"}
        if enforced["__typename"] == "Rejection"
        else set()
    )
    assert refused_in == ({f"input.{broader}"} if broader else set()), enforced

    accepted = grant(lenient, parent_right, MERCHANT, CREDIT_AGENCY, **child_terms(terms))
    assert accepted["__typename"] == "Authorization", accepted
    scanned = {
        node_id
        for item in lenient.data(SCAN)["findings"]["items"]
        if item["source"] == "scan"
        for node_id in item["nodeIds"]
    }
    found = relay.GlobalID.from_id(accepted["id"]).node_id in scanned
    assert found == (broader is not None)
