"""Admission that protects everyone else: slow bodies hold no slot, heavy queries queue in
their own lane while small ones keep flowing.

The slow-body tests talk to the API under uvicorn (in a thread of this process, on a
socket the system picked) over raw sockets, as a dawdling client would.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from resolvers import pagination

pytestmark = pytest.mark.usefixtures("seeded_module")

SMALL = {"query": '{ region(code: "450700") { nameZh } }'}


@contextmanager
def served(settings: Settings) -> Iterator[tuple[str, int]]:
    """The API under uvicorn in a thread; its host and port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield sock.getsockname()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


async def dawdle(host: str, port: int, body: bytes) -> tuple[int, dict[str, Any], float]:
    """Sends the headers, then the body a byte a second; the status and JSON answer, and
    when the answer came (seconds after the start)."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection(host, port)
    head = (
        f"POST /graphql HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode())
    await writer.drain()
    answer = asyncio.ensure_future(_response(reader))
    for byte in body:
        if answer.done():
            break
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.wait([answer], timeout=1.0)
    head_part, payload = await asyncio.wait_for(answer, timeout=10)
    elapsed = time.monotonic() - started
    writer.close()
    status = int(head_part.split(b" ")[1])
    return status, json.loads(payload), elapsed


async def _response(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """The response's head and body, read as soon as they arrive: not waiting for the
    server to close, since a byte the client sends after that close is answered with a
    reset that loses the response."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head, await reader.readexactly(length)


def test_a_slow_body_gets_408_and_holds_no_slot_meanwhile(settings: Settings) -> None:
    limited = settings.model_copy(update={"max_concurrent_requests": 2, "body_read_timeout_s": 2.0})
    body = json.dumps(SMALL).encode()

    async def scenario(host: str, port: int) -> None:
        # More dawdlers than slots: were bodies read inside a slot, the query would wait.
        dawdlers = [asyncio.ensure_future(dawdle(host, port, body)) for _ in range(4)]
        await asyncio.sleep(0.5)
        async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as http:
            started = time.monotonic()
            answer = await http.post("/graphql", json=SMALL, timeout=10)
            waited = time.monotonic() - started
        assert answer.json()["data"]["region"]["nameZh"] == "钦州市"
        assert waited < 1.0, f"a small query waited {waited:.1f} s behind slow bodies"
        assert not any(d.done() for d in dawdlers)  # they are still sending meanwhile
        for status, answer_body, elapsed in await asyncio.gather(*dawdlers):
            assert status == 408
            [error] = answer_body["errors"]
            assert error["extensions"]["code"] == "BODY_TIMEOUT"
            assert error["extensions"]["messageZh"] == "请求体未在2秒内送达"
            assert "did not arrive within 2 s" in error["message"]
            assert 1.9 < elapsed < 4.0

    with served(limited) as (host, port):
        asyncio.run(scenario(host, port))


HEAVY = {"query": "{ parties(first: 100) { edges { node { nameZh } } } }"}  # costs 202


def test_a_heavy_query_waits_in_its_own_lane_and_holds_no_normal_slot(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    lanes = settings.model_copy(
        update={"max_concurrent_requests": 1, "heavy_query_cost": 100, "heavy_lane_slots": 1}
    )
    # Holds the heavy queries' pages until the test opens it (they run on another thread).
    gate = threading.Event()
    inside = most = 0
    real_fetch = pagination.fetch_page

    async def gated_fetch(*args: Any, **kwargs: Any) -> Any:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        try:
            await asyncio.to_thread(gate.wait, 30)
            return await real_fetch(*args, **kwargs)
        finally:
            inside -= 1

    monkeypatch.setattr(pagination, "fetch_page", gated_fetch)
    app = create_app(lanes)

    async def scenario() -> tuple[list[httpx.Response], list[httpx.Response]]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                heavy = [asyncio.ensure_future(http.post("/graphql", json=HEAVY)) for _ in (1, 2)]
                await asyncio.sleep(0.3)  # one heavy query runs, the other waits its turn
                # The one normal slot is free: small queries pass while the heavy ones wait.
                small = await asyncio.wait_for(
                    asyncio.gather(*(http.post("/graphql", json=SMALL) for _ in range(3))), 10
                )
                assert not any(h.done() for h in heavy)
                gate.set()
                return small, await asyncio.gather(*heavy)

    small, heavy = asyncio.run(scenario())
    assert [s.json()["data"]["region"]["nameZh"] for s in small] == ["钦州市"] * 3
    assert [s.json()["extensions"]["cost"] for s in small] == [2] * 3
    for answer in heavy:
        assert answer.json()["extensions"]["cost"] == 202
        assert answer.json()["extensions"]["neo4jRoundTrips"] > 0
        assert answer.json()["data"]["parties"]["edges"]
    assert most == 1  # the heavy lane ran one at a time


def test_a_heavy_query_answers_as_it_would_in_the_normal_lane(settings: Settings) -> None:
    page = (
        "{ regions(first: 30) { totalCount pageInfo { hasNextPage } "
        "edges { node { code nameZh children { code nameZh } } } } "
        'missing: region(code: "999999") { code } }'
    )
    refused = "{ findings(first: 1) { total } }"  # not for anonymous callers
    answers = []
    for heavy_query_cost in (10**9, 1):  # the normal lane, then the heavy lane for all
        lane = settings.model_copy(update={"heavy_query_cost": heavy_query_cost})
        with TestClient(create_app(lane)) as client:
            answers.append(
                [client.post("/graphql", json={"query": q}).json() for q in (page, refused)]
            )
    (normal, normal_refused), (heavy, heavy_refused) = answers
    assert heavy["data"] == normal["data"]
    assert heavy["data"]["regions"]["edges"][0]["node"]["children"]
    assert heavy["data"]["missing"] is None
    assert heavy["extensions"]["cost"] == normal["extensions"]["cost"] > 1
    assert heavy_refused["errors"] == normal_refused["errors"]
    assert heavy_refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert heavy_refused["data"] is None
