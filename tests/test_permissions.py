"""Who may do what, as a matrix: every mutation x every role, and the reads by ability."""

from __future__ import annotations

import re

import pytest

from api.cli import SCHEMA_FILE
from tests.conftest import GraphQLClient
from tests.helpers import party_gid, resource_input

ROLES = ["ANONYMOUS", "VIEWER", "APP", "INVESTIGATOR", "REGISTRAR", "REGULATOR"]


def mutation_names() -> list[str]:
    sdl = SCHEMA_FILE.read_text(encoding="utf-8")
    block = sdl[sdl.index("type Mutation {") :]
    block = block[: block.index("\n}")]
    return re.findall(r"^  (\w+)\(", block, flags=re.MULTILINE)


# Minimal, valid-shaped inputs; what matters is whether the role gets past permission.
INPUT_TYPES = {
    "registerParty": "RegisterPartyInput",
    "registerDataResource": "RegisterDataResourceInput",
    "reviseDataResource": "ReviseDataResourceInput",
    "registerDataProduct": "RegisterDataProductInput",
    "changeProductOperator": "ChangeProductOperatorInput",
    "recordRight": "RecordRightInput",
    "endRight": "EndRightInput",
    "submitRegistration": "SubmitRegistrationInput",
    "startRegistrationReview": "RegistrationStepInput",
    "startRegistrationPublicity": "StartPublicityInput",
    "fileRegistrationObjection": "FileObjectionInput",
    "resolveRegistrationObjection": "ResolveObjectionInput",
    "approveRegistration": "ApproveRegistrationInput",
    "rejectRegistration": "RegistrationStepInput",
    "withdrawRegistration": "RegistrationStepInput",
    "grantAuthorization": "GrantAuthorizationInput",
    "suspendRight": "RightStatusInput",
    "revokeRight": "RightStatusInput",
    "reinstateRight": "RightStatusInput",
    "recordTransaction": "RecordTransactionInput",
    "recordDeclaration": "RecordDeclarationInput",
    "recordValuation": "RecordValuationInput",
    "recordCreditEvent": "RecordCreditEventInput",
    "resolveCreditObjection": "ResolveCreditObjectionInput",
    "recordSupervisionAction": "RecordSupervisionInput",
    "updateSupervisionAction": "UpdateSupervisionInput",
    "recordActivity": "RecordActivityInput",
    "reportQualityIssue": "ReportQualityIssueInput",
    "linkDatasets": "LinkDatasetsInput",
    "unlinkDatasets": "LinkDatasetsInput",
    "mapJobNamespace": "MapJobNamespaceInput",
    "unmapJobNamespace": "UnmapJobNamespaceInput",
}

SUPERVISION = {
    "recordCreditEvent",
    "resolveCreditObjection",
    "recordSupervisionAction",
    "updateSupervisionAction",
}


def writers(mutation: str) -> set[str]:
    if mutation == "reportQualityIssue":  # whoever traces problem data (article 9)
        return {"INVESTIGATOR", "REGISTRAR", "REGULATOR"}
    return {"REGULATOR"} if mutation in SUPERVISION else {"REGISTRAR"}


