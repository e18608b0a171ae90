"""Article 15, "who invests, who contributes, who benefits": the income split of a trade.

For now (the lineage issue extends this along lineage):
- Public data, a public resource or a product made only from public
  resources: the net income (price less costs) is due to the government for
  public data governance, and the source departments are listed with their
  contribution. Each public input counts once, so a department that
  supplied two of three inputs contributes 2/3. This is the basis of the
  fiscal weighting of article 15.
- Any other asset: the seller takes the whole net income.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Split:
    public: bool
    party_ids: list[str]
    shares: list[float]
    bases: list[str]


def income_split(
    object_type: str, object_state: dict[str, Any], inputs: list[dict[str, Any]], seller_id: str
) -> Split:
    """`inputs` are the resource records a product is made from (empty for a resource)."""
    sources = [object_state] if object_type == "DataResource" else inputs
    public = bool(sources) and all(s.get("category") == "PUBLIC" for s in sources)
    if not public:
        return Split(False, [seller_id], [1.0], ["seller 卖方"])
    counts = Counter(s["sourceId"] for s in sources)
    total = sum(counts.values())
    party_ids = sorted(counts)
    return Split(
        True,
        party_ids,
        [counts[p] / total for p in party_ids],
        [
            f"source of {counts[p]} of {total} public inputs 提供{counts[p]}/{total}项公共数据"
            for p in party_ids
        ],
    )


# Along lineage (the lineage issue's extension of article 15):
#   score(source unit of a resource d hops upstream)   = sourceWeight     * decay ** d
#   score(performer of a hop whose output is d hops up) = processingWeight * decay ** d
#   share = score / sum of scores; the seller is the performer at d = 0.
# Defaults 1.0, 0.5 and 0.5: the data's origin counts most, each hop further away half as much.


@dataclass(frozen=True)
class Weighting:
    source: float = 1.0
    processing: float = 0.5
    decay: float = 0.5


def lineage_split(
    seller_id: str,
    depths: dict[str, int],
    sources: dict[str, str],
    hops: list[tuple[str, str | None]],
    weighting: Weighting,
) -> Split:
    """`depths`: asset → hops above the traded asset (it is 0); `sources`: resource → source
    unit; `hops`: (derived asset, performer) for every hop of the walk."""
    scores: Counter[str] = Counter()
    bases: dict[str, set[str]] = {}

    def credit(party: str, score: float, basis: str) -> None:
        scores[party] += score  # type: ignore[assignment]
        bases.setdefault(party, set()).add(basis)

    credit(seller_id, weighting.processing, "seller 卖方")
    for asset, source in sources.items():
        credit(source, weighting.source * weighting.decay ** depths[asset], "source 来源")
    for derived, performer in hops:
        if performer:
            credit(
                performer,
                weighting.processing * weighting.decay ** depths.get(derived, 0),
                "processing 加工",
            )
    total = sum(scores.values())
    party_ids = sorted(scores, key=lambda p: -scores[p])
    return Split(
        public=False,
        party_ids=party_ids,
        shares=[scores[p] / total for p in party_ids],
        bases=[" + ".join(sorted(bases[p])) for p in party_ids],
    )
