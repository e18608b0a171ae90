"""Rule 12 (articles 4 and 13): a registrar acts only within its jurisdiction."""

from __future__ import annotations

from resolvers.context import Context
from resolvers.rules import Violation
from schema.enums import Role


async def jurisdiction_violations(
    ctx: Context, region_path: str | None, field: str | None
) -> list[Violation]:
    """A violation when a registrar writes about a region outside its own subtree."""
    actor = ctx.actor
    if actor.role != Role.REGISTRAR.name or region_path is None:
        return []
    home = await ctx.loaders.region.load(actor.region_code or "")
    if home is not None and region_path.startswith(home.path):
        return []
    home_name = home.name_zh if home else actor.region_code
    return [
        Violation(
            "JURISDICTION",
            field,
            f"a registrar of {home_name} may not act for a record in {region_path.strip('/')}",
            f"{home_name}登记人员不能办理辖区外（{region_path.strip('/')}）的事项",
        )
    ]
