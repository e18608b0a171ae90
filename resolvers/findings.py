"""The `findings` query: breaches of the rules found in the graph, the ones accepted in
`warn` mode on write, and broken invariants of the registry (graph/invariants.py), each
naming its rule, article, records and day."""

from __future__ import annotations

import base64
from typing import Annotated, Any

import strawberry

from graph import invariants
from graph.db import Database
from graph.domain import ErrorCode
from graph.findings import SCANS, rule_of, scan
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.fields import After, First, arg
from resolvers.ids import filter_id
from resolvers.regions import subtree_path
from resolvers.rules import RULES, RuleMode, mode_of
from schema.lineage import Finding, FindingPage
from schema.permissions import CanReadAudit

Info = strawberry.Info[Context, None]
SCAN_LIMIT = 1000


async def findings(
    info: Info,
    rules: list[str] | None,
    party_id: str | None,
    region_path: str | None,
    first: int,
    after: str | None,
) -> tuple[list[Finding], bool, int]:
    """One page of findings, the flag for more, and how many were found in all (bounded)."""
    ctx = info.context
    known = set(RULES) | set(invariants.BY_CODE) | {rule_of(name) for name in SCANS}
    unknown = sorted(set(rules or []) - known)
    if unknown:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "rules", f"unknown rules {unknown}")
    rows: list[tuple[str, dict[str, Any]]] = []
    for name in SCANS:
        rule = rule_of(name)  # a rule with several scans names them RULE.part
        if not rules or name == "RECORDED" or rule in rules:
            found_rows = await scan(ctx.db, name, ctx.present.valid_at, SCAN_LIMIT)
            rows += [(row.get("rule") or rule, row) for row in found_rows]
    wanted = [code for code in invariants.BY_CODE if not rules or code in rules]
    for code, breached in (await invariant_breaches(ctx.db, ctx.rule_modes, wanted)).items():
        rows += [(code, row | {"source": "invariant"}) for row in breached]
    found = [
        _finding(rule, row)
        for rule, row in rows
        if (not rules or rule in rules)
        and (not party_id or party_id in row["nodeIds"])
        and (not region_path or (row.get("regionPath") or "").startswith(region_path))
    ]
    start = offset(after)
    page = found[start : start + first]
    return page, start + first < len(found), len(found)


def _finding(rule: str, row: dict[str, Any]) -> Finding:
    invariant = invariants.BY_CODE.get(rule)
    return Finding(
        rule=rule,
        article=invariant.article if invariant else (RULES[rule].article if rule in RULES else ""),
        message=row["message"],
        message_zh=row["messageZh"],
        node_ids=[n for n in row["nodeIds"] if n],
        day=row.get("day"),
        source=row.get("source") or "scan",
    )


async def invariant_breaches(
    db: Database,
    rule_modes: dict[str, RuleMode],
    codes: list[str] | None = None,
    limit: int = SCAN_LIMIT,
) -> dict[str, list[dict[str, Any]]]:
    """What each invariant's scan finds. An invariant that rests on a rule is not checked
    while that rule is not enforced: its breaches are then accepted (and recorded) writes."""
    found = {}
    for invariant in invariants.INVARIANTS:
        if codes is not None and invariant.code not in codes:
            continue
        if invariant.rule and mode_of(invariant.rule, rule_modes) is not RuleMode.ENFORCE:
            continue
        found[invariant.code] = await invariants.breaches(db, invariant.code, limit)
    return found


def cursor(position: int) -> str:
    return base64.urlsafe_b64encode(str(position).encode()).decode()


def offset(after: str | None) -> int:
    if not after:
        return 0
    try:
        return int(base64.urlsafe_b64decode(after.encode()))
    except ValueError as exc:
        raise QueryInputError(ErrorCode.INVALID_CURSOR, "after", "malformed cursor") from exc


@strawberry.type(description="Reading findings 合规发现.")
class FindingsQuery:
    @strawberry.field(
        description="Breaches of the rules found in the graph 合规发现, each rule's scan built "
        "from the same terms as its write check (docs/rules.md): grants by a non-holder, "
        "grants broader than their parent, processing without a right, products without the "
        "operation right, personal data without anonymization, duplicate sources, "
        "off-exchange trades by public bodies, wrong pricing, core data traded, important "
        "data abroad unassessed, trades without a declaration or under a penalty, foreign "
        "buyers not recorded as cross-border, grades below inheritance, likely duplicates, "
        "unregistered datasets, writes accepted in warn mode, and broken registry "
        "invariants (a forked "
        "timeline, a right in force under a suspended or revoked one, one catalogue code for "
        "two live resources, a record without its audit event; `rightsgraph check`).",
        permission_classes=[CanReadAudit],
    )
    async def findings(
        self,
        info: Info,
        rules: Annotated[list[str] | None, arg("Only these rule codes.")] = None,
        party_id: Annotated[strawberry.ID | None, arg("Only those naming this party.")] = None,
        region_code: Annotated[str | None, arg("Only in this region or below.")] = None,
        first: First = None,
        after: After = None,
    ) -> FindingPage:
        ctx = info.context
        size = first or 50
        path = await subtree_path(ctx, region_code) if region_code else None
        items, more, total = await findings(
            info, rules, filter_id(party_id, "partyId", "Party"), path, size, after
        )
        start = offset(after)
        return FindingPage(
            items=items,
            has_next_page=more,
            end_cursor=cursor(start + len(items)) if items else after,
            total=total,
        )
