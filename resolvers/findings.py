"""The `findings` query: breaches of the rules found in the graph, and the ones accepted in
`warn` mode on write, each naming its rule, article, records and day."""

from __future__ import annotations

import base64

import strawberry

from graph.findings_scan import SCANS, scan
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.rules import RULES
from schema.enums import ErrorCode
from schema.lineage import Finding

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
    unknown = sorted(set(rules or []) - set(SCANS) - set(RULES))
    if unknown:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "rules", f"unknown rules {unknown}")
    found: list[Finding] = []
    for name in SCANS:
        if rules and name != "RECORDED" and name not in rules:
            continue
        for row in await scan(ctx.db, name, ctx.present.valid_at, SCAN_LIMIT):
            rule = row.get("rule") or name
            if rules and rule not in rules:
                continue
            if party_id and party_id not in row["nodeIds"]:
                continue
            if region_path and not (row.get("regionPath") or "").startswith(region_path):
                continue
            found.append(
                Finding(
                    rule=rule,
                    article=RULES[rule].article if rule in RULES else "",
                    message=row["message"],
                    message_zh=row["messageZh"],
                    node_ids=[n for n in row["nodeIds"] if n],
                    day=row.get("day"),
                    source=row.get("source") or "scan",
                )
            )
    start = offset(after)
    page = found[start : start + first]
    return page, start + first < len(found), len(found)


def cursor(position: int) -> str:
    return base64.urlsafe_b64encode(str(position).encode()).decode()


def offset(after: str | None) -> int:
    if not after:
        return 0
    try:
        return int(base64.urlsafe_b64decode(after.encode()))
    except ValueError as exc:
        raise QueryInputError(ErrorCode.INVALID_CURSOR, "after", "malformed cursor") from exc
