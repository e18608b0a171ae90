"""Constraints and indexes of the graph, applied idempotently at startup.

Neo4j Community has uniqueness constraints only (no existence or type
constraints), so required properties are enforced by the write paths.
"""

from __future__ import annotations

import re

from graph.db import Database, Query

# Every node label of the domain (shared/domain.md, "The graph").
NODE_LABELS: tuple[str, ...] = (
    "Region",
    "Party",
    "DataResource",
    "DataProduct",
    "Right",
    "Registration",
    "Authorization",
    "Transaction",
    "Activity",
    "QualityIssue",
    "Valuation",
    "CreditEvent",
    "SupervisionAction",
    "Declaration",
    "AuditEvent",
    "Dataset",
    "Run",
    "JobNamespace",
)


def _unique_id(label: str) -> Query:
    # Labels come from the fixed tuple above, never from input.
    return Query(
        f"constraint.{label}.id",
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE",
    )


EXTRA_STATEMENTS: tuple[Query, ...] = (
    # Every domain node also carries :Entity, so one index finds any node by
    # id (node lookup, audit links) without knowing its label.
    Query(
        "constraint.Entity.id",
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    ),
    Query(
        "constraint.Party.creditCode",
        "CREATE CONSTRAINT party_credit_code IF NOT EXISTS "
        "FOR (p:Party) REQUIRE p.creditCode IS UNIQUE",
    ),
    # Idempotency keys are scoped to caller and operation (resolvers/writes.py): the raw
    # key no longer identifies a write, and one of 10,000 characters is too large to index.
    Query(
        "constraint.AuditEvent.idempotencyKey.drop",
        "DROP CONSTRAINT audit_idempotency_key IF EXISTS",
    ),
    Query(
        "constraint.AuditEvent.idempotencyScope",
        "CREATE CONSTRAINT audit_idempotency_scope IF NOT EXISTS "
        "FOR (a:AuditEvent) REQUIRE a.idempotencyScope IS UNIQUE",
    ),
    Query(
        "constraint.LockKey.key",
        "CREATE CONSTRAINT lock_key IF NOT EXISTS FOR (k:LockKey) REQUIRE k.key IS UNIQUE",
    ),
    Query(
        "index.Region.level",
        "CREATE INDEX region_level IF NOT EXISTS FOR (r:Region) ON (r.level)",
    ),
    Query(
        "index.Region.parentId",
        "CREATE INDEX region_parent IF NOT EXISTS FOR (r:Region) ON (r.parentId)",
    ),
    Query(
        "index.Region.path",
        "CREATE TEXT INDEX region_path IF NOT EXISTS FOR (r:Region) ON (r.path)",
    ),
    Query(
        "index.Party.kind",
        "CREATE INDEX party_kind IF NOT EXISTS FOR (p:Party) ON (p.kind)",
    ),
    Query(
        "index.Party.nameZh",
        "CREATE INDEX party_name_zh IF NOT EXISTS FOR (p:Party) ON (p.nameZh)",
    ),
    Query(
        "index.Party.regionPath",
        "CREATE TEXT INDEX party_region_path IF NOT EXISTS FOR (p:Party) ON (p.regionPath)",
    ),
    Query(
        "constraint.Sequence.name",
        "CREATE CONSTRAINT sequence_name IF NOT EXISTS FOR (s:Sequence) REQUIRE s.name IS UNIQUE",
    ),
    Query(
        "constraint.Finding.id",
        "CREATE CONSTRAINT finding_id IF NOT EXISTS FOR (f:Finding) REQUIRE f.id IS UNIQUE",
    ),
    Query("index.State.id", "CREATE INDEX state_id IF NOT EXISTS FOR (s:State) ON (s.id)"),
    Query(
        "index.ResourceState.catalogCode",
        "CREATE INDEX resource_state_catalog IF NOT EXISTS FOR (s:ResourceState) "
        "ON (s.catalogCode)",
    ),
    Query(
        "index.ResourceState.nameZh",
        "CREATE INDEX resource_state_name IF NOT EXISTS FOR (s:ResourceState) ON (s.nameZh)",
    ),
    Query(
        "index.ProductState.nameZh",
        "CREATE INDEX product_state_name IF NOT EXISTS FOR (s:ProductState) ON (s.nameZh)",
    ),
    Query(
        "index.RightState.holderId",
        "CREATE INDEX right_state_holder IF NOT EXISTS FOR (s:RightState) ON (s.holderId)",
    ),
    Query(
        "index.RightState.objectId",
        "CREATE INDEX right_state_object IF NOT EXISTS FOR (s:RightState) ON (s.objectId)",
    ),
    Query(
        "index.DataResource.catalogCode",
        "CREATE INDEX resource_catalog IF NOT EXISTS FOR (r:DataResource) ON (r.catalogCode)",
    ),
    Query(
        "constraint.Run.runId",
        "CREATE CONSTRAINT run_run_id IF NOT EXISTS FOR (r:Run) REQUIRE r.runId IS UNIQUE",
    ),
    Query(
        "index.Run.activityId",
        "CREATE INDEX run_activity IF NOT EXISTS FOR (r:Run) ON (r.activityId)",
    ),
    Query(
        "index.Run.recordedAt",
        "CREATE INDEX run_recorded_at IF NOT EXISTS FOR (r:Run) ON (r.recordedAt)",
    ),
    Query(
        "constraint.Activity.hopKey",
        "CREATE CONSTRAINT activity_hop_key IF NOT EXISTS "
        "FOR (a:Activity) REQUIRE a.hopKey IS UNIQUE",
    ),
    Query(
        "index.JobNamespace.namespace",
        "CREATE INDEX job_namespace IF NOT EXISTS FOR (m:JobNamespace) ON (m.namespace)",
    ),
    Query(
        "constraint.Dataset.key",
        "CREATE CONSTRAINT dataset_key IF NOT EXISTS FOR (d:Dataset) REQUIRE d.key IS UNIQUE",
    ),
    Query(
        "index.Activity.day",
        "CREATE INDEX activity_day IF NOT EXISTS FOR (a:Activity) ON (a.day)",
    ),
    Query(
        "index.Registration.objectId",
        "CREATE INDEX registration_object IF NOT EXISTS FOR (r:Registration) ON (r.objectId)",
    ),
    Query(
        "index.Registration.status",
        "CREATE INDEX registration_status IF NOT EXISTS FOR (r:Registration) ON (r.status)",
    ),
    Query(
        "index.AuditEvent.at",
        "CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEvent) ON (a.at)",
    ),
    # Chinese and English names and descriptions; the CJK analyzer indexes
    # Han characters as bigrams, so a two-character word such as 港口 matches.
    Query(
        "fulltext.names",
        "CREATE FULLTEXT INDEX names IF NOT EXISTS "
        "FOR (n:Region|Party|DataResource|DataProduct) "
        "ON EACH [n.nameZh, n.nameEn, n.description] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', "
        "`fulltext.eventually_consistent`: false}}",
    ),
)

STATEMENTS: tuple[Query, ...] = tuple(_unique_id(label) for label in NODE_LABELS) + (
    EXTRA_STATEMENTS
)

AWAIT_INDEXES = Query("indexes.await", "CALL db.awaitIndexes(300)")

# Constraints are listed with the indexes that back them, under the same names.
SCHEMA_NAMES = Query("indexes.names", "SHOW INDEXES YIELD name RETURN name")


async def apply_constraints(db: Database) -> None:
    """Create every constraint and index that is missing, then wait until they are online.

    Only the statements whose outcome is not there yet are sent: each is a schema
    transaction, and an API restarted beside a restarted Neo4j sent all of them while the
    first writes were waiting for a cold Neo4j."""
    present = {row["name"] for row in await db.read(SCHEMA_NAMES)}
    for statement in STATEMENTS:
        if _needed(statement, present):
            await db.write(statement)
    await db.write(AWAIT_INDEXES)


def _needed(statement: Query, present: set[str]) -> bool:
    created = re.search(r"(?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS", statement.cypher)
    if created:
        return created.group(1) not in present
    dropped = re.search(r"DROP CONSTRAINT (\w+) IF EXISTS", statement.cypher)
    return dropped is None or dropped.group(1) in present
