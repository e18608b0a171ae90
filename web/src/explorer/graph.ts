// The lineage picture: Cytoscape.js with the dagre layered layout, sources at the top and
// products at the bottom. Nodes are styled by kind, category and grade; edges carry the
// activity, its day and the right it was done under.
import cytoscape from "cytoscape";
import type { Core, ElementDefinition, StylesheetJson } from "cytoscape";
import dagre from "cytoscape-dagre";
import svg from "cytoscape-svg";

import type { LineageQuery } from "../generated/graphql";
import { enumLabel, named, t, type Labels, type Lang } from "./i18n";

cytoscape.use(dagre);
cytoscape.use(svg);

type Walk = LineageQuery["lineage"];
type WalkNode = Walk["nodes"][number];
type WalkEdge = Walk["edges"][number];
export type Asset = NonNullable<WalkNode["asset"]>;

export interface GraphNode {
  uid: string;
  asset: Asset | null;
  assetType: string;
  /** Hops from the start: negative upstream, positive downstream. */
  level: number;
  root: boolean;
  /** The start's record of today, to name it where it is not valid on the view's date. */
  today?: Asset;
}

export interface GraphEdge {
  id: string;
  /** The asset derived. */
  fromId: string;
  /** What it derives from. */
  toId: string;
  kind: WalkEdge["kind"];
  day: string | null;
  right: WalkEdge["right"];
}

export interface LineageGraph {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  walks: Walk[];
}

/** One graph from the start asset (`atView`: as the view sees it, null when it is not valid
 * then) and its walks upstream and/or downstream. */
export function mergeWalks(root: Asset, atView: Asset | null, walks: Walk[]): LineageGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  nodes.set(root.uid, {
    uid: root.uid,
    asset: atView,
    assetType: root.__typename,
    level: 0,
    root: true,
    today: root,
  });
  for (const walk of walks) {
    const sign = walk.direction === "UPSTREAM" ? -1 : 1;
    for (const node of walk.nodes) {
      if (nodes.has(node.assetId)) continue;
      nodes.set(node.assetId, {
        uid: node.assetId,
        asset: node.asset ?? null,
        assetType: node.assetType,
        level: sign * node.depth,
        root: false,
      });
    }
    for (const edge of walk.edges) {
      const id = `${edge.toId}->${edge.fromId}:${edge.kind}:${edge.day ?? ""}`;
      if (!edges.has(id)) edges.set(id, { id, ...edge });
    }
  }
  // A walk stopped by its budget may name assets at the edge of the answer: drop their hops.
  for (const [id, edge] of edges) {
    if (!nodes.has(edge.fromId) || !nodes.has(edge.toId)) edges.delete(id);
  }
  return { nodes, edges, walks };
}

function nodeLabel(node: GraphNode, labels: Labels, lang: Lang): string {
  const asset = node.asset;
  if (!asset) return `${node.today ? named(node.today, lang) : `${node.uid.slice(0, 8)}…`}\n(${t("notValid", lang)})`;
  const name = named(asset, lang);
  const detail =
    asset.__typename === "DataResource"
      ? [enumLabel(labels, "DataCategory", asset.category, lang), enumLabel(labels, "DataGrade", asset.grade, lang)]
      : [enumLabel(labels, "ProductKind", asset.kind, lang)];
  return `${name}\n${detail.filter(Boolean).join(" · ")}`;
}

