"""Per-request DataLoaders: anything fetched per row is batched into one statement.

Loaders of bitemporal records are keyed by (id, TimePoint), so nested fields
read the same moment as their parent; each batch sends one statement per
distinct time point (usually one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from graph import (
    authorizations,
    classification,
    datasets,
    lineage,
    market,
    parties,
    products,
    records,
    regions,
    registrations,
    resources,
    rights,
    runs,
    transactions,
)
from graph.db import Database, Row
from graph.history import TimePoint
from resolvers.credit import credit_status as standing
from schema.authorization import Authorization
from schema.datasets import DatasetIdentifier
from schema.enums import RegistrationStatus
from schema.lineage import Activity
from schema.loaders import Loaders, Projected, Timed, TimedLoader
from schema.market import CreditEvent, CreditStatus, Declaration, SupervisionAction, Valuation
from schema.party import Party
from schema.plain import ValueRows
from schema.product import DataProduct
from schema.region import Region
from schema.registration import Objection, Registration, RegistrationStep
from schema.resource import DataResource
from schema.right import Right
from schema.transaction import Transaction

T = TypeVar("T")


def _same(value: T) -> T:
    return value


def _by_id(
    fetch: Callable[[Database, list[str]], Awaitable[dict[str, Any]]],
    db: Database,
    convert: Callable[[Any], T],
) -> DataLoader[str, T | None]:
    async def load(keys: Sequence[str]) -> list[T | None]:
        found = await fetch(db, list(dict.fromkeys(keys)))
        return [convert(found[key]) if key in found else None for key in keys]

    return DataLoader(load_fn=load)


def _lists_by_id(
    fetch: Callable[[Database, list[str]], Awaitable[dict[str, list[Any]]]],
    db: Database,
    convert: Callable[[Any], T],
) -> DataLoader[str, list[T]]:
    """Rows fetched per key, each converted; none found is an empty list."""

    async def load(keys: Sequence[str]) -> list[list[T]]:
        found = await fetch(db, list(dict.fromkeys(keys)))
        return [[convert(row) for row in found.get(key, [])] for key in keys]

    return DataLoader(load_fn=load)


def _timed(
    fetch: Callable[[Database, list[str], TimePoint], Awaitable[dict[str, Any]]],
    db: Database,
    convert: Callable[[Any, TimePoint], T | None],
    missing: Callable[[], T | None] = lambda: None,
) -> TimedLoader[T]:
    async def load(keys: Sequence[Timed]) -> list[T | None]:
        found = {at: await fetch(db, ids, at) for at, ids in _group_by_time(keys).items()}
        return [
            convert(found[at][node_id], at) if node_id in found[at] else missing()
            for node_id, at in keys
        ]

    return TimedLoader(load, convert, missing)


def _timed_lists(
    fetch: Callable[[Database, list[str], TimePoint], Awaitable[dict[str, list[Row]]]],
    db: Database,
    convert: Callable[[Row], T],
) -> DataLoader[Timed, list[T]]:
    """Rows fetched per (id, time point), each converted; none found is an empty list."""

    async def load(keys: Sequence[Timed]) -> list[list[T]]:
        found = {at: await fetch(db, ids, at) for at, ids in _group_by_time(keys).items()}
        return [[convert(row) for row in found[at].get(node_id, [])] for node_id, at in keys]

    return DataLoader(load_fn=load)


def _runs_of(db: Database) -> DataLoader[tuple[str, TimePoint, int], tuple[list[Row], int]]:
    async def load(keys: Sequence[tuple[str, TimePoint, int]]) -> list[tuple[list[Row], int]]:
        found: dict[tuple[str, TimePoint, int], tuple[list[Row], int]] = {}
        for at, limit in {(at, limit) for _, at, limit in keys}:
            ids = list(dict.fromkeys(i for i, a, n in keys if (a, n) == (at, limit)))
            rows = await runs.runs_of(db, ids, at, limit)
            found |= {(i, at, limit): rows.get(i, ([], 0)) for i in ids}
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)


def _records_of(name: str, db: Database, convert: Callable[[Row], T]) -> DataLoader[str, list[T]]:
    async def fetch(db: Database, ids: list[str]) -> dict[str, list[Row]]:
        return await market.records_of(db, name, ids)

    return _lists_by_id(fetch, db, convert)


def _group_by_time(keys: Sequence[Timed]) -> dict[TimePoint, list[str]]:
    by_time: dict[TimePoint, dict[str, None]] = defaultdict(dict)
    for node_id, at in keys:
        by_time[at][node_id] = None
    return {at: list(ids) for at, ids in by_time.items()}


def _step(row: Row) -> RegistrationStep:
    return RegistrationStep(
        from_status=RegistrationStatus[row["fromStatus"]] if row.get("fromStatus") else None,
        to_status=RegistrationStatus[row["toStatus"]],
        at=row["at"],
        actor=row["actor"],
        reason=row.get("reason"),
    )


def _objection(row: Row) -> Objection:
    return Objection(
        objector_id=row["objectorId"],
        reason=row["reason"],
        filed_at=row["filedAt"],
        resolved_at=row.get("resolvedAt"),
        upheld=row.get("upheld"),
        resolution=row.get("resolution"),
    )


def _labelled_records(db: Database) -> DataLoader[tuple[str, str], Row | None]:
    async def load(keys: Sequence[tuple[str, str]]) -> list[Row | None]:
        found: dict[tuple[str, str], Row] = {}
        for label in {label for label, _ in keys}:
            ids = [node_id for key_label, node_id in keys if key_label == label]
            rows = await records.records_by_ids(db, label, ids)
            found |= {(label, node_id): row for node_id, row in rows.items()}
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def _credit_status(db: Database) -> DataLoader[tuple[str, date], CreditStatus]:
    async def load(keys: Sequence[tuple[str, date]]) -> list[CreditStatus]:
        events = await market.records_of(db, "CreditEvent", [p for p, _ in keys])
        return [standing(events.get(party_id, []), day) for party_id, day in keys]

    return DataLoader(load_fn=load)


def _rights_on(
    db: Database, party: DataLoader[str, Party | None]
) -> DataLoader[Timed, list[Right]]:
    """Rights on each asset, priming the party loader with their holders (one statement)."""

    async def load(keys: Sequence[Timed]) -> list[list[Right]]:
        found: dict[Timed, list[Right]] = {}
        for at, ids in _group_by_time(keys).items():
            states, holders = await rights.rights_on(db, ids, at)
            party.prime_many({row["id"]: Party.from_row(row) for row in holders})
            for object_id in ids:
                found[(object_id, at)] = [
                    Right.from_state(s, at) for s in states.get(object_id, [])
                ]
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)


def _rights_projected(
    db: Database, party: DataLoader[str, Party | None]
) -> DataLoader[Projected, list[Right] | ValueRows]:
    """`_rights_on` loading only the keys asked (holders only when the keys hold theirs);
    a page primes it with its rights still as values (resolvers/resources.py)."""

    async def load(keys: Sequence[Projected]) -> list[list[Right] | ValueRows]:
        found: dict[Projected, list[Right]] = {}
        for group in {key[1:] for key in keys}:
            ids = list(dict.fromkeys(key[0] for key in keys if key[1:] == group))
            found |= await projected_rights(db, party, ids, *group)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)


async def projected_rights(
    db: Database,
    party: DataLoader[str, Party | None],
    ids: list[str],
    at: TimePoint,
    stored: tuple[str, ...],
    holder_keys: tuple[str, ...] | None = None,
) -> dict[Projected, list[Right]]:
    """The rights on `ids` with only the `stored` keys, by their loader keys; the party
    loader primed with their holders, loaded in the same statement."""
    holders = "holderId" in stored
    states, parties = await rights.rights_on_projected(db, ids, at, stored, holders)
    found = {row["id"]: Party.from_row(row) for row in parties}
    party.prime_many(found)
    made = {i: [Right.from_state(row, at) for row in states.get(i, [])] for i in ids}
    return projected_found(made, at, stored, holder_keys, found)


def projected_found(
    made: dict[str, list[Right]],
    at: TimePoint,
    stored: tuple[str, ...],
    holder_keys: tuple[str, ...] | None = None,
    holders: dict[str, Party] | None = None,
) -> dict[Projected, list[Right]]:
    """Rights made with only the `stored` keys (by object id), by their loader keys; with
    `holder_keys`, their holders are read from `party_projected` with those keys; those in
    `holders` (brought along with them) are given to the rights themselves."""
    found: dict[Projected, list[Right]] = {}
    holders = holders or {}
    for object_id, listed in made.items():
        for right in listed:
            right.holder_keys = holder_keys
            right.holder_found = holders.get(right.holder_id)
        found[(object_id, at, stored, holder_keys)] = listed
    return found


def _party_projected(
    party: DataLoader[str, Party | None],
) -> DataLoader[tuple[str, tuple[str, ...]], Party | None]:
    """Parties a list brought along with some keys only; any not brought along is loaded
    whole (a whole record answers every selection)."""

    async def load(keys: Sequence[tuple[str, tuple[str, ...]]]) -> list[Party | None]:
        return list(await party.load_many([party_id for party_id, _ in keys]))

    return DataLoader(load_fn=load)


def _products_from(
    db: Database, product: DataLoader[Timed, DataProduct | None]
) -> DataLoader[Timed, list[DataProduct]]:
    async def load(keys: Sequence[Timed]) -> list[list[DataProduct]]:
        product_ids: dict[Timed, list[str]] = {}
        for at, ids in _group_by_time(keys).items():
            found = await products.products_from(db, ids, at)
            product_ids.update({(i, at): found.get(i, []) for i in ids})
        results: list[list[DataProduct]] = []
        for input_id, at in keys:
            batch = await product.load_many([(p, at) for p in product_ids[(input_id, at)]])
            results.append([p for p in batch if p is not None])
        return results

    return DataLoader(load_fn=load)


def create_loaders(db: Database, catalogue_only: bool) -> Loaders:
    """`catalogue_only`: the caller sees open and conditionally open resources only. Each
    loader is made when first read: making all thirty took 53 µs a request."""

    def make(name: str, loaders: Loaders) -> DataLoader[Any, Any]:
        factory = LOADERS.get(name)
        if factory is None:
            raise AttributeError(f"no loader {name!r}")
        return factory(db, catalogue_only, loaders)

    return Loaders(make)


def _resources(db: Database, catalogue_only: bool) -> TimedLoader[DataResource]:
    def resource_or_hidden(state: Row, at: TimePoint) -> DataResource | None:
        if catalogue_only and state["openness"] == "NOT_OPEN":
            return None
        return DataResource.from_state(state, at)

    return _timed(resources.resource_states, db, resource_or_hidden)


def _any_time(state: Row) -> TimePoint:
    return TimePoint(state["validFrom"], state["recordedAt"])


Factory = Callable[[Database, bool, Loaders], DataLoader[Any, Any]]

# How each loader of schema/loaders.py is made: (db, catalogue_only, the other loaders).
LOADERS: dict[str, Factory] = {
    "region": lambda db, _, __: _by_id(regions.regions_by_ids, db, Region.from_row),
    "region_children": lambda db, _, __: _lists_by_id(regions.region_children, db, Region.from_row),
    "party": lambda db, _, __: _by_id(parties.parties_by_ids, db, Party.from_row),
    "party_projected": lambda _, __, loaders: _party_projected(loaders.party),
    "resource": lambda db, catalogue_only, _: _resources(db, catalogue_only),
    "resource_history": lambda db, _, __: _lists_by_id(
        resources.resource_histories,
        db,
        lambda s: DataResource.from_state(s, _any_time(s)),
    ),
    "product": lambda db, _, __: _timed(products.product_states, db, DataProduct.from_state),
    "products_from": lambda db, _, loaders: _products_from(db, loaders.product),
    "right": lambda db, _, __: _timed(rights.right_states, db, Right.from_state),
    "right_any_time": lambda db, _, __: _by_id(
        rights.latest_right_states, db, lambda s: Right.from_state(s, _any_time(s))
    ),
    "rights_on": lambda db, _, loaders: _rights_on(db, loaders.party),
    "rights_projected": lambda db, _, loaders: _rights_projected(db, loaders.party),
    "registration": lambda db, _, __: _by_id(
        registrations.registrations_by_ids, db, Registration.from_row
    ),
    "registrations_of": lambda db, _, __: _lists_by_id(
        registrations.registrations_of, db, Registration.from_row
    ),
    "registration_steps": lambda db, _, __: _lists_by_id(registrations.steps_of, db, _step),
    "objections": lambda db, _, __: _lists_by_id(registrations.objections_of, db, _objection),
    "authorization": lambda db, _, __: _by_id(
        authorizations.authorizations_by_ids, db, Authorization.from_row
    ),
    "authorization_of_right": lambda db, _, __: _by_id(
        authorizations.authorizations_of_rights, db, Authorization.from_row
    ),
    "right_chain": lambda db, _, __: _lists_by_id(authorizations.chains, db, str),
    "transaction": lambda db, _, __: _by_id(
        transactions.transactions_by_ids, db, Transaction.from_row
    ),
    "credit_event": lambda db, _, __: _by_id(market.records_by_ids, db, CreditEvent.from_row),
    "credit_status": lambda db, _, __: _credit_status(db),
    "declarations_of": lambda db, _, __: _records_of("Declaration", db, Declaration.from_row),
    "supervision_of": lambda db, _, __: _records_of(
        "SupervisionAction", db, SupervisionAction.from_row
    ),
    "valuations_of": lambda db, _, __: _records_of("Valuation", db, Valuation.from_row),
    "activity": lambda db, _, __: _by_id(lineage.activities_by_ids, db, Activity.from_row),
    "datasets_of": lambda db, _, __: _timed_lists(
        datasets.datasets_of, db, DatasetIdentifier.from_row
    ),
    "run": lambda db, _, __: _by_id(runs.runs_by_ids, db, _same),
    "runs_of": lambda db, _, __: _runs_of(db),
    "classification": lambda db, _, __: _by_id(classification.read_classifications, db, _same),
    "record": lambda db, _, __: _labelled_records(db),
}
