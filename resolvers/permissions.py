"""Who may do what: every role's abilities are in `ABILITIES`, and nowhere else."""

from __future__ import annotations

from graph.domain import Ability, Actor, Role

ANONYMOUS = Actor(subject="anonymous", role=Role.ANONYMOUS.name)

_READERS = frozenset({Ability.READ_CATALOGUE, Ability.READ_REGISTRY})
# Article 9 makes problem data traceable and accountable: whoever traces it for the city
# (investigators, registrars, regulators) records the problem it found. Portals and the
# public report through them.
_INVESTIGATORS = _READERS | {
    Ability.READ_AUDIT,
    Ability.SEE_PERSONAL_DATA,
    Ability.REPORT_QUALITY_ISSUE,
}

ABILITIES: dict[Role, frozenset[Ability]] = {
    Role.ANONYMOUS: frozenset({Ability.READ_CATALOGUE}),
    Role.VIEWER: frozenset({Ability.READ_CATALOGUE}),
    Role.APP: _READERS,
    Role.INVESTIGATOR: _INVESTIGATORS,
    Role.REGISTRAR: _INVESTIGATORS | {Ability.WRITE_REGISTRY},
    Role.REGULATOR: _INVESTIGATORS | {Ability.WRITE_SUPERVISION},
}


def abilities_of(actor: Actor) -> frozenset[Ability]:
    return ABILITIES[Role[actor.role]]
