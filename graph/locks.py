"""Write locks, taken before a write reads what its rules check.

Neo4j runs transactions at read-committed and locks a node only when the
transaction writes it. A rule that reads, then writes, can therefore pass
in two transactions at once when only one of them should. So a write first
takes exclusive locks on what its rules will read, by writing to those
nodes (`SET n._lock = true REMOVE n._lock`: the net change is nothing, the
lock is held until commit), and only then reads.

What is locked, and the one global order in which a write takes its locks
(every write takes them in this order, so two writes wait for each other
rather than deadlock; the rare deadlock Neo4j still detects is retried by
the managed transaction):

1. identity keys (`:LockKey {key}`), e.g. `catalog:<code>` for rule 1,
   MERGEd (a uniqueness constraint makes concurrent MERGEs meet on one
   node), in order of key;
2. rights, by depth below their original holding right, then id: a grant
   locks the chain from its parent up to the original holding right; a
   status change locks the right, its chain, and every right carved from
   it (read after the right itself is locked, so no new grant can slip in);
3. other entities (resources, products, parties, records), in order of id.
"""

from __future__ import annotations

from datetime import datetime

from graph.db import Query, Tx

LOCK_KEYS = Query(
    "locks.keys",
    """
    UNWIND $keys AS key
    MERGE (k:LockKey {key: key})
    SET k.lockedAt = $now
    RETURN count(k) AS locked
    """,
)

LOCK_ENTITIES = Query(
    "locks.entities",
    """
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})
    SET n._lock = true
    REMOVE n._lock
    RETURN collect({id: n.id}) AS rows
    """,
    collected=True,
)

RIGHT_CHAINS = Query(
    "locks.right_chains",
    """
    UNWIND $ids AS id
    MATCH path = (:Right {id: id})-[:DERIVED_FROM*0..]->(root:Right)
    WHERE NOT (root)-[:DERIVED_FROM]->()
    UNWIND range(0, length(path)) AS i
    WITH DISTINCT nodes(path)[i].id AS id, length(path) - i AS depth
    RETURN collect({id: id, depth: depth}) AS rows
    """,
    collected=True,
)

RIGHT_DESCENDANTS = Query(
    "locks.right_descendants",
    """
    UNWIND $ids AS id
    MATCH path = (:Right {id: id})<-[:DERIVED_FROM*1..]-(d:Right)
    WITH d.id AS id, min(length(path)) AS below, id AS top
    RETURN collect({id: id, below: below, top: top}) AS rows
    """,
    collected=True,
)


async def lock_keys(tx: Tx, keys: list[str], now: datetime) -> None:
    if keys:
        await tx.rows(LOCK_KEYS, keys=sorted(set(keys)), now=now)


async def lock_entities(tx: Tx, ids: list[str]) -> set[str]:
    """Lock these entities in the order given; the ids that exist."""
    if not ids:
        return set()
    return {row["id"] for row in await tx.rows(LOCK_ENTITIES, ids=ids)}


async def right_depths(tx: Tx, right_ids: list[str]) -> dict[str, int]:
    """Each right and every right it was carved from, with its depth below the original
    holding right (0). The chain never changes once a right exists, so it is read unlocked."""
    rows = await tx.rows(RIGHT_CHAINS, ids=right_ids)
    return {row["id"]: row["depth"] for row in rows}


async def descendant_depths(tx: Tx, depths: dict[str, int]) -> dict[str, int]:
    """Every right carved (at any remove) from the rights in `depths`, with its depth."""
    rows = await tx.rows(RIGHT_DESCENDANTS, ids=list(depths))
    found: dict[str, int] = {}
    for row in rows:
        depth = depths[row["top"]] + row["below"]
        found[row["id"]] = min(depth, found.get(row["id"], depth))
    return found


def in_lock_order(depths: dict[str, int]) -> list[str]:
    return [right_id for right_id, _ in sorted(depths.items(), key=lambda item: item[::-1])]
