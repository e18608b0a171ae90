"""Start and stop the project's own embedded Neo4j (graph/neo4j-local).

    python -m graph.neo4j_local start    [--home DIR] [--port N]
    python -m graph.neo4j_local stop     [--home DIR]
    python -m graph.neo4j_local status   [--home DIR]
    python -m graph.neo4j_local run-with [--home DIR] [--port N] [--fresh] -- COMMAND...
    python -m graph.neo4j_local supervise [--home DIR] [--port N] [--setup CMD] -- COMMAND...

`run-with` starts Neo4j (unless NEO4J_URI is already set), runs COMMAND
with NEO4J_URI pointing at it, and stops it afterwards, whatever happens.
`supervise` does the same, and starts Neo4j or COMMAND again whenever either dies
(graph/supervisor.py).
One data folder serves one process: a pid file in the folder guards it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent / "neo4j-local"
LIB_DIR = PROJECT_DIR / "target" / "lib"
# The launcher as a jar, not target/classes: class-data sharing takes jars only.
LAUNCHER_JAR = PROJECT_DIR / "target" / "neo4j-local-1.0.0.jar"
CLASS_ARCHIVE = PROJECT_DIR / "target" / "neo4j-local.jsa"
ARCHIVE_TRIED = PROJECT_DIR / "target" / ".archive-tried"
BUILD_STAMP = PROJECT_DIR / "target" / ".built"
MAIN_CLASS = "rightsgraph.Neo4jLocal"
READY_MARK = "rightsgraph-neo4j ready"


@dataclass(frozen=True)
class Instance:
    home: Path
    port: int = 7687
    pagecache_mb: int = 512
    heap: str = "1g"

    @property
    def pid_file(self) -> Path:
        return self.home / "launcher.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "launcher.log"

    @property
    def db_dir(self) -> Path:
        """Where the launcher keeps the store: absolute, as its command line names it."""
        return (self.home / "db").resolve()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def ensure_built() -> None:
    """Fetch the Neo4j jars and compile the launcher when missing or out of date, and record
    the classes it loads at start."""
    sources = [PROJECT_DIR / "pom.xml", *PROJECT_DIR.glob("src/**/*.java")]
    newest = max(path.stat().st_mtime for path in sources)
    if not BUILD_STAMP.exists() or BUILD_STAMP.stat().st_mtime < newest:
        if shutil.which("mvn") is None or shutil.which("java") is None:
            sys.exit("neo4j-local: Java 17 and Maven are needed to build the local Neo4j")
        print("neo4j-local: fetching Neo4j jars and compiling the launcher", flush=True)
        subprocess.run(["mvn", "-q", "-B", "package"], cwd=PROJECT_DIR, check=True)
        CLASS_ARCHIVE.unlink(missing_ok=True)
        ARCHIVE_TRIED.unlink(missing_ok=True)
        BUILD_STAMP.touch()
    if not ARCHIVE_TRIED.exists():  # once per build, whether or not it works
        archive_classes()
        ARCHIVE_TRIED.touch()


def archive_classes() -> None:
    """Start and stop Neo4j once on an empty folder, recording the classes it loaded
    (class-data sharing, a dynamic archive). Later starts map them from the archive rather
    than load and verify each again: 6.4-9.6 s instead of 11.6-18.3 s on the busy 2-core
    machine. Without an archive Neo4j starts all the same, only slower."""
    print("neo4j-local: recording the classes Neo4j loads at start (once per build)", flush=True)
    partial = CLASS_ARCHIVE.with_suffix(f".{os.getpid()}.partial")
    with tempfile.TemporaryDirectory() as folder:
        instance = Instance(home=Path(folder), port=_free_port(), pagecache_mb=64, heap="512m")
        process = _spawn(instance, [f"-XX:ArchiveClassesAtExit={partial}"])
        try:
            wait_ready(instance, process, timeout_s=120.0)
        except SystemExit as failed:
            print(f"neo4j-local: no class archive: {failed}", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=120)  # the archive is written on the way out
    if partial.exists():
        partial.replace(CLASS_ARCHIVE)  # whole or not at all, should two builds race


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def running_pid(instance: Instance) -> int | None:
    """The pid of this instance's launcher, if it is running.

    A pid file can outlive its process: after kill -9 the process may be a zombie that its
    parent has not reaped yet, or gone, and its pid may since belong to another program.
    None in each of those cases (and a zombie child of ours is reaped).
    """
    try:
        pid = int(instance.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _is_launcher(pid, instance) else None


def _is_launcher(pid: int, instance: Instance) -> bool:
    """`pid` is alive (not a zombie) and runs our Java launcher on this instance's folder."""
    proc = Path("/proc") / str(pid)
    if not Path("/proc/self").exists():  # no /proc (macOS): all we can tell is that it exists
        return _exists(pid)
    try:
        state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
        arguments = (proc / "cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    if state in ("Z", "X"):
        _reap(pid)
        return False
    return MAIN_CLASS.encode() in arguments and str(instance.db_dir).encode() in arguments


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap(pid: int) -> None:
    """Collect a child's exit status, so that it stops being a zombie; others' are left."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(instance: Instance, lines: int = 40) -> str:
    try:
        return "\n".join(instance.log_file.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def start(instance: Instance, timeout_s: float = 120.0) -> int:
    """Start Neo4j in the background and wait until Bolt answers; return its pid."""
    process = launch(instance)
    wait_ready(instance, process, timeout_s)
    return process.pid


def launch(instance: Instance) -> subprocess.Popen[bytes]:
    """Start Neo4j in the background, without waiting for it."""
    pid = running_pid(instance)
    if pid is not None:
        raise SystemExit(f"neo4j-local: already running on {instance.home} (pid {pid})")
    if _port_open(instance.port):
        raise SystemExit(f"neo4j-local: port {instance.port} is taken by another process")
    ensure_built()
    archive = [f"-XX:SharedArchiveFile={CLASS_ARCHIVE}"] if CLASS_ARCHIVE.exists() else []
    return _spawn(instance, archive)


def _spawn(instance: Instance, java_options: list[str]) -> subprocess.Popen[bytes]:
    instance.home.mkdir(parents=True, exist_ok=True)
    command = [
        "java",
        f"-Xms{instance.heap}",
        f"-Xmx{instance.heap}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        *java_options,
        "-cp",
        f"{LAUNCHER_JAR}{os.pathsep}{LIB_DIR}/*",
        MAIN_CLASS,
        "--home",
        str(instance.db_dir),
        "--port",
        str(instance.port),
        "--pagecache-mb",
        str(instance.pagecache_mb),
    ]
    with instance.log_file.open("w") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    instance.pid_file.write_text(str(process.pid))
    return process


def is_ready(instance: Instance) -> bool:
    """The launcher said it is ready and Bolt accepts connections."""
    try:
        said_so = READY_MARK in instance.log_file.read_text(errors="replace")
    except FileNotFoundError:
        return False
    return said_so and _port_open(instance.port)


def wait_ready(instance: Instance, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process.poll() is not None:
            instance.pid_file.unlink(missing_ok=True)
            raise SystemExit(
                f"neo4j-local: exited with {process.returncode} before it was ready:\n"
                + _log_tail(instance)
            )
        if is_ready(instance):
            elapsed = time.monotonic() - started
            print(f"neo4j-local: ready at {instance.uri} in {elapsed:.1f}s", flush=True)
            return
        time.sleep(0.2)
    stop(instance)
    raise SystemExit(
        f"neo4j-local: Bolt did not answer within {timeout_s:.0f}s:\n" + _log_tail(instance)
    )


# A clean shutdown (SIGTERM: Bolt closes, the store is checkpointed) took 2.2-3.1 s on the
# 2-core machine, loaded or not; past this, SIGKILL, and recovery from the transaction log
# on the next start. Grace and the wait after SIGKILL keep `stop` within 5 s.
STOP_GRACE_S = 4.0
KILL_WAIT_S = 0.8


def stop(instance: Instance, grace_s: float = STOP_GRACE_S) -> bool:
    """Stop the instance by its recorded pid (SIGTERM, then SIGKILL); True if one was running."""
    pid = running_pid(instance)
    if pid is None:
        instance.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    if not _ended(pid, instance, grace_s):
        print(f"neo4j-local: no clean stop within {grace_s:.0f}s; killing pid {pid}", flush=True)
        os.kill(pid, signal.SIGKILL)
        _ended(pid, instance, KILL_WAIT_S)
    instance.pid_file.unlink(missing_ok=True)
    print(f"neo4j-local: stopped (pid {pid})", flush=True)
    return True


@contextlib.contextmanager
def scratch(port: int, prefix: str, home: Path | None = None, **sizes: Any) -> Iterator[Instance]:
    """A Neo4j started on `port` for the block, in `home` or a temporary folder named after
    `prefix` (gone afterwards), and stopped whatever happens; `sizes`: heap, pagecache_mb."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        instance = Instance(home=home or Path(folder), port=port, **sizes)
        start(instance)
        try:
            yield instance
        finally:
            stop(instance)


def _ended(pid: int, instance: Instance, within_s: float) -> bool:
    """Wait up to `within_s` for the launcher to exit (a zombie has exited)."""
    deadline = time.monotonic() + within_s
    while _is_launcher(pid, instance):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def run_with(instance: Instance, command: list[str], fresh: bool) -> int:
    """Run `command` against Neo4j: NEO4J_URI's if set, else a local one started for it."""
    if os.environ.get("NEO4J_URI"):
        return subprocess.call(command)
    if fresh and running_pid(instance) is None:
        shutil.rmtree(instance.home, ignore_errors=True)
    start(instance)
    env = {**os.environ, "NEO4J_URI": instance.uri}
    # Its own process group: Ctrl-C reaches the command once, forwarded from here, rather
    # than twice (from the terminal and from here), which made uvicorn quit without
    # running the app's shutdown.
    child = subprocess.Popen(command, env=env, process_group=0)

    def forward(signum: int, _frame: object) -> None:
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            child.wait(timeout=30)
        stop(instance)


def _instance(args: argparse.Namespace) -> Instance:
    return Instance(
        home=Path(args.home).resolve(),
        port=args.port,
        pagecache_mb=args.pagecache_mb,
        heap=args.heap,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.neo4j_local", description=__doc__)
    parser.add_argument(
        "action", choices=["start", "stop", "status", "build", "run-with", "supervise"]
    )
    parser.add_argument("--home", default=os.environ.get("NEO4J_LOCAL_HOME", ".data/neo4j"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("NEO4J_LOCAL_PORT", "7687")))
    parser.add_argument(
        "--pagecache-mb",
        type=int,
        default=int(os.environ.get("NEO4J_LOCAL_PAGECACHE_MB", "512")),
    )
    parser.add_argument("--heap", default=os.environ.get("NEO4J_LOCAL_HEAP", "1g"))
    parser.add_argument("--fresh", action="store_true", help="run-with: start on an empty folder")
    parser.add_argument("--setup", help="supervise: a command run once, before COMMAND's first")
    argv = sys.argv[1:] if argv is None else argv
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    instance = _instance(args)
    if args.action == "build":
        ensure_built()
    elif args.action == "start":
        start(instance)
    elif args.action == "stop":
        if not stop(instance):
            print("neo4j-local: not running")
    elif args.action == "status":
        pid = running_pid(instance)
        print(f"neo4j-local: running (pid {pid}) at {instance.uri}" if pid else "not running")
        return 0 if pid else 1
    else:
        if not command:
            parser.error(f"{args.action} needs a command after --")
        if args.action == "supervise":
            from graph.supervisor import supervise  # it imports this module

            return supervise(None if os.environ.get("NEO4J_URI") else instance, command, args.setup)
        return run_with(instance, command, args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
