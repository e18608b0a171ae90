"""Data property registration (article 13): applications, their workflow steps, certificates."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Annotated, Any

import strawberry

from graph import classification, parties, registrations
from graph.domain import ErrorCode
from graph.history import Span, end_at
from resolvers.context import Context
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations
from resolvers.pagination import PageArgs, paginate
from resolvers.regions import subtree_path
from resolvers.registration_workflow import (
    CERTIFIED,
    DISPUTING,
    FOLLOW_ON_EFFECT,
    STEPS,
    publicity_violation,
    step_violation,
)
from resolvers.rights import create_right
from resolvers.rules import Violation
from resolvers.writes import Locks, Write, Written, plain_inputs, run_write
from schema.enums import RegistrationSortField, RegistrationStatus, RegistrationType
from schema.errors import Rejection
from schema.permissions import CanReadRegistry
from schema.registration import (
    ApproveRegistrationInput,
    FileObjectionInput,
    Registration,
    RegistrationConnection,
    RegistrationFilter,
    RegistrationStepInput,
    ResolveObjectionInput,
    StartPublicityInput,
    SubmitRegistrationInput,
)

Info = strawberry.Info[Context, None]
T = RegistrationType
CERTIFICATE_YEARS = 3
# Which right each first-time type registers.
RIGHT_KINDS = {T.FIRST: {"HOLDING"}, T.LICENCE: {"PROCESSING_USE", "PRODUCT_OPERATION"}}


def _span_on(spans: list[Span], day: date) -> Span | None:
    return next((span for span in spans if span.covers(day)), None)


def _refusal(rule: str, message: str, message_zh: str, field: str = "input") -> Violation:
    return Violation(rule, field, message, message_zh)


@answers_refusals
async def submit_registration(
    info: Info, input: SubmitRegistrationInput, idempotency_key: str | None
) -> Registration:
    ctx = info.context
    raw = plain_inputs(input)
    first_time = input.type in RIGHT_KINDS
    applicant_id = decode_id(input.applicant_id, "input.applicantId", "Party")[1]
    right_id = decode_id(input.right_id, "input.rightId", "Right")[1] if input.right_id else None
    previous_id = (
        decode_id(input.previous_registration_id, "input.previousRegistrationId", "Registration")[1]
        if input.previous_registration_id
        else None
    )
    transfer_to_id = (
        decode_id(input.transfer_to_id, "input.transferToId", "Party")[1]
        if input.transfer_to_id
        else None
    )

    shape = _shape_errors(input.type, right_id, previous_id, transfer_to_id, first_time)
    if shape:
        raise Refusal(*shape)

    async def work(write: Write) -> list[str]:
        today = ctx.present.valid_at
        if await parties.party_with_region(write.tx, applicant_id) is None:
            write.refuse(not_found("input.applicantId", "Party", applicant_id))
        previous = None
        if previous_id is not None:
            previous = await registrations.registration_in_tx(write.tx, previous_id)
            if previous is None:
                write.refuse(not_found("input.previousRegistrationId", "Registration", previous_id))
        registered_right = right_id or (previous or {}).get("rightId")
        right_spans = await write.timeline("Right", registered_right or "")
        if not right_spans:
            write.refuse(not_found("input.rightId", "Right", str(registered_right)))
        right = right_spans[-1].attrs
        # The object is locked: an objection and a registration of the same data meet here.
        object_spans = await write.timeline(right["objectType"], right["objectId"])
        data = (_span_on(object_spans, today) or object_spans[-1]).attrs
        violations = await jurisdiction_violations(ctx, data["regionPath"], "input.rightId")
        violations += _entitlement(input.type, applicant_id, right, _span_on(right_spans, today))
        violations += _state_of_previous(input.type, previous)
        if input.type not in (T.CANCELLATION, T.OBJECTION):
            if await _grade_of(write, right, data) == "CORE":
                violations.append(
                    _refusal(
                        "REGISTRATION_CORE_DATA",
                        "the data is graded core (核心数据); core data is not registered",
                        "该数据为核心数据，不予登记",
                        "input.rightId",
                    )
                )
            disputes = await registrations.disputes_on(write.tx, right["objectId"])
            violations += [
                Violation(
                    "REGISTRATION_DISPUTED_OWNERSHIP",
                    "input.rightId",
                    f"objection registration {d['number']} disputes the ownership of this data",
                    f"异议登记{d['number']}对该数据权属提出争议，争议解决前不予登记",
                    existing=("Registration", d["id"]),
                )
                for d in disputes
                if RegistrationStatus[d["status"]] in DISPUTING
            ]
        write.judge(violations)
        year = write.now.year
        number = await registrations.next_number(write.tx, f"application-{year}")
        registration_id = str(uuid.uuid4())
        fields = {
            "id": registration_id,
            "number": f"QZDJ-{year}-{number:06d}",
            "type": input.type.name,
            "status": RegistrationStatus.SUBMITTED.name,
            "objectId": right["objectId"],
            "objectType": right["objectType"],
            "rightId": registered_right,
            "applicantId": applicant_id,
            "regionId": data["regionId"],
            "regionPath": data["regionPath"],
            "previousId": previous_id,
            "transferToId": transfer_to_id,
            "reason": input.reason,
        }
        await registrations.create_registration(
            write.tx, fields, write.now, ctx.actor.subject, input.reason
        )
        return [registration_id]

    locked = Locks(entities=tuple(i for i in (right_id, previous_id) if i is not None))
    written = await run_write(ctx, "submitRegistration", raw, work, idempotency_key, locked)
    return await _registration(ctx, written)


def _shape_errors(
    type: RegistrationType,
    right_id: str | None,
    previous_id: str | None,
    transfer_to_id: str | None,
    first_time: bool,
) -> list[Any]:
    errors = []
    if first_time and right_id is None:
        errors.append(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.rightId",
                f"a {type.name} registration names the right it registers",
                "首次登记和许可登记须指明所登记的权利",
            )
        )
    if not first_time and previous_id is None:
        errors.append(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.previousRegistrationId",
                f"a {type.name} registration names the registration it acts on",
                "变更、续展、转移、注销和异议登记须指明原登记",
            )
        )
    if type is T.TRANSFER and transfer_to_id is None:
        errors.append(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.transferToId",
                "a transfer names the party receiving the right",
                "转移登记须指明受让人",
            )
        )
    return errors


def _entitlement(
    type: RegistrationType, applicant_id: str, right: dict[str, Any], valid_now: Span | None
) -> list[Violation]:
    """Articles 13–14: only the right's holder registers it, while it validly holds it."""
    if type is T.OBJECTION:
        if right["holderId"] == applicant_id:
            return [
                _refusal(
                    "REGISTRATION_UNAUTHORIZED_SOURCE",
                    "the holder cannot object to its own registration",
                    "权利人不能对自身登记提出异议",
                    "input.applicantId",
                )
            ]
        return []
    kinds = RIGHT_KINDS.get(type)
    if kinds is not None and right["kind"] not in kinds:
        return [
            _refusal(
                "REGISTRATION_UNAUTHORIZED_SOURCE",
                f"a {type.name} registration registers a {' or '.join(sorted(kinds))} right, "
                f"not {right['kind']}",
                "登记类型与权利类型不符",
                "input.rightId",
            )
        ]
    if right["holderId"] != applicant_id:
        return [
            _refusal(
                "REGISTRATION_UNAUTHORIZED_SOURCE",
                "the applicant does not hold this right",
                "申请人不是该权利的权利人",
                "input.applicantId",
            )
        ]
    if valid_now is None or valid_now.attrs.get("status") != "ACTIVE":
        return [
            _refusal(
                "REGISTRATION_UNAUTHORIZED_SOURCE",
                "the right is not valid and active today",
                "该权利当前无效或已中止、撤销",
                "input.rightId",
            )
        ]
    return []


