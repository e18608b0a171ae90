"""Permission classes for fields. They check the abilities the request's context grants;
which role has which ability is decided in resolvers/permissions.py.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from graph.domain import Ability
from schema.context import Info


class _Requires(BasePermission):
    ability: Ability

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if self.ability in info.context.abilities:
            return True
        role = info.context.actor.role
        self.message = (
            f"sign in: anonymous callers may not {self.ability.value}"
            if role == "ANONYMOUS"
            else f"role {role} may not {self.ability.value}"
        )
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