export function edgeLabel(edge: Pick<GraphEdge, "kind" | "day" | "right">, labels: Labels, lang: Lang): string {
  return [
    enumLabel(labels, "ActivityKind", edge.kind, lang),
    edge.day ?? "",
    edge.right ? enumLabel(labels, "RightKind", edge.right.kind, lang) : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function elements(graph: LineageGraph, labels: Labels, lang: Lang): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  for (const node of graph.nodes.values()) {
    const asset = node.asset;
    const classes = [
      node.assetType === "DataProduct" ? "product" : "resource",
      asset && asset.__typename === "DataResource" ? `category-${asset.category}` : "",
      asset && asset.__typename === "DataResource" ? `grade-${asset.grade}` : "",
      node.root ? "root" : "",
      asset ? "" : "invalid",
    ];
    out.push({
      group: "nodes",
      data: { id: node.uid, label: nodeLabel(node, labels, lang), level: node.level },
      classes: classes.filter(Boolean).join(" "),
    });
  }
  for (const edge of graph.edges.values()) {
    out.push({
      group: "edges",
      data: {
        id: edge.id,
        source: edge.toId,
        target: edge.fromId,
        kind: edge.kind,
        label: edgeLabel(edge, labels, lang),
      },
    });
  }
  return out;
}

const STYLE: StylesheetJson = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "200px",
      "text-valign": "center",
      "text-halign": "center",
      "font-size": 13,
      "font-family": "sans-serif",
      width: 214,
      height: 58,
      shape: "round-rectangle",
      "background-color": "#f1f5f9",
      "border-width": 1,
      "border-color": "#64748b",
      color: "#0f172a",
      "min-zoomed-font-size": 6,
    },
  },
  { selector: "node.product", style: { shape: "cut-rectangle", "background-color": "#ede9fe", "border-color": "#6d28d9" } },
  { selector: "node.category-PUBLIC", style: { "background-color": "#dbeafe" } },
  { selector: "node.category-ENTERPRISE", style: { "background-color": "#dcfce7" } },
  { selector: "node.category-PERSONAL", style: { "background-color": "#ffedd5" } },
  { selector: "node.grade-GENERAL", style: { "border-width": 1 } },
  { selector: "node.grade-IMPORTANT", style: { "border-width": 3, "border-color": "#d97706" } },
  { selector: "node.grade-CORE", style: { "border-width": 5, "border-style": "double", "border-color": "#b91c1c" } },
  { selector: "node.invalid", style: { opacity: 0.45, "border-style": "dotted" } },
  {
    selector: "node.root",
    style: { "underlay-color": "#2563eb", "underlay-opacity": 0.25, "underlay-padding": 7, "font-weight": "bold" },
  },
  { selector: "node.affected", style: { "underlay-color": "#facc15", "underlay-opacity": 0.6, "underlay-padding": 9 } },
  {
    selector: "node.finding",
    style: { "border-color": "#dc2626", "border-style": "dashed", "border-width": 4, color: "#991b1b" },
  },
  { selector: "node:selected", style: { "overlay-color": "#0ea5e9", "overlay-opacity": 0.25, "overlay-padding": 6 } },
  { selector: "node.path", style: { "underlay-color": "#dc2626", "underlay-opacity": 0.35, "underlay-padding": 9 } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#94a3b8",
      "target-arrow-color": "#94a3b8",
      "target-arrow-shape": "triangle",
      "curve-style": "bezier",
      label: "data(label)",
      "font-size": 11,
      color: "#334155",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
      "min-zoomed-font-size": 7,
    },
  },
  { selector: "edge[kind = 'ANONYMIZE']", style: { "line-color": "#16a34a", "target-arrow-color": "#16a34a" } },
  { selector: "edge.path", style: { width: 4, "line-color": "#dc2626", "target-arrow-color": "#dc2626" } },
];

const LARGE_STYLE: StylesheetJson = [
  { selector: "edge", style: { "curve-style": "haystack", label: "" } },
  { selector: "node", style: { label: "" } },
  { selector: "node:selected, node.path, node.finding, node.root", style: { label: "data(label)" } },
];

export function createCy(container: HTMLElement): Core {
  return cytoscape({
    container,
    style: STYLE,
    minZoom: 0.05,
    maxZoom: 3,
    // Smooth on large answers: draw a cached texture while panning and zooming.
    textureOnViewport: true,
    hideEdgesOnViewport: true,
  });
}

/** Above this many assets, dagre's crossing minimization takes tens of seconds (5,000 assets:
 * 39 s here), so the picture is laid out in rows by hops from the start instead. */
export const LARGE = 600;

const ROW_GAP = 150;
const COLUMN_GAP = 240;
const ROW_WIDTH = 60; // assets per row before a level wraps onto the next

/** Rows by hops from the start (upstream above, downstream below), each level ordered by
 * the mean position of its neighbours in the level before it, then after it (two
 * barycentre sweeps): a layered picture in linear time, for answers too large for dagre. */
