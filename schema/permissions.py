"""Permission classes for fields. They check the abilities the request's context grants;
which role has which ability is decided in resolvers/permissions.py.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.permission import BasePermission


class Ability(Enum):
    READ_CATALOGUE = "read the public catalogue: regions, organizations, open resources, products"
    READ_REGISTRY = "read rights, registrations and non-open resources"
    READ_AUDIT = "read the audit trail and the registry as recorded at a past time"
    SEE_PERSONAL_DATA = "see personal identifiers of natural persons unmasked"
    WRITE_REGISTRY = (
        "record parties, resources, products, rights, registrations, authorizations, trades, "
        "declarations and valuations"
    )
    WRITE_SUPERVISION = "record supervision actions and credit events"


class _Requires(BasePermission):
    ability: Ability

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
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
