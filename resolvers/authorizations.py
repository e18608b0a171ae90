"""Granting authorizations, and suspending, revoking or reinstating rights with cascade."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from pydantic import Field, field_validator

from graph import authorizations, parties, registrations
from graph.domain import ErrorCode
from graph.history import Span, revise
from resolvers.containment import Grant, containment_violations, holder_violations
from resolvers.context import Context
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations, timeline_in_jurisdiction
from resolvers.pagination import PageArgs, paginate
from resolvers.regions import subtree_path
from resolvers.rights import create_right
from resolvers.validation import InputModel, valid_to_after_valid_from, validated
from resolvers.writes import Locks, Write, plain_inputs, run_write
from schema.authorization import (
    Authorization,
    AuthorizationConnection,
    AuthorizationFilter,
    GrantAuthorizationInput,
    RightStatusChange,
    RightStatusInput,
)
from schema.enums import (
    AuthorizationKind,
    AuthorizationSortField,
    Duty,
    LegalBasis,
    Purpose,
    RightKind,
)
from schema.errors import Rejection
from schema.permissions import CanReadRegistry

Info = strawberry.Info[Context, None]


class AuthorizationGrant(InputModel):
    kind: AuthorizationKind
    parent_right_id: str
    grantor_id: str
    grantee_id: str
    right_kind: RightKind
    purposes: list[Purpose] | None = Field(None, min_length=1)
    territory: list[str] | None = Field(None, min_length=1)
    valid_from: date
    valid_to: date | None = None
    max_count: int | None = Field(None, ge=1)
    max_volume_gb: float | None = Field(None, gt=0)
    duties: list[Duty]
    legal_basis: LegalBasis
    basis_reference: str = Field(min_length=2, max_length=500)
    fee: Decimal | None = Field(None, ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    sublicensable: bool

    _interval = field_validator("valid_to")(valid_to_after_valid_from)

    @field_validator("territory")
    @classmethod
    def _countries(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = sorted({code.upper() for code in value})
        if not all(len(code) == 2 and code.isalpha() for code in codes):
            raise ValueError("territory lists ISO 3166-1 alpha-2 country codes, e.g. CN, VN")
        return codes

    def asked(self, grantor_id: str) -> Grant:
        return Grant(
            grantor_id=grantor_id,
            right_kind=self.right_kind.name,
            purposes=sorted(p.name for p in self.purposes) if self.purposes else None,
            territory=self.territory,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            max_count=self.max_count,
            max_volume_gb=self.max_volume_gb,
            duties=sorted(d.name for d in self.duties),
        )


def _covering(spans: list[Span], day: date) -> Span | None:
    return next((span for span in spans if span.covers(day)), None)


@answers_refusals
async def grant_authorization(
    info: Info, input: GrantAuthorizationInput, idempotency_key: str | None
) -> Authorization:
    ctx = info.context
    raw = plain_inputs(input)
    checked = validated(AuthorizationGrant, raw)
    parent_id = decode_id(checked.parent_right_id, "input.parentRightId", "Right")[1]
    grantor_id = decode_id(checked.grantor_id, "input.grantorId", "Party")[1]
    grantee_id = decode_id(checked.grantee_id, "input.granteeId", "Party")[1]

    if grantor_id == grantee_id:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.granteeId",
                "a party cannot grant to itself",
                "授权方与被授权方不能相同",
            )
        )
    grant = checked.asked(grantor_id)

    async def work(write: Write) -> list[str]:
        spans = await write.timeline("Right", parent_id)
        if not spans:
            write.refuse(not_found("input.parentRightId", "Right", parent_id))
        if await parties.party_with_region(write.tx, grantee_id) is None:
            write.refuse(not_found("input.granteeId", "Party", grantee_id))
        span = _covering(spans, grant.valid_from)
        if span is None and grant.valid_from < spans[0].valid_from:
            span = spans[0]  # starts before the parent: reported as broader in term
        parent = (span or spans[-1]).attrs
        if grant.right_kind == "PRODUCT_OPERATION" and parent["objectType"] != "DataProduct":
            write.refuse(
                user_error(
                    ErrorCode.INVALID_INPUT,
                    "input.rightKind",
                    "the product-operation right is over a data product",
                    "数据产品经营权的客体是数据产品",
                )
            )
        violations = await jurisdiction_violations(ctx, parent["regionPath"], "input.parentRightId")
        held = holder_violations(parent, span, grant)
        violations += held
        if not held and span is not None:
            violations += containment_violations(parent, span, grant)
        write.judge(violations)
        year = write.now.year
        number = (
            f"QZSQ-{year}-{await registrations.next_number(write.tx, f'authorization-{year}'):06d}"
        )
        authorization_id = str(uuid.uuid4())
        right_id = await create_right(
            write,
            kind=grant.right_kind,
            holder_id=grantee_id,
            object_id=parent["objectId"],
            object_type=parent["objectType"],
            region_path=parent["regionPath"],
            basis="AUTHORIZATION",
            basis_reference=number,
            valid_from=grant.valid_from,
            valid_to=grant.valid_to,
            sublicensable=checked.sublicensable,
            constraints={
                "purposes": grant.purposes,
                "territory": grant.territory,
                "maxCount": grant.max_count,
                "maxVolumeGb": grant.max_volume_gb,
                "duties": grant.duties,
                "parentRightId": parent_id,
                "authorizationId": authorization_id,
            },
        )
        fields = {
            "id": authorization_id,
            "number": number,
            "kind": checked.kind.name,
            "rightKind": grant.right_kind,
            "parentRightId": parent_id,
            "rightId": right_id,
            "grantorId": grantor_id,
            "granteeId": grantee_id,
            "objectId": parent["objectId"],
            "objectType": parent["objectType"],
            "regionPath": parent["regionPath"],
            "purposes": grant.purposes,
            "territory": grant.territory,
            "validFrom": grant.valid_from,
            "validTo": grant.valid_to,
            "maxCount": grant.max_count,
            "maxVolumeGb": grant.max_volume_gb,
            "duties": grant.duties,
            "legalBasis": checked.legal_basis.name,
            "basisReference": checked.basis_reference,
            "fee": float(checked.fee) if checked.fee is not None else None,
            "currency": checked.currency,
            "sublicensable": checked.sublicensable,
        }
        await authorizations.create_authorization(write.tx, fields, write.now)
        return [authorization_id, right_id]

    # The chain up to the original holding right: a suspension or revocation anywhere above
    # cascades down to the parent, so it must not slip in between the check and the grant.
    written = await run_write(
        ctx, "grantAuthorization", raw, work, idempotency_key, Locks(chains=(parent_id,))
    )
    rows = await authorizations.authorizations_by_ids(ctx.db, written.affected_ids[:1])
    return Authorization.from_row(rows[written.affected_ids[0]])


# What each status change may start from, and the status it sets.
STATUS_CHANGES = {
    "suspendRight": ({"ACTIVE"}, "SUSPENDED"),
    "revokeRight": ({"ACTIVE", "SUSPENDED"}, "REVOKED"),
    "reinstateRight": ({"SUSPENDED"}, "ACTIVE"),
}


@answers_refusals
async def change_right_status(
    info: Info, operation: str, input: RightStatusInput, idempotency_key: str | None
) -> RightStatusChange:
    """Change a right's status from a day on, and the same for every right carved from it."""
    ctx = info.context
    raw = plain_inputs(input)
    allowed, new_status = STATUS_CHANGES[operation]
    day = input.effective_from or ctx.present.valid_at
    right_id = decode_id(input.right_id, "input.rightId", "Right")[1]

    async def work(write: Write) -> list[str]:
        spans = await timeline_in_jurisdiction(write, "Right", right_id, "input.rightId")
        now_status = (_covering(spans, day) or spans[-1]).attrs["status"]
        if now_status not in allowed:
            write.refuse(
                user_error(
                    ErrorCode.INVALID_INPUT,
                    "input.rightId",
                    f"a {now_status} right cannot be {new_status.lower()}",
                    f"状态为{now_status}的权利不能变更为{new_status}",
                )
            )
        if new_status == "ACTIVE":
            await _refuse_under_inactive_parent(write, right_id, day)
        await _set_status(write, right_id, spans, day, new_status, input.reason)
        cascaded = []
        for child_id in write.descendants.get(right_id, []):
            child_spans = await write.timeline("Right", child_id)
            current = (_covering(child_spans, day) or child_spans[-1]).attrs["status"]
            if current not in allowed:
                continue
            reason = f"cascaded from {operation} of right {right_id}: {input.reason}"
            await _set_status(write, child_id, child_spans, day, new_status, reason)
            cascaded.append(child_id)
        return [right_id, *cascaded]

    # The right, the chain above it and every right carved from it (read once it is locked).
    written = await run_write(ctx, operation, raw, work, idempotency_key, Locks(trees=(right_id,)))
    loaded = await ctx.loaders.right_any_time.load_many(written.affected_ids)
    rights = [right for right in loaded if right is not None]
    return RightStatusChange(right=rights[0], cascaded=rights[1:])