export function levelPositions(graph: LineageGraph): Map<string, { x: number; y: number }> {
  const levels = new Map<number, string[]>();
  for (const node of graph.nodes.values()) {
    const row = levels.get(node.level) ?? [];
    row.push(node.uid);
    levels.set(node.level, row);
  }
  const neighbours = new Map<string, string[]>();
  for (const edge of graph.edges.values()) {
    (neighbours.get(edge.fromId) ?? neighbours.set(edge.fromId, []).get(edge.fromId)!).push(edge.toId);
    (neighbours.get(edge.toId) ?? neighbours.set(edge.toId, []).get(edge.toId)!).push(edge.fromId);
  }
  const order = [...levels.keys()].sort((a, b) => a - b);
  const index = new Map<string, number>();
  const place = (level: number) => levels.get(level)!.forEach((uid, i) => index.set(uid, i));
  order.forEach(place);
  const sweep = (levelsInTurn: number[], previous: (level: number) => number) => {
    for (const level of levelsInTurn) {
      const before = previous(level);
      if (!levels.has(before)) continue;
      const row = levels.get(level)!;
      const weight = new Map<string, number>();
      for (const uid of row) {
        const near = (neighbours.get(uid) ?? []).filter((n) => graph.nodes.get(n)?.level === before);
        weight.set(uid, near.length ? near.reduce((sum, n) => sum + index.get(n)!, 0) / near.length : index.get(uid)!);
      }
      row.sort((a, b) => weight.get(a)! - weight.get(b)!);
      place(level);
    }
  };
  sweep(order.slice(1), (level) => level - 1);
  sweep([...order].reverse().slice(1), (level) => level + 1);

  const positions = new Map<string, { x: number; y: number }>();
  let y = 0;
  for (const level of order) {
    const row = levels.get(level)!;
    for (let start = 0; start < row.length; start += ROW_WIDTH) {
      const part = row.slice(start, start + ROW_WIDTH);
      part.forEach((uid, i) => positions.set(uid, { x: (i - (part.length - 1) / 2) * COLUMN_GAP, y }));
      y += ROW_GAP;
    }
    y += ROW_GAP / 2;
  }
  return positions;
}

/** Replaces the picture with `graph` and lays it out; resolves once it has been drawn. */
export function draw(cy: Core, graph: LineageGraph, labels: Labels, lang: Lang): Promise<void> {
  const large = graph.nodes.size > LARGE;
  cy.elements().remove();
  // Straight "haystack" edges draw many times faster than bezier curves; at the zoom that
  // shows thousands of assets no label is legible anyway, so they appear on selection.
  cy.style(large ? [...STYLE, ...LARGE_STYLE] : STYLE);
  const added = elements(graph, labels, lang);
  if (large) {
    // Positions go in with the elements: a layout pass over thousands of nodes costs more.
    const positions = levelPositions(graph);
    for (const element of added) {
      if (element.group === "nodes") element.position = positions.get(element.data.id as string);
    }
  }
  cy.add(added);
  const done = new Promise<void>((resolve) => {
    cy.one("render", () => requestAnimationFrame(() => resolve()));
  });
  const finish = () => {
    cy.resize();
    cy.fit(undefined, 24);
    // A short lineage should read at its natural size, not be blown up to fill the view.
    if (cy.zoom() > 1.2) {
      cy.zoom(1.2);
      cy.center();
    }
  };
  if (large) {
    finish();
    return done;
  }
  const layout = cy.layout({
    name: "dagre",
    rankDir: "TB",
    nodeSep: 40,
    rankSep: 70,
    edgeSep: 20,
    ranker: "network-simplex",
    fit: false,
    animate: false,
  } as cytoscape.LayoutOptions);
  layout.one("layoutstop", finish);
  layout.run();
  return done;
}

/** New labels in another language, without moving anything. */
export function relabel(cy: Core, graph: LineageGraph, labels: Labels, lang: Lang): void {
  cy.batch(() => {
    for (const node of graph.nodes.values()) cy.getElementById(node.uid).data("label", nodeLabel(node, labels, lang));
    for (const edge of graph.edges.values()) cy.getElementById(edge.id).data("label", edgeLabel(edge, labels, lang));
  });
}

export function mark(cy: Core, className: string, uids: Iterable<string>): void {
  cy.batch(() => {
    cy.elements(`.${className}`).removeClass(className);
    for (const uid of uids) cy.getElementById(uid).addClass(className);
  });
}

/** Highlights the hops of a path (derived asset, what it derives from). */
export function markPath(cy: Core, hops: { fromId: string; toId: string }[]): void {
  cy.batch(() => {
    cy.elements(".path").removeClass("path");
    for (const hop of hops) {
      cy.getElementById(hop.fromId).addClass("path");
      cy.getElementById(hop.toId).addClass("path");
      cy.edges(`[source = "${hop.toId}"][target = "${hop.fromId}"]`).addClass("path");
    }
  });
}

export function pngBlob(cy: Core): Blob {
  return cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 8000, maxHeight: 8000 });
}

export function svgText(cy: Core): string {
  return (cy as unknown as { svg(options: object): string }).svg({ full: true, bg: "#ffffff" });
}
