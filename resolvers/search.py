"""Full-text search in Chinese and English over names and descriptions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Annotated, Any

import strawberry

from graph.domain import Ability, ErrorCode
from graph.search import search_names
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.fields import Info, arg
from schema.search import SearchHit, SearchType

LABELS = {
    SearchType.REGION: "Region",
    SearchType.PARTY: "Party",
    SearchType.DATA_RESOURCE: "DataResource",
    SearchType.DATA_PRODUCT: "DataProduct",
}
MAX_HITS = 100
# Han characters are indexed as pairs, one query clause each: Lucene refuses over 1,024.
MAX_TEXT = 200


async def search(
    info: strawberry.Info[Context, None], text: str, types: list[SearchType] | None, first: int
) -> list[SearchHit]:
    ctx = info.context
    text = text.strip()
    if not text:
        raise QueryInputError(
            ErrorCode.INVALID_INPUT, "text", "give some text to search for", "请输入检索内容"
        )
    if len(text) > MAX_TEXT:
        raise QueryInputError(
            ErrorCode.INVALID_INPUT,
            "text",
            f"search for at most {MAX_TEXT} characters",
            f"检索内容最多{MAX_TEXT}个字符",
        )
    if not 1 <= first <= MAX_HITS:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "first", f"between 1 and {MAX_HITS}")
    labels = [LABELS[t] for t in (types or list(SearchType))]
    rows = await search_names(ctx.db, text, labels, first)
    shown = [
        row
        for row in rows
        if not (row["type"] == "Party" and row.get("kind") == "INDIVIDUAL")
        or ctx.can(Ability.SEE_PERSONAL_DATA)
    ]
    # All loads at once, so each loader batches its hits into one statement.
    nodes = await asyncio.gather(*(_load(ctx, row["type"], row["id"]) for row in shown))
    return [
        SearchHit(score=row["score"], node=node)
        for row, node in zip(shown, nodes, strict=True)
        if node is not None
    ]


def _load(ctx: Context, type: str, node_id: str) -> Awaitable[Any]:
    loaders = ctx.loaders
    if type == "Region":
        return loaders.region.load(node_id)
    if type == "Party":
        return loaders.party.load(node_id)
    if type == "DataResource":
        return loaders.resource.load((node_id, ctx.present))
    return loaders.product.load((node_id, ctx.present))


@strawberry.type(description="Reading search 检索.")
class SearchQuery:
    @strawberry.field(
        description="Full-text search in Chinese and English over names and descriptions 全文检索."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, arg("Words to find, e.g. 港口物流 or port logistics.")],
        types: Annotated[
            list[SearchType] | None, arg("Only these kinds of record; all when omitted.")
        ] = None,
        first: Annotated[int, arg("How many hits, best first (1–100).")] = 20,
    ) -> list[SearchHit]:
        return await search(info, text, types, first)
