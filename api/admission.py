"""Admission: how many requests of the API proper run at once.

Two lanes. Every request enters the normal lane (at most `limit` at once, the rest wait in
turn). A query found heavy once its cost is known (api/extensions.py `QueryCost`) moves to
the heavy lane (at most `heavy_limit` at once): it gives its normal slot back before it
waits there, so heavy queries queue among themselves and small ones keep flowing.

Health checks and the web pages and their files pass straight through.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

from api.metrics import IN_FLIGHT, QUEUE_DEPTH

PASS_THROUGH = frozenset(("/healthz", "/readyz", "/", "/explorer", "/metrics"))


def passes_through(scope: Scope) -> bool:
    """Health checks, metrics and the web app's pages and files: no admission, no body to
    read."""
    path = scope.get("path", "")
    return scope["type"] != "http" or path in PASS_THROUGH or path.startswith("/static/")


NORMAL, HEAVY = "normal", "heavy"
# The metrics of each lane (api/metrics.py): requests waiting for a slot, and holding one.
WAITING = {lane: QUEUE_DEPTH.labels(lane) for lane in (NORMAL, HEAVY)}
RUNNING = {lane: IN_FLIGHT.labels(lane) for lane in (NORMAL, HEAVY)}


class Ticket:
    """One request's place: the lane slot it holds, if any."""

    def __init__(self, admission: Admission) -> None:
        self.admission = admission
        self.held: asyncio.Semaphore | None = None

    async def enter(self) -> None:
        with WAITING[NORMAL].track_inprogress():
            await self.admission.slots.acquire()
        self.held = self.admission.slots
        self.admission.count_in()
        RUNNING[NORMAL].inc()

    async def move_to_heavy_lane(self) -> None:
        """Give the normal slot back, then wait for a heavy one (held until the request
        ends)."""
        if self.held is not self.admission.slots:
            return
        self.leave()
        with WAITING[HEAVY].track_inprogress():
            await self.admission.heavy_slots.acquire()
        self.held = self.admission.heavy_slots
        self.admission.heavy_running += 1
        self.admission.heavy_peak = max(self.admission.heavy_peak, self.admission.heavy_running)
        RUNNING[HEAVY].inc()

    def others_running(self) -> bool:
        """Whether requests of the normal lane are under way (read from any thread)."""
        return self.admission.running > 0

    def leave(self) -> None:
        if self.held is self.admission.slots:
            self.admission.running -= 1
            RUNNING[NORMAL].dec()
        elif self.held is self.admission.heavy_slots:
            self.admission.heavy_running -= 1
            RUNNING[HEAVY].dec()
        if self.held is not None:
            self.held.release()
            self.held = None


# The ticket of the request being served, for the GraphQL execution to move it.
current_ticket: ContextVar[Ticket | None] = ContextVar("admission_ticket", default=None)


class Admission:
    """At most `limit` requests in the normal lane and `heavy_limit` in the heavy lane.

    `peak` and `heavy_peak` are the most that ever ran at once in each.
    """

    def __init__(self, app: ASGIApp, limit: int, heavy_limit: int = 1) -> None:
        self.app = app
        self.slots = asyncio.Semaphore(limit)
        self.heavy_slots = asyncio.Semaphore(heavy_limit)
        self.running = self.peak = 0
        self.heavy_running = self.heavy_peak = 0

    def count_in(self) -> None:
        self.running += 1
        self.peak = max(self.peak, self.running)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if passes_through(scope):
            await self.app(scope, receive, send)
            return
        ticket = Ticket(self)
        reset = current_ticket.set(ticket)
        try:
            await ticket.enter()
            await self.app(scope, receive, send)
        finally:
            ticket.leave()
            current_ticket.reset(reset)
