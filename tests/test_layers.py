"""The layers import in one direction only (ARCHITECTURE.md): a test that fails when an import
breaks it, type-only imports included.

    python -m tests.test_layers      # prints the import graph between packages
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "schema", "resolvers", "seed", "api")

# What each package may import of ours, besides itself.
ALLOWED: dict[str, set[str]] = {
    "graph": set(),
    "schema": {"graph"},
    "resolvers": {"graph", "schema"},
    "seed": {"graph", "schema", "resolvers"},
    "api": {"graph", "schema", "resolvers", "seed"},
}
# graph/ is the Neo4j layer: it knows nothing of GraphQL.
FORBIDDEN_THIRD_PARTY = {"graph": {"strawberry", "graphql"}}


def imports_of(path: Path) -> set[str]:
    """Top-level names of every module `path` imports, at run time or for types only."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def package_imports(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """For each package: the other packages of ours and the third-party names it imports,
    each with the modules that import them."""
    graph: dict[str, dict[str, list[str]]] = {}
    for package in PACKAGES:
        edges: dict[str, list[str]] = defaultdict(list)
        for path in sorted((root / package).rglob("*.py")):
            for name in imports_of(path) - {package}:
                edges[name].append(str(path.relative_to(root)))
        graph[package] = dict(edges)
    return graph


def test_each_package_imports_only_the_layers_below_it() -> None:
    breaches = [
        f"{package} imports {other} in {', '.join(modules)}"
        for package, edges in package_imports().items()
        for other, modules in edges.items()
        if other in PACKAGES and other not in ALLOWED[package]
    ]
    assert breaches == []


def test_the_graph_layer_knows_nothing_of_graphql() -> None:
    edges = package_imports()["graph"]
    assert {name: edges[name] for name in FORBIDDEN_THIRD_PARTY["graph"] if name in edges} == {}


def test_the_check_sees_a_breach(tmp_path: Path) -> None:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "graph" / "bad.py").write_text("from resolvers.context import Context\n")
    assert package_imports(tmp_path)["graph"] == {"resolvers": ["graph/bad.py"]}


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    for package, edges in package_imports(root).items():
        ours = sorted(name for name in edges if name in PACKAGES)
        print(f"{package:10} -> {', '.join(ours) or '(none)'}")


if __name__ == "__main__":
    main()
