"""Article 26: a party's credit standing on a day, from its credit events."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.rule_terms import OBJECTION, PENALTY, REPAIR, UPHELD
from schema.market import CreditEvent, CreditStatus


def annulled(events: list[dict[str, Any]]) -> set[str]:
    """Events struck out by an upheld objection."""
    return {
        e["targetId"]
        for e in events
        if e["kind"] == OBJECTION and e.get("outcome") == UPHELD and e.get("targetId")
    }


def active_penalties(events: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """Dishonesty penalties in force on `day`: begun, not ended, not repaired, not annulled."""
    repaired = {  # a repair made by `day` ends the penalty (as the findings scan reads it)
        e["targetId"]
        for e in events
        if e["kind"] == REPAIR and e.get("targetId") and e["occurredOn"] <= day
    }
    struck = annulled(events)
    return [
        e
        for e in events
        if e["kind"] == PENALTY
        and e["occurredOn"] <= day
        and (e.get("endsOn") is None or day < e["endsOn"])
        and e["id"] not in repaired
        and e["id"] not in struck
    ]


def credit_status(events: list[dict[str, Any]], day: date) -> CreditStatus:
    """The standing shown on a party: penalties in force, incentives, and events so far."""
    penalties = active_penalties(events, day)
    return CreditStatus(
        as_of=day,
        under_penalty=bool(penalties),
        active_penalties=[CreditEvent.from_row(e) for e in penalties],
        incentives=[
            CreditEvent.from_row(e)
            for e in events
            if e["kind"] == "TRUSTWORTHINESS_INCENTIVE" and e["occurredOn"] <= day
        ],
        events=[CreditEvent.from_row(e) for e in events if e["occurredOn"] <= day],
    )
