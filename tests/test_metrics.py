"""/metrics: what an operator scrapes after requests, bounded labels, and who may see it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Environment, Settings
from graph.regions import REGIONS_BY_IDS
from tests.conftest import GraphQLClient
from tests.test_findings_openlineage import post, run_event
from tests.test_parties import REGISTER, new_party

pytestmark = pytest.mark.usefixtures("seeded_module")

SECRET = "a-production-secret-of-at-least-32-bytes!"
METRICS_TOKEN = "scrape-token-0123456789"


def scrape(
    client: TestClient, **headers: str
) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def test_a_query_shows_in_metrics_under_its_operation_with_its_statements(
    client: TestClient, anonymous: GraphQLClient
) -> None:
    name = unique("RegionPeek")
    before = scrape(client)
    for _ in range(2):
        anonymous.data(f'query {name} {{ region(code: "450700") {{ code nameZh }} }}')
    samples = scrape(client)
    labels = {"endpoint": "graphql", "operation": name, "outcome": "ok"}
    assert value(samples, "rightsgraph_requests_total", **labels) == 2
    assert value(samples, "rightsgraph_request_duration_seconds_count", **labels) == 2
    # The region came through its loader's statement, timed under that statement's name.
    timed = "rightsgraph_neo4j_statement_duration_seconds_count"
    statement = {"query": REGIONS_BY_IDS.name}
    assert value(samples, timed, **statement) == value(before, timed, **statement) + 2


def test_errors_count_by_code_and_rejections_by_theirs(
    client: TestClient, anonymous: GraphQLClient, gql: GraphQLClient
) -> None:
    before = scrape(client)
    typo = anonymous(f'query {unique("Typo")} {{ regoin(code: "450700") {{ code }} }}')
    assert typo["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    refused = gql(REGISTER, {"input": new_party(creditCode="91450703MA5K")})
    assert refused["data"]["registerParty"]["__typename"] == "Rejection"
    after = scrape(client)
    code = "GRAPHQL_VALIDATION_FAILED"
    assert value(after, "rightsgraph_errors_total", code=code) == (
        value(before, "rightsgraph_errors_total", code=code) + 1
    )
    rejected = {"code": "INVALID_CREDIT_CODE"}
    assert value(after, "rightsgraph_write_rejections_total", **rejected) == (
        value(before, "rightsgraph_write_rejections_total", **rejected) + 1
    )
    # A document that does not validate has no operation worth a label of its own.
    assert (
        value(
            after,
            "rightsgraph_requests_total",
            endpoint="graphql",
            operation="_refused",
            outcome="client_error",
        )
        >= 1
    )
    assert (
        value(
            after,
            "rightsgraph_requests_total",
            endpoint="graphql",
            operation="_anonymous",
            outcome="rejected",
        )
        >= 1
    )


def test_lineage_events_and_admission_lanes_are_counted(
    client: TestClient, gql: GraphQLClient
) -> None:
    before = scrape(client)
    event = run_event("START", str(uuid.uuid4()))
    assert post(client, gql, event).status_code == 201  # the run's start is recorded
    assert post(client, gql, event).status_code == 200  # the same event again: nothing new
    refused = post(client, gql, {"eventType": "COMPLETE"})
    assert refused.status_code == 422
    after = scrape(client)
    for outcome in ("recorded", "ignored", "refused"):
        assert value(after, "rightsgraph_lineage_events_total", outcome=outcome) == (
            value(before, "rightsgraph_lineage_events_total", outcome=outcome) + 1
        )
    for lane in ("normal", "heavy"):  # idle between requests: nothing waits or runs
        assert ("rightsgraph_admission_queue_depth", frozenset({("lane", lane)})) in after
        assert value(after, "rightsgraph_requests_in_flight", lane=lane) == 0


@pytest.fixture(scope="module")
def few_labels(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"metrics_operation_names": 2}))) as c:
        yield c


def test_client_chosen_names_fold_into_one_label_beyond_the_limit(
    few_labels: TestClient,
) -> None:
    anonymous = GraphQLClient(few_labels)
    names = [unique("First"), unique("Second"), unique("Third"), "x" * 65]
    for name in names:
        anonymous.data(f'query {name} {{ region(code: "450700") {{ code }} }}')
    samples = scrape(few_labels)
    shown = {
        dict(labels)["operation"]
        for (metric, labels) in samples
        if metric == "rightsgraph_requests_total" and dict(labels)["endpoint"] == "graphql"
    }
    assert names[0] in shown and names[1] in shown
    assert names[2] not in shown and names[3] not in shown
    assert (
        value(
            samples,
            "rightsgraph_requests_total",
            endpoint="graphql",
            operation="_other",
            outcome="ok",
        )
        >= 2
    )


def production(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(
        update={"environment": Environment.PRODUCTION, "jwt_secret": SECRET, **changes}
    )


def test_protected_metrics_answer_only_the_metrics_token(settings: Settings) -> None:
    with TestClient(create_app(production(settings, metrics_token=METRICS_TOKEN))) as client:
        for headers in ({}, {"authorization": "Bearer wrong-token-0123456789"}):
            refused = client.get("/metrics", headers=headers)
            assert refused.status_code == 401
            assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            assert "rightsgraph_" not in refused.text
        samples = scrape(client, authorization=f"Bearer {METRICS_TOKEN}")
        assert any(name == "rightsgraph_requests_total" for name, _ in samples)


def test_production_without_a_metrics_token_serves_no_metrics(settings: Settings) -> None:
    with TestClient(create_app(production(settings))) as client:
        assert client.get("/metrics").status_code == 404
    with TestClient(create_app(production(settings, metrics_port=18799))) as client:
        assert client.get("/metrics").status_code == 404
