"""Rule 2: only a holder can grant, a sub-grant needs a sublicensable parent, and a grant is
never broader than the right it is carved from, in any dimension.

A right's constraints live in its record: `purposes`, `territory` (None:
unrestricted), `maxCount`, `maxVolumeGb` (None: unlimited), `duties` (the
grantee's; a child carries at least its parent's), and its validity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.history import Span
from resolvers.rules import Violation

# Which granted kinds a parent right of each kind can give.
GRANTABLE = {
    "HOLDING": {"PROCESSING_USE", "PRODUCT_OPERATION"},
    "PROCESSING_USE": {"PROCESSING_USE"},
    # An operator may license others to operate its product, or only to use it.
    "PRODUCT_OPERATION": {"PRODUCT_OPERATION", "PROCESSING_USE"},
}


@dataclass(frozen=True)
class Grant:
    """What a new grant asks for, in the terms of a right's record."""

    grantor_id: str
    right_kind: str
    purposes: list[str] | None
    territory: list[str] | None
    valid_from: date
    valid_to: date | None
    max_count: int | None
    max_volume_gb: float | None
    duties: list[str]


def holder_violations(parent: dict[str, Any], span: Span | None, grant: Grant) -> list[Violation]:
    """The grantor holds the parent right, of a kind that can give this one, on the start day."""
    problems = []
    if parent["holderId"] != grant.grantor_id:
        problems.append(("the grantor does not hold this right", "授权方不是该权利的权利人"))
    elif span is None or span.attrs.get("status") != "ACTIVE":
        problems.append(
            (
                f"the right is not valid and active on {grant.valid_from}",
                f"该权利在{grant.valid_from}无效或已中止、撤销",
            )
        )
    elif grant.right_kind not in GRANTABLE[parent["kind"]]:
        problems.append(
            (
                f"a {parent['kind']} right cannot give a {grant.right_kind} right",
                "该权利类型不能授予所申请的权利",
            )
        )
    elif parent.get("basis") == "AUTHORIZATION" and not parent.get("sublicensable"):
        problems.append(
            (
                "the right was itself granted without permission to grant onward",
                "该权利系被授权取得且不得再授权",
            )
        )
    return [Violation("GRANTOR_HOLDS_RIGHT", "input.parentRightId", en, zh) for en, zh in problems]


def containment_violations(parent: dict[str, Any], span: Span, grant: Grant) -> list[Violation]:
    """Every dimension in which the grant is broader than its parent."""
    found: list[Violation] = []

    def broader(field: str, en: str, zh: str) -> None:
        found.append(
            Violation(
                "GRANT_WITHIN_PARENT",
                f"input.{field}",
                f"broader than the parent: {en}",
                f"超出原权利范围：{zh}",
            )
        )

    for field, key, name_zh in (
        ("purposes", "purposes", "用途"),
        ("territory", "territory", "地域"),
    ):
        allowed = parent.get(key)
        asked = getattr(grant, field)
        if allowed is not None and (asked is None or not set(asked) <= set(allowed)):
            extra = "all" if asked is None else ", ".join(sorted(set(asked) - set(allowed)))
            broader(
                field,
                f"{field} {extra} not within {', '.join(sorted(allowed))}",
                f"{name_zh}超出原权利允许的范围",
            )
    if grant.valid_from < span.valid_from:
        broader(
            "validFrom",
            f"starts before the parent ({span.valid_from})",
            f"起始日早于原权利（{span.valid_from}）",
        )
    if span.valid_to is not None and (grant.valid_to is None or grant.valid_to > span.valid_to):
        broader(
            "validTo",
            f"ends after the parent ({span.valid_to})",
            f"期限晚于原权利（{span.valid_to}）",
        )
    for field, key, name_zh in (
        ("max_count", "maxCount", "次数"),
        ("max_volume_gb", "maxVolumeGb", "数量"),
    ):
        limit = parent.get(key)
        asked = getattr(grant, field)
        if limit is not None and (asked is None or asked > limit):
            camel = "maxCount" if field == "max_count" else "maxVolumeGb"
            broader(
                camel,
                f"{camel} {asked if asked is not None else 'unlimited'} over {limit}",
                f"{name_zh}上限超过原权利（{limit}）",
            )
    missing = sorted(set(parent.get("duties") or []) - set(grant.duties))
    if missing:
        broader(
            "duties",
            f"drops the parent's duties {', '.join(missing)}",
            f"未承继原权利的义务：{'、'.join(missing)}",
        )
    return found
