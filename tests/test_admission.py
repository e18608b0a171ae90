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

from api.app import create_app
from api.settings import Settings

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
    answer = asyncio.ensure_future(reader.read())
    for byte in body:
        if answer.done():
            break
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.wait([answer], timeout=1.0)
    raw = await asyncio.wait_for(answer, timeout=10)
    elapsed = time.monotonic() - started
    writer.close()
    head_part, _, payload = raw.partition(b"\r\n\r\n")
    status = int(head_part.split(b" ")[1])
    return status, json.loads(payload), elapsed


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
