"""Search results."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from schema.labels import labelled
from schema.party import Party
from schema.product import DataProduct
from schema.region import Region
from schema.resource import DataResource

SearchResult = Annotated[
    Region | Party | DataResource | DataProduct,
    strawberry.union("SearchResult", description="A record found by search 检索结果."),
]


@strawberry.enum(description="Kinds of record that search covers 检索对象类型.")
class SearchType(Enum):
    REGION = labelled("REGION", "行政区划", "Regions")
    PARTY = labelled("PARTY", "主体", "Parties")
    DATA_RESOURCE = labelled("DATA_RESOURCE", "数据资源", "Data resources")
    DATA_PRODUCT = labelled("DATA_PRODUCT", "数据产品", "Data products")


@strawberry.type(description="A search hit with its relevance 检索命中.")
class SearchHit:
    score: float = strawberry.field(description="Relevance; higher is better.")
    node: SearchResult = strawberry.field(description="The record found.")
