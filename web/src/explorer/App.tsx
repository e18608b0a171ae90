// The lineage explorer: find an asset, draw its lineage, read who holds what on a date.
import type { Core } from "cytoscape";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import {
  EnumLabelsDocument,
  FindingsDocument,
  LineageDocument,
  LineageExportDocument,
  LineagePathsDocument,
  MeDocument,
  ResourceHistoryDocument,
  ResourcesByCodeDocument,
  SearchDocument,
  type ExportFormat,
  type FindingsQuery,
  type LineageDirection,
  type LineagePathsQuery,
  type LineageQuery,
  type MeQuery,
  type ResourcesByCodeQuery,
} from "../generated/graphql";
import { ApiError, call, query, readable } from "./api";
import { Details } from "./Details";
import {
  createCy,
  draw,
  edgeLabel,
  mark,
  markPath,
  mergeWalks,
  pngBlob,
  relabel,
  svgText,
  type Asset,
  type GraphNode,
  type LineageGraph,
} from "./graph";
import { named, t, enumLabel, type Labels, type Lang } from "./i18n";

type Direction = "BOTH" | LineageDirection;
type Finding = FindingsQuery["findings"]["items"][number];

const TOKEN_KEY = "rightsgraph.token";
const LANG_KEY = "rightsgraph.lang";
// A catalogue code such as QZG-WL-0001 or SYN-7-00000042: letters and digits joined by dashes.
const CATALOG_CODE = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$/;

declare global {
  interface Window {
    /** For tests and the benchmark: the Cytoscape instance and the last draw. */
    rightsgraphExplorer?: {
      cy: Core;
      drawn: number;
      lastDrawMs: number | null;
      /** The last draw's parts: answers received, then laid out and drawn. */
      lastParts?: { answersMs: number; layoutMs: number };
    };
  }
}

function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

