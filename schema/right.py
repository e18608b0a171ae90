"""Right: one of the three separated data rights, held by a party over an asset 数据权利."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry import relay

from graph.history import TimePoint
from schema.asset import DataAsset
from schema.bitemporal import STORED_BY_BITEMPORAL_FIELD, Bitemporal, record_times
from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import Duty, Purpose, RightBasis, RightKind, RightStatus
from schema.labels import label_of
from schema.loading import loaded_or_pending, member_or_none, projected_keys
from schema.party import Party, party_columns
from schema.plain import Columns, NotPlain, Reader, context_only, member_name

if TYPE_CHECKING:
    from schema.authorization import Authorization


@strawberry.type(
    description="A data right 数据权利: holding, processing-and-use or product operation "
    "(article 12), with its holder, object, validity and basis (article 14)."
)
class Right(relay.Node, Bitemporal):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id of the right.")
    kind: RightKind = strawberry.field(description="Which of the three rights 权利类型.")
    basis: RightBasis = strawberry.field(description="On what basis it is held 权利来源.")
    basis_reference: str | None = strawberry.field(
        description="The law, contract or authorization it rests on 依据 (article 14)."
    )
    sublicensable: bool = strawberry.field(
        description="Whether the holder may grant it onward 可否再授权."
    )
    status: RightStatus = strawberry.field(description="Active, suspended or revoked 状态.")
    status_reason: str | None = strawberry.field(
        description="Why it was suspended, revoked or reinstated; a cascade names its origin."
    )
    purposes: list[Purpose] | None = strawberry.field(
        description="Purposes it may be used for 用途; null: unrestricted."
    )
    territory: list[str] | None = strawberry.field(
        description="Countries where it may be used (ISO 3166-1) 地域; null: unrestricted."
    )
    max_count: int | None = strawberry.field(description="Most uses or calls 次数上限.")
    max_volume_gb: float | None = strawberry.field(description="Most volume, GB 数量上限.")
    duties: list[Duty] = strawberry.field(description="Duties of the holder 义务.")
    parent_right_id: strawberry.Private[str | None]
    holder_id: strawberry.Private[str]
    object_id: strawberry.Private[str]
    object_type: strawberry.Private[str]
    # What a list that brought this right's holder along loaded of it (schema/party.py
    # stored_keys); None: the whole record, from the party loader.
    holder_keys: strawberry.Private[tuple[str, ...] | None] = None
    # The holder itself, when the list that made this right brought it along: a page of
    # hundreds of rights then looks none of them up in a loader.
    holder_found: strawberry.Private[Party | None] = None

    @strawberry.field(
        name="uid", description="Registry id of the right, without the type prefix of `id`."
    )
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Chinese label of the kind 权利类型中文名.")
    def kind_label_zh(self) -> str:
        return label_of(self.kind).zh

    @strawberry.field(description="The right it was carved from, for a granted right 来源权利.")
    async def parent_right(self, info: Info) -> Right | None:
        if self.parent_right_id is None:
            return None
        parent: Right | None = await info.context.loaders.right_any_time.load(self.parent_right_id)
        return parent

    @strawberry.field(description="The authorization that created it 授权来源.")
    async def authorization(
        self, info: Info
    ) -> Annotated[Authorization, strawberry.lazy("schema.authorization")] | None:
        grant: Authorization | None = await info.context.loaders.authorization_of_right.load(
            self.uid
        )
        return grant

    @strawberry.field(
        description="The chain of rights from the original holder down to this one 授权链."
    )
    async def chain(self, info: Info) -> list[Right]:
        ids = await info.context.loaders.right_chain.load(self.uid)
        rights = await info.context.loaders.right_any_time.load_many(list(ids or [self.uid]))
        return [right for right in rights if right is not None]

    @strawberry.field(description="Who holds the right 权利人.")
    @context_only
    def holder(self, info: Info) -> Party | None:
        # Synchronous when the holder is already loaded (rights on an asset bring their
        # holders): a page of hundreds of rights then needs no awaitable per row. Otherwise
        # it returns the loader's future, which graphql-core awaits like any result.
        if self.holder_found is not None:
            return self.holder_found
        loaders = info.context.loaders
        if self.holder_keys is None:
            return cast(Party | None, loaded_or_pending(loaders.party, self.holder_id))
        key = (self.holder_id, self.holder_keys)
        return cast(Party | None, loaded_or_pending(loaders.party_projected, key))

    @strawberry.field(description="The resource or product the right is over 权利客体.")
    async def object(self, info: Info) -> DataAsset | None:
        loader = (
            info.context.loaders.resource
            if self.object_type == "DataResource"
            else info.context.loaders.product
        )
        asset: Any = await loader.load((self.object_id, self.view))
        return asset

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Right | None]:
        keys = [(node_id, info.context.present) for node_id in node_ids]
        return list(await info.context.loaders.right.load_many(keys))

    @classmethod
    def from_state(cls, state: dict[str, Any], view: TimePoint) -> Right:
        """From a state record, whole or projected to `stored_keys` (graph/rights.py): a
        projected one leaves the fields nobody selected empty."""
        if state.keys() <= _LEAN_KEYS:
            return _lean_right(state, view)
        return cls.from_record(state, view)

    @classmethod
    def from_values(
        cls, keys: tuple[str, ...], listed: list[list[Any]], view: TimePoint
    ) -> list[Right]:
        """Rights from the values of `keys` (stored_keys), as a page's statement lists them;
        those of `_LEAN_KEYS` without a record made of each first (a page makes hundreds)."""
        if not set(keys) <= _LEAN_KEYS:
            return [cls.from_state(dict(zip(keys, values, strict=True)), view) for values in listed]
        at_id = keys.index("id") if "id" in keys else None
        at_kind = keys.index("kind")
        at_holder = keys.index("holderId") if "holderId" in keys else None
        return [
            _lean(
                None if at_id is None else values[at_id],
                values[at_kind],
                None if at_holder is None else values[at_holder],
                view,
            )
            for values in listed
        ]

    @classmethod
    def from_record(cls, state: dict[str, Any], view: TimePoint) -> Right:
        get = state.get
        return cls(
            uid=get("id"),  # type: ignore[arg-type]  # loaded when a field reads it
            kind=RightKind[state["kind"]],
            basis=member_or_none(RightBasis, get("basis")),
            basis_reference=get("basisReference"),
            sublicensable=bool(get("sublicensable")),
            status=member_or_none(RightStatus, get("status")),
            status_reason=get("statusReason"),
            purposes=[Purpose[p] for p in state["purposes"]] if get("purposes") else None,
            territory=list(state["territory"]) if get("territory") else None,
            max_count=get("maxCount"),
            max_volume_gb=get("maxVolumeGb"),
            duties=[Duty[d] for d in get("duties") or []],
            parent_right_id=get("parentRightId"),
            holder_id=get("holderId"),  # type: ignore[arg-type]
            object_id=get("objectId"),  # type: ignore[arg-type]
            object_type=get("objectType"),  # type: ignore[arg-type]
            view=view,
            **record_times(state),  # type: ignore[arg-type]
        )


# What a page showing each right's kind and holder loads of it (`stored_keys`): hundreds of
# such rights are made at once, at 2.9 µs each through the dataclass's constructor (21
# keywords) and 1.5 µs each by `_lean_right`.
_LEAN_KEYS = frozenset({"id", "kind", "holderId"})
_empty: dict[str, Any] = {}
_KINDS = dict(RightKind.__members__)  # a dict lookup; RightKind[name] runs Python


@cache
def right_columns(keys: tuple[str, ...], party_keys: tuple[str, ...]) -> Columns | None:
    """How a right's fields read from its values of `keys` as a page's statement lists them
    (`Right.from_values`), followed, when `keys` hold the holder's id, by the holder's
    values of `party_keys` (or None when it was not brought along); None unless `keys` are
    all of `_LEAN_KEYS` (the other fields are read from records)."""
    if not set(keys) <= _LEAN_KEYS:
        return None
    i_kind = keys.index("kind")
    readers: dict[str, Reader] = {
        "kind": lambda v, _: _KINDS[v[i_kind]],
        "kindLabelZh": lambda v, _: label_of(_KINDS[v[i_kind]]).zh,
    }
    if "id" in keys:
        i_id = keys.index("id")
        readers["uid"] = lambda v, _: v[i_id]
        readers["id"] = lambda v, _: relay.GlobalID("Right", v[i_id])
    answers = {"kind": member_name(_KINDS, i_kind)}
    if "holderId" not in keys:
        return Columns("Right", readers, answers=answers)
    i_holder = len(keys)

    def holder(values: list[Any], _: Any) -> Any:
        found = values[i_holder]
        if found is None:  # the record's field looks it up
            raise NotPlain
        return found

    readers["holder"] = holder
    return Columns("Right", readers, {"holder": party_columns(party_keys)}, answers)


def _lean_right(state: dict[str, Any], view: TimePoint) -> Right:
    """`Right.from_state` for a record of `_LEAN_KEYS` only."""
    return _lean(state.get("id"), state["kind"], state.get("holderId"), view)


def _lean(uid: str | None, kind: str, holder_id: str | None, view: TimePoint) -> Right:
    """A right of its id, kind and holder: every other field empty, as its constructor
    leaves them (copied from one it made)."""
    if not _empty:
        _empty.update(Right.from_record({"id": "", "kind": "HOLDING"}, view).__dict__)
    right = object.__new__(Right)
    fields = right.__dict__
    fields.update(_empty)
    fields["uid"] = uid
    fields["kind"] = _KINDS[kind]
    fields["holder_id"] = holder_id
    fields["duties"] = []
    fields["view"] = view
    return right


# The stored properties (graph/shapes.py RightAttrs, the record times) each field of Right
# reads, itself or through what it loads: a list of rights loads only what its selection
# reads. A field missing here makes the whole record load (tests/test_right_projection.py
# keeps this in step with the schema).
STORED_BY_FIELD: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": ("id",),
    "uid": ("id",),
    "kind": ("kind",),
    "kindLabelZh": ("kind",),
    "basis": ("basis",),
    "basisReference": ("basisReference",),
    "sublicensable": ("sublicensable",),
    "status": ("status",),
    "statusReason": ("statusReason",),
    "purposes": ("purposes",),
    "territory": ("territory",),
    "maxCount": ("maxCount",),
    "maxVolumeGb": ("maxVolumeGb",),
    "duties": ("duties",),
    "parentRight": ("parentRightId",),
    "authorization": ("id",),
    "chain": ("id",),
    "holder": ("holderId",),
    "object": ("objectId", "objectType"),
    **STORED_BY_BITEMPORAL_FIELD,
}


def stored_keys(field_names: Iterable[str]) -> tuple[str, ...] | None:
    """What to load of each right for a selection of these fields; None: everything."""
    # The `kind` argument's filter. The id only when a field reads it: a page of 1,343
    # rights at 1M took 1.1 ms longer in Neo4j (of 20) to bring their ids along unread.
    return projected_keys(STORED_BY_FIELD, field_names, {"kind"})


@strawberry.type(
    description="The separation-of-rights view 三权分置视图 (article 12): who holds which "
    "right over one asset at one date."
)
class SeparationOfRights:
    holding: list[Right] = strawberry.field(description="Holding rights 数据资源持有权.")
    processing_use: list[Right] = strawberry.field(
        description="Processing-and-use rights 数据加工使用权."
    )
    product_operation: list[Right] = strawberry.field(
        description="Product-operation rights 数据产品经营权."
    )

    @classmethod
    def of(cls, rights: list[Right]) -> SeparationOfRights:
        def of_kind(kind: RightKind) -> list[Right]:
            return [right for right in rights if right.kind is kind]

        return cls(
            holding=of_kind(RightKind.HOLDING),
            processing_use=of_kind(RightKind.PROCESSING_USE),
            product_operation=of_kind(RightKind.PRODUCT_OPERATION),
        )


@strawberry.input(description="Filters of a right list 数据权利筛选条件; all given must hold.")
class RightFilter:
    kinds: list[RightKind] | None = strawberry.field(default=None, description="Only these kinds.")
    holder_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only rights held by this party (global id)."
    )
    object_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only rights over this resource or product (global id)."
    )
    statuses: list[RightStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    bases: list[RightBasis] | None = strawberry.field(
        default=None, description="Only rights held on these bases."
    )


@strawberry.input(description="A right to record 记录数据权利.")
class RecordRightInput:
    kind: RightKind = strawberry.field(description="Which right.")
    holder_id: strawberry.ID = strawberry.field(description="Global id of the holder (Party).")
    object_id: strawberry.ID = strawberry.field(
        description="Global id of the DataResource or DataProduct."
    )
    basis: RightBasis = strawberry.field(description="On what basis it is held.")
    basis_reference: str | None = strawberry.field(
        default=None,
        description="The law article, contract number or authorization; required unless the "
        "basis is original holding.",
    )
    sublicensable: bool = strawberry.field(default=False, description="May be granted onward.")
    valid_from: date = strawberry.field(description="First day the right holds.")
    valid_to: date | None = strawberry.field(
        default=None, description="First day it no longer holds."
    )


@strawberry.input(description="End a right from a day on 终止数据权利.")
class EndRightInput:
    right_id: strawberry.ID = strawberry.field(description="Global id of the right.")
    end_on: date = strawberry.field(description="First day the right no longer holds.")
    reason: str = strawberry.field(description="Why; kept in the audit trail.")


@strawberry.type(description="A page of rights 数据权利列表.")
class RightConnection(CountedConnection[Right]):
    pass
