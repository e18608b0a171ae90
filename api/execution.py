"""A faster way to complete long lists of plain records, inside graphql-core's executor.

graphql-core completes a list field by field: for a page of 50 resources with 580 rights,
each right's kind, holder and holder's name pass through its per-field machinery (resolve
info, argument coercion, strawberry's resolver wrapper, awaitable checks), about 2,000
times a request. Most of those fields are plain: an attribute of the record, or a
synchronous resolver that reads nothing but the request's context.

`PlainListExecutionContext` completes a list whose items select only such fields in one
tight loop, with the plan of what to read made once per selection. A field is plain when:
- it is a strawberry basic field (no resolver, no permission, no extension), read by
  attribute; or
- its resolver is synchronous and either takes no `info` or is marked `@context_only` (it
  reads `info.context` and nothing else); its arguments, if any, all default to null and
  none is given; its only extensions are permissions whose classes are `@context_only`
  too (checked first: a refusal leaves the list to graphql-core, which reports it);
- and its value is a leaf, or a list or object whose selection is plain too; an interface
  or union value is of the object type whose own class it is. `__typename` is plain.

Anything else (an argument, a permission, an async resolver, a fragment deferred) leaves
the list to graphql-core. So does anything unexpected while
completing: an awaitable value (a loader not yet filled), a null where the type forbids it,
an exception, a leaf that does not serialize. The list is then completed again the normal
way, which reports errors as graphql-core always does; plain fields are pure reads, so
reading them twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, cast

from graphql import (
    BREAK,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
    GraphQLUnionType,
    Undefined,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import collect_subfields
from graphql.execution.values import VariableValues
from strawberry.permission import PermissionExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.field import StrawberryField

from api.remembered import Remembered
from schema.plain import Columns, NotPlain, ValueRows, is_context_only

Fallback = NotPlain  # this list is not plain after all: complete it the normal way


Complete = Callable[[Any, Any], Any]  # (value, info-like) -> completed value


def _leaf(leaf: GraphQLScalarType | GraphQLEnumType, nullable: bool) -> Complete:
    """Serialize a leaf (None: null, or Fallback where the type forbids it), in one call.
    Strings and booleans are their own answer; an enum member's name is looked up in a
    table made once by the type's own serializer (by identity: members are singletons,
    and an Enum's hash is a Python call)."""
    serialize = leaf.serialize
    same = str if leaf is GraphQLString else bool if leaf is GraphQLBoolean else None
    known = _enum_answers(leaf)

    def complete(value: Any, _info: Any) -> Any:
        if type(value) is same:
            return value
        if value is None:
            if nullable:
                return None
            raise Fallback
        done = known.get(id(value)) if known else None
        if done is None:
            done = serialize(value)
            if done is Undefined or done is None:
                raise Fallback
        return done

    return complete


# Each enum type's answers, made once, not per request (api/remembered.py): making them
# took over half of a lineage walk's plain completion (py-spy).
_ENUM_ANSWERS: Remembered[dict[int, Any]] = Remembered(256)


def _enum_answers(leaf: GraphQLScalarType | GraphQLEnumType) -> dict[int, Any]:
    if not isinstance(leaf, CustomGraphQLEnumType):
        return {}

    def made() -> dict[int, Any]:
        members: list[Any] = list(leaf.wrapped_cls)
        return {id(member): leaf.serialize(member) for member in members}

    return _ENUM_ANSWERS.get(leaf, made)


class RecordsExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution, where a list given as values (`ValueRows`) is completed
    from its records."""

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if type(result) is ValueRows:
            result = result.typed()
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )


class PlainListExecutionContext(RecordsExecutionContext):
    """graphql-core's execution, with plain lists completed in one loop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[int, ...], tuple[Any, Complete | None]] = {}
        self._shared: Remembered[Complete | None] | None = None
        if _PLAIN_DOCUMENTS.get(self.operation, self._without_directives):
            self._shared = _SHARED_PLANS.get(self.schema, lambda: Remembered(PLANS_KEPT))

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if (type(result) is list and result) or type(result) is ValueRows:
            complete = self._plan(return_type, field_details_list)
            if complete is not None:
                try:
                    return complete(result, info)
                except Exception:  # Fallback, or a resolver's fault graphql-core reports
                    pass
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan(self, return_type: GraphQLOutputType, field_details_list: Any) -> Complete | None:
        """The plan for this list: made once per document when it can be (its fields are
        then the same nodes of the same cached document, whatever the variables), else
        once per request, memoized like collect_subfields on the field group's identity."""
        if self._shared is not None:
            nodes = tuple(id(details.node) for details in field_details_list)

            def made() -> Complete | None:
                return Planner(self).completer(return_type, field_details_list)

            return self._shared.get(self.operation, made, id(return_type), *nodes)
        key = (id(return_type), id(field_details_list))
        found = self._plans.get(key)
        if found is None:
            plan = Planner(self).completer(return_type, field_details_list)
            found = self._plans[key] = (field_details_list, plan)
        return found[1]

    def _without_directives(self) -> bool:
        """Whether the document has no directive (no @skip, @include or @defer), so that
        the fields collected for a selection do not depend on a request's variables."""
        found: list[bool] = []

        class Finder(Visitor):
            def enter_directive(self, *_: Any) -> Any:
                found.append(True)
                return BREAK

        for definition in (self.operation, *(f.definition for f in self.fragments.values())):
            visit(definition, Finder())
        return not found


# A document's plans, by schema (each keeps its types' plans apart) and by the document's
# operation (api/remembered.py): planning a lineage walk's two lists took 0.14 ms of its
# 3.5 ms of CPU, every request.
PLANS_KEPT = 1024
_SHARED_PLANS: Remembered[Remembered[Complete | None]] = Remembered(8)
_PLAIN_DOCUMENTS: Remembered[bool] = Remembered(256)