def _state_of_previous(type: RegistrationType, previous: dict[str, Any] | None) -> list[Violation]:
    if previous is None:
        return []
    status = RegistrationStatus[previous["status"]]
    # An objection may target any live registration; other types act on a registered one.
    live = DISPUTING if type is T.OBJECTION else {RegistrationStatus.REGISTERED}
    if status in live:
        return []
    return [
        Violation(
            "REGISTRATION_WORKFLOW",
            "input.previousRegistrationId",
            f"registration {previous['number']} is {status.name}; a {type.name} registration "
            "acts only on a registered one",
            f"原登记{previous['number']}当前为「{status.name}」，不能办理该类登记",
        )
    ]


async def _grade_of(write: Write, right: dict[str, Any], data: dict[str, Any]) -> str | None:
    """A resource's recorded grade; a product's, derived from its lineage (就高从严)."""
    if right["objectType"] != "DataProduct":
        return data.get("grade")
    derived = await classification.classify(write.tx, [right["objectId"]])
    return derived[right["objectId"]].grade


StepWork = Callable[[Write, dict[str, Any]], Awaitable[tuple[dict[str, Any], list[str]]]]


async def run_step(
    info: Info,
    step_name: str,
    registration_gid: str,
    raw: dict[str, Any],
    idempotency_key: str | None,
    reason: str | None,
    extra: StepWork | None = None,
    checks: Callable[[dict[str, Any]], list[Violation]] = lambda _: [],
) -> Registration:
    """Move one registration one step along the workflow, with the step's own work."""
    ctx = info.context
    step = STEPS[step_name]
    registration_id = decode_id(registration_gid, "input.registrationId", "Registration")[1]

    async def work(write: Write) -> list[str]:
        current = await registrations.registration_in_tx(write.tx, registration_id)
        if current is None:
            write.refuse(not_found("input.registrationId", "Registration", registration_id))
        violations = await jurisdiction_violations(
            ctx, current["regionPath"], "input.registrationId"
        )
        wrong_state = step_violation(step, RegistrationStatus[current["status"]])
        violations += [wrong_state] if wrong_state else checks(current)
        write.judge(violations)
        changes, affected = await extra(write, current) if extra else ({}, [])
        changes = {"status": step.to_status.name, "reason": reason, **changes}
        await registrations.transition(
            write.tx, registration_id, changes, write.now, ctx.actor.subject, reason
        )
        return [registration_id, *affected]

    written = await run_write(
        ctx,
        step.mutation,
        raw,
        work,
        idempotency_key,
        Locks(entities=(registration_id,)),
    )
    return await _registration(ctx, written)


