"""Settings, read from the environment (and an optional `.env` file).

Neo4j connection variables keep their conventional names (`NEO4J_URI`,
`NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`); everything else is
prefixed `RIGHTSGRAPH_`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from resolvers.registration_workflow import PUBLICITY_DAYS
from resolvers.rules import RULES, RuleMode


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


DEV_JWT_SECRET = "rightsgraph-development-secret-change-me"

# The web build (lineage explorer, offline GraphiQL): `npm run build` in web/ writes it here.
DEFAULT_WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RIGHTSGRAPH_",
        env_file=".env",
        extra="ignore",
        frozen=True,
        # A refusal must not print what it refused: the input holds the JWT secret.
        hide_input_in_errors=True,
    )

    environment: Environment = Field(
        Environment.DEVELOPMENT, description="development, test or production."
    )
    neo4j_uri: str = Field(
        "bolt://127.0.0.1:7687",
        validation_alias=AliasChoices("NEO4J_URI", "RIGHTSGRAPH_NEO4J_URI"),
        description="Bolt or neo4j URI of the database.",
    )
    neo4j_user: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_USER", "RIGHTSGRAPH_NEO4J_USER")
    )
    neo4j_password: str = Field(
        "", validation_alias=AliasChoices("NEO4J_PASSWORD", "RIGHTSGRAPH_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "RIGHTSGRAPH_NEO4J_DATABASE")
    )
    neo4j_connect_timeout_s: float = Field(
        1.0,
        description="Bolt connection timeout: how long a request may wait for Neo4j to accept "
        "a connection before it fails with SERVICE_UNAVAILABLE.",
    )
    neo4j_max_pool_size: int = Field(50, description="Driver connection pool size.")

    graphiql: bool | None = Field(
        None, description="Serve GraphiQL on GET /graphql; default: on except in production."
    )
    max_query_depth: int = Field(12, description="Deepest selection nesting accepted.")
    max_aliases: int = Field(30, description="Most aliases accepted in one document.")
    max_tokens: int = Field(4000, description="Most lexical tokens accepted in one document.")
    max_page_size: int = Field(200, description="Largest `first`/`last` accepted on a list.")
    max_text_chars: int = Field(
        4000,
        ge=200,
        description="Longest string accepted anywhere in a GraphQL request (arguments and "
        "variables); fields have tighter caps of their own.",
    )
    max_query_cost: int = Field(
        120_000,
        ge=1,
        description="Largest cost of one operation (README, Query cost): list sizes multiply "
        "down the selection. A costlier one is refused with QUERY_TOO_COSTLY before anything "
        "runs.",
    )
    max_concurrent_requests: int = Field(
        8,
        ge=1,
        description="GraphQL and lineage-event requests executed at once; the others wait "
        "their turn. One process runs Python on one core, so more at once only holds more "
        "answers in memory (peak RSS under 50 clients: 298 MB unbounded, bench/scale.py).",
    )

    heavy_query_cost: int = Field(
        20_000,
        ge=1,
        description="A query costing more than this runs in the heavy lane: it gives back its "
        "place among the max_concurrent_requests and waits for one of heavy_lane_slots, so "
        "expensive queries queue among themselves while small ones keep flowing.",
    )
    heavy_lane_slots: int = Field(
        1, ge=1, description="Heavy queries (see heavy_query_cost) executed at once."
    )

    max_body_bytes: int = Field(
        1_000_000,
        ge=1_000,
        description="Largest request body accepted on /graphql and /api/v1/lineage; a larger "
        "one is answered 413 before it is read further.",
    )
    body_read_timeout_s: float = Field(
        10.0,
        gt=0,
        description="Seconds a client has to send its whole request body on /graphql and "
        "/api/v1/lineage; a slower one is answered 408 BODY_TIMEOUT. Bodies are read before "
        "the request takes an admission slot, so a slow client never holds one.",
    )
    max_lineage_datasets: int = Field(
        100,
        ge=1,
        description="Most input and output datasets in one OpenLineage event (422 beyond).",
    )
    max_facet_bytes: int = Field(
        65536,
        ge=256,
        description="Largest OpenLineage facet, as JSON in UTF-8 (422 beyond): facets are "
        "kept in the audit trail.",
    )

    plain_lists: bool = Field(
        True,
        description="Complete lists of plain records in one loop (api/execution.py); off: "
        "graphql-core completes every field, as a check when an answer looks wrong.",
    )
    round_trip_report: bool | None = Field(
        None,
        description="Add extensions.neo4jRoundTrips to responses; default: on except in "
        "production.",
    )

    jwt_secret: str = Field(
        DEV_JWT_SECRET,
        description="HS256 secret of bearer tokens; must be set in production.",
    )
    publicity_days: int = Field(
        PUBLICITY_DAYS,
        ge=0,
        le=365,
        description="Shortest publicity (公示) of a registration, in days; approval comes "
        "after it ends.",
    )
    rule_modes: dict[str, RuleMode] = Field(
        default_factory=dict,
        description='Per-rule mode overrides as JSON, e.g. {"ONE_SOURCE": "warn"}; '
        "every rule not named is enforced.",
    )

    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins whose browser pages may call the API (CORS), comma-separated or "
        'a JSON list, e.g. "https://portal.example.cn"; "*" for any. None by default: a page '
        "on another origin is refused.",
    )
    web_dist: Path = Field(
        DEFAULT_WEB_DIST,
        description="The built web app (explorer and GraphiQL); `make web` builds it.",
    )

    log_level: str = Field("INFO", description="Python log level name.")
    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, description="Port the API listens on.")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            # An origin has no path: "https://a.example/" and "https://a.example" are one.
            return [o.strip().rstrip("/") for o in text.split(",") if o.strip()]
        return value

    @model_validator(mode="after")
    def _known_rules(self) -> Settings:
        unknown = sorted(set(self.rule_modes) - set(RULES))
        if unknown:
            raise ValueError(f"RIGHTSGRAPH_RULE_MODES names unknown rules {unknown}; see RULES")
        return self

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        if self.environment is Environment.PRODUCTION and (
            self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret.encode()) < 32
        ):
            raise ValueError("set RIGHTSGRAPH_JWT_SECRET to a secret of 32+ bytes in production")
        return self

    @property
    def graphiql_enabled(self) -> bool:
        if self.graphiql is not None:
            return self.graphiql
        return self.environment is not Environment.PRODUCTION

    @property
    def report_round_trips(self) -> bool:
        if self.round_trip_report is not None:
            return self.round_trip_report
        return self.environment is not Environment.PRODUCTION

    @property
    def neo4j_auth(self) -> tuple[str, str] | None:
        return (self.neo4j_user, self.neo4j_password) if self.neo4j_password else None


@lru_cache
def get_settings() -> Settings:
    return Settings()
