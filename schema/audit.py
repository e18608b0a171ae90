"""The audit trail and the registry's rules, as the API shows them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from graph.domain import Role
from schema.connections import CountedConnection
from schema.context import Info
from schema.loading import records_of


@strawberry.type(description="One write to the registry, with who made it and why 审计事件.")
class AuditEvent(strawberry.relay.Node):
    uid: strawberry.relay.NodeID[str] = strawberry.field(description="Id of the event.")
    at: datetime = strawberry.field(description="When the write committed 时间.")
    actor: str = strawberry.field(description="Subject of the token that made it 操作人.")
    actor_role: str = strawberry.field(description="Role of that token 角色.")
    actor_region: str | None = strawberry.field(
        description="Jurisdiction of a registrar's token 辖区."
    )
    operation: str = strawberry.field(description="The mutation, e.g. `registerDataResource`.")
    inputs: JSON = strawberry.field(description="The inputs as given 输入.")
    affected_ids: list[str] = strawberry.field(
        description="Registry ids of the records created or changed, the main one first."
    )
    idempotency_key: str | None = strawberry.field(description="The client's idempotency key.")

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[AuditEvent | None]:
        return await records_of(info, "AuditEvent", node_ids, cls.from_row)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditEvent:
        return cls(
            uid=row["id"],
            at=row["at"],
            actor=row["actor"],
            actor_role=row["actorRole"],
            actor_region=row.get("actorRegion"),
            operation=row["operation"],
            inputs=json.loads(row["inputs"]),
            affected_ids=list(row.get("affectedIds") or []),
            idempotency_key=row.get("idempotencyKey"),
        )


@strawberry.input(description="Filters of the audit trail 审计筛选条件; all given must hold.")
class AuditFilter:
    actor: str | None = strawberry.field(default=None, description="Only this actor's writes.")
    operations: list[str] | None = strawberry.field(
        default=None, description="Only these operations (mutation names)."
    )
    affected_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only writes that touched this record (global id)."
    )
    since: datetime | None = strawberry.field(default=None, description="At or after this time.")
    until: datetime | None = strawberry.field(default=None, description="Before this time.")


@strawberry.type(description="A page of audit events 审计列表.")
class AuditEventConnection(CountedConnection[AuditEvent]):
    pass


@strawberry.type(description="A rule the registry checks on write 登记校验规则.")
class RuleInfo:
    code: str = strawberry.field(description="Stable code; also the error code of a breach.")
    number: int | None = strawberry.field(
        description="Its number among the domain's rules checked on write."
    )
    article: str = strawberry.field(description="Article of the Qinzhou rules 条款.")
    title: str = strawberry.field(description="What it requires, in English.")
    title_zh: str = strawberry.field(description="What it requires, in Chinese 规则说明.")
    mode: str = strawberry.field(
        description="enforce (refuse), warn (accept and record a finding) or off 执行模式."
    )


@strawberry.type(description="The caller as the API sees it 当前调用者.")
class Me:
    subject: str = strawberry.field(description="Subject of the token; `anonymous` without one.")
    role: Role = strawberry.field(description="Role 角色.")
    region_code: str | None = strawberry.field(description="Jurisdiction, for registrars 辖区.")
    abilities: list[str] = strawberry.field(description="What the role may do 权限.")
