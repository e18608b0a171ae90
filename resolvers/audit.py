"""The audit trail, the rules the registry checks, and who the caller is."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.audit import AUDIT_EVENTS, audit_filter_params
from graph.domain import Role
from resolvers.context import Context
from resolvers.fields import PAGE, arg, paged
from resolvers.ids import filter_id
from resolvers.pagination import PageArgs, paginate
from resolvers.registration_workflow import recorded_operations
from resolvers.rules import RULES, mode_of
from schema.audit import AuditEvent, AuditEventConnection, AuditFilter, Me, RuleInfo
from schema.enums import AuditSortField, SortDirection
from schema.permissions import CanReadAudit

Info = strawberry.Info[Context, None]
RECORD_TYPES = ("Party", "DataResource", "DataProduct", "Right", "Registration", "Region")


async def list_audit_events(
    info: Info, filter: AuditFilter | None, args: PageArgs
) -> AuditEventConnection:
    ctx = info.context
    filter = filter or AuditFilter()
    filters = audit_filter_params(
        actor=filter.actor,
        operations=recorded_operations(filter.operations) if filter.operations else None,
        affected_id=filter_id(filter.affected_id, "filter.affectedId", *RECORD_TYPES),
        since=filter.since,
        until=filter.until,
    )
    return await paginate(
        ctx, AuditEventConnection, AUDIT_EVENTS, filters, args, AuditEvent.from_row
    )


def list_rules(info: Info) -> list[RuleInfo]:
    modes = info.context.rule_modes
    return [
        RuleInfo(
            code=rule.code,
            number=rule.number,
            article=rule.article,
            title=rule.title_en,
            title_zh=rule.title_zh,
            mode=mode_of(rule.code, modes).value,
        )
        for rule in RULES.values()
    ]


def me(info: Info) -> Me:
    ctx = info.context
    return Me(
        subject=ctx.actor.subject,
        role=Role[ctx.actor.role],
        region_code=ctx.actor.region_code,
        abilities=sorted(ability.name for ability in ctx.abilities),
    )


@strawberry.type(description="Reading the audit trail 审计.")
class AuditQuery:
    @strawberry.field(
        description="The audit trail: who recorded what, when 审计记录.",
        permission_classes=[CanReadAudit],
    )
    @paged(AuditSortField.AT, SortDirection.DESC, fixed=True)
    async def audit_events(
        self,
        info: Info,
        filter: Annotated[AuditFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
    ) -> AuditEventConnection:
        return await list_audit_events(info, filter, page)