function download(name: string, content: Blob | string, type: string): void {
  const blob = typeof content === "string" ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function describe(error: unknown, lang: Lang): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t("tokenRefused", lang);
    if (error.code === "FORBIDDEN") return `${t("forbidden", lang)}: ${error.message}`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh"));
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [tokenDraft, setTokenDraft] = useState("");
  const [me, setMe] = useState<MeQuery["me"] | null>(null);
  const [labels, setLabels] = useState<Labels>(new Map());
  const [error, setError] = useState<string | null>(null);

  const [text, setText] = useState("");
  const [hits, setHits] = useState<Asset[] | null>(null);
  const [root, setRoot] = useState<Asset | null>(null);
  const [direction, setDirection] = useState<Direction>("BOTH");
  const [depth, setDepth] = useState(5);
  const [budget, setBudget] = useState(500);
  const [asOf, setAsOf] = useState(today);
  const [asRecordedAt, setAsRecordedAt] = useState("");

  const [graph, setGraph] = useState<LineageGraph | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [lineageHidden, setLineageHidden] = useState(false);
  const [selected, setSelected] = useState<GraphNode | null>(null);
  const [findings, setFindings] = useState<Finding[] | "forbidden" | null>(null);
  const [affected, setAffected] = useState<string[]>([]);
  const [exportChoice, setExportChoice] = useState("PNG");
  const [pathA, setPathA] = useState<GraphNode | null>(null);
  const [pathB, setPathB] = useState<GraphNode | null>(null);
  const [paths, setPaths] = useState<LineagePathsQuery["lineagePaths"] | null>(null);

  const cyContainer = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const graphRef = useRef<LineageGraph | null>(null);
  const searchStarted = useRef<number | null>(null);

  const recordedAtIso = asRecordedAt ? new Date(asRecordedAt).toISOString() : null;

  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);

  // Who the caller is, and the labels of every enum value.
  useEffect(() => {
    setMe(null);
    setError(null);
    query(MeDocument, {}, token)
      .then((data) => setMe(data.me))
      .catch((e) => setError(describe(e, lang)));
  }, [token]);
  useEffect(() => {
    query(EnumLabelsDocument, {}, null)
      .then((data) =>
        setLabels(new Map(data.enumLabels.map((l) => [`${l.enumName}.${l.value}`, { zh: l.labelZh, en: l.labelEn }]))),
      )
      .catch((e) => setError(describe(e, lang)));
  }, []);

  // The picture.
  useEffect(() => {
    if (!cyContainer.current) return;
    const cy = createCy(cyContainer.current);
    cyRef.current = cy;
    window.rightsgraphExplorer = { cy, drawn: 0, lastDrawMs: null };
    cy.on("tap", "node", (event) => {
      const node = graphRef.current?.nodes.get(event.target.id());
      if (node) setSelected(node);
    });
    cy.on("tap", (event) => {
      if (event.target === cy) setSelected(null);
    });
    return () => cy.destroy();
  }, []);

  const signIn = (event: React.FormEvent) => {
    event.preventDefault();
    const value = tokenDraft.trim().replace(/^Bearer\s+/i, "");
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    setToken(value);
    setTokenDraft("");
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };

  const search = async (event: React.FormEvent) => {
    event.preventDefault();
    const words = text.trim();
    if (!words) return;
    searchStarted.current = performance.now();
    setError(null);
    try {
      const found: Asset[] = [];
      const data = await query(SearchDocument, { text: words, first: 20 }, token);
      for (const hit of data.search) {
        if (hit.node.__typename === "DataResource" || hit.node.__typename === "DataProduct") found.push(hit.node as Asset);
      }
      if (CATALOG_CODE.test(words) && !found.some((a) => a.__typename === "DataResource" && a.catalogCode === words)) {
        const byCode = await findByCode(words, token);
        if (byCode) found.unshift(byCode);
      }
      setHits(found);
    } catch (e) {
      setError(describe(e, lang));
    }
  };

  const choose = (asset: Asset) => {
    setSelected(null);
    setAffected([]);
    setPathA(null);
    setPathB(null);
    setPaths(null);
    setRoot(asset);
  };

  const explain = async () => {
    if (!pathA?.asset || !pathB?.asset) return;
    try {
      const data = await query(
        LineagePathsDocument,
        { downstreamId: pathB.asset.id, upstreamId: pathA.asset.id },
        token,
      );
      setPaths(data.lineagePaths);
      if (cyRef.current) markPath(cyRef.current, data.lineagePaths.flatMap((p) => p.hops));
    } catch (e) {
      setError(describe(e, lang));
    }
  };

  // Walk and draw whenever the start or a control changes.
  useEffect(() => {
    if (!root || !cyRef.current) return;
    let cancelled = false;
    const started = searchStarted.current ?? performance.now();
    setDrawing(true);
    setError(null);
    const directions: LineageDirection[] = direction === "BOTH" ? ["UPSTREAM", "DOWNSTREAM"] : [direction];
    Promise.all([
      rootAsOf(root, asOf, recordedAtIso, token),
      ...directions.map((d) =>
        readable(
          LineageDocument,
          { assetId: root.id, direction: d, depth, budget, asOf: asOf || null, asRecordedAt: recordedAtIso },
          token,
        ).then(
          (data) => data.lineage,
          (e) => {
            // Anonymous callers and viewers read the catalogue, not lineage: draw the start.
            if (e instanceof ApiError && e.code === "FORBIDDEN") return null;
            throw e;
          },
        ),
      ),
    ])
      .then(async ([start, ...answers]) => {
        if (cancelled || !cyRef.current) return;
        const walks = answers.filter((w) => w !== null) as LineageQuery["lineage"][];
        setLineageHidden(walks.length < answers.length);
        const answered = performance.now();
        const merged = mergeWalks(root, start as Asset | null, walks);
        graphRef.current = merged;
        await draw(cyRef.current, merged, labels, lang);
        if (cancelled) return;
        setGraph(merged);
        const state = window.rightsgraphExplorer;
        if (state) {
          const now = performance.now();
          state.drawn += 1;
          state.lastDrawMs = now - started;
          state.lastParts = { answersMs: answered - started, layoutMs: now - answered };
        }
        searchStarted.current = null;
        document.body.dataset.graphState = "drawn";
        document.body.dataset.drawn = String(state?.drawn ?? 0);
      })
      .catch((e) => {
        if (!cancelled) setError(describe(e, lang));
      })
      .finally(() => {
        if (!cancelled) setDrawing(false);
      });
    return () => {
      cancelled = true;
    };
    // Labels and language are applied by relabel below, without walking again.
  }, [root, direction, depth, budget, asOf, recordedAtIso, token]);

  useEffect(() => {
    if (cyRef.current && graphRef.current) relabel(cyRef.current, graphRef.current, labels, lang);
  }, [labels, lang]);

  // Findings, for the roles that may read them, marked on the graph.
  useEffect(() => {
    if (!me || !graph) return;
    let cancelled = false;
    call(FindingsDocument, { first: 200 }, token)
      .then((answer) => {
        if (cancelled) return;
        if (answer.errors.some((e) => e.extensions?.code === "FORBIDDEN")) setFindings("forbidden");
        else if (answer.data) setFindings(answer.data.findings.items);
      })
      .catch((e) => setError(describe(e, lang)));
    return () => {
      cancelled = true;
    };
  }, [me, graph, token]);

  const graphFindings = useMemo(() => {
    if (!graph || !Array.isArray(findings)) return [];
    return findings.filter((f) => f.nodeIds.some((id) => graph.nodes.has(id)));
  }, [graph, findings]);

  useEffect(() => {
    if (!cyRef.current) return;
    mark(cyRef.current, "finding", graphFindings.flatMap((f) => f.nodeIds));
  }, [graphFindings]);

  useEffect(() => {
    if (cyRef.current) mark(cyRef.current, "affected", affected);
  }, [affected, graph]);

  const exportNow = async () => {
    const cy = cyRef.current;
    if (!cy || !root) return;
    const base = `lineage-${(root.__typename === "DataResource" ? root.catalogCode : root.nameEn ?? root.uid)
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .toLowerCase()}-${asOf}`;
    try {
      if (exportChoice === "PNG") return download(`${base}.png`, pngBlob(cy), "image/png");
      if (exportChoice === "SVG") return download(`${base}.svg`, svgText(cy), "image/svg+xml");
      const [format, walkDirection] = exportChoice.split(":") as [ExportFormat, LineageDirection];
      const data = await query(
        LineageExportDocument,
        { assetId: root.id, direction: walkDirection, depth, budget, asOf: asOf || null, asRecordedAt: recordedAtIso, format },
        token,
      );
      const extension = { JSON: "json", GRAPHML: "graphml", DOT: "dot" }[format];
      const type = { JSON: "application/json", GRAPHML: "application/xml", DOT: "text/vnd.graphviz" }[format];
      download(`${base}-${walkDirection.toLowerCase()}.${extension}`, data.lineage.export, type);
    } catch (e) {
      setError(describe(e, lang));
    }
  };

  const walks = graph?.walks ?? [];
  const exportDirections: LineageDirection[] = direction === "BOTH" ? ["UPSTREAM", "DOWNSTREAM"] : [direction];
  const nameOf = useCallback(
    (uid: string) => {
      const node = graphRef.current?.nodes.get(uid);
      return node?.asset ? named(node.asset, lang) : uid.slice(0, 8);
    },
    [lang],
  );

  return (
    <div className="app">
      <header>
        <h1>rightsgraph · {t("title", lang)}</h1>
        <a href="/graphql">{t("graphiql", lang)}</a>
        <span className="spacer" />
        <span className="who" data-testid="who">
          {me ? (
            <>
              {me.role === "ANONYMOUS" ? t("anonymous", lang) : me.subject} ·{" "}
              <strong data-testid="role">{enumLabel(labels, "Role", me.role, lang)}</strong>
              {me.regionCode ? ` · ${me.regionCode}` : ""}
            </>
          ) : (
            "…"
          )}
        </span>
        {token ? (
          <button onClick={signOut}>{t("signOut", lang)}</button>
        ) : (
          <form onSubmit={signIn}>
            <input
              aria-label={t("token", lang)}
              placeholder={t("tokenHint", lang)}
              value={tokenDraft}
              onChange={(e) => setTokenDraft(e.target.value)}
            />{" "}
            <button type="submit">{t("signIn", lang)}</button>
          </form>
        )}
        <button onClick={() => setLang(lang === "zh" ? "en" : "zh")} data-testid="lang">
          {lang === "zh" ? "English" : "中文"}
        </button>
      </header>
      <main>
        <aside>
          <form onSubmit={search}>
            <input
              type="search"
              aria-label={t("search", lang)}
              placeholder={t("searchHint", lang)}
              value={text}
              onChange={(e) => setText(e.target.value)}
              style={{ width: "13rem" }}
            />{" "}
            <button type="submit" className="primary">
              {t("search", lang)}
            </button>
          </form>
          {error && (
            <div className="error" role="alert">
              {error}
            </div>
          )}
          {hits && (
            <ul className="hits" data-testid="hits">
              {hits.length === 0 && <li className="muted">{t("noHits", lang)}</li>}
              {hits.map((hit) => (
                <li key={hit.id}>
                  <button onClick={() => choose(hit)} data-id={hit.id}>
                    {named(hit, lang)}
                    <br />
                    <small>
                      {hit.__typename === "DataResource"
                        ? `${t("resource", lang)} · ${hit.catalogCode}`
                        : `${t("product", lang)} · ${enumLabel(labels, "ProductKind", hit.kind, lang)}`}
                    </small>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h2>{root ? named(root, lang) : t("title", lang)}</h2>
          <label>
            <span>{t("direction", lang)}</span>
            <select value={direction} onChange={(e) => setDirection(e.target.value as Direction)} aria-label={t("direction", lang)}>
              <option value="BOTH">{t("both", lang)}</option>
              <option value="UPSTREAM">{t("upstream", lang)}</option>
              <option value="DOWNSTREAM">{t("downstream", lang)}</option>
            </select>
          </label>
          <label>
            <span>{t("depth", lang)}</span>
            <input
              type="number"
              min={1}
              max={20}
              value={depth}
              aria-label={t("depth", lang)}
              onChange={(e) => setDepth(Math.min(20, Math.max(1, Number(e.target.value) || 1)))}
            />
          </label>
          <label>
            <span>{t("budget", lang)}</span>
            <select value={budget} onChange={(e) => setBudget(Number(e.target.value))} aria-label={t("budget", lang)}>
              {[50, 200, 500, 1000, 2000, 5000].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("asOf", lang)}</span>
            <input type="date" value={asOf} aria-label={t("asOf", lang)} onChange={(e) => setAsOf(e.target.value)} />
          </label>
          <label>
            <span>{t("asRecordedAt", lang)}</span>
            <input
              type="datetime-local"
              value={asRecordedAt}
              aria-label={t("asRecordedAt", lang)}
              onChange={(e) => setAsRecordedAt(e.target.value)}
            />
            {!asRecordedAt && <small className="muted"> {t("now", lang)}</small>}
          </label>
          <h2>{t("findings", lang)}</h2>
          <div data-testid="findings">
            {findings === "forbidden" && <p className="muted">{t("findingsHidden", lang)}</p>}
            {Array.isArray(findings) && graphFindings.length === 0 && <p className="muted">{t("noFindings", lang)}</p>}
            {graphFindings.map((f, i) => (
              <div className="finding-item" key={i}>
                <strong>{f.rule}</strong> ({f.article}){f.day ? ` · ${f.day}` : ""}
                <br />
                {lang === "zh" ? f.messageZh : f.message}
                <br />
                <small>{f.nodeIds.filter((id) => graph?.nodes.has(id)).map(nameOf).join(", ")}</small>
              </div>
            ))}
          </div>
          <h2>{t("legend", lang)}</h2>
          <div className="legend">
            <span style={{ background: "#dbeafe" }}>{enumLabel(labels, "DataCategory", "PUBLIC", lang)}</span>
            <span style={{ background: "#dcfce7" }}>{enumLabel(labels, "DataCategory", "ENTERPRISE", lang)}</span>
            <span style={{ background: "#ffedd5" }}>{enumLabel(labels, "DataCategory", "PERSONAL", lang)}</span>
            <span style={{ background: "#ede9fe", borderColor: "#6d28d9" }}>{t("product", lang)}</span>
            <span style={{ borderWidth: 3, borderColor: "#d97706" }}>{enumLabel(labels, "DataGrade", "IMPORTANT", lang)}</span>
            <span style={{ borderWidth: 4, borderStyle: "double", borderColor: "#b91c1c" }}>
              {enumLabel(labels, "DataGrade", "CORE", lang)}
            </span>
            <span style={{ borderColor: "#dc2626", borderStyle: "dashed", borderWidth: 3 }}>{t("findings", lang)}</span>
            <span style={{ background: "#fef08a" }}>{t("affectedProducts", lang)}</span>
          </div>
        </aside>
        <div className="graph-area">
          <div className="graph-bar">
            <span data-testid="graph-status">
              {drawing
                ? t("loading", lang)
                : graph
                  ? `${graph.nodes.size} ${t("nodes", lang)} · ${graph.edges.size} ${t("edges", lang)} · `
                  : t("clickHint", lang)}
              {!drawing &&
                walks.map((w) => (
                  <span key={w.direction} className={w.truncated ? "truncated" : ""}>
                    {w.direction === "UPSTREAM" ? t("upstream", lang) : t("downstream", lang)}:{" "}
                    {w.truncated
                      ? `${t("truncated", lang)}${w.beyond ? ` (${t("beyond", lang)} ${w.beyond})` : ""}`
                      : t("complete", lang)}{" "}
                  </span>
                ))}
              {!drawing && lineageHidden && <span className="truncated">{t("lineageHidden", lang)}</span>}
            </span>
            <span className="spacer" style={{ flex: 1 }} />
            <select value={exportChoice} onChange={(e) => setExportChoice(e.target.value)} aria-label={t("export", lang)}>
              <option value="PNG">PNG ({t("picture", lang)})</option>
              <option value="SVG">SVG ({t("picture", lang)})</option>
              {exportDirections.flatMap((d) =>
                (["GRAPHML", "DOT", "JSON"] as const).map((f) => (
                  <option key={`${f}:${d}`} value={`${f}:${d}`}>
                    {f === "GRAPHML" ? "GraphML" : f} ({t("data", lang)}, {d === "UPSTREAM" ? t("upstream", lang) : t("downstream", lang)})
                  </option>
                )),
              )}
            </select>
            <button onClick={exportNow} disabled={!graph}>
              {t("export", lang)}
            </button>
          </div>
          <div id="cy" ref={cyContainer} data-testid="graph" />
        </div>
        <section className="details" data-testid="details">
          {selected ? (
            <Details
              key={`${selected.uid}:${asOf}:${recordedAtIso}`}
              node={selected}
              token={token}
              lang={lang}
              labels={labels}
              asOf={asOf}
              asRecordedAt={recordedAtIso}
              cy={cyRef.current}
              nameOf={nameOf}
              onAffected={setAffected}
              findings={graphFindings.filter((f) => f.nodeIds.includes(selected.uid))}
              onSetA={(node) => {
                setPathA(node);
                setPaths(null);
              }}
              onSetB={(node) => {
                setPathB(node);
                setPaths(null);
              }}
            />
          ) : (
            <p className="muted">{t("clickHint", lang)}</p>
          )}
          {(pathA || pathB) && (
            <div data-testid="why">
              <h2>{t("why", lang)}</h2>
              <p>
                A: {pathA ? nameOf(pathA.uid) : "—"}
                <br />
                B: {pathB ? nameOf(pathB.uid) : "—"}
              </p>
              <button onClick={explain} disabled={!pathA || !pathB} className="primary">
                {t("explain", lang)}
              </button>
              {paths && paths.length === 0 && <p>{t("noPath", lang)}</p>}
              {paths?.map((p, i) => (
                <div key={i}>
                  <h3>
                    {t("path", lang)} {i + 1}
                  </h3>
                  <ol className="hops">
                    {[...p.hops].reverse().map((hop, j) => (
                      <li key={j}>
                        {nameOf(hop.toId)} → {nameOf(hop.fromId)}
                        <br />
                        <small>
                          {edgeLabel(hop, labels, lang)} · {t("by", lang)} {named(hop.performer, lang)}
                        </small>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          )}
        </section>
      </main>
    </div>
  );
}

/** The start as the view sees it: the record of the resource valid on `asOf` and current at
 * `asRecordedAt` (null when there is none); today's record when the role may not read history. */
async function rootAsOf(
  root: Asset,
  asOf: string,
  asRecordedAt: string | null,
  token: string | null,
): Promise<Asset | null> {
  if (root.__typename !== "DataResource") return root;
  const answer = await call(ResourceHistoryDocument, { id: root.id }, token);
  const node = answer.data?.node;
  if (!node || !("history" in node)) return root;
  const at = asRecordedAt ? Date.parse(asRecordedAt) : Date.now();
  const found = node.history.find(
    (r) =>
      r.validFrom <= asOf &&
      (!r.validTo || asOf < r.validTo) &&
      Date.parse(r.recordedAt) <= at &&
      (!r.supersededAt || at < Date.parse(r.supersededAt)),
  );
  return found ? (found as Asset) : null;
}

/** Resources are read in catalogue-code order until the code is passed (a few pages at most). */
async function findByCode(code: string, token: string | null): Promise<Asset | null> {
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const data: ResourcesByCodeQuery = await query(ResourcesByCodeDocument, { first: 200, after }, token);
    for (const edge of data.dataResources.edges) {
      if (edge.node.catalogCode === code) return edge.node as Asset;
      if (edge.node.catalogCode > code) return null;
    }
    if (!data.dataResources.pageInfo.hasNextPage) return null;
    after = data.dataResources.pageInfo.endCursor;
  }
  return null;
}

