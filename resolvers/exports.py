"""A lineage answer as JSON, GraphML (networkx, Gephi) and DOT (Graphviz)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from schema.lineage import LineageEdge, LineageNode

GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def to_json(
    root: str, nodes: list[LineageNode], edges: list[LineageEdge], names: dict[str, str]
) -> str:
    return json.dumps(
        {
            "root": root,
            "nodes": [{"id": root, "name": names.get(root, root), "depth": 0}]
            + [
                {
                    "id": n.asset_id,
                    "name": names.get(n.asset_id, n.asset_id),
                    "type": n.asset_type,
                    "depth": n.depth,
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
    root: str, nodes: list[LineageNode], edges: list[LineageEdge], names: dict[str, str]
) -> str:
    ElementTree.register_namespace("", GRAPHML)
    graphml = ElementTree.Element(f"{{{GRAPHML}}}graphml")
    for key, target, name in (
        ("name", "node", "name"),
        ("type", "node", "type"),
        ("depth", "node", "depth"),
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
        for key, value in (("name", name), ("type", kind), ("depth", str(depth))):
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


def to_dot(
    root: str, nodes: list[LineageNode], edges: list[LineageEdge], names: dict[str, str]
) -> str:
    lines = [
        "digraph lineage {",
        "  rankdir=RL;",
        '  node [shape=box, fontname="Noto Sans CJK SC"];',
    ]
    lines.append(f"  {_quote(root)} [label={_quote(names.get(root, root))}, style=bold];")
    for node in nodes:
        shape = "ellipse" if node.asset_type == "DataProduct" else "box"
        label = names.get(node.asset_id, node.asset_id)
        lines.append(f"  {_quote(node.asset_id)} [label={_quote(label)}, shape={shape}];")
    for edge in edges:
        label = edge.kind.name + (f" {edge.day.isoformat()}" if edge.day else "")
        lines.append(f"  {_quote(edge.from_id)} -> {_quote(edge.to_id)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
