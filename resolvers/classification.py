"""Classification follows lineage (就高从严, GB/T 43697-2024): derived data takes the strictest
grade and the most protected category of the resources upstream of it, unless a recorded
anonymization or aggregation lies between them.

Protection order of categories: personal (个人) above public (公共, which carries the public-
data regime of articles 6-10 and 15) above enterprise (企业).
"""

from __future__ import annotations

from typing import Any

from schema.enums import DataCategory, DataGrade
from schema.resource import Inheritance

GRADE_ORDER = [DataGrade.GENERAL, DataGrade.IMPORTANT, DataGrade.CORE]
CATEGORY_ORDER = [DataCategory.ENTERPRISE, DataCategory.PUBLIC, DataCategory.PERSONAL]


def inheritance_of(row: dict[str, Any]) -> Inheritance:
    grades = [DataGrade[g] for g in row["grades"] if g]
    categories = [DataCategory[c] for c in row["categories"] if c]
    return Inheritance(
        grade=max(grades, key=GRADE_ORDER.index) if grades else None,
        category=max(categories, key=CATEGORY_ORDER.index) if categories else None,
    )
