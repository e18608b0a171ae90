"""Registering and listing parties."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from graph import countries, parties, regions
from graph.domain import Ability, ErrorCode
from resolvers.context import Context
from resolvers.credit_code import credit_code_problem
from resolvers.errors import QueryInputError, answers_refusals, user_error
from resolvers.fields import PAGE, Info, Key, arg, paged, writes
from resolvers.home_registration import identifier_problem, lei_problem
from resolvers.jurisdiction import jurisdiction_violations
from resolvers.pagination import PageArgs, paginate
from resolvers.regions import subtree_path
from resolvers.validation import InputModel, validated
from resolvers.writes import Locks, Write, plain_inputs, run_write
from schema.enums import HomeRegistrationScheme, PartyKind, PartySortField
from schema.party import (
    Party,
    PartyConnection,
    PartyFilter,
    RegisterPartyInput,
    RegisterPartyResult,
)

PERSONS_ONLY = {HomeRegistrationScheme.PASSPORT, HomeRegistrationScheme.NATIONAL_ID}
ORGANIZATIONS_ONLY = {HomeRegistrationScheme.COMPANY_REGISTRY, HomeRegistrationScheme.LEI}


def _fields_error(message: str, zh: str) -> PydanticCustomError:
    return PydanticCustomError("FOREIGN_PARTY_FIELDS", message, {"zh": zh, "article": "第十九条"})


class PartyRegistration(InputModel):
    """The checks on a party before anything is written. A domestic party (country CN, the
    default) gives its credit code and region; a foreign one (article 19) its country and
    home registration, and neither a credit code nor a region."""

    name_zh: str = Field(min_length=2, max_length=100)
    name_en: str | None = Field(None, max_length=200)
    kind: PartyKind
    country: str = Field(countries.CHINA, validate_default=True)
    home_registration_scheme: HomeRegistrationScheme | None = Field(None, validate_default=True)
    home_registration_id: str | None = Field(None, validate_default=True)
    credit_code: str | None = Field(None, validate_default=True)
    region_code: str | None = Field(None, pattern=r"^\d{6}(\d{3}(\d{3})?)?$", validate_default=True)
    description: str | None = Field(None, max_length=2000)

    @property
    def foreign(self) -> bool:
        return self.country != countries.CHINA

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: object) -> str:
        if value is None or value == "":
            return countries.CHINA
        if not isinstance(value, str):
            value = str(value)
        code = value.strip().upper()
        if not countries.is_country(code):
            raise PydanticCustomError(
                "INVALID_COUNTRY",
                "not an ISO 3166-1 alpha-2 country code: {code}",
                {"code": value, "zh": f"不是ISO 3166-1二位国家或地区代码：{value}"},
            )
        return code

    @field_validator("home_registration_scheme")
    @classmethod
    def _scheme(
        cls, value: HomeRegistrationScheme | None, info: ValidationInfo
    ) -> HomeRegistrationScheme | None:
        country = info.data.get("country")
        if country is None:
            return value
        if country == countries.CHINA:
            if value is not None:
                raise _fields_error(
                    "a domestic party is identified by its credit code; a home registration "
                    "is for a foreign party (give its country)",
                    "境内主体以统一社会信用代码标识，境外登记号码仅适用于境外主体（请填写国家或地区）",
                )
            return None
        if value is None:
            raise _fields_error(
                "a foreign party names the scheme of its home registration",
                "境外主体须填写境外登记号码类型",
            )
        is_person = info.data.get("kind") is PartyKind.INDIVIDUAL
        if is_person and value in ORGANIZATIONS_ONLY:
            raise _fields_error(
                f"a natural person has no {value.name.lower().replace('_', ' ')}; "
                "give a passport or identity document",
                "自然人请填写护照或身份证件号码",
            )
        if not is_person and value in PERSONS_ONLY:
            raise _fields_error(
                f"a {value.name.lower().replace('_', ' ')} identifies only a natural person; "
                "an organization gives its company registry number or LEI",
                "护照和身份证件仅用于自然人，组织请填写企业登记号码或法人机构识别编码",
            )
        return value

    @field_validator("home_registration_id")
    @classmethod
    def _home_registration(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if country is None or "home_registration_scheme" not in info.data:
            return value
        if country == countries.CHINA:
            if value:
                raise _fields_error(
                    "a domestic party is identified by its credit code; a home registration "
                    "is for a foreign party (give its country)",
                    "境内主体以统一社会信用代码标识，境外登记号码仅适用于境外主体",
                )
            return None
        if not value:
            raise _fields_error(
                "a foreign party gives its home registration identifier",
                "境外主体须填写其所在国家或地区的登记号码",
            )
        scheme = info.data["home_registration_scheme"]
        identifier = value.upper() if scheme is not HomeRegistrationScheme.OTHER else value
        problem = (
            lei_problem(identifier)
            if scheme is HomeRegistrationScheme.LEI
            else identifier_problem(identifier)
        )
        if problem is not None:
            raise PydanticCustomError(
                "INVALID_HOME_REGISTRATION",
                "not a valid home registration identifier: {reason}",
                {"reason": problem[0], "zh": f"境外登记号码无效：{problem[1]}"},
            )
        return identifier

    @field_validator("credit_code")
    @classmethod
    def _credit_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        is_person = info.data.get("kind") is PartyKind.INDIVIDUAL
        foreign = info.data.get("country", countries.CHINA) != countries.CHINA
        if foreign:
            if value:
                raise _fields_error(
                    "a foreign party has no unified social credit code; give its home "
                    "registration instead",
                    "境外主体无统一社会信用代码，请填写其境外登记号码",
                )
            return None
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

    @field_validator("region_code")
    @classmethod
    def _region(cls, value: str | None, info: ValidationInfo) -> str | None:
        foreign = info.data.get("country", countries.CHINA) != countries.CHINA
        if foreign and value:
            raise _fields_error(
                "a foreign party lies in no region of Qinzhou; leave the region empty",
                "境外主体不属于本市行政区划，所在区划请留空",
            )
        if not foreign and not value:
            raise PydanticCustomError(
                "INVALID_INPUT",
                "a domestic party gives the division code of its region",
                {"zh": "境内主体须填写所在区划代码"},
            )
        return value or None


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
        if party.region_code is not None:
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
        else:
            # A foreign party lies in no county: only the city registrar records it.
            write.judge(await jurisdiction_violations(ctx, regions.CITY_PATH, "input.country"))
        await _refuse_duplicate(write, party)
        fields = party.model_dump(by_alias=True) | {
            "id": str(uuid.uuid4()),
            "regionId": party.region_code,
            "kind": party.kind.name,
            "homeRegistrationScheme": party.home_registration_scheme.name
            if party.home_registration_scheme
            else None,
        }
        return [await parties.create_party(write.tx, fields, write.now, ctx.actor.subject)]

    # One party per credit code or home registration: concurrent registrations of one
    # identifier meet on its key.
    keys = (
        (f"credit:{party.credit_code}",)
        if party.credit_code
        else (f"home:{party.country}:{_scheme_name(party)}:{party.home_registration_id}",)
        if party.home_registration_id
        else ()
    )
    written = await run_write(ctx, "registerParty", raw, work, idempotency_key, Locks(keys=keys))
    registered = await ctx.loaders.party.load(written.affected_ids[0])
    assert registered is not None, "a party written in a committed transaction must be readable"
    return registered


def _scheme_name(party: PartyRegistration) -> str:
    return party.home_registration_scheme.name if party.home_registration_scheme else ""


async def _refuse_duplicate(write: Write, party: PartyRegistration) -> None:
    """A credit code, or a home registration in its country, names one party only."""
    if party.credit_code:
        existing = await parties.party_by_credit_code(write.tx, party.credit_code)
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
    if party.home_registration_id:
        existing = await parties.party_by_home_registration(
            write.tx, party.country, _scheme_name(party), party.home_registration_id
        )
        if existing is not None:
            write.refuse(
                user_error(
                    ErrorCode.DUPLICATE_HOME_REGISTRATION,
                    "input.homeRegistrationId",
                    f"{existing['nameZh']} is already registered under this identifier",
                    f"该境外登记号码已登记为「{existing['nameZh']}」",
                    article="第十九条",
                    existing=("Party", existing["id"]),
                )
            )


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
        country=_filter_country(filter.country),
        foreign=filter.foreign,
    )
    return await paginate(ctx, PartyConnection, parties.PARTIES, filters, args, Party.from_row)


def _filter_country(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    if not countries.is_country(code):
        raise QueryInputError(
            ErrorCode.INVALID_COUNTRY,
            "filter.country",
            f"not an ISO 3166-1 alpha-2 country code: {country}",
            f"不是ISO 3166-1二位国家或地区代码：{country}",
        )
    return code


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
