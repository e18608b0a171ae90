"""Write locks, taken before a write reads what its rules check.

Neo4j runs transactions at read-committed and locks a node only when the
transaction writes it. A rule that reads, then writes, can therefore pass
in two transactions at once when only one of them should. So a write first
takes exclusive locks on what its rules will read, by writing to those
nodes (`SET n._lock = true REMOVE n._lock`, the idiom of Neo4j's manual: the
net change is nothing, the lock is held until commit), and only then reads.
A lone `REMOVE` of an absent property does not reliably lock: the
concurrency suite caught it.

What is locked, and the one global order in which a write takes its locks
(every write takes them in this order, so two writes wait for each other
rather than deadlock; the rare deadlock Neo4j still detects is retried by
the transaction loop of graph/db.py):

1. identity keys (`:LockKey {key}`), e.g. `catalog:<code>` for rule 1,
   MERGEd (a uniqueness constraint makes concurrent MERGEs meet on one
   node), in order of key;
2. rights, from the original holding right down (by depth below it, then
   id): a grant or a licence locks the chain from its parent up to the
   original holding right; a status change locks the right, its chain, and
   every right carved from it (read after the right itself is locked, so no
   new grant can slip in). A write locks one chain or tree;
3. other entities (resources, products, parties, records), in order of id.
"""

from __future__ import annotations

from graph.db import Query, Row, Tx

LOCK_KEYS = Query(
    "locks.keys",
    """
    UNWIND $keys AS key
    MERGE (k:LockKey {key: key})
    SET k._lock = true
    REMOVE k._lock
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

# One right's chain, locked from the original holding right (depth 0) down to the right,
# then the right's current records, read once all of it is locked (a grant reads them next:
# one round trip instead of two). The chain never changes once a right exists, so reading
# it before the locks is safe.
LOCK_CHAIN = Query(
    "locks.right_chain",
    """
    MATCH path = (:Right {id: $id})-[:DERIVED_FROM*0..]->(root:Right)
    WHERE NOT (root)-[:DERIVED_FROM]->()
    WITH nodes(path) AS chain LIMIT 1
    UNWIND range(size(chain) - 1, 0, -1) AS i
    WITH chain[i] AS right, size(chain) - 1 - i AS depth
    SET right._lock = true
    REMOVE right._lock
    WITH collect({id: right.id, depth: depth}) AS chain
    OPTIONAL MATCH (:Right {id: $id})-[:STATE]->(s:RightState)
    WHERE s.supersededAt IS NULL
    WITH chain, s ORDER BY s.validFrom
    RETURN chain, collect(properties(s)) AS states
    """,
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


async def lock_keys(tx: Tx, keys: list[str]) -> None:
    if keys:
        await tx.rows(LOCK_KEYS, keys=sorted(set(keys)))


async def lock_entities(tx: Tx, ids: list[str]) -> set[str]:
    """Lock these entities in the order given; the ids that exist."""
    if not ids:
        return set()
    return {row["id"] for row in await tx.rows(LOCK_ENTITIES, ids=ids)}


async def lock_chain(tx: Tx, right_id: str) -> tuple[dict[str, int], list[Row]]:
    """Lock a right and every right it was carved from, the original holding right first;
    each with its depth below that right (0), and the right's current records as read under
    the locks. Nothing when there is no such right."""
    found = await tx.one(LOCK_CHAIN, id=right_id)
    if found is None:
        return {}, []
    return {row["id"]: row["depth"] for row in found["chain"]}, found["states"]


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