@answers_refusals
async def start_review(info: Info, input: RegistrationStepInput, key: str | None) -> Registration:
    return await run_step(
        info, "startReview", input.registration_id, plain_inputs(input), key, input.reason
    )


@answers_refusals
async def reject_registration(
    info: Info, input: RegistrationStepInput, key: str | None
) -> Registration:
    if not input.reason:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.reason",
                "give the reason for refusing registration",
                "不予登记须说明理由",
            )
        )

    async def decided(write: Write, _: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        return {"decidedAt": write.now}, []

    return await run_step(
        info, "reject", input.registration_id, plain_inputs(input), key, input.reason, decided
    )


@answers_refusals
async def withdraw_registration(
    info: Info, input: RegistrationStepInput, key: str | None
) -> Registration:
    return await run_step(
        info, "withdraw", input.registration_id, plain_inputs(input), key, input.reason
    )


@answers_refusals
async def start_publicity(info: Info, input: StartPublicityInput, key: str | None) -> Registration:
    today = info.context.present.valid_at
    days = info.context.publicity_days
    earliest = today + timedelta(days=days)
    ends = input.publicity_ends_on or earliest
    if ends < earliest:
        raise Refusal(
            user_error(
                ErrorCode.DATE_ORDER,
                "input.publicityEndsOn",
                f"publicity lasts at least {days} days: it ends on {earliest} or later",
                f"公示期不少于{days}天：截止日期不得早于{earliest}",
                article="第十三条",
            )
        )

    async def publicity(write: Write, _: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        return {"publicityEndsOn": ends}, []

    return await run_step(
        info, "startPublicity", input.registration_id, plain_inputs(input), key, None, publicity
    )


@answers_refusals
async def file_objection(info: Info, input: FileObjectionInput, key: str | None) -> Registration:
    objector_id = decode_id(input.objector_id, "input.objectorId", "Party")[1]

    async def objection(write: Write, current: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        objection_id = str(uuid.uuid4())
        added = await registrations.add_objection(
            write.tx, current["id"], objection_id, objector_id, input.reason, write.now
        )
        if not added:
            write.refuse(not_found("input.objectorId", "Party", objector_id))
        return {}, []

    return await run_step(
        info,
        "fileObjection",
        input.registration_id,
        plain_inputs(input),
        key,
        input.reason,
        objection,
    )


@answers_refusals
async def resolve_objection(
    info: Info, input: ResolveObjectionInput, key: str | None
) -> Registration:
    async def resolve(write: Write, current: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        await registrations.resolve_objections(
            write.tx, current["id"], input.upheld, input.reason, write.now
        )
        return ({"decidedAt": write.now} if input.upheld else {}), []

    step = "upholdObjection" if input.upheld else "dismissObjection"
    return await run_step(
        info, step, input.registration_id, plain_inputs(input), key, input.reason, resolve
    )


@answers_refusals
async def approve_registration(
    info: Info, input: ApproveRegistrationInput, key: str | None
) -> Registration:
    ctx = info.context
    today = ctx.present.valid_at
    if input.certificate_valid_to is not None and input.certificate_valid_to <= today:
        raise Refusal(
            user_error(
                ErrorCode.DATE_ORDER,
                "input.certificateValidTo",
                "a certificate must be valid after today",
                "证书有效期须晚于今天",
            )
        )

    async def approve(write: Write, current: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        type = RegistrationType[current["type"]]
        changes: dict[str, Any] = {"decidedAt": write.now}
        affected: list[str] = []
        right_id = current["rightId"]
        if type is T.TRANSFER:
            right_id = await _transfer_right(write, current)
            changes["rightId"] = right_id
            affected.append(right_id)
        if type in CERTIFIED:
            changes |= await _certificate(write, right_id, input.certificate_valid_to, today)
        effect = FOLLOW_ON_EFFECT.get(type)
        if effect is not None and current.get("previousId"):
            await write.lock(current["previousId"])
            await registrations.transition(
                write.tx,
                current["previousId"],
                {"status": effect.name},
                write.now,
                ctx.actor.subject,
                f"{type.name.lower()} registration {current['number']} approved",
            )
            affected.append(current["previousId"])
        return changes, affected

    return await run_step(
        info,
        "approve",
        input.registration_id,
        plain_inputs(input),
        key,
        None,
        approve,
        checks=lambda current: [
            v for v in [publicity_violation(current.get("publicityEndsOn"), today)] if v is not None
        ],
    )


def years_later(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


async def _certificate(
    write: Write, right_id: str, requested_end: date | None, today: date
) -> dict[str, Any]:
    """A certificate number and validity: three years, or the right's end if sooner."""
    spans = await write.timeline("Right", right_id)
    right_end = spans[-1].valid_to if spans else None
    end = requested_end or years_later(today, CERTIFICATE_YEARS)
    if right_end is not None and right_end < end:
        end = right_end
    number = await registrations.next_number(write.tx, f"certificate-{today.year}")
    return {
        "certificateNumber": f"QZSJ-{today.year}-{number:06d}",
        "certificateValidFrom": today,
        "certificateValidTo": end,
    }


async def _transfer_right(write: Write, current: dict[str, Any]) -> str:
    """End the transferor's right today and create the transferee's on contract basis."""
    today = write.ctx.present.valid_at
    spans = await write.timeline("Right", current["rightId"])
    old = spans[-1].attrs
    await write.save_timeline("RightState", current["rightId"], end_at(spans, today))
    return await create_right(
        write,
        kind=old["kind"],
        holder_id=current["transferToId"],
        object_id=old["objectId"],
        object_type=old["objectType"],
        region_path=old["regionPath"],
        basis="CONTRACT",
        basis_reference=f"transfer registration {current['number']}",
        valid_from=today,
        valid_to=spans[-1].valid_to,
        sublicensable=bool(old.get("sublicensable")),
    )


async def _registration(ctx: Context, written: Written) -> Registration:
    rows = await registrations.registrations_by_ids(ctx.db, written.affected_ids[:1])
    return Registration.from_row(rows[written.affected_ids[0]])


async def list_registrations(
    info: Info, filter: RegistrationFilter | None, args: PageArgs
) -> RegistrationConnection:
    ctx = info.context
    filter = filter or RegistrationFilter()
    filters = registrations.registration_filter_params(
        statuses=[s.name for s in filter.statuses] if filter.statuses else None,
        types=[t.name for t in filter.types] if filter.types else None,
        applicantId=filter_id(filter.applicant_id, "filter.applicantId", "Party"),
        objectId=filter_id(filter.object_id, "filter.objectId", "DataResource", "DataProduct"),
        underPath=await subtree_path(ctx, filter.region_code) if filter.region_code else None,
        certificateNumber=filter.certificate_number,
    )
    return await paginate(
        ctx,
        RegistrationConnection,
        registrations.REGISTRATIONS,
        filters,
        args,
        Registration.from_row,
    )


RegistrationResult = Annotated[
    Registration | Rejection,
    result_union(
        "RegistrationResult", "The registration, or why the step was refused 登记办理结果."
    ),
]


@strawberry.type(description="Reading property registration 产权登记.")
class RegistrationQuery:
    @strawberry.field(
        description="Property registrations, filtered and paged 产权登记列表.",
        permission_classes=[CanReadRegistry],
    )
    @paged(RegistrationSortField.SUBMITTED_AT)
    async def registrations(
        self,
        info: Info,
        filter: Annotated[RegistrationFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
    ) -> RegistrationConnection:
        return await list_registrations(info, filter, page)


@strawberry.type(description="Recording property registration 产权登记.")
class RegistrationMutation:
    @writes("Apply for a data property registration 申请产权登记 (article 13).")
    async def submit_registration(
        self,
        info: Info,
        input: Annotated[SubmitRegistrationInput, arg("The application.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await submit_registration(info, input, idempotency_key)

    @writes("Accept a submitted registration for review 受理审核.")
    async def start_registration_review(
        self,
        info: Info,
        input: Annotated[RegistrationStepInput, arg("The step.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await start_review(info, input, idempotency_key)

    @writes("Open the publicity period 公示.")
    async def start_registration_publicity(
        self,
        info: Info,
        input: Annotated[StartPublicityInput, arg("The publicity.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await start_publicity(info, input, idempotency_key)

    @writes("Record an objection during publicity; it holds the registration 异议.")
    async def file_registration_objection(
        self,
        info: Info,
        input: Annotated[FileObjectionInput, arg("The objection.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await file_objection(info, input, idempotency_key)

    @writes("Decide the open objections: uphold (reject) or dismiss (resume publicity) 异议处理.")
    async def resolve_registration_objection(
        self,
        info: Info,
        input: Annotated[ResolveObjectionInput, arg("The decision.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await resolve_objection(info, input, idempotency_key)

    @writes("Approve after publicity and issue the certificate 准予登记并发证.")
    async def approve_registration(
        self,
        info: Info,
        input: Annotated[ApproveRegistrationInput, arg("The approval.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await approve_registration(info, input, idempotency_key)

    @writes("Refuse a registration, with the reason 不予登记.")
    async def reject_registration(
        self,
        info: Info,
        input: Annotated[RegistrationStepInput, arg("The refusal.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await reject_registration(info, input, idempotency_key)

    @writes("Withdraw an application before publicity 撤回申请.")
    async def withdraw_registration(
        self,
        info: Info,
        input: Annotated[RegistrationStepInput, arg("The withdrawal.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await withdraw_registration(info, input, idempotency_key)
