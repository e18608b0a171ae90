"""OpenLineage run events (https://openlineage.io/spec) as this registry reads them: the
event itself, and the facets it records (`schema`, `columnLineage`, `symlinks`, the run's
`parent`), each checked so that a malformed one is refused with the path of the field at
fault (`outputs.0.facets.schema.fields.3.name`) rather than stored or half-read.

Facets this registry does not read are kept as sent, in the audit trail, under the size cap
(`RIGHTSGRAPH_MAX_FACET_BYTES`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from resolvers.dataset_naming import MAX_NAME, MAX_NAMESPACE, canonical
from resolvers.validation import CONTROL_CHARACTERS

RUN_STATES = ("START", "RUNNING", "COMPLETE", "FAIL", "ABORT", "OTHER")
TERMINAL_STATES = ("COMPLETE", "FAIL", "ABORT")
MAX_COLUMNS = 1000  # per dataset's schema, nested fields included


class IngestError(Exception):
    """An event refused: HTTP status, stable code, reasons in English and Chinese."""

    def __init__(
        self, status: int, code: str, message: str, field: str | None, message_zh: str
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.message_zh = message_zh


def invalid(field: str, message: str, message_zh: str) -> IngestError:
    return IngestError(422, "INVALID_INPUT", message, field, message_zh)


def _text(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("text may not hold control characters such as NUL")
    return value


Text100 = Annotated[str, Field(max_length=100), AfterValidator(_text)]
Text200 = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Text4000 = Annotated[str, Field(max_length=4000), AfterValidator(_text)]
ColumnName = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_text)]


# Names as pipelines write them: a namespace is a URI-like scheme and authority, a name
# can be a long path; past these caps a name is no name.
Namespace = Annotated[str, Field(min_length=1, max_length=MAX_NAMESPACE), AfterValidator(_text)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_text)]


class Dataset(BaseModel):
    namespace: Namespace
    name: Name
    facets: dict[str, Any] = Field(default_factory=dict)

    @property
    def identifier(self) -> tuple[str, str]:
        """Namespace and name as stored and matched (resolvers/dataset_naming.py)."""
        return canonical(self.namespace, self.name)


class Job(BaseModel):
    namespace: Namespace
    name: Name
    facets: dict[str, Any] = Field(default_factory=dict)


class Run(BaseModel):
    runId: uuid.UUID
    facets: dict[str, Any] = Field(default_factory=dict)


class RunEvent(BaseModel):
    eventType: Literal["START", "RUNNING", "COMPLETE", "FAIL", "ABORT", "OTHER"] | None = None
    eventTime: datetime

    @field_validator("eventTime")
    @classmethod
    def _a_real_moment(cls, value: datetime) -> datetime:
        """A run happened between 1970 and a day from now (clocks drift); a naive time is
        taken as UTC."""
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        if not datetime(1970, 1, 1, tzinfo=UTC) <= moment <= datetime.now(UTC) + timedelta(days=1):
            raise ValueError("eventTime lies outside 1970 to a day from now")
        return moment

    run: Run
    job: Job
    inputs: list[Dataset] = Field(default_factory=list)
    outputs: list[Dataset] = Field(default_factory=list)
    producer: Annotated[str, Field(max_length=2000), AfterValidator(_text)]
    schemaURL: Annotated[str, Field(max_length=2000), AfterValidator(_text)] | None = None

    @property
    def state(self) -> str:
        """The run's state this event reports; an event without one is OTHER."""
        return self.eventType or "OTHER"

    def facet_groups(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every facets object of the event, with its place (`outputs.0.facets`)."""
        yield "run.facets", self.run.facets
        yield "job.facets", self.job.facets
        for side, datasets in (("inputs", self.inputs), ("outputs", self.outputs)):
            for index, dataset in enumerate(datasets):
                yield f"{side}.{index}.facets", dataset.facets


# The facets read, as the spec shapes them; unknown keys (`_producer`, `_schemaURL`, a
# producer's own additions) are allowed.
class _Facet(BaseModel):
    model_config = ConfigDict(extra="allow")


class SchemaField(_Facet):
    name: ColumnName
    type: Text200 | None = None
    description: Text4000 | None = None
    fields: list[SchemaField] = Field(default_factory=list)


class SchemaFacet(_Facet):
    fields: list[SchemaField] = Field(default_factory=list)


class Transformation(_Facet):
    type: Literal["DIRECT", "INDIRECT"]
    subtype: Text100 | None = None
    description: Text4000 | None = None
    masking: bool | None = None


class InputField(_Facet):
    namespace: Namespace
    name: Name
    field: ColumnName
    transformations: list[Transformation] = Field(default_factory=list)


class OutputField(_Facet):
    inputFields: list[InputField] = Field(default_factory=list)
    transformationDescription: Text4000 | None = None
    # The facet's first version: IDENTITY or MASKED for the whole field.
    transformationType: Text100 | None = None


class ColumnLineageFacet(_Facet):
    fields: dict[str, OutputField] = Field(default_factory=dict)
    dataset: list[InputField] = Field(default_factory=list)


class Identifier(_Facet):
    namespace: Namespace
    name: Name
    type: Text100 | None = None


class SymlinksFacet(_Facet):
    identifiers: list[Identifier] = Field(default_factory=list)


class ParentRun(_Facet):
    runId: uuid.UUID


class ParentJob(_Facet):
    namespace: Namespace
    name: Name


class ParentFacet(_Facet):
    run: ParentRun
    job: ParentJob


@dataclass(frozen=True)
class Column:
    name: str
    type: str | None
    description: str | None


@dataclass(frozen=True)
class ColumnEdge:
    """One output column computed from one input column, with how."""

    output: tuple[str, str]  # dataset identifier
    column: str
    input: tuple[str, str]
    input_column: str
    transformations: tuple[Transformation, ...]


@dataclass
class DatasetFacts:
    """What the facets of one dataset of the event say."""

    identifier: tuple[str, str]
    aliases: list[tuple[str, str]] = field(default_factory=list)  # symlinks
    columns: list[Column] | None = None  # a schema facet, when given


@dataclass
class EventFacts:
    """What this registry reads of an event: each dataset's identifier, aliases and columns,
    the column lineage of its outputs, and the run's parent."""

    inputs: list[DatasetFacts]
    outputs: list[DatasetFacts]
    column_edges: list[ColumnEdge]
    parent_run_id: str | None = None
    parent_job: str | None = None

    def identifiers(self) -> list[tuple[str, str]]:
        """Every identifier the event names, aliases and column lineage inputs included."""
        found: dict[tuple[str, str], None] = {}
        for facts in self.inputs + self.outputs:
            found[facts.identifier] = None
            found.update(dict.fromkeys(facts.aliases))
        found.update(dict.fromkeys(edge.input for edge in self.column_edges))
        return list(found)


def _parsed(model: type[BaseModel], value: Any, place: str) -> Any:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        detail = exc.errors(include_url=False)[0]
        path = ".".join([place, *(str(p) for p in detail["loc"])])
        raise invalid(path, detail["msg"], "OpenLineage元数据不符合规范") from exc


def _flatten(fields: list[SchemaField], prefix: str = "") -> Iterator[Column]:
    """Nested struct fields as `parent.child`."""
    for item in fields:
        name = f"{prefix}{item.name}"
        yield Column(name, item.type, item.description)
        yield from _flatten(item.fields, f"{name}.")


def _columns(facets: dict[str, Any], place: str) -> list[Column] | None:
    if "schema" not in facets:
        return None
    schema = _parsed(SchemaFacet, facets["schema"], f"{place}.schema")
    columns = list({c.name: c for c in _flatten(schema.fields)}.values())
    if len(columns) > MAX_COLUMNS:
        raise invalid(
            f"{place}.schema.fields",
            f"a schema has at most {MAX_COLUMNS} fields, nested ones included",
            f"数据集结构最多{MAX_COLUMNS}个字段（含嵌套字段）",
        )
    return columns


def _aliases(facets: dict[str, Any], place: str) -> list[tuple[str, str]]:
    if "symlinks" not in facets:
        return []
    symlinks = _parsed(SymlinksFacet, facets["symlinks"], f"{place}.symlinks")
    return [canonical(i.namespace, i.name) for i in symlinks.identifiers]


def _legacy(field: OutputField) -> tuple[Transformation, ...]:
    """The facet's first version described a whole field: IDENTITY or MASKED."""
    kind = (field.transformationType or "").upper()
    if not kind:
        return ()
    masked = kind == "MASKED"
    return (
        Transformation(
            type="DIRECT",
            subtype="TRANSFORMATION" if masked else "IDENTITY",
            description=field.transformationDescription,
            masking=masked,
        ),
    )


def _column_edges(facts: DatasetFacts, facets: dict[str, Any], place: str) -> list[ColumnEdge]:
    if "columnLineage" not in facets:
        return []
    lineage = _parsed(ColumnLineageFacet, facets["columnLineage"], f"{place}.columnLineage")
    edges = []
    for column, output_field in lineage.fields.items():
        if not column or len(column) > 500 or CONTROL_CHARACTERS.search(column):
            raise invalid(
                f"{place}.columnLineage.fields",
                "a field name has 1 to 500 characters and no control characters",
                "字段名须为1至500个字符且不含控制字符",
            )
        legacy = _legacy(output_field)
        # Dataset-wide dependencies (filters, joins, grouping) bear on every output field.
        for source in [*output_field.inputFields, *lineage.dataset]:
            edges.append(
                ColumnEdge(
                    facts.identifier,
                    column,
                    canonical(source.namespace, source.name),
                    source.field,
                    tuple(source.transformations) or legacy,
                )
            )
    return edges


def read_facts(event: RunEvent) -> EventFacts:
    """The facets this registry records, checked; an IngestError names a malformed one."""
    sides: dict[str, list[DatasetFacts]] = {"inputs": [], "outputs": []}
    edges: list[ColumnEdge] = []
    for side, datasets in (("inputs", event.inputs), ("outputs", event.outputs)):
        for index, dataset in enumerate(datasets):
            place = f"{side}.{index}.facets"
            facts = DatasetFacts(
                dataset.identifier,
                _aliases(dataset.facets, place),
                _columns(dataset.facets, place),
            )
            sides[side].append(facts)
            if side == "outputs":
                edges += _column_edges(facts, dataset.facets, place)
    parent = event.run.facets.get("parent")
    parsed = None if parent is None else _parsed(ParentFacet, parent, "run.facets.parent")
    return EventFacts(
        sides["inputs"],
        sides["outputs"],
        edges,
        parent_run_id=str(parsed.run.runId) if parsed else None,
        parent_job=f"{parsed.job.namespace}/{parsed.job.name}" if parsed else None,
    )
