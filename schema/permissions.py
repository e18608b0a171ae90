"""Permission classes for fields. They check the abilities the request's context grants;
which role has which ability is decided in resolvers/permissions.py.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission

from graph.domain import Ability
from schema.context import Info, RequestContext
from schema.plain import context_only


def refusal(role: str, ability: Ability) -> str:
    return (
        f"sign in: anonymous callers may not {ability.value}"
        if role == "ANONYMOUS"
        else f"role {role} may not {ability.value}"
    )


@context_only  # reads the caller's abilities and role from info.context only
class _Requires(BasePermission):
    ability: Ability

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if self.ability in info.context.abilities:
            return True
        self.message = refusal(info.context.actor.role, self.ability)
        return False

    @property
    def error_extensions(self) -> dict[str, Any]:  # type: ignore[override]
        return {"code": "FORBIDDEN"}


class CanReadRegistry(_Requires):
    ability = Ability.READ_REGISTRY


class CanReadAudit(_Requires):
    ability = Ability.READ_AUDIT


class CanWriteRegistry(_Requires):
    ability = Ability.WRITE_REGISTRY


class CanWriteSupervision(_Requires):
    ability = Ability.WRITE_SUPERVISION


class CanReportQualityIssue(_Requires):
    ability = Ability.REPORT_QUALITY_ISSUE


# What reading a record by `node(id:)` needs: what the list of its kind needs (None: the
# public catalogue; resources not open to the public stay hidden from it by their loader).
NODE_READ: dict[str, Ability | None] = {
    "Region": None,
    "Party": None,
    "DataResource": None,
    "DataProduct": None,
    "CreditEvent": None,
    "Declaration": None,
    "Valuation": None,
    "Right": Ability.READ_REGISTRY,
    "Registration": Ability.READ_REGISTRY,
    "Authorization": Ability.READ_REGISTRY,
    "Transaction": Ability.READ_REGISTRY,
    "SupervisionAction": Ability.READ_REGISTRY,
    "Activity": Ability.READ_REGISTRY,
    "QualityIssue": Ability.READ_REGISTRY,
    "Run": Ability.READ_REGISTRY,
    "JobNamespaceMapping": Ability.READ_REGISTRY,
    "AuditEvent": Ability.READ_AUDIT,
}


def node_refusal(context: RequestContext, type_name: str) -> GraphQLError | None:
    """Why this caller may not read a record of this kind by id, as its list would say it."""
    if type_name not in NODE_READ:
        return GraphQLError(
            f"no kind of record is called {type_name!r}",
            extensions={"code": "INVALID_INPUT", "field": "id"},
        )
    needed = NODE_READ[type_name]
    if needed is None or needed in context.abilities:
        return None
    return GraphQLError(refusal(context.actor.role, needed), extensions={"code": "FORBIDDEN"})
