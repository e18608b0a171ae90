"""Rule 12 (articles 4 and 13): a registrar acts only within its jurisdiction."""

from __future__ import annotations

from graph.domain import Role
from graph.history import Span
from graph.regions import CITY_CODE, CITY_PATH
from resolvers.context import Context
from resolvers.ids import not_found
from resolvers.rules import Violation
from resolvers.writes import Write


async def jurisdiction_violations(
    ctx: Context, region_path: str | None, field: str | None
) -> list[Violation]:
    """A violation when a registrar writes about a region outside its own subtree."""
    actor = ctx.actor
    if actor.role != Role.REGISTRAR.name or region_path is None:
        return []
    if actor.region_code == CITY_CODE and region_path.startswith(CITY_PATH):
        return []  # the city registrar acts anywhere in the city: no need to look it up
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


async def timeline_in_jurisdiction(
    write: Write, type_name: str, entity_id: str, field: str
) -> list[Span]:
    """An entity's current records; the write is refused when the entity does not exist or
    lies outside the registrar's jurisdiction. Read under the entity's lock."""
    spans = await write.timeline(type_name, entity_id)
    if not spans:
        write.refuse(not_found(field, type_name, entity_id))
    write.judge(await jurisdiction_violations(write.ctx, spans[0].attrs["regionPath"], field))
    return spans
