"""Every string a GraphQL request carries is text of a bounded length.

Checked once per request, before any resolver runs, over the document's string literals
and the variables alike: a string longer than the cap, or holding a control character
(NUL, escapes; line breaks and tabs are text), refuses the whole request with a typed
error naming where it was, so nothing is read or written. Fields keep tighter caps of
their own (a name, a search text); this is the floor under all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from api.remembered import Remembered
from graph.domain import ErrorCode
from resolvers.validation import CONTROL_CHARACTERS

Found = tuple[str, str]  # (where, the string)


def _literal_strings(node: ValueNode, path: str) -> Iterator[Found]:
    if isinstance(node, StringValueNode):
        yield path, node.value
    elif isinstance(node, ListValueNode):
        for index, item in enumerate(node.values):
            yield from _literal_strings(item, f"{path}.{index}")
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _literal_strings(field.value, f"{path}.{field.name.value}")


class _Arguments(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[Found] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.found.extend(_literal_strings(node.value, node.name.value))


def _variable_strings(value: Any, path: str) -> Iterator[Found]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _variable_strings(item, f"{path}.{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _variable_strings(item, f"{path}.{key}")


# The literal strings of the documents seen (api/remembered.py): walking a document again
# cost more Python than a small lineage walk's own.
_SEEN: Remembered[list[Found]] = Remembered(512)


def _document_strings(document: DocumentNode) -> list[Found]:
    def walked() -> list[Found]:
        arguments = _Arguments()
        visit(document, arguments)
        return arguments.found

    return _SEEN.get(document, walked)


def strings_of(document: DocumentNode, variables: dict[str, Any] | None) -> Iterator[Found]:
    """Every string in the request: literal arguments by argument path, variables by
    variable path (`input.nameZh`), as a form would name them."""
    yield from _document_strings(document)
    for name, value in (variables or {}).items():
        yield from _variable_strings(value, name)


def text_refusal(document: DocumentNode, variables: Any, limit: int) -> GraphQLError | None:
    """Why the request's text is refused, if it is."""
    for where, text in strings_of(document, variables if isinstance(variables, dict) else None):
        if len(text) > limit:
            return _refused(
                where,
                f"{where}: text of {len(text)} characters is longer than the {limit} allowed",
                f"{where}：文本长{len(text)}个字符，超过上限{limit}个字符",
            )
        if CONTROL_CHARACTERS.search(text):
            return _refused(
                where,
                f"{where}: text may not hold control characters such as NUL",
                f"{where}：文本不得包含NUL等控制字符",
            )
    return None


def _refused(field: str, message: str, message_zh: str) -> GraphQLError:
    code = ErrorCode.INVALID_INPUT
    return GraphQLError(
        message, extensions={"code": code.name, "field": field, "messageZh": message_zh}
    )


def text_guard(limit: int) -> type[SchemaExtension]:
    """The extension, as a class (strawberry makes one per request) bound to the cap."""

    class TextGuard(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            context = self.execution_context
            if context.graphql_document is not None:
                refused = text_refusal(context.graphql_document, context.variables, limit)
                if refused is not None:
                    raise refused  # before execution: a request error, nothing runs
            yield

    return TextGuard