SOME_REGISTRATION = "UmVnaXN0cmF0aW9uOm5vbmU="  # Registration:none
INPUTS = {
    "registerParty": {
        "nameZh": "权限矩阵测试公司",
        "kind": "ENTERPRISE",
        "creditCode": "91450700MA5KQ8XT01",  # wrong check character: refused, nothing written
        "regionCode": "450702",
    },
    "registerDataResource": resource_input(),
    "reviseDataResource": {"resourceId": "x", "reason": "r", "nameZh": "新名称"},
    "registerDataProduct": {
        "nameZh": "产品",
        "kind": "DATASET",
        "operatorId": party_gid("钦州数联科技有限公司"),
        "inputIds": ["x"],
        "validFrom": "2024-01-01",
    },
    "changeProductOperator": {
        "productId": "x",
        "operatorId": "x",
        "effectiveFrom": "2024-01-01",
        "reason": "r",
    },
    "recordRight": {
        "kind": "HOLDING",
        "holderId": "x",
        "objectId": "x",
        "basis": "LAW",
        "basisReference": "law",
        "validFrom": "2024-01-01",
    },
    "endRight": {"rightId": "x", "endOn": "2024-01-01", "reason": "r"},
    "submitRegistration": {"type": "FIRST", "applicantId": "x", "rightId": "x"},
    "startRegistrationReview": {"registrationId": SOME_REGISTRATION},
    "startRegistrationPublicity": {
        "registrationId": SOME_REGISTRATION,
        "publicityEndsOn": "2099-01-01",
    },
    "fileRegistrationObjection": {
        "registrationId": SOME_REGISTRATION,
        "objectorId": "x",
        "reason": "r",
    },
    "resolveRegistrationObjection": {
        "registrationId": SOME_REGISTRATION,
        "upheld": False,
        "reason": "r",
    },
    "approveRegistration": {"registrationId": SOME_REGISTRATION},
    "rejectRegistration": {"registrationId": SOME_REGISTRATION, "reason": "r"},
    "withdrawRegistration": {"registrationId": SOME_REGISTRATION},
    "grantAuthorization": {
        "kind": "ENTERPRISE_AUTHORIZATION",
        "parentRightId": "x",
        "grantorId": "x",
        "granteeId": "y",
        "rightKind": "PROCESSING_USE",
        "validFrom": "2024-01-01",
        "legalBasis": "CONTRACT",
        "basisReference": "contract",
    },
    "suspendRight": {"rightId": "x", "reason": "r"},
    "revokeRight": {"rightId": "x", "reason": "r"},
    "reinstateRight": {"rightId": "x", "reason": "r"},
    "recordTransaction": {
        "sellerId": "x",
        "buyerId": "y",
        "rightId": "z",
        "mode": "LICENCE",
        "price": "1",
        "pricingMode": "MARKET",
        "tradeDate": "2024-01-01",
    },
    "recordDeclaration": {
        "partyId": "x",
        "kind": "COMMITMENT",
        "content": "遵守数据交易规则",
        "validFrom": "2024-01-01",
    },
    "recordValuation": {
        "objectId": "x",
        "method": "COST",
        "amount": "1",
        "appraiserId": "x",
        "valuedOn": "2024-01-01",
    },
    "recordCreditEvent": {
        "partyId": "x",
        "kind": "TRUSTWORTHINESS_INCENTIVE",
        "occurredOn": "2024-01-01",
        "description": "守信激励",
    },
    "resolveCreditObjection": {"objectionId": "x", "upheld": False, "reason": "r"},
    "recordSupervisionAction": {
        "partyId": "x",
        "kind": "INSPECTION",
        "findings": "f",
        "takenOn": "2024-01-01",
    },
    "updateSupervisionAction": {"actionId": "x", "status": "CLOSED"},
    "recordActivity": {"kind": "CLEAN", "performerId": "x"},
    "linkDatasets": {"assetId": "x", "datasets": [{"namespace": "s3://a", "name": "b"}]},
    "unlinkDatasets": {"assetId": "x", "datasets": [{"namespace": "s3://a", "name": "b"}]},
    "mapJobNamespace": {"namespace": "airflow-prod", "performerId": "x"},
    "unmapJobNamespace": {"namespace": "never-mapped"},
    "reportQualityIssue": {
        "resourceId": "x",
        "description": "数据缺失",
        "severity": "LOW",
        "discoveredOn": "2024-01-01",
    },
}


def test_the_matrix_covers_every_mutation() -> None:
    assert sorted(mutation_names()) == sorted(INPUT_TYPES)


