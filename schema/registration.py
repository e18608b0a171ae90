"""Registration: a data property registration and its workflow 数据产权登记 (article 13)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from schema.asset import DataAsset
from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import RegistrationStatus, RegistrationType
from schema.labels import label_of
from schema.party import Party
from schema.region import Region
from schema.right import Right


@strawberry.type(description="A registration certificate 数据产权登记证书.")
class Certificate:
    number: str = strawberry.field(description="Certificate number 证书编号.")
    valid_from: date = strawberry.field(description="First day of validity 有效期起.")
    valid_to: date = strawberry.field(description="First day it is no longer valid 有效期止.")


@strawberry.type(description="One step of a registration's workflow 登记流程记录.")
class RegistrationStep:
    from_status: RegistrationStatus | None = strawberry.field(
        description="Status before the step; null for the submission."
    )
    to_status: RegistrationStatus = strawberry.field(description="Status after the step.")
    at: datetime = strawberry.field(description="When 时间.")
    actor: str = strawberry.field(description="Who took the step 办理人.")
    reason: str | None = strawberry.field(description="Why, where given 理由.")


@strawberry.type(description="An objection raised during publicity 公示期异议.")
class Objection:
    objector_id: strawberry.Private[str]
    reason: str = strawberry.field(description="Grounds of the objection 异议理由.")
    filed_at: datetime = strawberry.field(description="When it was filed 提出时间.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved 处理时间.")
    upheld: bool | None = strawberry.field(
        description="True: the objection stood and the registration was rejected."
    )
    resolution: str | None = strawberry.field(description="How it was resolved 处理意见.")

    @strawberry.field(description="Who objected 异议人.")
    async def objector(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.objector_id)
        return party


@strawberry.type(
    description="A data property registration 数据产权登记 (article 13): an application that "
    "moves submitted → under review → publicity → registered (or rejected)."
)
class Registration(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id of the registration.")
    number: str = strawberry.field(description="Application number 申请编号.")
    type: RegistrationType = strawberry.field(description="Type of registration 登记类型.")
    status: RegistrationStatus = strawberry.field(description="Where it is in the workflow.")
    submitted_at: datetime = strawberry.field(description="When it was submitted 申请时间.")
    publicity_ends_on: date | None = strawberry.field(
        description="Last day of the publicity period 公示截止日期."
    )
    decided_at: datetime | None = strawberry.field(description="When it was decided 办结时间.")
    reason: str | None = strawberry.field(description="Latest reason given 最新理由.")
    certificate: Certificate | None = strawberry.field(
        description="The certificate, once registered 登记证书."
    )
    object_id: strawberry.Private[str]
    object_type: strawberry.Private[str]
    right_id: strawberry.Private[str | None]
    applicant_id: strawberry.Private[str]
    region_code: strawberry.Private[str]
    previous_id: strawberry.Private[str | None]
    transfer_to_id: strawberry.Private[str | None]

    @strawberry.field(
        name="uid", description="Registry id of the registration, without the type prefix."
    )
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Chinese label of the status 状态中文名.")
    def status_label_zh(self) -> str:
        return label_of(self.status).zh

    @strawberry.field(description="The resource or product registered 登记客体.")
    async def object(self, info: Info) -> DataAsset | None:
        loaders = info.context.loaders
        loader = loaders.resource if self.object_type == "DataResource" else loaders.product
        asset: Any = await loader.load((self.object_id, info.context.present))
        return asset

    @strawberry.field(description="The right registered 登记的权利.")
    async def right(self, info: Info) -> Right | None:
        if self.right_id is None:
            return None
        right: Right | None = await info.context.loaders.right_any_time.load(self.right_id)
        return right

    @strawberry.field(description="The applicant 申请人.")
    async def applicant(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.applicant_id)
        return party

    @strawberry.field(description="The jurisdiction handling it 受理辖区 (article 13).")
    async def region(self, info: Info) -> Region | None:
        region: Region | None = await info.context.loaders.region.load(self.region_code)
        return region

    @strawberry.field(
        description="The registration this one changes, renews, transfers, "
        "cancels or objects to 原登记."
    )
    async def previous(self, info: Info) -> Registration | None:
        if self.previous_id is None:
            return None
        previous: Registration | None = await info.context.loaders.registration.load(
            self.previous_id
        )
        return previous

    @strawberry.field(description="For a transfer: the party receiving the right 受让人.")
    async def transfer_to(self, info: Info) -> Party | None:
        if self.transfer_to_id is None:
            return None
        party: Party | None = await info.context.loaders.party.load(self.transfer_to_id)
        return party

    @strawberry.field(description="Every step of the workflow, oldest first 办理过程.")
    async def steps(self, info: Info) -> list[RegistrationStep]:
        return list(await info.context.loaders.registration_steps.load(self.uid))

    @strawberry.field(description="Objections raised during publicity 异议.")
    async def objections(self, info: Info) -> list[Objection]:
        return list(await info.context.loaders.objections.load(self.uid))

    @strawberry.field(
        description="The status as the registry recorded it at a past moment 历史状态."
    )
    async def status_as_recorded_at(
        self,
        info: Info,
        at: Annotated[datetime, strawberry.argument(description="The moment to look back to.")],
    ) -> RegistrationStatus | None:
        steps = await info.context.loaders.registration_steps.load(self.uid)
        earlier = [step for step in steps if step.at <= at]
        return earlier[-1].to_status if earlier else None

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Registration | None]:
        return list(await info.context.loaders.registration.load_many(list(node_ids)))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Registration:
        certificate = (
            Certificate(
                number=row["certificateNumber"],
                valid_from=row["certificateValidFrom"],
                valid_to=row["certificateValidTo"],
            )
            if row.get("certificateNumber")
            else None
        )
        return cls(
            uid=row["id"],
            number=row["number"],
            type=RegistrationType[row["type"]],
            status=RegistrationStatus[row["status"]],
            submitted_at=row["submittedAt"],
            publicity_ends_on=row.get("publicityEndsOn"),
            decided_at=row.get("decidedAt"),
            reason=row.get("reason"),
            certificate=certificate,
            object_id=row["objectId"],
            object_type=row["objectType"],
            right_id=row.get("rightId"),
            applicant_id=row["applicantId"],
            region_code=row["regionId"],
            previous_id=row.get("previousId"),
            transfer_to_id=row.get("transferToId"),
        )


@strawberry.input(description="Filters of a registration list 登记筛选条件; all given must hold.")
class RegistrationFilter:
    statuses: list[RegistrationStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    types: list[RegistrationType] | None = strawberry.field(
        default=None, description="Only these types."
    )
    applicant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this applicant's (global id)."
    )
    object_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those of this resource or product (global id)."
    )
    region_code: str | None = strawberry.field(
        default=None, description="Only those handled in this region or below it."
    )
    certificate_number: str | None = strawberry.field(
        default=None, description="Only the registration with this certificate number."
    )


@strawberry.input(description="An application for data property registration 申请产权登记.")
class SubmitRegistrationInput:
    type: RegistrationType = strawberry.field(description="Type of registration.")
    applicant_id: strawberry.ID = strawberry.field(description="Global id of the applicant.")
    right_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of the right registered; required for first and licence "
        "registrations, taken from the previous registration otherwise.",
    )
    previous_registration_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="For change, renewal, transfer, cancellation and objection: the "
        "registration acted on.",
    )
    transfer_to_id: strawberry.ID | None = strawberry.field(
        default=None, description="For a transfer: global id of the party receiving the right."
    )
    reason: str | None = strawberry.field(default=None, description="Grounds or remarks.")


@strawberry.input(description="A step in a registration's workflow 登记办理.")
class RegistrationStepInput:
    registration_id: strawberry.ID = strawberry.field(description="Global id of the registration.")
    reason: str | None = strawberry.field(default=None, description="Why; kept with the step.")


@strawberry.input(description="Open the publicity period of a registration under review 公示.")
class StartPublicityInput:
    registration_id: strawberry.ID = strawberry.field(description="Global id of the registration.")
    publicity_ends_on: date | None = strawberry.field(
        default=None,
        description="Last day of publicity 公示截止日: at least the publicity period "
        "(RIGHTSGRAPH_PUBLICITY_DAYS, 14 days by default) after today, which is also the "
        "default. Approval comes the day after.",
    )


@strawberry.input(description="An objection to a registration in publicity 提出异议.")
class FileObjectionInput:
    registration_id: strawberry.ID = strawberry.field(description="Global id of the registration.")
    objector_id: strawberry.ID = strawberry.field(description="Global id of the objecting party.")
    reason: str = strawberry.field(description="Grounds of the objection.")


@strawberry.input(description="The decision on the open objections of a registration 异议处理.")
class ResolveObjectionInput:
    registration_id: strawberry.ID = strawberry.field(description="Global id of the registration.")
    upheld: bool = strawberry.field(
        description="True: the objection stands and the registration is rejected; false: "
        "publicity resumes."
    )
    reason: str = strawberry.field(description="The reasoning.")


@strawberry.input(description="Approve a registration whose publicity ended 准予登记.")
class ApproveRegistrationInput:
    registration_id: strawberry.ID = strawberry.field(description="Global id of the registration.")
    certificate_valid_to: date | None = strawberry.field(
        default=None,
        description="End of the certificate's validity; default three years, or the end of the "
        "right if sooner.",
    )


@strawberry.type(description="A page of registrations 登记列表.")
class RegistrationConnection(CountedConnection[Registration]):
    pass
