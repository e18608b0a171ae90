"""How answers are written: compact JSON with Chinese as UTF-8, whatever the values."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from api.heavy import dumps
from tests.helpers import PORT_COMPANY


@pytest.mark.usefixtures("seeded")
def test_an_answer_carries_chinese_as_utf8_without_spaces(client: TestClient) -> None:
    query = "{ parties(first: 50) { edges { node { nameZh } } } }"
    body = client.post("/graphql", json={"query": query}).content.decode()
    assert PORT_COMPANY in body  # not \\u escapes
    assert '{"data":{"parties":{"edges":[{"node":{"nameZh":' in body
    assert ": " not in body and ", " not in body


def test_values_the_fast_encoder_refuses_are_still_written() -> None:
    # An integer beyond 64 bits (a user's OpenLineage facet may hold one) and a key that
    # is no string: the standard library's encoder takes over.
    value = {"facet": {"count": 2**70, "nested": [1, 2.5, None, "钦州"]}, 7: True}
    assert json.loads(dumps(value)) == {"facet": value["facet"], "7": True}
    assert "钦州" in dumps(value)
