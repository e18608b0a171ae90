"""The request's DataLoaders, as the types see them: one per thing fetched per row.

Declared here, beside the types they load, so that fields reading `info.context.loaders`
are type-checked; `resolvers/loaders.py` builds them (`create_loaders`) from graph queries.
Loaders of bitemporal records are keyed by (id, TimePoint), so nested fields read the same
moment as their parent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from strawberry.dataloader import DataLoader

from graph.classification import Classification
from graph.db import Row
from graph.history import TimePoint
from schema.plain import ValueRows

if TYPE_CHECKING:  # the types import the context, which names these loaders
    from schema.authorization import Authorization
    from schema.datasets import DatasetIdentifier
    from schema.lineage import Activity
    from schema.market import CreditEvent, CreditStatus, Declaration, SupervisionAction, Valuation
    from schema.party import Party
    from schema.product import DataProduct
    from schema.region import Region
    from schema.registration import Objection, Registration, RegistrationStep
    from schema.resource import DataResource
    from schema.right import Right
    from schema.transaction import Transaction

T = TypeVar("T")
Timed = tuple[str, TimePoint]


class TimedLoader(DataLoader[Timed, T | None]):
    """Records by (id, time point), each made by `convert` from its stored record, or
    `missing()` when none is visible then; a statement that read them along with other
    things (a walk, its assets) hands them over with `prime_records`."""

    def __init__(
        self,
        load_fn: Callable[[Sequence[Timed]], Awaitable[list[T | None]]],
        convert: Callable[[Row, TimePoint], T | None],
        missing: Callable[[], T | None],
    ) -> None:
        super().__init__(load_fn=load_fn)
        self.convert = convert
        self.missing = missing

    def prime_records(self, ids: Iterable[str], records: dict[str, Row], at: TimePoint) -> None:
        """Each of `ids` as its record in `records` makes it, or as missing when it has
        none there: what loading it would answer."""
        for node_id in ids:
            record = records.get(node_id)
            found = self.missing() if record is None else self.convert(record, at)
            self.prime((node_id, at), found)


Projected = tuple[str, TimePoint, tuple[str, ...], tuple[str, ...] | None]


class Loaders:
    """A request's loaders, each made on first use (a request reads a few of them): `make`
    (resolvers/loaders.py) builds one by name, given the others it may share a cache with."""

    def __init__(self, make: Callable[[str, Loaders], DataLoader[Any, Any]]) -> None:
        self._make = make

    if not TYPE_CHECKING:  # mypy still checks every loader's name and type below

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            loader = self._make(name, self)
            setattr(self, name, loader)
            return loader

    region: DataLoader[str, Region | None]
    region_children: DataLoader[str, list[Region]]
    party: DataLoader[str, Party | None]
    # (party id, stored keys): the party with those properties only, for a list that
    # selects few of its fields (schema/party.py stored_keys); unprimed, the whole record
    party_projected: DataLoader[tuple[str, tuple[str, ...]], Party | None]
    resource: TimedLoader[DataResource]
    resource_history: DataLoader[str, list[DataResource]]
    product: TimedLoader[DataProduct]
    products_from: DataLoader[Timed, list[DataProduct]]
    right: DataLoader[Timed, Right | None]
    right_any_time: DataLoader[str, Right | None]
    rights_on: DataLoader[Timed, list[Right]]
    # (asset id, view, stored keys, holder keys): its rights with those properties only,
    # for a list that selects few of their fields (schema/right.py stored_keys), their
    # holders read from `party_projected` with the holder keys, or whole if None
    rights_projected: DataLoader[Projected, list[Right] | ValueRows]
    registration: DataLoader[str, Registration | None]
    registrations_of: DataLoader[str, list[Registration]]
    registration_steps: DataLoader[str, list[RegistrationStep]]
    objections: DataLoader[str, list[Objection]]
    authorization: DataLoader[str, Authorization | None]
    authorization_of_right: DataLoader[str, Authorization | None]
    right_chain: DataLoader[str, list[str]]
    transaction: DataLoader[str, Transaction | None]
    credit_event: DataLoader[str, CreditEvent | None]
    credit_status: DataLoader[tuple[str, date], CreditStatus]
    declarations_of: DataLoader[str, list[Declaration]]
    supervision_of: DataLoader[str, list[SupervisionAction]]
    valuations_of: DataLoader[str, list[Valuation]]
    activity: DataLoader[str, Activity | None]
    datasets_of: DataLoader[Timed, list[DatasetIdentifier]]
    run: DataLoader[str, Row | None]
    # (activity id, view, most runs): the latest runs at the view, and how many there are
    runs_of: DataLoader[tuple[str, TimePoint, int], tuple[list[Row], int]]
    classification: DataLoader[str, Classification | None]
    # (label, id): records of the kinds graph/records.py looks up, for `node(id:)`
    record: DataLoader[tuple[str, str], Row | None]
