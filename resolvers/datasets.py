"""Linking resources and products to the OpenLineage datasets they are (namespace + name),
so that lineage events naming a dataset land on the registered asset.

An identifier names one asset at a time. Linking one that names another registered asset
is refused (`DATASET_ALREADY_LINKED`, naming it); one that names a resource ingestion made
for a dataset nobody had linked (unregistered) moves to the registered asset: the
unregistered resource keeps the lineage recorded on it, and later events land on the
registered asset.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry
from pydantic import Field

from graph import datasets as graph_datasets
from graph.domain import ErrorCode
from graph.history import STATE_OF
from resolvers.context import Context
from resolvers.dataset_naming import MAX_NAME, MAX_NAMESPACE, canonical, naming_problem
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import Key, arg, result_union, writes
from resolvers.ids import decode_id
from resolvers.jurisdiction import timeline_in_jurisdiction
from resolvers.validation import InputModel, validated
from resolvers.views import written_record
from resolvers.writes import Locks, Write, dataset_lock, plain_inputs, run_write
from schema.datasets import LinkDatasetsInput
from schema.errors import Rejection, UserError
from schema.product import DataProduct
from schema.resource import DataResource

Info = strawberry.Info[Context, None]
MAX_IDENTIFIERS = 50
Identifier = tuple[str, str]


class IdentifierModel(InputModel):
    namespace: str = Field(min_length=1, max_length=MAX_NAMESPACE)
    name: str = Field(min_length=1, max_length=MAX_NAME)


class IdentifierList(InputModel):
    datasets: list[IdentifierModel] = Field(max_length=MAX_IDENTIFIERS)


def dataset_identifiers(raw: list[dict[str, Any]] | None, field: str) -> list[Identifier]:
    """The identifiers of an input, canonical and each once; a Refusal names the one at
    fault (`input.datasets.2.name`) and the convention it breaks."""
    if not raw:
        return []
    try:
        checked = validated(IdentifierList, {"datasets": raw})
    except Refusal as refused:
        for error in refused.errors:
            error.field = (error.field or "").replace("input.datasets", field, 1)
        raise
    problems: list[UserError] = []
    found: dict[Identifier, None] = {}
    for index, identifier in enumerate(checked.datasets):
        namespace, name = canonical(identifier.namespace, identifier.name)
        problem = naming_problem(namespace, name)
        if problem is not None:
            problems.append(
                user_error(
                    ErrorCode.INVALID_INPUT,
                    f"{field}.{index}.{problem.field}",
                    problem.message,
                    problem.message_zh,
                )
            )
        found[(namespace, name)] = None
    if problems:
        raise Refusal(*problems)
    return list(found)


def identifier_key(identifier: Identifier) -> str:
    return graph_datasets.dataset_key(*identifier)


def identifier_locks(identifiers: list[Identifier]) -> tuple[str, ...]:
    """The lock keys a write that links these identifiers takes (graph/locks.py)."""
    return tuple(dataset_lock(identifier_key(identifier)) for identifier in identifiers)


async def link_datasets(
    write: Write, asset_id: str, identifiers: list[Identifier], field: str
) -> list[str]:
    """Link the identifiers to the asset, inside a write holding their keys' locks; the ids
    of the identifier records written."""
    keys = [identifier_key(identifier) for identifier in identifiers]
    current = await graph_datasets.linked(write.tx, keys)
    taken = [
        user_error(
            ErrorCode.DATASET_ALREADY_LINKED,
            f"{field}.{index}",
            f"dataset {namespace} {name} already identifies another registered "
            f"{row['type']}; unlink it there first (unlinkDatasets)",
            f"数据集（命名空间{namespace}，名称{name}）已关联另一已登记数据资产，请先解除该关联",
            existing=(row["type"], row["assetId"]),
        )
        for index, ((namespace, name), key) in enumerate(zip(identifiers, keys, strict=True))
        if (row := current.get(key)) is not None
        and row["assetId"] != asset_id
        and not row["unregistered"]
    ]
    if taken:
        write.refuse(*taken)
    rows = [
        {
            "key": key,
            "namespace": namespace,
            "name": name,
            "assetId": asset_id,
            "newId": str(uuid.uuid4()),
        }
        for (namespace, name), key in zip(identifiers, keys, strict=True)
    ]
    written = await graph_datasets.link(write.tx, rows, write.now)
    for row in written:
        if row["created"]:
            write.created[row["datasetId"]] = None
    return [row["datasetId"] for row in written]


async def unlink_datasets(write: Write, asset_id: str, keys: list[str]) -> list[str]:
    return [
        row["datasetId"] for row in await graph_datasets.unlink(write.tx, asset_id, keys, write.now)
    ]


async def replace_datasets(write: Write, asset_id: str, identifiers: list[Identifier]) -> list[str]:
    """The asset is identified by exactly these identifiers from now on (a revision)."""
    wanted = {identifier_key(identifier) for identifier in identifiers}
    dropped = [
        key for key in await graph_datasets.current_keys(write.tx, asset_id) if key not in wanted
    ]
    return [
        *await unlink_datasets(write, asset_id, dropped),
        *await link_datasets(write, asset_id, identifiers, "input.datasets"),
    ]


def _asset(value: str) -> tuple[str, str]:
    return decode_id(value, "input.assetId", "DataResource", "DataProduct")


async def _change_links(
    info: Info, input: LinkDatasetsInput, idempotency_key: str | None, operation: str
) -> DataResource | DataProduct:
    ctx = info.context
    raw = plain_inputs(input)
    asset_type, asset_id = _asset(input.asset_id)
    identifiers = dataset_identifiers(raw["datasets"], "input.datasets")
    if not identifiers:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.datasets",
                "name at least one dataset",
                "请至少列出一个数据集",
            )
        )

    async def work(write: Write) -> list[str]:
        await timeline_in_jurisdiction(write, asset_type, asset_id, "input.assetId")
        if operation == "linkDatasets":
            changed = await link_datasets(write, asset_id, identifiers, "input.datasets")
        else:
            keys = [identifier_key(identifier) for identifier in identifiers]
            changed = await unlink_datasets(write, asset_id, keys)
        return [asset_id, *changed]

    written = await run_write(
        ctx,
        operation,
        raw,
        work,
        idempotency_key,
        Locks(keys=identifier_locks(identifiers), entities=(asset_id,)),
    )
    convert = DataResource.from_state if asset_type == "DataResource" else DataProduct.from_state
    return await written_record(ctx, written, STATE_OF[asset_type], convert)


@answers_refusals
async def link(info: Info, input: LinkDatasetsInput, key: str | None) -> DataResource | DataProduct:
    return await _change_links(info, input, key, "linkDatasets")


@answers_refusals
async def unlink(
    info: Info, input: LinkDatasetsInput, key: str | None
) -> DataResource | DataProduct:
    return await _change_links(info, input, key, "unlinkDatasets")


DataAssetResult = Annotated[
    DataResource | DataProduct | Rejection,
    result_union(
        "DataAssetResult", "The resource or product, or why the write was refused 数据资产写入结果."
    ),
]


@strawberry.type(description="Linking assets to OpenLineage datasets 数据集关联.")
class DatasetMutation:
    @writes(
        "Link a resource or product to OpenLineage dataset identifiers 关联数据集标识: lineage "
        "events naming them then land on it. An identifier another registered asset has is "
        "refused; one only an unregistered dataset has moves here."
    )
    async def link_datasets(
        self,
        info: Info,
        input: Annotated[LinkDatasetsInput, arg("The asset and the identifiers.")],
        idempotency_key: Key = None,
    ) -> DataAssetResult:
        return await link(info, input, idempotency_key)

    @writes(
        "Unlink OpenLineage dataset identifiers from a resource or product 解除数据集关联; "
        "events naming them then make an unregistered dataset again."
    )
    async def unlink_datasets(
        self,
        info: Info,
        input: Annotated[LinkDatasetsInput, arg("The asset and the identifiers.")],
        idempotency_key: Key = None,
    ) -> DataAssetResult:
        return await unlink(info, input, idempotency_key)
