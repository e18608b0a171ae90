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
from functools import partial
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

from graphql import (
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
)
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
        self._plans: dict[tuple[int, int], tuple[Any, Complete | None]] = {}
        self._row_plans: dict[tuple[int, int, int], tuple[Any, Columns, Complete | None]] = {}
        self._context_info = SimpleNamespace(context=self.context_value)

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
        # Memoized like collect_subfields, on the identity of the field group (kept alive).
        key = (id(return_type), id(field_details_list))
        found = self._plans.get(key)
        if found is None:
            found = (field_details_list, self._completer(return_type, field_details_list))
            self._plans[key] = found
        return found[1]

    def _completer(self, type_: GraphQLOutputType, field_details_list: Any) -> Complete | None:
        leaf = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
            return _leaf(leaf, nullable=leaf is type_)
        if isinstance(type_, GraphQLNonNull):
            inner = self._completer(type_.of_type, field_details_list)
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
            item = self._completer(type_.of_type, field_details_list)
            of = type_.of_type
            objects = of.of_type if isinstance(of, GraphQLNonNull) else of

            def each(value: Any, info: Any) -> Any:
                if type(value) is ValueRows:
                    direct = self._rows(objects, field_details_list, value.columns)
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
        by_class: dict[type, GraphQLObjectType] = {}
        for possible in self.schema.get_possible_types(type_):
            definition = (possible.extensions or {}).get("strawberry-definition")
            origin = getattr(definition, "origin", None)
            if isinstance(origin, type):
                by_class[origin] = possible
        plans: dict[type, Complete | None] = {}

        def concrete(value: Any, info: Any) -> Any:
            kind = type(value)
            if kind in plans:
                plan = plans[kind]
            else:
                found = by_class.get(kind)
                plan = plans[kind] = self._object(found, field_details_list) if found else None
            if plan is None:
                raise Fallback
            return plan(value, info)

        return concrete

    def _object(self, type_: GraphQLObjectType, field_details_list: Any) -> Complete | None:
        grouped, deferred, *_ = self.collect_subfields(type_, field_details_list)
        if deferred:
            return None
        fields: list[tuple[str, Callable[[Any], Any] | None, Complete | None]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                fields.append((key, None, None))
                continue
            read = self._reader(type_, name, given=any(d.node.arguments for d in details))
            field_def = type_.fields.get(name)
            if read is None or field_def is None:
                return None
            complete = self._completer(field_def.type, details)
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
                    answer[key] = complete(read(value), info)  # type: ignore[misc]
            return answer

        return record

    def _rows(self, type_: Any, field_details_list: Any, columns: Columns) -> Complete | None:
        """How to answer values read through `columns` (memoized like `_plan`), or None."""
        key = (id(type_), id(field_details_list), id(columns))
        found = self._row_plans.get(key)
        if found is None:
            found = (field_details_list, columns, self._values(type_, field_details_list, columns))
            self._row_plans[key] = found
        return found[2]

    def _values(self, type_: Any, field_details_list: Any, columns: Columns) -> Complete | None:
        """`_object` for values: each selected field read by its column, unguarded and without
        arguments, its value completed as usual; None when any is not so (`__typename`
        aside), or the values are not of this object type."""
        if not isinstance(type_, GraphQLObjectType) or type_.name != columns.type_name:
            return None
        grouped, deferred, *_ = self.collect_subfields(type_, field_details_list)
        if deferred:
            return None
        fields: list[tuple[str, Any, Complete]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                fields.append((key, _named(type_.name), _constant))
                continue
            found = self._column(type_, name, details, columns)
            if found is None:
                return None
            fields.append((key, *found))
        return _record(fields, self.context_value)

    def _column(
        self, type_: GraphQLObjectType, name: str, details: Any, columns: Columns
    ) -> tuple[Any, Complete] | None:
        """How to read a field from values and complete it; None unless it has a column and
        is selected without arguments and guarded by no permission."""
        field_def = type_.fields.get(name)
        read = columns.readers.get(name)
        if field_def is None or read is None or any(d.node.arguments for d in details):
            return None
        definition = (field_def.extensions or {}).get("strawberry-definition")
        if not isinstance(definition, StrawberryField) or _permission_checks(definition) != []:
            return None
        nested = columns.nested.get(name)
        if nested is None:
            complete = self._completer(field_def.type, details)
        else:
            inner = field_def.type
            inner = inner.of_type if isinstance(inner, GraphQLNonNull) else inner
            complete = self._rows(inner, details, nested)
        return None if complete is None else (read, complete)

    def _reader(
        self, type_: GraphQLObjectType, name: str, given: bool
    ) -> Callable[[Any], Any] | None:
        """How to read a plain field from a record, or None when it is not plain. `given`:
        the selection passes arguments (only a field whose arguments all default to null,
        and are not given, is read plain)."""
        field = type_.fields.get(name)
        if field is None or given or any(a.default_value is not None for a in field.args.values()):
            return None
        definition = (field.extensions or {}).get("strawberry-definition")
        if not isinstance(definition, StrawberryField):
            return None
        checks = _permission_checks(definition)
        if checks is None:
            return None
        read = self._resolved(definition)
        if read is None or not checks:
            return read
        context_info = self._context_info

        def permitted(value: Any) -> Any:
            for check in checks:
                if check(value, context_info) is not True:
                    raise Fallback  # graphql-core reports the refusal
            return read(value)

        return permitted

    def _resolved(self, definition: StrawberryField) -> Callable[[Any], Any] | None:
        if definition.is_basic_field:
            return attrgetter(definition.python_name)
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
        info = resolver.info_parameter
        if info is not None:
            if not is_context_only(function):
                return None
            function = partial(function, **{info.name: self._context_info})

        def read(value: Any) -> Any:
            found = function(value)
            if hasattr(found, "__await__"):  # a loader still to be filled: not plain
                raise Fallback
            return found

        return read


def _constant(value: Any, _: Any) -> Any:
    return value


def _named(type_name: str) -> Callable[[Any, Any], str]:
    return lambda _values, _context: type_name


def _record(fields: list[tuple[str, Any, Complete]], context: Any) -> Complete:
    """An answer of `fields` (key, read, complete) from a record's values. The usual one or
    two fields are written out: a loop over them took a quarter more of a page's 1,300
    rights' completion (measured)."""
    if len(fields) == 1:
        ((k0, r0, c0),) = fields
        return lambda values, info: {k0: c0(r0(values, context), info)}
    if len(fields) == 2:
        (k0, r0, c0), (k1, r1, c1) = fields
        return lambda values, info: {
            k0: c0(r0(values, context), info),
            k1: c1(r1(values, context), info),
        }

    def record(values: Any, info: Any) -> dict[str, Any]:
        return {key: complete(read(values, context), info) for key, read, complete in fields}

    return record


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
