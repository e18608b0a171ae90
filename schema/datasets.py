"""OpenLineage dataset identifiers of resources and products 数据集标识."""

from __future__ import annotations

from typing import Any

import strawberry


@strawberry.type(
    description="An OpenLineage dataset identifier 数据集标识: the namespace naming the "
    "datasource and the name of the dataset in it (https://openlineage.io/docs/spec/naming). "
    "Lineage events naming it land on the asset it identifies."
)
class DatasetIdentifier:
    namespace: str = strawberry.field(
        description="Datasource, e.g. `postgres://db.example.com:5432` or `s3://bucket` 命名空间."
    )
    name: str = strawberry.field(
        description="Dataset in the datasource, e.g. `analytics.public.orders` 数据集名称."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DatasetIdentifier:
        return cls(namespace=row["namespace"], name=row["name"])


@strawberry.input(
    description="An OpenLineage dataset identifier 数据集标识, written as the naming "
    "conventions write it for the platform (https://openlineage.io/docs/spec/naming)."
)
class DatasetIdentifierInput:
    namespace: str = strawberry.field(
        description="Datasource, e.g. `postgres://db.example.com:5432`, `s3://bucket`, "
        "`bigquery` (at most 500 characters)."
    )
    name: str = strawberry.field(
        description="Dataset in it, e.g. `analytics.public.orders` for PostgreSQL, a path for "
        "S3 (at most 1000 characters)."
    )


@strawberry.input(
    description="Identifiers to link to, or unlink from, a resource or product 关联数据集标识."
)
class LinkDatasetsInput:
    asset_id: strawberry.ID = strawberry.field(
        description="Global id of the data resource or data product."
    )
    datasets: list[DatasetIdentifierInput] = strawberry.field(
        description="The identifiers (1 to 50)."
    )
