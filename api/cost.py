"""The static cost of a GraphQL operation: the work it may ask for, known from the validated
document and its variables before any resolver runs.

    cost(field) = weight + size × cost(its selection)

- Every field weighs 1 (`__typename` nothing). A walk also weighs the assets it may read,
  whatever is selected: `lineage` its `budget`, `impact` its two walks (500 + 2000).
- The size of a list field is its `first` or `last` (from the document, the variables or
  the argument's default); a connection, a page of findings or a walk hands its page size
  (its `first`, 20 when absent; a walk its budget) to the lists right below it (`edges`,
  `items`, `nodes`); `lineagePaths` takes `maxPaths` paths of `maxDepth` hops; any other
  list counts LIST_SIZE items. Sizes are capped where the API caps them (the page size
  by `max_page_size`, a list of a walk by its budget). Other fields have size 1.
- A selection is costed per concrete type, fragments and inline fragments included, and
  for an interface or union the dearest type counts. Fields are merged by response key as
  GraphQL executes them, so each alias counts on its own and a fragment spread twice
  counts once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_list_type,
    is_non_null_type,
    value_from_ast_untyped,
)
from graphql.language import BooleanValueNode, DirectiveNode
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from api.remembered import Remembered
from resolvers.impact import DOWNSTREAM_BUDGET, UPSTREAM_BUDGET
from resolvers.lineage import MAX_BUDGET
from resolvers.pagination import DEFAULT_PAGE_SIZE

# Items assumed in a list that takes no size argument (a resource's rights, a region's
# children, a registration's steps...).
LIST_SIZE = 10

# The arguments a size is read from.
PAGE_ARGUMENTS = ("first", "last")
SIZE_ARGUMENTS = (*PAGE_ARGUMENTS, "budget", "maxPaths", "maxDepth")

# Walks: (type, field) → the assets the walk may read, from its arguments, and the size it
# hands to the lists right below it (a lineage's nodes and edges).
WALKS: dict[tuple[str, str], Callable[[Mapping[str, int]], tuple[int, int | None]]] = {
    ("Query", "lineage"): lambda args: (min(args.get("budget", MAX_BUDGET), MAX_BUDGET),) * 2,
    ("Query", "columnLineage"): lambda args: (min(args.get("budget", MAX_BUDGET), MAX_BUDGET),) * 2,
    ("Query", "impact"): lambda args: (UPSTREAM_BUDGET + DOWNSTREAM_BUDGET, None),
}
# Fields that hand a fixed size to the lists right below them: the walk behind the field.
HANDS: dict[tuple[str, str], int] = {("Impact", "affected"): DOWNSTREAM_BUDGET}


@dataclass(frozen=True)
class Sizing:
    """How a field multiplies: its own weight, the size of its selection, and the size it
    hands to the lists right below it (None: they count on their own)."""

    weight: int
    size: int
    hands: int | None


@dataclass
class CostWalk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    max_page_size: int
    memo: dict[tuple[tuple[int, ...], str, int | None], int] = field(default_factory=dict)

    def selection_cost(
        self, selections: list[SelectionSetNode], of: GraphQLNamedType, hands: int | None
    ) -> int:
        """The cost of these selection sets, merged, on a value of type `of`."""
        key = (tuple(id(s) for s in selections), of.name, hands)
        if key not in self.memo:
            types: Iterable[GraphQLObjectType] = (
                self.schema.get_possible_types(of)
                if is_abstract_type(of)
                else [of]
                if isinstance(of, GraphQLObjectType)
                else []
            )
            self.memo[key] = max(
                (self.fields_cost(selections, concrete, hands) for concrete in types), default=0
            )
        return self.memo[key]

    def fields_cost(
        self, selections: list[SelectionSetNode], on: GraphQLObjectType, hands: int | None
    ) -> int:
        grouped: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        for selection_set in selections:
            self.collect(selection_set, on, grouped, visited)
        return sum(self.field_cost(nodes, on, hands) for nodes in grouped.values())

    def collect(
        self,
        selection_set: SelectionSetNode,
        on: GraphQLObjectType,
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        """Fields by response key, as GraphQL collects them for a value of type `on`."""
        for selection in selection_set.selections:
            if not self.included(selection.directives or ()):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self.applies(selection.type_condition, on):
                    self.collect(selection.selection_set, on, grouped, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if self.applies(fragment.type_condition, on):
                    self.collect(fragment.selection_set, on, grouped, visited)

    def applies(self, condition: NamedTypeNode | None, on: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        named = self.schema.get_type(condition.name.value)
        if named is None:
            return False
        return named is on or (is_abstract_type(named) and self.schema.is_sub_type(named, on))

    def included(self, directives: Iterable[DirectiveNode]) -> bool:
        for directive in directives:
            name = directive.name.value
            if name in ("skip", "include"):
                condition = next(
                    (a.value for a in directive.arguments or () if a.name.value == "if"), None
                )
                value = (
                    self.variables.get(condition.name.value)
                    if isinstance(condition, VariableNode)
                    else isinstance(condition, BooleanValueNode) and condition.value
                )
                if bool(value) == (name == "skip"):
                    return False
        return True

    def field_cost(self, nodes: list[FieldNode], on: GraphQLObjectType, hands: int | None) -> int:
        name = nodes[0].name.value
        if name == "__typename":
            return 0
        definition = self.definition(on, name)
        if definition is None:
            return 1
        sizing = self.sizing(on, name, definition, nodes[0], hands)
        named = get_named_type(definition.type)
        selections = [n.selection_set for n in nodes if n.selection_set]
        if not is_composite_type(named) or not selections:
            return sizing.weight
        return sizing.weight + sizing.size * self.selection_cost(selections, named, sizing.hands)

    def definition(self, on: GraphQLObjectType, name: str) -> GraphQLField | None:
        if on is self.schema.query_type and name in ("__schema", "__type"):
            return SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
        return on.fields.get(name)

    def sizing(
        self,
        on: GraphQLObjectType,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        handed: int | None,
    ) -> Sizing:
        args = self.size_arguments(definition, node)
        walk = WALKS.get((on.name, name))
        if walk is not None:
            reads, hands = walk(args)
            return Sizing(1 + reads, 1, hands)
        if (on.name, name) in HANDS:
            return Sizing(1, 1, HANDS[on.name, name])
        page = next((args[a] for a in PAGE_ARGUMENTS if a in args), None)
        pages = any(a in definition.args for a in PAGE_ARGUMENTS)
        if page is None and pages:
            page = handed if handed is not None else DEFAULT_PAGE_SIZE
        if page is not None:
            page = min(page, handed if handed is not None else self.max_page_size)
        if not is_list_type(unwrapped(definition.type)):
            return Sizing(1, 1, page)  # a connection or a page: its lists hold the page
        size = args.get("maxPaths", page if page is not None else handed)
        return Sizing(1, LIST_SIZE if size is None else size, args.get("maxDepth"))

    def size_arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, int]:
        """The size arguments given (literal or variable) or defaulted, as numbers ≥ 0."""
        given = {a.name.value: a.value for a in node.arguments or ()}
        values: dict[str, int] = {}
        for name in SIZE_ARGUMENTS:
            if name not in definition.args:
                continue
            value: Any = definition.args[name].default_value
            if name in given:
                literal = given[name]
                if isinstance(literal, IntValueNode):
                    value = int(literal.value)
                elif isinstance(literal, VariableNode):
                    value = self.variables.get(literal.name.value, value)
            if isinstance(value, int) and not isinstance(value, bool):
                values[name] = max(value, 0)
        return values


def unwrapped(type_: Any) -> Any:
    return type_.of_type if is_non_null_type(type_) else type_


# Costs by document, operation and variables, when the variables are all plain values
# (api/remembered.py): walking the document again cost more Python than a small lineage
# walk's own.
_KNOWN: Remembered[int] = Remembered(1024)
_PLAIN = (str, int, float, bool, type(None))


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    max_page_size: int,
) -> int:
    """The cost of the operation a request runs (see the module's docstring)."""
    given = tuple(sorted((variables or {}).items()))

    def cost() -> int:
        return _operation_cost(schema, document, variables, operation_name, max_page_size)

    if not all(type(value) in _PLAIN for _, value in given):
        return cost()
    return _KNOWN.get(document, cost, operation_name, max_page_size, given)


def _operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    max_page_size: int,
) -> int:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (
            o
            for o in operations
            if operation_name is None or (o.name and o.name.value == operation_name)
        ),
        None,
    )
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    values = dict(variables or {})
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in values and definition.default_value is not None:
            values[name] = value_from_ast_untyped(definition.default_value)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = CostWalk(schema, fragments, values, max_page_size)
    return walk.selection_cost([operation.selection_set], root, None)
