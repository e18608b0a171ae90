"""Party: a unit or person that holds, processes, trades or supervises data 主体."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from graph import countries
from graph.domain import Ability
from schema.connections import CountedConnection
from schema.enums import HomeRegistrationScheme, PartyKind
from schema.errors import Rejection
from schema.labels import label_of
from schema.loading import projected_keys
from schema.permissions import CanReadRegistry

if TYPE_CHECKING:
    from schema.market import CreditStatus, Declaration, SupervisionAction
from schema.context import Info
from schema.plain import Columns, NotPlain, Reader, context_only, member_name
from schema.region import Region


@strawberry.type(
    description="A party of the data-element market: department, enterprise, exchange, "
    "merchant, broker, agency or person 市场主体."
)
class Party(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Stable registry id of the party.")
    full_name_zh: strawberry.Private[str]
    full_name_en: strawberry.Private[str | None]
    kind: PartyKind = strawberry.field(description="Kind of party 主体类型.")
    credit_code: str | None = strawberry.field(
        description="Unified social credit code 统一社会信用代码 (GB 32100-2015); "
        "null for natural persons and foreign parties."
    )
    country: str = strawberry.field(
        description="Country or region of registration, ISO 3166-1 alpha-2 国家或地区: CN for "
        "a domestic party, another for a foreign one (article 19)."
    )
    home_registration_scheme: HomeRegistrationScheme | None = strawberry.field(
        description="Scheme of a foreign party's home registration 境外登记号码类型; null for a "
        "domestic party."
    )
    full_home_registration_id: strawberry.Private[str | None]
    description: str | None = strawberry.field(description="What the party does 简介.")
    recorded_at: datetime = strawberry.field(
        description="When the registry recorded the party 登记时间."
    )
    region_code: strawberry.Private[str | None]

    @strawberry.field(
        description="Whether the party is foreign 是否境外主体: registered outside China, "
        "with a home registration instead of a credit code and no region (article 19)."
    )
    def foreign(self) -> bool:
        return self.country != countries.CHINA

    @strawberry.field(description="Chinese name of the country 国家或地区中文名.")
    def country_name_zh(self) -> str:
        return countries.name_zh(self.country) if countries.is_country(self.country) else ""

    @strawberry.field(
        description="A foreign party's identifier in its home registration 境外登记号码 "
        "(company registry number, LEI, passport...); null for a domestic party. A natural "
        "person's is masked (E******78) for roles that may not see personal data."
    )
    def home_registration_id(self, info: Info) -> str | None:
        identifier = self.full_home_registration_id
        if identifier is None or self.kind is not PartyKind.INDIVIDUAL:
            return identifier
        if Ability.SEE_PERSONAL_DATA in info.context.abilities:
            return identifier
        return mask_identifier(identifier)

    @strawberry.field(
        description="Chinese name 中文名称; a natural person's is masked (李*) for roles "
        "that may not see personal data."
    )
    @context_only
    def name_zh(self, info: Info) -> str:
        return shown_name(self.full_name_zh, self.kind, info.context)

    @strawberry.field(description="English name 英文名称; masked like `nameZh`.")
    @context_only
    def name_en(self, info: Info) -> str | None:
        return shown_name(self.full_name_en, self.kind, info.context)

    @strawberry.field(
        name="uid", description="Registry id of the party, without the type prefix of `id`."
    )
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Chinese label of the kind 主体类型中文名.")
    def kind_label_zh(self) -> str:
        return label_of(self.kind).zh

    @strawberry.field(
        description="Region where the party is located 所在行政区划; null for a foreign party."
    )
    async def region(self, info: Info) -> Region | None:
        if self.region_code is None:
            return None
        region: Region | None = await info.context.loaders.region.load(self.region_code)
        if region is None:
            raise LookupError(f"party {self.uid} points to missing region {self.region_code}")
        return region

    @strawberry.field(description="Declarations and commitments 声明承诺 (article 25).")
    async def declarations(
        self, info: Info
    ) -> list[Annotated[Declaration, strawberry.lazy("schema.market")]]:
        return list(await info.context.loaders.declarations_of.load(self.uid) or [])

    @strawberry.field(description="Credit standing on a date 信用状况 (article 26).")
    async def credit_status(
        self,
        info: Info,
        as_of: Annotated[
            date | None, strawberry.argument(description="The date; default today.")
        ] = None,
    ) -> Annotated[CreditStatus, strawberry.lazy("schema.market")]:
        day = as_of or info.context.present.valid_at
        status: CreditStatus = await info.context.loaders.credit_status.load((self.uid, day))
        return status

    @strawberry.field(
        description="Supervision actions taken about this party 监管措施.",
        permission_classes=[CanReadRegistry],
    )
    async def supervision_actions(
        self, info: Info
    ) -> list[Annotated[SupervisionAction, strawberry.lazy("schema.market")]]:
        return list(await info.context.loaders.supervision_of.load(self.uid) or [])

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Party | None]:
        return list(await info.context.loaders.party.load_many(list(node_ids)))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Party:
        """From a party record, whole or projected to `stored_keys`: a projected one leaves
        the fields nobody selected empty."""
        return cls(
            uid=row["id"],
            full_name_zh=row["nameZh"],
            full_name_en=row.get("nameEn"),
            kind=PartyKind[row["kind"]],
            credit_code=row.get("creditCode"),
            country=row.get("country") or countries.CHINA,
            home_registration_scheme=HomeRegistrationScheme[row["homeRegistrationScheme"]]
            if row.get("homeRegistrationScheme")
            else None,
            full_home_registration_id=row.get("homeRegistrationId"),
            description=row.get("description"),
            recorded_at=row.get("recordedAt"),  # type: ignore[arg-type]
            region_code=row.get("regionId"),
        )


# The stored properties (graph/parties.py PARTY_KEYS) each field of Party reads, itself or
# through what it loads: the holders and sources a page shows load only what it reads of
# them. A field missing here makes the whole record load (tests/test_party_projection.py
# keeps this in step with the schema).
STORED_BY_FIELD: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": ("id",),
    "uid": ("id",),
    "kind": ("kind",),
    "kindLabelZh": ("kind",),
    "nameZh": ("nameZh", "kind"),
    "nameEn": ("nameEn", "kind"),
    "creditCode": ("creditCode",),
    "country": ("country",),
    "foreign": ("country",),
    "countryNameZh": ("country",),
    "homeRegistrationScheme": ("homeRegistrationScheme",),
    "homeRegistrationId": ("homeRegistrationId", "kind"),
    "description": ("description",),
    "recordedAt": ("recordedAt",),
    "region": ("regionId",),
    "declarations": ("id",),
    "creditStatus": ("id",),
    "supervisionActions": ("id",),
}


def stored_keys(field_names: Iterable[str]) -> tuple[str, ...] | None:
    """What to load of each party for a selection of these fields; None: everything."""
    # what every party record is made from
    return projected_keys(STORED_BY_FIELD, field_names, {"id", "kind", "nameZh"})


def shown_name(name: Any, kind: PartyKind, context: Any) -> Any:
    """A party's name as the caller may see it: a natural person's masked for roles that
    may not see personal data."""
    if name is None or kind is not PartyKind.INDIVIDUAL:
        return name
    if Ability.SEE_PERSONAL_DATA in context.abilities:
        return name
    return mask_name(name)


_KINDS = dict(PartyKind.__members__)
_INDIVIDUAL = PartyKind.INDIVIDUAL.name


@cache
def party_columns(keys: tuple[str, ...]) -> Columns:
    """How a party's fields read from its values of `keys` (graph/parties.py PARTY_KEYS or
    a projection of them, always with id, kind and nameZh: `stored_keys`)."""
    at = {key: i for i, key in enumerate(keys)}
    i_id, i_kind, i_zh, i_en = at["id"], at["kind"], at["nameZh"], at.get("nameEn")
    readers: dict[str, Reader] = {
        "uid": lambda v, _: v[i_id],
        "id": lambda v, _: relay.GlobalID("Party", v[i_id]),
        "kind": lambda v, _: _KINDS[v[i_kind]],
        "kindLabelZh": lambda v, _: label_of(_KINDS[v[i_kind]]).zh,
        "nameZh": lambda v, context: shown_name(v[i_zh], _KINDS[v[i_kind]], context),
    }
    if i_en is not None:
        readers["nameEn"] = lambda v, context: shown_name(v[i_en], _KINDS[v[i_kind]], context)

    def name_zh(v: list[Any], context: Any) -> Any:
        name = v[i_zh]
        if name is None:
            raise NotPlain
        if v[i_kind] != _INDIVIDUAL:  # a page's hundreds of holders: no lookup for most
            return name
        return shown_name(name, PartyKind.INDIVIDUAL, context)

    answers = {"kind": member_name(_KINDS, i_kind), "nameZh": name_zh}
    return Columns("Party", readers, answers=answers)


def mask_name(name: str) -> str:
    """Keep the first character (the family name, in Chinese) and hide the rest: 李明 → 李*."""
    return name[:1] + "*" * max(1, len(name) - 1)


def mask_identifier(identifier: str) -> str:
    """Keep the first and the last two characters: E12345678 → E******78."""
    if len(identifier) <= 4:
        return "*" * len(identifier)
    return identifier[:1] + "*" * (len(identifier) - 3) + identifier[-2:]


@strawberry.input(description="Filters of a party list 主体筛选条件; all given filters must hold.")
class PartyFilter:
    kinds: list[PartyKind] | None = strawberry.field(
        default=None, description="Only parties of these kinds."
    )
    region_code: str | None = strawberry.field(
        default=None, description="Only parties in this region or below it (division code)."
    )
    credit_code: str | None = strawberry.field(
        default=None, description="Only the party with this credit code."
    )
    search: str | None = strawberry.field(
        default=None, description="Name contains this text (Chinese or English)."
    )
    country: str | None = strawberry.field(
        default=None,
        description="Only parties of this country (ISO 3166-1 alpha-2; CN for domestic ones).",
    )
    foreign: bool | None = strawberry.field(
        default=None,
        description="Only foreign parties (true) or only domestic ones (false) 境外/境内主体.",
    )


@strawberry.input(description="A party to register 登记主体.")
class RegisterPartyInput:
    name_zh: str = strawberry.field(description="Chinese name 中文名称, 2–100 characters.")
    name_en: str | None = strawberry.field(default=None, description="English name.")
    kind: PartyKind = strawberry.field(description="Kind of party 主体类型.")
    credit_code: str | None = strawberry.field(
        default=None,
        description="Unified social credit code 统一社会信用代码; required for every domestic "
        "kind but natural persons, and absent for persons and foreign parties.",
    )
    region_code: str | None = strawberry.field(
        default=None,
        description="Division code of its region 所在区划代码; required for a domestic party, "
        "absent for a foreign one.",
    )
    country: str | None = strawberry.field(
        default=None,
        description="Country of registration 国家或地区 (ISO 3166-1 alpha-2); CN or absent for a "
        "domestic party. Another country makes a foreign party (article 19), which only the "
        "city registrar records.",
    )
    home_registration_scheme: HomeRegistrationScheme | None = strawberry.field(
        default=None,
        description="Scheme of a foreign party's home identifier 境外登记号码类型; passports and "
        "national IDs for natural persons only, registry numbers and LEIs for organizations.",
    )
    home_registration_id: str | None = strawberry.field(
        default=None,
        description="A foreign party's identifier under that scheme 境外登记号码 (an LEI's "
        "ISO 17442 check digits are verified).",
    )
    description: str | None = strawberry.field(default=None, description="Short description.")


@strawberry.type(description="A page of parties 主体列表.")
class PartyConnection(CountedConnection[Party]):
    pass


RegisterPartyResult = Annotated[
    Party | Rejection,
    strawberry.union(
        "RegisterPartyResult",
        description="The registered party, or why it was refused (nothing written then) "
        "主体登记结果.",
    ),
]
