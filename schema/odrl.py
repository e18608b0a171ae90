"""Authorizations as ODRL 2.2 Agreements in JSON-LD (https://www.w3.org/TR/odrl-model/).

The grant becomes one permission on the asset for the grantee, its
constraints become ODRL constraints (its kind, dateTime, purpose, spatial, count,
absoluteSize) and its duties ODRL duties. A grant that may be granted onward also
permits `grantUse` under the same constraints; one that may not prohibits it. Registry
records are named by URN so that the JSON-LD expands to absolute IRIs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schema.enums import Duty, RightKind

if TYPE_CHECKING:
    from schema.authorization import Authorization

CONTEXT = "http://www.w3.org/ns/odrl.jsonld"
PURPOSE_VOCABULARY = "urn:rightsgraph:purpose:"
COUNTRY_VOCABULARY = "urn:iso:std:iso:3166:-1:"

# The ODRL action each granted right permits.
ACTIONS = {RightKind.PROCESSING_USE: "use", RightKind.PRODUCT_OPERATION: "distribute"}

DUTY_ACTIONS = {
    Duty.REPORT_USAGE: "inform",
    Duty.DELETE_AFTER_TERM: "delete",
    Duty.ATTRIBUTE_SOURCE: "attribute",
    Duty.NO_REIDENTIFICATION: "anonymize",
}


def urn(kind: str, node_id: str) -> str:
    return f"urn:rightsgraph:{kind}:{node_id}"


# Our profile's own left operand: the kind of authorization (public-data authorized
# operation, enterprise authorization, personal consent), compared by `eq` to its IRI.
KIND_OPERAND = "urn:rightsgraph:odrl-profile:qinzhou:authorizationKind"
KIND_VOCABULARY = "urn:rightsgraph:authorization-kind:"


def _constraints(grant: Authorization) -> list[dict[str, Any]]:
    constraints: list[dict[str, Any]] = [
        {
            "leftOperand": {"@id": KIND_OPERAND},
            "operator": "eq",
            "rightOperand": {"@id": KIND_VOCABULARY + grant.kind.name},
        },
        {
            "leftOperand": "dateTime",
            "operator": "gteq",
            "rightOperand": {"@value": grant.valid_from.isoformat(), "@type": "xsd:date"},
        },
    ]
    if grant.valid_to is not None:
        constraints.append(
            {
                "leftOperand": "dateTime",
                "operator": "lt",
                "rightOperand": {"@value": grant.valid_to.isoformat(), "@type": "xsd:date"},
            }
        )
    if grant.purposes:
        constraints.append(
            {
                "leftOperand": "purpose",
                "operator": "isAnyOf",
                "rightOperand": [{"@id": PURPOSE_VOCABULARY + p.name} for p in grant.purposes],
            }
        )
    if grant.territory:
        constraints.append(
            {
                "leftOperand": "spatial",
                "operator": "isAnyOf",
                "rightOperand": [{"@id": COUNTRY_VOCABULARY + c} for c in grant.territory],
            }
        )
    if grant.max_count is not None:
        constraints.append(
            {"leftOperand": "count", "operator": "lteq", "rightOperand": grant.max_count}
        )
    if grant.max_volume_gb is not None:
        constraints.append(
            {
                "leftOperand": "absoluteSize",
                "operator": "lteq",
                "rightOperand": grant.max_volume_gb,
                "unit": {"@id": "http://qudt.org/vocab/unit/GigaBYTE"},
            }
        )
    return constraints


def odrl_agreement(grant: Authorization) -> dict[str, Any]:
    target = urn("asset", grant.object_id)
    permission: dict[str, Any] = {
        "target": target,
        "assigner": urn("party", grant.grantor_id),
        "assignee": urn("party", grant.grantee_id),
        "action": ACTIONS[grant.right_kind],
        "constraint": _constraints(grant),
    }
    duties: list[dict[str, Any]] = [{"action": DUTY_ACTIONS[duty]} for duty in grant.duties]
    if grant.fee is not None:
        duties.append(
            {
                "action": "compensate",
                "constraint": [
                    {
                        "leftOperand": "payAmount",
                        "operator": "eq",
                        "rightOperand": {"@value": str(grant.fee), "@type": "xsd:decimal"},
                        "unit": {"@id": f"urn:iso:std:iso:4217:{grant.currency or 'CNY'}"},
                    }
                ],
            }
        )
    if duties:
        permission["duty"] = duties
    agreement: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Agreement",
        "uid": urn("authorization", grant.uid),
        "profile": "urn:rightsgraph:odrl-profile:qinzhou",
        "assigner": urn("party", grant.grantor_id),
        "assignee": urn("party", grant.grantee_id),
        "target": target,
        "permission": [permission],
    }
    onward = {
        "target": target,
        "assigner": permission["assigner"],
        "assignee": permission["assignee"],
        "action": "grantUse",
    }
    if grant.sublicensable:
        # An onward grant is never broader than this one (rule 2): the same constraints.
        agreement["permission"].append({**onward, "constraint": _constraints(grant)})
    else:
        agreement["prohibition"] = [onward]
    return agreement
