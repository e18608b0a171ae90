"""In a real browser: GraphiQL offline, the lineage explorer on the seed's story, and a portal
on another origin calling the API.

Debian's Chromium, headless, driven by Playwright, against the API under uvicorn on the
tests' Neo4j holding the seed. The browser may reach the API only: any other request
fails the GraphiQL test. Screenshots of each step go to test-output/browser/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from starlette.testclient import TestClient

from api.auth import issue_token
from api.settings import DEV_JWT_SECRET, Settings
from schema.enums import Role
from tests.browser import api_server, launch, missing_prerequisites, portal_origin
from tests.conftest import GraphQLClient
from tests.helpers import MERCHANT, PORT_COMPANY

OUT = Path(__file__).resolve().parent.parent / "test-output" / "browser"

INVESTIGATOR = issue_token(DEV_JWT_SECRET, "inspector-wang", Role.INVESTIGATOR)
RAW = "钦州港集装箱物流数据"
CLEANED = "钦州港集装箱物流数据（清洗后）"
ANONYMIZED = "钦州港物流匿名化数据集"
MODEL = "钦州港物流景气指数模型"
STORY = {RAW, CLEANED, ANONYMIZED, MODEL}


@pytest.fixture(scope="module", autouse=True)
def prerequisites() -> None:
    missing = missing_prerequisites()
    if missing:
        pytest.fail("the browser tests need " + "; ".join(missing), pytrace=False)


@pytest.fixture(scope="module")
def story(seeded_module: None, client: TestClient) -> dict[str, str]:
    """The seed, with the raw port data regraded important from 2026: its cleaned copy, still
    general, is now below the grade it inherits, a finding. Global ids by name."""
    gql = GraphQLClient(client).as_role("REGISTRAR", "450700", "city-registrar")
    resources = gql.data("{ dataResources(first: 50) { edges { node { id nameZh } } } }")
    ids = {e["node"]["nameZh"]: e["node"]["id"] for e in resources["dataResources"]["edges"]}
    revised = gql.data(
        """mutation ($id: ID!) { reviseDataResource(input: {resourceId: $id,
             effectiveFrom: "2026-01-01", grade: IMPORTANT,
             reason: "港口集装箱数据列入重要数据目录"}) { __typename } }""",
        {"id": ids[RAW]},
    )
    assert revised["reviseDataResource"]["__typename"] == "DataResource"
    return ids


@pytest.fixture(scope="module")
def portals() -> Iterator[tuple[str, str]]:
    """Two pages on other origins: the first is allowed to call the API, the second not."""
    with portal_origin() as allowed, portal_origin() as refused:
        yield allowed, refused


@pytest.fixture(scope="module")
def api(settings: Settings, story: dict[str, str], portals: tuple[str, str]) -> Iterator[str]:
    env = {
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "RIGHTSGRAPH_ENVIRONMENT": "test",
        "RIGHTSGRAPH_CORS_ORIGINS": portals[0],
    }
    with api_server(env) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="zh-CN"
    )
    yield context
    context.close()


def shot(page: Page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"))


def only_the_api(context: BrowserContext, api: str) -> list[str]:
    """Fail every request that is not to the API; the list of those tried."""
    outside: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith((api, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    return outside


# --- GraphiQL ---------------------------------------------------------------------------


def set_editor(page: Page, selector: str, text: str) -> None:
    page.locator(selector).first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)  # as pasted: no auto-closed brackets


def test_graphiql_renders_offline_and_runs_a_query_with_a_token(
    context: BrowserContext, api: str
) -> None:
    outside = only_the_api(context, api)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{api}/graphql")
    page.locator(".graphiql-container").wait_for(timeout=30_000)
    page.get_by_role("button", name="Show GraphiQL Explorer").wait_for()
    shot(page, "graphiql-1-loaded")

    set_editor(page, ".graphiql-query-editor .monaco-editor", "{ me { subject role } }")
    page.get_by_text("Headers", exact=True).click()
    set_editor(
        page,
        '.monaco-editor[data-uri$="headers.json"]',
        json.dumps({"Authorization": f"Bearer {INVESTIGATOR}"}),
    )
    page.locator(".graphiql-execute-button").click()
    response = page.locator(".graphiql-response")
    response.get_by_text('"INVESTIGATOR"').wait_for()
    assert "inspector-wang" in response.inner_text()
    shot(page, "graphiql-2-query-with-token")

    page.get_by_role("button", name="Show GraphiQL Explorer").click()
    page.locator(".graphiql-explorer-root, .docExplorerWrap").first.wait_for()
    assert page.get_by_text("lineagePaths").first.is_visible()
    shot(page, "graphiql-3-explorer-plugin")

    assert outside == []
    assert errors == []


# --- the lineage explorer ----------------------------------------------------------------


def open_explorer(context: BrowserContext, api: str, token: str | None = INVESTIGATOR) -> Page:
    page = context.new_page()
    page.goto(f"{api}/explorer")
    if token:
        page.get_by_placeholder(re.compile("令牌")).fill(token)
        page.get_by_role("button", name="登录").click()
        page.get_by_test_id("role").get_by_text("调查人员").wait_for()
    else:
        page.get_by_test_id("role").get_by_text("匿名访问").wait_for()
    return page


def draws(page: Page) -> int:
    return int(page.evaluate("window.rightsgraphExplorer?.drawn ?? 0"))


def wait_drawn(page: Page, after: int) -> None:
    page.wait_for_function(f"(window.rightsgraphExplorer?.drawn ?? 0) > {after}")


def start_at(page: Page, text: str, hit: str) -> None:
    before = draws(page)
    search = page.get_by_role("searchbox")
    search.fill(text)
    search.press("Enter")
    page.get_by_test_id("hits").get_by_role("button", name=hit).first.click()
    wait_drawn(page, before)


def names(page: Page) -> set[str]:
    labels = page.evaluate("window.rightsgraphExplorer.cy.nodes().map(n => n.data('label'))")
    return {label.split("\n")[0] for label in labels}


def hops(page: Page) -> set[tuple[str, str, str]]:
    """(from, to, label) of every drawn edge, flowing from sources to products."""
    rows = page.evaluate(
        """window.rightsgraphExplorer.cy.edges().map(e => [
            e.source().data('label').split('\\n')[0],
            e.target().data('label').split('\\n')[0],
            e.data('label')])"""
    )
    return {(a, b, label) for a, b, label in rows}


def classes_of(page: Page, name: str) -> list[str]:
    found: list[str] = page.evaluate(
        """name => window.rightsgraphExplorer.cy.nodes()
            .filter(n => n.data('label').split('\\n')[0] === name)[0].classes()""",
        name,
    )
    return found


def click_node(page: Page, name: str) -> None:
    x, y = page.evaluate(
        """name => {
            const cy = window.rightsgraphExplorer.cy;
            const node = cy.nodes().filter(n => n.data('label').split('\\n')[0] === name)[0];
            const box = cy.container().getBoundingClientRect();
            const p = node.renderedPosition();
            return [box.left + p.x, box.top + p.y];
        }""",
        name,
    )
    page.mouse.click(x, y)
    page.get_by_test_id("details-title").get_by_text(name, exact=True).wait_for()


def test_explorer_draws_the_seed_story_both_ways_with_labelled_hops(
    context: BrowserContext, api: str
) -> None:
    page = open_explorer(context, api)
    start_at(page, "物流景气指数", MODEL)
    assert names(page) == STORY
    assert hops(page) == {
        (RAW, CLEANED, "清洗 · 2024-03-20 · 数据资源持有权"),
        (CLEANED, ANONYMIZED, "匿名化 · 2024-03-25 · 数据资源持有权"),
        (ANONYMIZED, MODEL, "产品生成 · 2024-04-10 · 数据加工使用权"),
    }
    status = page.get_by_test_id("graph-status").inner_text()
    assert "4 节点 · 3 边" in status
    assert "上游: 完整" in status
    assert "product" in classes_of(page, MODEL)
    assert "root" in classes_of(page, MODEL)
    shot(page, "explorer-1-seed-story")

    before = draws(page)
    page.get_by_label("深度").fill("1")
    wait_drawn(page, before)
    assert names(page) == {MODEL, ANONYMIZED}
    assert "结果被截断" in page.get_by_test_id("graph-status").inner_text()
    shot(page, "explorer-2-depth-1-truncated")


def test_explorer_shows_rights_registrations_grants_and_trades_on_click(
    context: BrowserContext, api: str
) -> None:
    page = open_explorer(context, api)
    start_at(page, "QZG-WL-0001", RAW)  # a catalogue code
    click_node(page, RAW)
    rights = page.get_by_test_id("rights")
    rights.get_by_text(PORT_COMPANY).first.wait_for()
    assert MERCHANT in rights.inner_text()  # its processing-and-use licence
    registrations = page.get_by_test_id("registrations")
    registrations.get_by_text("QZSJ-2024-000001").wait_for()
    certificate = r"QZSJ-2024-000001 \(\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d\)"
    assert re.search(certificate, registrations.inner_text())
    # Its own request, answered in any order with the others.
    page.get_by_test_id("grants").get_by_text(MERCHANT).first.wait_for()
    shot(page, "explorer-3-rights-on-click")

    click_node(page, MODEL)
    page.get_by_test_id("trades").get_by_text("QZJY-2024-000002").wait_for()
    assert "VN" in page.get_by_test_id("trades").inner_text()
    shot(page, "explorer-4-trades-of-the-model")


def test_explorer_changes_with_the_as_of_date(context: BrowserContext, api: str) -> None:
    page = open_explorer(context, api)
    start_at(page, "QZG-WL-0001", RAW)
    assert names(page) == STORY
    assert "grade-IMPORTANT" in classes_of(page, RAW)  # regraded from 2026

    for day, expected in [
        ("2024-03-22", {RAW, CLEANED}),
        ("2024-04-01", {RAW, CLEANED, ANONYMIZED}),
        ("2025-06-01", STORY),
    ]:
        before = draws(page)
        page.get_by_label("查询日期").fill(day)
        wait_drawn(page, before)
        assert names(page) == expected, day
        shot(page, f"explorer-5-as-of-{day}")
    assert "grade-GENERAL" in classes_of(page, RAW)  # not yet important in 2025


def test_explorer_marks_a_finding_and_traces_a_problems_impact(
    context: BrowserContext, api: str
) -> None:
    page = open_explorer(context, api)
    start_at(page, "QZG-WL-0001", RAW)
    findings = page.get_by_test_id("findings")
    findings.get_by_text("GRADE_BELOW_INHERITED").wait_for()
    assert CLEANED in findings.inner_text()
    assert "finding" in classes_of(page, CLEANED)
    assert "finding" not in classes_of(page, ANONYMIZED)  # anonymization ends inheritance
    shot(page, "explorer-6-finding")

    click_node(page, RAW)
    page.get_by_role("button", name="问题影响分析").click()
    impact = page.get_by_test_id("impact")
    impact.get_by_text("应通知").wait_for()
    text = impact.inner_text()
    assert MERCHANT in text and "越南北越跨境物流股份公司" in text
    assert "QZJY-2024-000002" in text
    assert "affected" in classes_of(page, MODEL)
    shot(page, "explorer-7-impact")


def test_explorer_explains_why_the_model_is_downstream_of_the_raw_data(
    context: BrowserContext, api: str
) -> None:
    page = open_explorer(context, api)
    start_at(page, "物流景气指数", MODEL)
    click_node(page, RAW)
    page.get_by_role("button", name="设为上游 A").click()
    click_node(page, MODEL)
    page.get_by_role("button", name="设为下游 B").click()
    page.get_by_role("button", name="解释路径").click()
    why = page.get_by_test_id("why")
    why.get_by_text("路径 1").wait_for()
    steps = why.locator("ol.hops > li").all_inner_texts()
    assert [step.split("\n")[0] for step in steps] == [
        f"{RAW} → {CLEANED}",
        f"{CLEANED} → {ANONYMIZED}",
        f"{ANONYMIZED} → {MODEL}",
    ]
    assert f"清洗 · 2024-03-20 · 数据资源持有权 · 执行 {PORT_COMPANY}" in steps[0]
    assert all("path" in classes_of(page, name) for name in STORY)
    shot(page, "explorer-8-why-downstream")


def export(page: Page, choice: str) -> Path:
    page.get_by_label("导出").select_option(choice)
    with page.expect_download() as download:
        page.get_by_role("button", name="导出", exact=True).click()
    path = OUT / "downloads" / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_explorer_exports_the_picture_and_the_data(context: BrowserContext, api: str) -> None:
    page = open_explorer(context, api)
    start_at(page, "QZG-WL-0001", RAW)

    png = export(page, "PNG")
    assert png.name.endswith(".png") and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = export(page, "SVG")
    assert "<svg" in svg.read_text()[:500]
    graphml = export(page, "GRAPHML:DOWNSTREAM")
    graph: Any = nx.read_graphml(graphml)
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    dot = export(page, "DOT:UPSTREAM")
    assert dot.read_text().lstrip().startswith(("digraph", "strict digraph"))
    data = json.loads(export(page, "JSON:DOWNSTREAM").read_text())
    assert len(data["nodes"]) >= 3
    shot(page, "explorer-9-exported")


def test_explorer_switches_every_label_to_english(context: BrowserContext, api: str) -> None:
    page = open_explorer(context, api)
    start_at(page, "物流景气指数", MODEL)
    page.get_by_test_id("lang").click()
    page.get_by_role("button", name="Search").wait_for()
    assert "Qinzhou port container logistics data" in names(page)
    assert (
        "Qinzhou port container logistics data",
        "Qinzhou port container logistics data, cleaned",
        "Clean · 2024-03-20 · Data resource holding right",
    ) in hops(page)
    assert "investigator" in page.get_by_test_id("who").inner_text()
    shot(page, "explorer-10-english")


def test_anonymous_browses_the_public_catalogue_without_rights(
    context: BrowserContext, api: str
) -> None:
    page = open_explorer(context, api, token=None)
    start_at(page, "市场主体", "钦州市市场主体登记信息")
    assert names(page) == {"钦州市市场主体登记信息"}
    assert "血缘需登录" in page.get_by_test_id("graph-status").inner_text()
    click_node(page, "钦州市市场主体登记信息")
    page.get_by_test_id("rights").get_by_text("当前角色无权查看").wait_for()
    assert "登录为调查" in page.get_by_test_id("findings").inner_text()
    shot(page, "explorer-11-anonymous")


def test_a_bad_token_is_refused_in_the_explorer(context: BrowserContext, api: str) -> None:
    page = context.new_page()
    page.goto(f"{api}/explorer")
    page.get_by_placeholder(re.compile("令牌")).fill("not-a-token")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("alert").get_by_text("令牌无效或已过期").wait_for()


# --- a portal on another origin ----------------------------------------------------------


def test_a_page_on_an_allowed_origin_calls_the_api(
    context: BrowserContext, api: str, portals: tuple[str, str]
) -> None:
    page = context.new_page()
    page.goto(portals[0])
    result = page.evaluate("([api, token]) => callApi(api, token)", [api, INVESTIGATOR])
    assert result["ok"] and result["status"] == 200
    assert result["data"]["me"]["role"] == "INVESTIGATOR"
    shot(page, "cors-1-allowed-origin")


def test_a_page_on_another_origin_is_refused(
    context: BrowserContext, api: str, portals: tuple[str, str]
) -> None:
    page = context.new_page()
    page.goto(portals[1])
    result = page.evaluate("([api, token]) => callApi(api, token)", [api, INVESTIGATOR])
    assert not result["ok"] and "Failed to fetch" in result["error"]
    shot(page, "cors-2-refused-origin")
