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

from graph.containment import DIMENSIONS, Dimension, Test
from graph.history import Span
from graph.rule_terms import GRANTABLE, GRANTED_BASIS
from resolvers.rules import Violation


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
    elif parent.get("basis") == GRANTED_BASIS and not parent.get("sublicensable"):
        problems.append(
            (
                "the right was itself granted without permission to grant onward",
                "该权利系被授权取得且不得再授权",
            )
        )
    return [Violation("GRANTOR_HOLDS_RIGHT", "input.parentRightId", en, zh) for en, zh in problems]


def containment_violations(parent: dict[str, Any], span: Span, grant: Grant) -> list[Violation]:
    """Every dimension in which the grant is broader than its parent (graph/containment.py
    declares them, and its read-side scan is built from the same declarations)."""
    parent_values = {**parent, "validFrom": span.valid_from, "validTo": span.valid_to}
    asked = {
        "purposes": grant.purposes,
        "territory": grant.territory,
        "validFrom": grant.valid_from,
        "validTo": grant.valid_to,
        "maxCount": grant.max_count,
        "maxVolumeGb": grant.max_volume_gb,
        "duties": grant.duties,
    }
    found = []
    for dimension in DIMENSIONS:
        limit, value = parent_values.get(dimension.key), asked[dimension.key]
        if _broader(dimension.test, limit, value):
            en, zh = _why(dimension, limit, value)
            found.append(
                Violation(
                    "GRANT_WITHIN_PARENT",
                    f"input.{dimension.key}",
                    f"broader than the parent: {en}",
                    f"超出原权利范围：{zh}",
                )
            )
    return found


def _broader(test: Test, parent: Any, child: Any) -> bool:
    """The Python of graph/containment.py's Cypher for each test, None read alike."""
    if test is Test.SUBSET:
        return parent is not None and (child is None or not set(child) <= set(parent))
    if test in (Test.AT_MOST, Test.NOT_AFTER):
        return parent is not None and (child is None or child > parent)
    if test is Test.NOT_BEFORE:
        return bool(child < parent)
    return bool(set(parent or []) - set(child or []))  # KEEPS


def _why(dimension: Dimension, parent: Any, child: Any) -> tuple[str, str]:
    key, zh = dimension.key, dimension.name_zh
    if dimension.test is Test.SUBSET:
        extra = "all" if child is None else ", ".join(sorted(set(child) - set(parent)))
        return f"{key} {extra} not within {', '.join(sorted(parent))}", f"{zh}超出原权利允许的范围"
    if dimension.test is Test.NOT_BEFORE:
        return f"starts before the parent ({parent})", f"起始日早于原权利（{parent}）"
    if dimension.test is Test.NOT_AFTER:
        return f"ends after the parent ({parent})", f"期限晚于原权利（{parent}）"
    if dimension.test is Test.AT_MOST:
        shown = child if child is not None else "unlimited"
        return f"{key} {shown} over {parent}", f"{zh}上限超过原权利（{parent}）"
    missing = sorted(set(parent or []) - set(child or []))
    return (
        f"drops the parent's duties {', '.join(missing)}",
        f"未承继原权利的义务：{'、'.join(missing)}",
    )