class Planner:
    """Makes the plan of a list's completion. The plan reads the request's context from
    the `info` it is given, never from the request it was made in, so that one document's
    plans serve every request of it. The fields of a selection are collected without the
    request's variables when the document has no directive (the only use of them)."""

    def __init__(self, execution: PlainListExecutionContext) -> None:
        self.schema = execution.schema
        self.fragments = execution.fragments
        self.operation = execution.operation
        # Shared plans are made only for documents without directives (`_plan`).
        shared = execution._shared is not None
        self.variables = _NO_VARIABLES if shared else execution.variable_values

    def collect(self, type_: GraphQLObjectType, field_details_list: Any) -> Any:
        return collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, type_, field_details_list
        )

    def completer(self, type_: GraphQLOutputType, field_details_list: Any) -> Complete | None:
        leaf = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
            return _leaf(leaf, nullable=leaf is type_)
        if isinstance(type_, GraphQLNonNull):
            inner = self.completer(type_.of_type, field_details_list)
            if inner is None:
                return None

            def non_null(value: Any, info: Any) -> Any:
                if value is None:
                    raise Fallback
                return inner(value, info)

            return non_null
        complete = self._nullable(type_, field_details_list)
        if complete is None:
            return None

        def nullable(value: Any, info: Any) -> Any:
            return None if value is None else complete(value, info)

        return nullable

    def _nullable(self, type_: GraphQLOutputType, field_details_list: Any) -> Complete | None:
        if isinstance(type_, GraphQLList):
            # Items that are not plain as records may be as values (`ValueRows`): the list
            # is planned all the same, and left to graphql-core when it meets records.
            item = self.completer(type_.of_type, field_details_list)
            of = type_.of_type
            objects = of.of_type if isinstance(of, GraphQLNonNull) else of
            by_columns: dict[int, tuple[Columns, Complete | None]] = {}

            def each(value: Any, info: Any) -> Any:
                if type(value) is ValueRows:
                    found = by_columns.get(id(value.columns))
                    if found is None:
                        plan = self._values(objects, field_details_list, value.columns)
                        found = by_columns[id(value.columns)] = (value.columns, plan)
                    direct = found[1]
                    if direct is not None:
                        return [direct(v, info) for v in value.values]
                    value = value.typed()
                if item is None or (type(value) is not list and type(value) is not tuple):
                    raise Fallback
                return [item(v, info) for v in value]

            return each
        if isinstance(type_, GraphQLObjectType):
            return self._object(type_, field_details_list)
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            return self._abstract(type_, field_details_list)
        return None

    def _abstract(
        self, type_: GraphQLInterfaceType | GraphQLUnionType, field_details_list: Any
    ) -> Complete:
        """An interface or union: each record is of the object type whose own class it is
        (anything else, or a type not plain for this selection, is left to graphql-core)."""
        by_class: dict[type, Complete | None] = {}
        for possible in self.schema.get_possible_types(type_):
            definition = (possible.extensions or {}).get("strawberry-definition")
            origin = getattr(definition, "origin", None)
            if isinstance(origin, type):
                by_class[origin] = self._object(possible, field_details_list)

        def concrete(value: Any, info: Any) -> Any:
            plan = by_class.get(type(value))
            if plan is None:
                raise Fallback
            return plan(value, info)

        return concrete

    def _object(self, type_: GraphQLObjectType, field_details_list: Any) -> Complete | None:
        grouped, deferred, *_ = self.collect(type_, field_details_list)
        if deferred:
            return None
        fields: list[tuple[str, RecordReader | None, Complete | None]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                fields.append((key, None, None))
                continue
            read = self._reader(type_, name, given=any(d.node.arguments for d in details))
            field_def = type_.fields.get(name)
            if read is None or field_def is None:
                return None
            complete = self.completer(field_def.type, details)
            if complete is None:
                return None
            fields.append((key, read, complete))
        type_name, is_type_of = type_.name, type_.is_type_of
        # A record of the type's own class is of the type (strawberry.cast aside, unused).
        definition = (type_.extensions or {}).get("strawberry-definition")
        own = getattr(definition, "origin", None)

        def record(value: Any, info: Any) -> dict[str, Any]:
            if type(value) is not own and is_type_of is not None and not is_type_of(value, info):
                raise Fallback
            answer = {}
            for key, read, complete in fields:
                if read is None:
                    answer[key] = type_name
                else:
                    answer[key] = complete(read(value, info), info)  # type: ignore[misc]
            return answer

        return record

    def _values(self, type_: Any, field_details_list: Any, columns: Columns) -> Complete | None:
        """`_object` for values: each selected field read by its column, unguarded and without
        arguments, its value completed as usual; None when any is not so (`__typename`
        aside), or the values are not of this object type."""
        if not isinstance(type_, GraphQLObjectType) or type_.name != columns.type_name:
            return None
        grouped, deferred, *_ = self.collect(type_, field_details_list)
        if deferred:
            return None
        fields: list[tuple[str, Any, Complete | None]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                fields.append((key, _named(type_.name), None))
                continue
            found = self._column(type_, name, details, columns)
            if found is None:
                return None
            fields.append((key, *found))
        return _record(fields)

    def _column(
        self, type_: GraphQLObjectType, name: str, details: Any, columns: Columns
    ) -> tuple[Any, Complete | None] | None:
        """How to read a field from values and complete it (None: it is read as its answer);
        None unless it has a column and is selected without arguments and guarded by no
        permission."""
        field_def = type_.fields.get(name)
        read = columns.readers.get(name)
        if field_def is None or read is None or any(d.node.arguments for d in details):
            return None
        definition = (field_def.extensions or {}).get("strawberry-definition")
        if not isinstance(definition, StrawberryField) or _permission_checks(definition) != []:
            return None
        leaf = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else None
        if isinstance(leaf or field_def.type, GraphQLScalarType | GraphQLEnumType):
            answer = columns.answers.get(name)
            if answer is not None:
                return answer, None
        nested = columns.nested.get(name)
        if nested is None:
            complete = self.completer(field_def.type, details)
        else:
            inner = field_def.type
            inner = inner.of_type if isinstance(inner, GraphQLNonNull) else inner
            complete = self._values(inner, details, nested)
        return None if complete is None else (read, complete)

    def _reader(self, type_: GraphQLObjectType, name: str, given: bool) -> RecordReader | None:
        """How to read a plain field from a record (with the list's `info`), or None when it
        is not plain. `given`: the selection passes arguments (only a field whose arguments
        all default to null, and are not given, is read plain)."""
        field = type_.fields.get(name)
        if field is None or given or any(a.default_value is not None for a in field.args.values()):
            return None
        definition = (field.extensions or {}).get("strawberry-definition")
        if not isinstance(definition, StrawberryField):
            return None
        checks = _permission_checks(definition)
        if checks is None:
            return None
        read = _resolved(definition)
        if read is None or not checks:
            return read

        def permitted(value: Any, info: Any) -> Any:
            for check in checks:
                if check(value, info) is not True:
                    raise Fallback  # graphql-core reports the refusal
            return read(value, info)

        return permitted


RecordReader = Callable[[Any, Any], Any]  # (a record, the list's info) -> the field's value
_NO_VARIABLES = VariableValues({}, {})


def _resolved(definition: StrawberryField) -> RecordReader | None:
    """How to read a field of a record: its attribute, or its synchronous resolver given the
    list's `info` where it takes one (only a `@context_only` one: it reads `info.context`,
    which the list's info has, and nothing else)."""
    if definition.is_basic_field:
        attribute = attrgetter(definition.python_name)
        return lambda value, _info: attribute(value)
    resolver = definition.base_resolver
    if (
        resolver is None
        or resolver.is_async
        or resolver.self_parameter is None
        or resolver.parent_parameter is not None
        or resolver.root_parameter is not None
    ):
        return None
    function = resolver.wrapped_func
    if not callable(function):  # a staticmethod or classmethod object
        return None
    parameter = resolver.info_parameter
    if parameter is not None and not is_context_only(function):
        return None
    name = None if parameter is None else parameter.name

    def read(value: Any, info: Any) -> Any:
        found = function(value) if name is None else function(value, **{name: info})
        if hasattr(found, "__await__"):  # a loader still to be filled: not plain
            raise Fallback
        return found

    return read


def _named(type_name: str) -> Callable[[Any, Any], str]:
    return lambda _values, _context: type_name


def _record(fields: list[tuple[str, Any, Complete | None]]) -> Complete:
    """An answer of `fields` (key, read, complete: None when the read gives the answer)
    from a record's values, read with the request's context (the list's `info.context`).

    The function is written out for the fields, once per plan, with the answers of nested
    values (a right's holder) written inside it: a page's 1,300 rights each pass through
    it, and a loop over the fields took a quarter more (measured). Its text holds only
    names made here; the keys (the query's own aliases) and the functions are values in
    its namespace, never text."""
    names: dict[str, Any] = {}
    source = (
        "def record(values, info):\n"
        "    context = info.context\n"
        f"    return {_display(fields, 'values', None, names)}\n"
    )
    exec(source, names)
    record = names["record"]
    record.fields = fields  # for a record holding these values to write them inside it
    return cast(Complete, record)


def _display(
    fields: list[tuple[str, Any, Complete | None]],
    values: str,
    bound: str | None,
    names: dict[str, Any],
) -> str:
    """The dict display of `fields` read from the variable `values`; `bound`: the
    expression that gives `values`, evaluated (once) where the first field reads it."""
    parts = []
    for key, read, complete in fields:
        n = len(names)
        names[f"K{n}"], names[f"R{n}"] = key, read
        source = values if bound is None else f"({values} := {bound})"
        bound = None
        value = f"R{n}({source}, context)"
        inner = getattr(complete, "fields", None)
        if complete is None:
            parts.append(f"K{n}: {value}")
        elif inner is not None:
            parts.append(f"K{n}: {_display(inner, f'v{n}', value, names)}")
        else:
            names[f"C{n}"] = complete
            parts.append(f"K{n}: C{n}({value}, info)")
    return "{" + ", ".join(parts) + "}"


def _permission_checks(definition: StrawberryField) -> list[Callable[..., Any]] | None:
    """The permission checks of a field whose only extensions are permissions that read
    the context alone (schema/permissions.py); None when it has any other extension."""
    checks = []
    for extension in definition.extensions:
        if not isinstance(extension, PermissionExtension):
            return None
        for permission in extension.permissions:
            if not is_context_only(type(permission)):
                return None
            checks.append(permission.has_permission)
    return checks
