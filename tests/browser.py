"""What the browser tests and the explorer benchmark share: the API under uvicorn in its own
process, Debian's Chromium driven by Playwright, and pages on other origins.

Playwright is told to use /usr/bin/chromium (`make chromium` installs it with apt-get);
its own browser download is never used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Browser, Playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("RIGHTSGRAPH_CHROMIUM", "/usr/bin/chromium"))
WEB_DIST = ROOT / "web" / "dist"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_prerequisites() -> list[str]:
    """What the browser needs that is not here, with the command that brings it."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (make chromium: apt-get install chromium)")
    if not (WEB_DIST / "explorer" / "index.html").is_file():
        missing.append(f"{WEB_DIST} (make web: npm ci and vite build in web/)")
    return missing


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)


@contextmanager
def api_server(env: dict[str, str], startup_s: float = 60) -> Iterator[str]:
    """The API under uvicorn, one worker as `make run` serves it; its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += ["--loop", "asyncio"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "RIGHTSGRAPH_LOG_LEVEL": "WARNING", **env},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"the API exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("the API did not become ready")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


PORTAL_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>portal</title>
<link rel="icon" href="data:,"></head><body><h1>A portal on another origin</h1>
<pre id="out">not called yet</pre>
<script>
async function callApi(api, token) {
  const out = document.getElementById("out");
  try {
    const response = await fetch(api + "/graphql", {
      method: "POST",
      headers: {"content-type": "application/json", "authorization": "Bearer " + token},
      body: JSON.stringify({query: "{ me { role } search(text: \\"港口\\", first: 3) { score } }"}),
    });
    const body = await response.json();
    out.textContent = "answered " + response.status + " " + JSON.stringify(body.data);
    return {ok: true, status: response.status, data: body.data};
  } catch (error) {
    out.textContent = "refused: " + error;
    return {ok: false, error: String(error)};
  }
}
</script></body></html>"""


class _PortalHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PORTAL_PAGE.encode()
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def portal_origin() -> Iterator[str]:
    """A page served from its own origin (another port on this machine); its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PortalHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
