"""A lineage answer as JSON, GraphML (networkx, Gephi) and DOT (Graphviz): asset lineage,
each asset with its columns, and column lineage."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from schema.columns import Column, ColumnLineageEdge, ColumnLineageNode
from schema.lineage import LineageEdge, LineageNode

GRAPHML = "http://graphml.graphdrawing.org/xmlns"


Columns = dict[str, list[Column]]  # asset id -> its columns at the answer's view


def _columns(columns: Columns, asset_id: str) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "type": c.type, "description": c.description}
        for c in columns.get(asset_id, [])
    ]


def to_json(
    root: str,
    nodes: list[LineageNode],
    edges: list[LineageEdge],
    names: dict[str, str],
    columns: Columns,
) -> str:
    return json.dumps(
        {
            "root": root,
            "nodes": [
                {
                    "id": root,
                    "name": names.get(root, root),
                    "depth": 0,
                    "columns": _columns(columns, root),
                }
            ]
            + [
                {
                    "id": n.asset_id,
                    "name": names.get(n.asset_id, n.asset_id),
                    "type": n.asset_type,
                    "depth": n.depth,
                    "columns": _columns(columns, n.asset_id),
                }
                for n in nodes
            ],
            "edges": [_edge(e) for e in edges],
        },
        ensure_ascii=False,
    )


def _edge(edge: LineageEdge) -> dict[str, Any]:
    return {
        "from": edge.from_id,
        "to": edge.to_id,
        "kind": edge.kind.name,
        "day": edge.day.isoformat() if edge.day else None,
        "activity": edge.activity_id,
        "performer": edge.performer_id,
        "right": edge.right_id,
    }


def to_graphml(
    root: str,
    nodes: list[LineageNode],
    edges: list[LineageEdge],
    names: dict[str, str],
    columns: Columns,
) -> str:
    ElementTree.register_namespace("", GRAPHML)
    graphml = ElementTree.Element(f"{{{GRAPHML}}}graphml")
    for key, target, name in (
        ("name", "node", "name"),
        ("type", "node", "type"),
        ("depth", "node", "depth"),
        ("columns", "node", "columns"),
        ("kind", "edge", "kind"),
        ("day", "edge", "day"),
        ("performer", "edge", "performer"),
        ("right", "edge", "right"),
    ):
        ElementTree.SubElement(
            graphml,
            f"{{{GRAPHML}}}key",
            {
                "id": key,
                "for": target,
                "attr.name": name,
                "attr.type": "int" if key == "depth" else "string",
            },
        )
    graph = ElementTree.SubElement(
        graphml, f"{{{GRAPHML}}}graph", {"id": "lineage", "edgedefault": "directed"}
    )
    for node_id, name, kind, depth in [(root, names.get(root, root), "", 0)] + [
        (n.asset_id, names.get(n.asset_id, n.asset_id), n.asset_type, n.depth) for n in nodes
    ]:
        node = ElementTree.SubElement(graph, f"{{{GRAPHML}}}node", {"id": node_id})
        shown = json.dumps(_columns(columns, node_id), ensure_ascii=False)
        for key, value in (
            ("name", name),
            ("type", kind),
            ("depth", str(depth)),
            ("columns", shown),
        ):
            data = ElementTree.SubElement(node, f"{{{GRAPHML}}}data", {"key": key})
            data.text = value
    for index, edge in enumerate(edges):
        element = ElementTree.SubElement(
            graph,
            f"{{{GRAPHML}}}edge",
            {"id": f"e{index}", "source": edge.from_id, "target": edge.to_id},
        )
        for key, value in _edge(edge).items():
            if key in ("kind", "day", "performer", "right") and value is not None:
                data = ElementTree.SubElement(element, f"{{{GRAPHML}}}data", {"key": key})
                data.text = str(value)
    return ElementTree.tostring(graphml, encoding="unicode", xml_declaration=True)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _column_list(columns: Columns, asset_id: str) -> str:
    return ", ".join(f"{c.name}: {c.type}" if c.type else c.name for c in columns.get(asset_id, []))


def to_dot(
    root: str,
    nodes: list[LineageNode],
    edges: list[LineageEdge],
    names: dict[str, str],
    columns: Columns,
) -> str:
    lines = [
        "digraph lineage {",
        "  rankdir=RL;",
        '  node [shape=box, fontname="Noto Sans CJK SC"];',
    ]
    root_columns = _quote(_column_list(columns, root))
    lines.append(
        f"  {_quote(root)} [label={_quote(names.get(root, root))}, style=bold, "
        f"columns={root_columns}];"
    )
    for node in nodes:
        shape = "ellipse" if node.asset_type == "DataProduct" else "box"
        label = names.get(node.asset_id, node.asset_id)
        listed = _quote(_column_list(columns, node.asset_id))
        lines.append(
            f"  {_quote(node.asset_id)} [label={_quote(label)}, shape={shape}, columns={listed}];"
        )
    for edge in edges:
        label = edge.kind.name + (f" {edge.day.isoformat()}" if edge.day else "")
        lines.append(f"  {_quote(edge.from_id)} -> {_quote(edge.to_id)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# Column lineage: a column is `<asset id>#<column>`, named `<asset name>.<column>`.
ColumnRef = tuple[str, str]


def _column_id(asset_id: str, column: str) -> str:
    return f"{asset_id}#{column}"


def _column_nodes(
    root: ColumnRef, nodes: list[ColumnLineageNode], names: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "id": _column_id(asset, column),
            "assetId": asset,
            "asset": names.get(asset, asset),
            "column": column,
            "depth": depth,
        }
        for asset, column, depth in [(*root, 0)] + [(n.asset_id, n.column, n.depth) for n in nodes]
    ]


def _column_edge(edge: ColumnLineageEdge) -> dict[str, Any]:
    return {
        "from": _column_id(edge.from_asset_id, edge.from_column),
        "to": _column_id(edge.to_asset_id, edge.to_column),
        "day": edge.day.isoformat() if edge.day else None,
        "activity": edge.activity_id,
        "transformations": [
            {
                "type": t.type.name,
                "subtype": t.subtype.name,
                "description": t.description,
                "masking": t.masking,
            }
            for t in edge.transformations
        ],
    }


def column_json(
    root: ColumnRef,
    nodes: list[ColumnLineageNode],
    edges: list[ColumnLineageEdge],
    names: dict[str, str],
) -> str:
    return json.dumps(
        {
            "root": _column_id(*root),
            "nodes": _column_nodes(root, nodes, names),
            "edges": [_column_edge(e) for e in edges],
        },
        ensure_ascii=False,
    )


def column_graphml(
    root: ColumnRef,
    nodes: list[ColumnLineageNode],
    edges: list[ColumnLineageEdge],
    names: dict[str, str],
) -> str:
    ElementTree.register_namespace("", GRAPHML)
    graphml = ElementTree.Element(f"{{{GRAPHML}}}graphml")
    keys = (("asset", "node"), ("column", "node"), ("depth", "node"), ("transformations", "edge"))
    for key, target in keys:
        ElementTree.SubElement(
            graphml,
            f"{{{GRAPHML}}}key",
            {
                "id": key,
                "for": target,
                "attr.name": key,
                "attr.type": "int" if key == "depth" else "string",
            },
        )
    graph = ElementTree.SubElement(
        graphml, f"{{{GRAPHML}}}graph", {"id": "columnLineage", "edgedefault": "directed"}
    )
    for node in _column_nodes(root, nodes, names):
        element = ElementTree.SubElement(graph, f"{{{GRAPHML}}}node", {"id": node["id"]})
        for key in ("asset", "column", "depth"):
            data = ElementTree.SubElement(element, f"{{{GRAPHML}}}data", {"key": key})
            data.text = str(node[key])
    for index, edge in enumerate(edges):
        shown = _column_edge(edge)
        element = ElementTree.SubElement(
            graph,
            f"{{{GRAPHML}}}edge",
            {"id": f"e{index}", "source": shown["from"], "target": shown["to"]},
        )
        data = ElementTree.SubElement(element, f"{{{GRAPHML}}}data", {"key": "transformations"})
        data.text = ",".join(f"{t['type']}/{t['subtype']}" for t in shown["transformations"])
    return ElementTree.tostring(graphml, encoding="unicode", xml_declaration=True)


def column_dot(
    root: ColumnRef,
    nodes: list[ColumnLineageNode],
    edges: list[ColumnLineageEdge],
    names: dict[str, str],
) -> str:
    lines = [
        "digraph columnLineage {",
        "  rankdir=RL;",
        '  node [shape=box, fontname="Noto Sans CJK SC"];',
    ]
    for node in _column_nodes(root, nodes, names):
        label = f"{node['asset']}.{node['column']}"
        bold = ", style=bold" if node["depth"] == 0 else ""
        lines.append(f"  {_quote(node['id'])} [label={_quote(label)}{bold}];")
    for edge in edges:
        shown = _column_edge(edge)
        label = ",".join(t["subtype"] for t in shown["transformations"])
        lines.append(f"  {_quote(shown['from'])} -> {_quote(shown['to'])} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
