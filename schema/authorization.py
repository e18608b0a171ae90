"""Authorization: a grant carved from a holder's right, with ODRL-style constraints 授权."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import (
    AuthorizationKind,
    AuthorizationStatus,
    Duty,
    LegalBasis,
    Purpose,
    RightKind,
)
from schema.labels import label_of
from schema.party import Party
from schema.right import Right


@strawberry.type(
    description="An authorization 数据授权: a holder grants a processing-and-use or "
    "product-operation right out of its own, under purpose, territory, term, limits and duties."
)
class Authorization(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id of the authorization.")
    number: str = strawberry.field(description="Authorization number 授权编号.")
    kind: AuthorizationKind = strawberry.field(description="Kind of authorization 授权类型.")
    right_kind: RightKind = strawberry.field(description="The right granted 授予的权利.")
    purposes: list[Purpose] | None = strawberry.field(
        description="Purposes allowed 授权用途; null: unrestricted."
    )
    territory: list[str] | None = strawberry.field(
        description="Countries where the data may be used (ISO 3166-1, CN = domestic only) "
        "使用地域; null: unrestricted."
    )
    valid_from: date = strawberry.field(description="First day of the term 授权起始日.")
    valid_to: date | None = strawberry.field(description="First day after the term 授权截止日.")
    max_count: int | None = strawberry.field(description="Most uses or calls allowed 次数上限.")
    max_volume_gb: float | None = strawberry.field(description="Most data volume, GB 数量上限.")
    duties: list[Duty] = strawberry.field(description="Duties of the grantee 被授权方义务.")
    legal_basis: LegalBasis = strawberry.field(description="Law or contract 法律依据.")
    basis_reference: str = strawberry.field(description="The law article or contract 依据.")
    fee: Decimal | None = strawberry.field(description="Fee 授权费用.")
    currency: str | None = strawberry.field(description="Currency of the fee (ISO 4217).")
    sublicensable: bool = strawberry.field(description="Whether the grantee may grant onward.")
    granted_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    grantor_id: strawberry.Private[str]
    grantee_id: strawberry.Private[str]
    object_id: strawberry.Private[str]
    object_type: strawberry.Private[str]
    parent_right_id: strawberry.Private[str]
    right_id: strawberry.Private[str]

    @strawberry.field(name="uid", description="Registry id, without the type prefix of `id`.")
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Chinese label of the kind 授权类型中文名.")
    def kind_label_zh(self) -> str:
        return label_of(self.kind).zh

    @strawberry.field(description="The holder who granted it 授权方.")
    async def grantor(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.grantor_id)
        return party

    @strawberry.field(description="The party it was granted to 被授权方.")
    async def grantee(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.grantee_id)
        return party

    @strawberry.field(description="The right it was carved from 来源权利.")
    async def parent_right(self, info: Info) -> Right | None:
        right: Right | None = await info.context.loaders.right_any_time.load(self.parent_right_id)
        return right

    @strawberry.field(description="The grantee's right it created 派生权利.")
    async def right(self, info: Info) -> Right | None:
        right: Right | None = await info.context.loaders.right_any_time.load(self.right_id)
        return right

    @strawberry.field(
        description="Whether it is in force on a date: pending, active, suspended, revoked "
        "or expired 授权状态."
    )
    async def status(
        self,
        info: Info,
        as_of: Annotated[
            date | None, strawberry.argument(description="The date; default today.")
        ] = None,
    ) -> AuthorizationStatus:
        day = as_of or info.context.present.valid_at
        if day < self.valid_from:
            return AuthorizationStatus.PENDING
        if self.valid_to is not None and day >= self.valid_to:
            return AuthorizationStatus.EXPIRED
        right = await info.context.loaders.right_any_time.load(self.right_id)
        status = right.status.name if right else "REVOKED"
        return AuthorizationStatus[status]

    @strawberry.field(
        description="The grant as an ODRL 2.2 Agreement in JSON-LD (context "
        "http://www.w3.org/ns/odrl.jsonld) 导出为ODRL协议."
    )
    def odrl(self) -> JSON:
        from schema.odrl import odrl_agreement

        return odrl_agreement(self)  # type: ignore[return-value]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Authorization | None]:
        return list(await info.context.loaders.authorization.load_many(list(node_ids)))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Authorization:
        return cls(
            uid=row["id"],
            number=row["number"],
            kind=AuthorizationKind[row["kind"]],
            right_kind=RightKind[row["rightKind"]],
            purposes=[Purpose[p] for p in row["purposes"]] if row.get("purposes") else None,
            territory=list(row["territory"]) if row.get("territory") else None,
            valid_from=row["validFrom"],
            valid_to=row.get("validTo"),
            max_count=row.get("maxCount"),
            max_volume_gb=row.get("maxVolumeGb"),
            duties=[Duty[d] for d in row.get("duties") or []],
            legal_basis=LegalBasis[row["legalBasis"]],
            basis_reference=row["basisReference"],
            fee=Decimal(str(row["fee"])) if row.get("fee") is not None else None,
            currency=row.get("currency"),
            sublicensable=bool(row.get("sublicensable")),
            granted_at=row["grantedAt"],
            grantor_id=row["grantorId"],
            grantee_id=row["granteeId"],
            object_id=row["objectId"],
            object_type=row["objectType"],
            parent_right_id=row["parentRightId"],
            right_id=row["rightId"],
        )


@strawberry.input(description="A grant to record 授权登记.")
class GrantAuthorizationInput:
    kind: AuthorizationKind = strawberry.field(description="Kind of authorization.")
    parent_right_id: strawberry.ID = strawberry.field(
        description="Global id of the grantor's right it is carved from (rule 2)."
    )
    grantor_id: strawberry.ID = strawberry.field(description="Global id of the grantor.")
    grantee_id: strawberry.ID = strawberry.field(description="Global id of the grantee.")
    right_kind: RightKind = strawberry.field(
        description="PROCESSING_USE, or PRODUCT_OPERATION over a product."
    )
    purposes: list[Purpose] | None = strawberry.field(
        default=None, description="Purposes allowed; null: as broad as the parent allows."
    )
    territory: list[str] | None = strawberry.field(
        default=None, description="ISO country codes where it may be used; [CN]: domestic."
    )
    valid_from: date = strawberry.field(description="First day of the term.")
    valid_to: date | None = strawberry.field(default=None, description="First day after it.")
    max_count: int | None = strawberry.field(default=None, description="Most uses or calls.")
    max_volume_gb: float | None = strawberry.field(default=None, description="Most volume, GB.")
    duties: list[Duty] = strawberry.field(
        default_factory=list, description="Duties of the grantee."
    )
    legal_basis: LegalBasis = strawberry.field(description="Law or contract.")
    basis_reference: str = strawberry.field(description="The law article or the contract.")
    fee: Decimal | None = strawberry.field(default=None, description="Fee, if any.")
    currency: str = strawberry.field(default="CNY", description="Currency of the fee.")
    sublicensable: bool = strawberry.field(
        default=False, description="Whether the grantee may grant onward."
    )


@strawberry.input(
    description="Change a right's status; the change cascades to every grant "
    "carved from it 权利状态变更（级联）."
)
class RightStatusInput:
    right_id: strawberry.ID = strawberry.field(description="Global id of the right.")
    reason: str = strawberry.field(description="Why; recorded on every right it reaches.")
    effective_from: date | None = strawberry.field(
        default=None, description="First day of the new status; default today."
    )


@strawberry.type(description="A status change and every right it cascaded to 级联结果.")
class RightStatusChange:
    right: Right = strawberry.field(description="The right changed.")
    cascaded: list[Right] = strawberry.field(
        description="Every right carved from it, directly or through sub-grants, changed too."
    )


@strawberry.input(description="Filters of an authorization list 授权筛选条件.")
class AuthorizationFilter:
    grantor_id: strawberry.ID | None = strawberry.field(default=None, description="Grantor.")
    grantee_id: strawberry.ID | None = strawberry.field(default=None, description="Grantee.")
    object_id: strawberry.ID | None = strawberry.field(
        default=None, description="Resource or product granted."
    )
    kinds: list[AuthorizationKind] | None = strawberry.field(
        default=None, description="Only these kinds."
    )
    region_code: str | None = strawberry.field(
        default=None, description="Only those about data of this region or below."
    )


@strawberry.type(description="A page of authorizations 授权列表.")
class AuthorizationConnection(CountedConnection[Authorization]):
    pass
