"""Rule 11 (article 13): the registration workflow, in one table.

    SUBMITTED → UNDER_REVIEW → IN_PUBLICITY → REGISTERED
                                   ↕ OBJECTED (an objection holds it)
    SUBMITTED, UNDER_REVIEW, IN_PUBLICITY → REJECTED;  SUBMITTED, UNDER_REVIEW → WITHDRAWN
    a later change, renewal or transfer: REGISTERED → SUPERSEDED; a cancellation → CANCELLED

A certificate is issued only on approval, after publicity ended with no open
objection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from resolvers.rules import Violation
from schema.enums import RegistrationStatus, RegistrationType

S = RegistrationStatus


@dataclass(frozen=True)
class Step:
    name: str
    from_statuses: frozenset[RegistrationStatus]
    to_status: RegistrationStatus
    label_zh: str
    mutation: str  # the operation its AuditEvent records: the mutation's own name

    @property
    def legacy_operation(self) -> str:
        """The name AuditEvents recorded for this step before they used the mutation's."""
        return f"{self.name}Registration"


# The shortest publicity (公示) a registration gets before it may be approved, in days; the
# rules leave the period to the registry (RIGHTSGRAPH_PUBLICITY_DAYS). Fourteen calendar
# days hold the ten working days registries commonly give.
PUBLICITY_DAYS = 14


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "startReview",
            frozenset({S.SUBMITTED}),
            S.UNDER_REVIEW,
            "受理审核",
            "startRegistrationReview",
        ),
        Step(
            "startPublicity",
            frozenset({S.UNDER_REVIEW}),
            S.IN_PUBLICITY,
            "进入公示",
            "startRegistrationPublicity",
        ),
        Step(
            "fileObjection",
            frozenset({S.IN_PUBLICITY}),
            S.OBJECTED,
            "提出异议",
            "fileRegistrationObjection",
        ),
        Step(
            "dismissObjection",
            frozenset({S.OBJECTED}),
            S.IN_PUBLICITY,
            "异议不成立",
            "resolveRegistrationObjection",
        ),
        Step(
            "upholdObjection",
            frozenset({S.OBJECTED}),
            S.REJECTED,
            "异议成立",
            "resolveRegistrationObjection",
        ),
        Step(
            "approve", frozenset({S.IN_PUBLICITY}), S.REGISTERED, "准予登记", "approveRegistration"
        ),
        Step(
            "reject",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.IN_PUBLICITY}),
            S.REJECTED,
            "不予登记",
            "rejectRegistration",
        ),
        Step(
            "withdraw",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
            S.WITHDRAWN,
            "撤回申请",
            "withdrawRegistration",
        ),
    )
}

# Types that act on an earlier registration, and what approval does to it.
FOLLOW_ON_EFFECT: dict[RegistrationType, RegistrationStatus | None] = {
    RegistrationType.CHANGE: S.SUPERSEDED,
    RegistrationType.RENEWAL: S.SUPERSEDED,
    RegistrationType.TRANSFER: S.SUPERSEDED,
    RegistrationType.CANCELLATION: S.CANCELLED,
    RegistrationType.OBJECTION: None,
}

# Types whose approval issues a certificate.
CERTIFIED = {
    RegistrationType.FIRST,
    RegistrationType.LICENCE,
    RegistrationType.CHANGE,
    RegistrationType.RENEWAL,
    RegistrationType.TRANSFER,
}

# Statuses in which an objection registration keeps the data disputed.
DISPUTING = {S.SUBMITTED, S.UNDER_REVIEW, S.IN_PUBLICITY, S.OBJECTED, S.REGISTERED}


def step_violation(step: Step, status: RegistrationStatus) -> Violation | None:
    if status in step.from_statuses:
        return None
    allowed = ", ".join(sorted(s.name for s in step.from_statuses))
    return Violation(
        "REGISTRATION_WORKFLOW",
        "input.registrationId",
        f"cannot {step.name} a registration that is {status.name}; only from {allowed}",
        f"登记当前为「{status.name}」，不能执行「{step.label_zh}」",
    )


def publicity_violation(publicity_ends_on: date | None, today: date) -> Violation | None:
    """Approval waits until the publicity period is over."""
    if publicity_ends_on is not None and today > publicity_ends_on:
        return None
    return Violation(
        "REGISTRATION_WORKFLOW",
        "input.registrationId",
        f"publicity runs until {publicity_ends_on}; approve after that day",
        f"公示期至{publicity_ends_on}，期满后方可准予登记",
    )


# Mutation names, and the step names AuditEvents recorded before (kept as written).
LEGACY_OPERATIONS: dict[str, set[str]] = {}
for _step in STEPS.values():
    LEGACY_OPERATIONS.setdefault(_step.mutation, set()).add(_step.legacy_operation)


def recorded_operations(operations: list[str]) -> list[str]:
    """The operation names an audit filter matches: each name, and for a workflow mutation
    the step names earlier events were recorded under."""
    names = set(operations)
    for name in operations:
        names |= LEGACY_OPERATIONS.get(name, set())
    return sorted(names)
