"""Documents and small steps the registry-core tests share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from strawberry import relay

from seed.parties import PARTIES
from tests.conftest import GraphQLClient

RESOURCE_FIELDS = """
id uid catalogCode nameZh grade category validFrom validTo recordedAt supersededAt
source { nameZh } region { code }
"""

REGISTER_RESOURCE = f"""
mutation ($input: RegisterDataResourceInput!, $key: String) {{
  registerDataResource(input: $input, idempotencyKey: $key) {{
    __typename
    ... on DataResource {{ {RESOURCE_FIELDS} }}
    ... on Rejection {{ errors {{ code field message messageZh article rule existingId }} }}
  }}
}}"""

REVISE_RESOURCE = f"""
mutation ($input: ReviseDataResourceInput!) {{
  reviseDataResource(input: $input) {{
    __typename
    ... on DataResource {{ {RESOURCE_FIELDS} }}
    ... on Rejection {{ errors {{ code field message article rule }} }}
  }}
}}"""

RECORD_RIGHT = """
mutation ($input: RecordRightInput!) {
  recordRight(input: $input) {
    __typename
    ... on Right { id uid kind basis validFrom validTo holder { nameZh } }
    ... on Rejection { errors { code field message article rule existingId } }
  }
}"""

REGISTER_PRODUCT = """
mutation ($input: RegisterDataProductInput!) {
  registerDataProduct(input: $input) {
    __typename
    ... on DataProduct { id uid nameZh operator { nameZh }
                         rights { kind holder { nameZh } } inputs { id nameZh } }
    ... on Rejection { errors { code field message article rule existingId } }
  }
}"""


def party_gid(name_zh: str) -> str:
    party = next(p for p in PARTIES if p.name_zh == name_zh)
    return str(relay.GlobalID("Party", party.id))


PORT_COMPANY = "钦州港海运物流数据有限公司"
MERCHANT = "钦州数联科技有限公司"
CREDIT_AGENCY = "北部湾征信服务有限公司"
LINGSHAN_COMPANY = "灵山智慧农业数据有限公司"
HOSPITAL = "钦州市第一人民医院"


def resource_input(**changes: Any) -> dict[str, Any]:
    fields = {
        "catalogCode": "QZG-TEST-0001",
        "nameZh": "钦州港散货作业数据",
        "nameEn": "Qinzhou port bulk cargo operations data",
        "category": "ENTERPRISE",
        "grade": "GENERAL",
        "sector": "PORT_LOGISTICS",
        "sourceId": party_gid(PORT_COMPANY),
        "validFrom": "2024-01-01",
    }
    fields.update(changes)
    return fields


def register_resource(gql: GraphQLClient, **changes: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(REGISTER_RESOURCE, {"input": resource_input(**changes)})[
        "registerDataResource"
    ]
    return result


def record_right(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(RECORD_RIGHT, {"input": fields})["recordRight"]
    return result


def seeded_resource(gql: GraphQLClient, name_zh: str) -> dict[str, Any]:
    data = gql.data(
        "query ($f: ResourceFilter) { dataResources(filter: $f, first: 100) "
        "{ edges { node { id uid nameZh rights { id kind holder { nameZh } } } } } }",
        {"f": None},
    )
    node: dict[str, Any] = next(
        e["node"] for e in data["dataResources"]["edges"] if e["node"]["nameZh"] == name_zh
    )
    return node


class Clock:
    """A clock the test moves: each request to a `clocked` app reads it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
