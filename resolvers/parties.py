"""Registering and listing parties."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from graph import parties, regions
from graph.domain import Ability, ErrorCode
from resolvers.context import Context
from resolvers.credit_code import credit_code_problem
from resolvers.errors import answers_refusals, user_error
from resolvers.fields import PAGE, Info, Key, arg, paged, writes
from resolvers.jurisdiction import jurisdiction_violations
from resolvers.pagination import PageArgs, paginate
from resolvers.regions import subtree_path
from resolvers.validation import InputModel, validated
from resolvers.writes import Locks, Write, plain_inputs, run_write
from schema.enums import PartyKind, PartySortField
from schema.party import (
    Party,
    PartyConnection,
    PartyFilter,
    RegisterPartyInput,
    RegisterPartyResult,
)


class PartyRegistration(InputModel):
    """The checks on a party before anything is written."""

    name_zh: str = Field(min_length=2, max_length=100)
    name_en: str | None = Field(None, max_length=200)
    kind: PartyKind
    credit_code: str | None = Field(None, validate_default=True)
    region_code: str = Field(pattern=r"^\d{6}(\d{3}(\d{3})?)?$")
    description: str | None = Field(None, max_length=2000)

    @field_validator("credit_code")
    @classmethod
    def _credit_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        is_person = info.data.get("kind") is PartyKind.INDIVIDUAL
        if value is None or value == "":
            if is_person or "kind" not in info.data:
                return None
            raise PydanticCustomError(
                "INVALID_CREDIT_CODE",
                "an organization must give its unified social credit code",
                {"zh": "组织机构须填写统一社会信用代码"},
            )
        if is_person:
            raise PydanticCustomError(
                "INVALID_INPUT",
                "a natural person has no unified social credit code; leave it empty",
                {"zh": "自然人无统一社会信用代码，请留空"},
            )
        code = value.upper()
        problem = credit_code_problem(code)
        if problem is not None:
            raise PydanticCustomError(
                "INVALID_CREDIT_CODE",
                "not a valid unified social credit code: {reason}",
                {"reason": problem[0], "zh": f"统一社会信用代码无效：{problem[1]}"},
            )
        return code


@answers_refusals
async def register_party(
    info: strawberry.Info[Context, None],
    input: RegisterPartyInput,
    idempotency_key: str | None,
) -> Party:
    ctx = info.context
    raw = plain_inputs(input)
    party = validated(PartyRegistration, raw)

    async def work(write: Write) -> list[str]:
        region_path = await regions.region_path(write.tx, party.region_code)
        if region_path is None:
            write.refuse(
                user_error(
                    ErrorCode.NOT_FOUND,
                    "input.regionCode",
                    f"no region has the division code {party.region_code}",
                    f"不存在区划代码为{party.region_code}的行政区划",
                )
            )
        write.judge(await jurisdiction_violations(ctx, region_path, "input.regionCode"))
        existing = (
            await parties.party_by_credit_code(write.tx, party.credit_code)
            if party.credit_code
            else None
        )
        if existing is not None:
            write.refuse(
                user_error(
                    ErrorCode.DUPLICATE_CREDIT_CODE,
                    "input.creditCode",
                    f"{existing['nameZh']} is already registered under this credit code",
                    f"该统一社会信用代码已登记为「{existing['nameZh']}」",
                    existing=("Party", existing["id"]),
                )
            )
        fields = party.model_dump(by_alias=True) | {
            "id": str(uuid.uuid4()),
            "regionId": party.region_code,
            "kind": party.kind.name,
        }
        return [await parties.create_party(write.tx, fields, write.now, ctx.actor.subject)]

    # One party per credit code: concurrent registrations of one code meet on its key.
    keys = (f"credit:{party.credit_code}",) if party.credit_code else ()
    written = await run_write(ctx, "registerParty", raw, work, idempotency_key, Locks(keys=keys))
    registered = await ctx.loaders.party.load(written.affected_ids[0])
    assert registered is not None, "a party written in a committed transaction must be readable"
    return registered


async def list_parties(
    info: strawberry.Info[Context, None], filter: PartyFilter | None, args: PageArgs
) -> PartyConnection:
    ctx = info.context
    filter = filter or PartyFilter()
    kinds = [kind.name for kind in filter.kinds] if filter.kinds else None
    if filter.search and not ctx.can(Ability.SEE_PERSONAL_DATA):
        # Masked names must not be found by their hidden part.
        kinds = [
            k.name
            for k in PartyKind
            if k is not PartyKind.INDIVIDUAL and (kinds is None or k.name in kinds)
        ]
    filters = parties.party_filter_params(
        kinds=kinds,
        under_path=await subtree_path(ctx, filter.region_code) if filter.region_code else None,
        credit_code=filter.credit_code.strip().upper() if filter.credit_code else None,
        search=filter.search,
    )
    return await paginate(ctx, PartyConnection, parties.PARTIES, filters, args, Party.from_row)


@strawberry.type(description="Reading parties 主体.")
class PartyQuery:
    @strawberry.field(description="Parties of the market, filtered and paged 主体列表.")
    @paged(PartySortField.NAME)
    async def parties(
        self,
        info: Info,
        filter: Annotated[PartyFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
    ) -> PartyConnection:
        return await list_parties(info, filter, page)


@strawberry.type(description="Recording parties 主体.")
class PartyMutation:
    @writes("Register a party 登记主体.")
    async def register_party(
        self,
        info: Info,
        input: Annotated[RegisterPartyInput, arg("The party.")],
        idempotency_key: Key = None,
    ) -> RegisterPartyResult:
        return await register_party(info, input, idempotency_key)
