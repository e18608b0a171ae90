"""Keeps the local Neo4j and a command (the API) running: either is started again when it
dies. `make run` serves the API this way.

    python -m graph.neo4j_local supervise [--home DIR] [--port N] [--setup "CMD"] -- COMMAND...

It starts Neo4j (unless NEO4J_URI is set), runs the setup command once (the seed), then
COMMAND with NEO4J_URI pointing at Neo4j. When Neo4j or COMMAND exits, it is started
again, with a line saying so; the API rides out Neo4j's absence by itself (503s, then it
reconnects). Restarts do not run the setup again. Ctrl-C or SIGTERM stops COMMAND, then
Neo4j: what the supervisor started, nothing else. A process that dies five times in a row
within 30 s of its start is not started again: the supervisor stops the rest and exits 1.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from graph import neo4j_local
from graph.neo4j_local import Instance

POLL_S = 0.2
QUICK_DEATH_S = 30.0
GIVE_UP_AFTER = 5
COMMAND_STOP_S = 10.0
NEO4J = "Neo4j"


def say(message: str) -> None:
    print(f"supervise: {message}", flush=True)


class Stopping(Exception):
    """Ctrl-C or SIGTERM reached the supervisor."""


class GaveUp(Exception):
    """A process kept dying right after its start."""


@dataclass
class Watched:
    """One process the supervisor keeps running."""

    name: str
    spawn: Callable[[], subprocess.Popen[bytes]]
    ready: Callable[[], bool] | None = None
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    announced: bool = True
    quick_deaths: int = field(default=0)

    def begin(self) -> None:
        self.process = self.spawn()
        self.started = time.monotonic()

    def check(self) -> None:
        """Start the process again if it exited; say when a restarted one is ready."""
        assert self.process is not None
        code = self.process.poll()
        if code is None:
            if not self.announced and self.ready is not None and self.ready():
                self.announced = True
                say(f"{self.name} is back, {time.monotonic() - self.started:.1f}s after restart")
            return
        lived = time.monotonic() - self.started
        self.quick_deaths = self.quick_deaths + 1 if lived < QUICK_DEATH_S else 1
        if self.quick_deaths >= GIVE_UP_AFTER:
            raise GaveUp(f"{self.name} died {self.quick_deaths} times in a row; giving up")
        say(f"{self.name} (pid {self.process.pid}) {_how(code)} after {lived:.1f}s; restarting")
        self.announced = False
        self.begin()


def _how(code: int) -> str:
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited with {code}"


def supervise(instance: Instance | None, command: list[str], setup: str | None) -> int:
    """Run until Ctrl-C or SIGTERM; 0 then, 1 if a process kept dying."""
    env = dict(os.environ)
    watched: list[Watched] = []
    extra: list[subprocess.Popen[bytes]] = []
    previous = {sig: signal.signal(sig, _raise_stopping) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if instance is not None:
            env["NEO4J_URI"] = instance.uri
            _start_neo4j(instance, watched)
        if setup and not _run_setup(setup, env, extra):
            return 1
        _start_command(command, env, watched)
        while True:
            time.sleep(POLL_S)
            for each in watched:
                each.check()
    except Stopping:
        say("stopping")
        return 0
    except GaveUp as error:
        say(str(error))
        return 1
    finally:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        _stop_all(instance, watched, extra)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_stopping(signum: int, _frame: object) -> None:
    raise Stopping(signum)


def _start_neo4j(instance: Instance, watched: list[Watched]) -> None:
    neo4j = Watched(
        NEO4J, lambda: neo4j_local.launch(instance), lambda: neo4j_local.is_ready(instance)
    )
    watched.append(neo4j)
    neo4j.begin()
    assert neo4j.process is not None
    neo4j_local.wait_ready(instance, neo4j.process, timeout_s=120.0)


def _run_setup(setup: str, env: dict[str, str], extra: list[subprocess.Popen[bytes]]) -> bool:
    say(f"setting up: {setup}")
    process = subprocess.Popen(shlex.split(setup), env=env, process_group=0)
    extra.append(process)
    code = process.wait()
    if code != 0:
        say(f"the setup {_how(code)}; stopping")
    return code == 0


def _start_command(command: list[str], env: dict[str, str], watched: list[Watched]) -> None:
    def spawn() -> subprocess.Popen[bytes]:
        # Its own process group: Ctrl-C reaches it once, forwarded from here, rather than
        # twice (from the terminal and from here), which made uvicorn skip the app's shutdown.
        process = subprocess.Popen(command, env=env, process_group=0)
        say(f"serving {shlex.join(command)} (pid {process.pid})")
        return process

    served = Watched("the command", spawn)
    watched.append(served)
    served.begin()


def _stop_all(
    instance: Instance | None, watched: list[Watched], extra: list[subprocess.Popen[bytes]]
) -> None:
    """The command (and the setup) first, then Neo4j, which they may still be using."""
    processes = [w.process for w in watched if w.name != NEO4J and w.process] + extra
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=COMMAND_STOP_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if instance is not None and any(w.name == NEO4J and w.process for w in watched):
        neo4j_local.stop(instance)  # by the pid file, which names the Neo4j started last