@pytest.mark.usefixtures("seeded_module")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mutation", sorted(INPUT_TYPES))
def test_only_registrars_may_write(gql: GraphQLClient, mutation: str, role: str) -> None:
    caller = gql.as_role(role, "450700" if role == "REGISTRAR" else None)
    document = (
        f"mutation ($input: {INPUT_TYPES[mutation]}!) {{ {mutation}(input: $input) "
        "{ __typename } }"
    )
    body = caller(document, {"input": INPUTS[mutation]})
    if role in writers(mutation):
        assert "errors" not in body, body
        assert body["data"][mutation]["__typename"]  # the write itself may be refused
    else:
        [error] = body["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN", error
        assert body["data"] is None


READS = {
    # query -> roles that may run it
    "{ rights(first: 1) { totalCount } }": {"APP", "INVESTIGATOR", "REGISTRAR", "REGULATOR"},
    "{ registrations(first: 1) { totalCount } }": {
        "APP",
        "INVESTIGATOR",
        "REGISTRAR",
        "REGULATOR",
    },
    "{ auditEvents(first: 1) { totalCount } }": {"INVESTIGATOR", "REGISTRAR", "REGULATOR"},
    '{ dataResources(first: 1, asRecordedAt: "2025-01-01T00:00:00Z") { totalCount } }': {
        "INVESTIGATOR",
        "REGISTRAR",
        "REGULATOR",
    },
    "{ dataResources(first: 1) { totalCount } }": set(ROLES),
    "{ lineageRuns(first: 1) { totalCount } }": {"APP", "INVESTIGATOR", "REGISTRAR", "REGULATOR"},
    "{ jobNamespaces(first: 1) { totalCount } }": {
        "APP",
        "INVESTIGATOR",
        "REGISTRAR",
        "REGULATOR",
    },
    "{ dataProducts(first: 1) { totalCount } }": set(ROLES),
    "{ parties(first: 1) { totalCount } }": set(ROLES),
}


@pytest.mark.usefixtures("seeded_module")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("query", sorted(READS))
def test_reads_follow_the_roles(gql: GraphQLClient, query: str, role: str) -> None:
    body = gql.as_role(role, "450700" if role == "REGISTRAR" else None)(query)
    if role in READS[query]:
        assert "errors" not in body, body
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.usefixtures("seeded_module")
@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("ANONYMOUS", "李*"),
        ("VIEWER", "李*"),
        ("APP", "李*"),
        ("INVESTIGATOR", "李明"),
        ("REGISTRAR", "李明"),
        ("REGULATOR", "李明"),
    ],
)
def test_natural_persons_are_masked_for_roles_that_do_not_need_them(
    gql: GraphQLClient, role: str, shown: str
) -> None:
    caller = gql.as_role(role, "450700" if role == "REGISTRAR" else None)
    data = caller.data(
        "{ parties(filter: {kinds: [INDIVIDUAL]}) { edges { node { nameZh nameEn } } } }"
    )
    [edge] = data["parties"]["edges"]
    assert edge["node"]["nameZh"] == shown
    found = caller.data('{ parties(filter: {search: "李明"}) { totalCount } }')
    assert found["parties"]["totalCount"] == (1 if shown == "李明" else 0)


@pytest.mark.usefixtures("seeded_module")
def test_the_public_catalogue_hides_resources_that_are_not_open(gql: GraphQLClient) -> None:
    query = "{ dataResources(first: 100) { edges { node { nameZh openness } } } }"
    everything = gql.as_role("APP").data(query)["dataResources"]["edges"]
    public = gql.as_role("VIEWER").data(query)["dataResources"]["edges"]
    assert {e["node"]["openness"] for e in everything} == {"OPEN", "CONDITIONAL", "NOT_OPEN"}
    assert {e["node"]["openness"] for e in public} == {"OPEN", "CONDITIONAL"}
    hidden = next(e["node"] for e in everything if e["node"]["openness"] == "NOT_OPEN")
    assert hidden["nameZh"] not in {e["node"]["nameZh"] for e in public}
