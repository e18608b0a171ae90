"""Full-text search over names and descriptions (Chinese and English, CJK analyzer)."""

from __future__ import annotations

import re

from graph.db import Database, Query, Row

SEARCH = Query(
    "search.names",
    """
    CALL db.index.fulltext.queryNodes('names', $text, {limit: $limit}) YIELD node, score
    WHERE any(label IN labels(node) WHERE label IN $labels)
    RETURN node.id AS id, [label IN labels(node) WHERE label IN $labels][0] AS type,
           node.kind AS kind, score
    """,
)

# Lucene's query syntax characters; escaped so user text is searched as words.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
# Lucene's operators are words in capitals: as text they are searched as the words they are.
_LUCENE_OPERATORS = re.compile(r"\b(AND|OR|NOT|TO)\b")


def escape(text: str) -> str:
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", text)
    return _LUCENE_OPERATORS.sub(lambda word: word.group(1).lower(), escaped)


async def search_names(db: Database, text: str, labels: list[str], limit: int) -> list[Row]:
    return await db.read(SEARCH, text=escape(text), labels=labels, limit=limit)
