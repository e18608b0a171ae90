"""Settings, read from the environment (and an optional `.env` file).

Neo4j connection variables keep their conventional names (`NEO4J_URI`,
`NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`); everything else is
prefixed `RIGHTSGRAPH_`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import lru_cache
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from resolvers.registration_workflow import PUBLICITY_DAYS
from resolvers.rules import RULES, RuleMode


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Tracing(StrEnum):
    OFF = "off"
    OTLP = "otlp"


DEV_JWT_SECRET = "rightsgraph-development-secret-change-me"

# What the Neo4j driver connects to: one server (bolt), or a cluster or Aura through its
# routing table (neo4j); +s with a CA-signed certificate, +ssc self-signed.
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

# Role names a token may carry, as `rightsgraph token --role` spells them.
TOKEN_ROLES = ("viewer", "app", "investigator", "registrar", "regulator")

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
        # VAR= counts as unset: compose passes ${VAR:-} for what the operator may leave out.
        env_ignore_empty=True,
    )

    environment: Environment = Field(
        Environment.DEVELOPMENT, description="development, test or production."
    )
    neo4j_uri: str = Field(
        "bolt://127.0.0.1:7687",
        validation_alias=AliasChoices("NEO4J_URI", "RIGHTSGRAPH_NEO4J_URI"),
        description="The database: bolt://host:7687 for one server; neo4j://host:7687 or "
        "neo4j+s://host for a cluster or Aura (reads go to followers).",
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
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Processes `rightsgraph serve` answers requests with (uvicorn workers on "
        "one port); each has its own admission limits and Neo4j connection pool.",
    )
    seed: bool | None = Field(
        None,
        description="`rightsgraph serve` loads the demo seed first; default: only in "
        "development. A database that holds other data is never seeded.",
    )

    metrics_token: str | None = Field(
        None,
        min_length=16,
        description="Bearer token /metrics requires. Without it /metrics is open in "
        "development and test, and not served in production (unless on metrics_port).",
    )
    metrics_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="Serve /metrics on this port (at `host`) instead of the API's port; "
        "`rightsgraph serve` does, for all its workers.",
    )
    metrics_operation_names: int = Field(
        100,
        ge=1,
        le=10_000,
        description="Distinct GraphQL operation names kept as metric labels per process; "
        "the rest count as `_other`.",
    )

    tracing: Tracing = Field(
        Tracing.OFF, description="off, or otlp: spans exported over OTLP/HTTP."
    )
    otlp_endpoint: str | None = Field(
        None,
        description="Where spans go, e.g. http://collector:4318/v1/traces; unset: the "
        "standard OTEL_EXPORTER_OTLP_* variables, else http://localhost:4318/v1/traces.",
    )
    service_name: str = Field("rightsgraph", description="service.name of the spans.")
    tracing_sample_ratio: float = Field(
        1.0,
        ge=0,
        le=1,
        description="Share of traces recorded (a caller's sampled traceparent is followed).",
    )

    oidc_issuer: str | None = Field(
        None,
        description="Issuer of OpenID Connect tokens to accept (RS256/ES256), as in their "
        "`iss` claim; unset: only the HS256 tokens of jwt_secret.",
    )
    oidc_audience: str | None = Field(
        None, description="The `aud` an OpenID Connect token must name; required with an issuer."
    )
    oidc_jwks_url: str | None = Field(
        None,
        description="The provider's JWKS; default: jwks_uri of the issuer's "
        "/.well-known/openid-configuration. HTTPS in production.",
    )
    oidc_role_claim: str = Field(
        "role",
        description="Claim naming the caller's role: a dotted path (realm_access.roles) to "
        "a string or a list, which must name exactly one of our roles (after oidc_role_map).",
    )
    oidc_region_claim: str = Field(
        "region", description="Claim holding a registrar's jurisdiction (division code)."
    )
    oidc_subject_claim: str = Field("sub", description="Claim identifying the caller.")
    oidc_role_map: dict[str, str] = Field(
        default_factory=dict,
        description='Provider role names to ours as JSON, e.g. {"rg-registrar": "registrar"}; '
        "names not in it are taken as they are.",
    )

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

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = value.partition("://")[0].lower()
        if scheme not in NEO4J_SCHEMES:
            raise ValueError(f"NEO4J_URI must start with one of {', '.join(NEO4J_SCHEMES)}://")
        return value

    @model_validator(mode="after")
    def _oidc_complete(self) -> Settings:
        if self.oidc_issuer is None:
            return self
        if not self.oidc_audience:
            raise ValueError("RIGHTSGRAPH_OIDC_AUDIENCE is required with RIGHTSGRAPH_OIDC_ISSUER")
        unknown = sorted(set(self.oidc_role_map.values()) - set(TOKEN_ROLES))
        if unknown:
            raise ValueError(f"RIGHTSGRAPH_OIDC_ROLE_MAP maps to unknown roles {unknown}")
        url = self.oidc_jwks_url or self.oidc_issuer
        if self.environment is Environment.PRODUCTION and not _https_or_loopback(url):
            raise ValueError("the OIDC issuer and JWKS URL must be https:// in production")
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
    def tracing_enabled(self) -> bool:
        return self.tracing is not Tracing.OFF

    @property
    def metrics_on_api_port(self) -> bool:
        """/metrics is a route of the API: no port of its own, and a token or no production."""
        return self.metrics_port is None and (
            self.metrics_token is not None or self.environment is not Environment.PRODUCTION
        )

    @property
    def metrics_hidden(self) -> bool:
        return self.metrics_port is None and not self.metrics_on_api_port

    @property
    def seed_on_serve(self) -> bool:
        if self.seed is not None:
            return self.seed
        return self.environment is Environment.DEVELOPMENT

    @property
    def neo4j_auth(self) -> tuple[str, str] | None:
        return (self.neo4j_user, self.neo4j_password) if self.neo4j_password else None


def _https_or_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    try:
        return parts.scheme == "http" and ip_address(parts.hostname or "").is_loopback
    except ValueError:
        return parts.hostname == "localhost"


@lru_cache
def get_settings() -> Settings:
    return Settings()
