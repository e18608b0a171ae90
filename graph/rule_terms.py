"""The terms the rules of processing and trading are stated in, defined once: the write
checks (resolvers/products.py, lineage.py, transactions.py) read these constants, and the
read-side scans (graph/findings.py) receive them as Cypher parameters (`PARAMS`), so a
check and its scan cannot drift apart. Grades and categories live in graph/classification.py,
grant containment in graph/containment.py.
"""

from __future__ import annotations

from typing import Any

# Rule 2 (articles 12, 14): which kinds of right a right of each kind can give onward, and
# the basis whose rights are granted onward only when sublicensable.
GRANTABLE: dict[str, frozenset[str]] = {
    "HOLDING": frozenset({"PROCESSING_USE", "PRODUCT_OPERATION"}),
    "PROCESSING_USE": frozenset({"PROCESSING_USE"}),
    # An operator may license others to operate its product, or only to use it.
    "PRODUCT_OPERATION": frozenset({"PRODUCT_OPERATION", "PROCESSING_USE"}),
}
GRANTED_BASIS = "AUTHORIZATION"

# Rule 3 (articles 5, 12): which rights let a party process an input of each kind.
PROCESSING_RIGHTS: dict[str, tuple[str, ...]] = {
    "DataResource": ("HOLDING", "PROCESSING_USE"),
    "DataProduct": ("HOLDING", "PROCESSING_USE", "PRODUCT_OPERATION"),
}

# Rule 4 (article 12): which rights let a party operate (and sell) a product.
OPERATING_RIGHTS: tuple[str, ...] = ("PRODUCT_OPERATION", "HOLDING")

# Rule 5 (article 16): the public bodies that trade only through a data exchange.
PUBLIC_BODIES: frozenset[str] = frozenset({"GOVERNMENT_DEPARTMENT", "PUBLIC_SERVICE_ORGANIZATION"})

# Rule 9 (article 25): who needs a valid declaration and commitment to take part in a trade.
DECLARING_KINDS: frozenset[str] = frozenset({"DATA_MERCHANT", "DATA_BROKER", "THIRD_PARTY_AGENCY"})

# Rule 8 (articles 19, 22): the grade that never leaves and the one that leaves assessed.
NEVER_TRADED_GRADE = "CORE"
ASSESSED_ABROAD_GRADE = "IMPORTANT"

# Rule 10 (article 26): credit events that make, end and strike out a penalty.
PENALTY = "DISHONESTY_PENALTY"
REPAIR = "CREDIT_REPAIR"
OBJECTION = "OBJECTION"
UPHELD = "UPHELD"

PARAMS: dict[str, Any] = {
    "grantable": {kind: sorted(gives) for kind, gives in GRANTABLE.items()},
    "grantedBasis": GRANTED_BASIS,
    "processingKinds": {kind: list(rights) for kind, rights in PROCESSING_RIGHTS.items()},
    "operatingKinds": list(OPERATING_RIGHTS),
    "publicBodies": sorted(PUBLIC_BODIES),
    "declaringKinds": sorted(DECLARING_KINDS),
    "coreGrade": NEVER_TRADED_GRADE,
    "importantGrade": ASSESSED_ABROAD_GRADE,
    "penalty": PENALTY,
    "repair": REPAIR,
    "objection": OBJECTION,
    "upheld": UPHELD,
}