async def _set_status(
    write: Write, right_id: str, spans: list[Span], day: date, status: str, reason: str
) -> None:
    start = max(day, spans[0].valid_from)
    changed = revise(spans, {"status": status, "statusReason": reason}, start)
    await write.save_timeline("RightState", right_id, changed)


async def _refuse_under_inactive_parent(write: Write, right_id: str, day: date) -> None:
    """A right is not reinstated while the right it was carved from is not in force: the
    cascade that suspended it would otherwise be undone from below."""
    chain = write.chains.get(right_id, [])
    if len(chain) < 2:
        return
    parent_id = chain[-2]
    parent = await write.timeline("Right", parent_id)
    status = (_covering(parent, day) or parent[-1]).attrs["status"] if parent else "UNKNOWN"
    if status != "ACTIVE":
        write.refuse(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.rightId",
                f"the right it was carved from is {status} on {day}; reinstate that first",
                f"其上级权利在{day}的状态为{status}，须先恢复上级权利",
            )
        )


async def list_authorizations(
    info: Info, filter: AuthorizationFilter | None, args: PageArgs
) -> AuthorizationConnection:
    ctx = info.context
    filter = filter or AuthorizationFilter()
    filters = authorizations.authorization_filter_params(
        grantorId=filter_id(filter.grantor_id, "filter.grantorId", "Party"),
        granteeId=filter_id(filter.grantee_id, "filter.granteeId", "Party"),
        objectId=filter_id(filter.object_id, "filter.objectId", "DataResource", "DataProduct"),
        kinds=[k.name for k in filter.kinds] if filter.kinds else None,
        underPath=await subtree_path(ctx, filter.region_code) if filter.region_code else None,
    )
    return await paginate(
        ctx,
        AuthorizationConnection,
        authorizations.AUTHORIZATIONS,
        filters,
        args,
        Authorization.from_row,
    )


