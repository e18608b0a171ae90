"""The browser side: the home page, the lineage explorer and GraphiQL, from the local web build.

`web/` is built by npm (`make web`) into `web/dist`: `explorer/index.html`,
`graphiql/index.html` and hashed assets under `assets/`, all referenced below
`/static/`. Nothing is loaded from another host, so the pages work offline.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

EXPLORER_PAGE = Path("explorer") / "index.html"
GRAPHIQL_PAGE = Path("graphiql") / "index.html"


def _not_built(dist: Path, what: str) -> Response:
    body = (
        f"<!doctype html><meta charset=utf-8><title>{escape(what)} not built</title>"
        f"<p>The {escape(what)} is not built: run <code>make web</code> "
        f"(npm ci and vite build in <code>web/</code>), expected in <code>{escape(str(dist))}"
        "</code>.</p>"
    )
    return HTMLResponse(body, status_code=503)


def built_page(dist: Path, page: Path, what: str) -> Response:
    path = dist / page
    if not path.is_file():
        return _not_built(dist, what)
    return HTMLResponse(path.read_text(encoding="utf-8"))


def home_page(graphiql: bool) -> HTMLResponse:
    graphiql_item = (
        '<li><a href="/graphql">GraphiQL</a>: try queries, with the schema\'s documentation and '
        "an explorer; put a token in the headers</li>"
        if graphiql
        else ""
    )
    return HTMLResponse(
        "<!doctype html><html lang=zh-CN><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        "<title>rightsgraph 数据要素权属登记</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;"
        "padding:0 1rem}</style>"
        "<h1>rightsgraph</h1><p>钦州市数据要素市场 — a registry of data assets and the rights "
        "over them.</p><ul>"
        '<li><a href="/explorer">Lineage explorer 血缘浏览</a>: trace where data came from, '
        "who holds which right, what a problem touches</li>"
        f"{graphiql_item}"
        "<li><code>POST /graphql</code>: the GraphQL API</li>"
        '<li><a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a></li></ul>'
    )


Endpoint = Callable[[Request], Awaitable[Response]]


def explorer_endpoint(dist: Path) -> Endpoint:
    async def explorer(request: Request) -> Response:
        return built_page(dist, EXPLORER_PAGE, "lineage explorer")

    return explorer


def home_endpoint(graphiql: bool) -> Endpoint:
    async def home(request: Request) -> Response:
        return home_page(graphiql)

    return home