AuthorizationResult = Annotated[
    Authorization | Rejection,
    result_union("AuthorizationResult", "The record, or why the write was refused 授权结果."),
]
StatusChangeResult = Annotated[
    RightStatusChange | Rejection,
    result_union(
        "RightStatusChangeResult", "The record, or why the write was refused 权利状态变更结果."
    ),
]


@strawberry.type(description="Reading authorizations 授权.")
class AuthorizationQuery:
    @strawberry.field(
        description="Authorizations, filtered and paged 授权列表.",
        permission_classes=[CanReadRegistry],
    )
    @paged(AuthorizationSortField.GRANTED_AT)
    async def authorizations(
        self,
        info: Info,
        filter: Annotated[AuthorizationFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
    ) -> AuthorizationConnection:
        return await list_authorizations(info, filter, page)


@strawberry.type(description="Recording authorizations 授权.")
class AuthorizationMutation:
    @writes("Grant a right out of one's own, within it 授权 (rule 2).")
    async def grant_authorization(
        self,
        info: Info,
        input: Annotated[GrantAuthorizationInput, arg("The grant.")],
        idempotency_key: Key = None,
    ) -> AuthorizationResult:
        return await grant_authorization(info, input, idempotency_key)

    @writes("Suspend a right and every grant carved from it 中止权利（级联）.")
    async def suspend_right(
        self,
        info: Info,
        input: Annotated[RightStatusInput, arg("The suspension.")],
        idempotency_key: Key = None,
    ) -> StatusChangeResult:
        return await change_right_status(info, "suspendRight", input, idempotency_key)

    @writes("Revoke a right and every grant carved from it 撤销权利（级联）.")
    async def revoke_right(
        self,
        info: Info,
        input: Annotated[RightStatusInput, arg("The revocation.")],
        idempotency_key: Key = None,
    ) -> StatusChangeResult:
        return await change_right_status(info, "revokeRight", input, idempotency_key)

    @writes("Lift a suspension, down every grant it reached 恢复权利（级联）.")
    async def reinstate_right(
        self,
        info: Info,
        input: Annotated[RightStatusInput, arg("The reinstatement.")],
        idempotency_key: Key = None,
    ) -> StatusChangeResult:
        return await change_right_status(info, "reinstateRight", input, idempotency_key)
