"""A synthetic Qinzhou of any size, deterministic from a seed number.

Shape, for a target of N nodes (identity and state nodes both count):
- parties: about N/100, by kind, spread over the real region tree;
- resources: about N/5, by category and grade, each with its source's holding right;
- lineage: an activity for every resource after the first hundred but every 50th (raw,
  collected data), using one to three earlier resources: always the one just before
  (chains of up to 49 hops), sometimes a hub among the first 1% (hubs), sometimes any
  earlier one;
- grants: whenever a performer uses another party's resource, it holds a processing
  right carved from that resource's holding right, so every hop obeys rule 3;
- trades: about one resource in 25, where an enterprise holds general enterprise data,
  is licensed to another enterprise: a Transaction with its price, date and income split,
  and the buyer's processing right carved from the seller's holding right; at a
  government-guided price when the data is of public origin (public data upstream), at
  market price otherwise (rule 6).

Grades are drawn independently, so some derived resources sit below the grade they inherit
upstream: the findings scan then has real work at scale (GRADE_BELOW_INHERITED). No other
kind of finding arises from generated data.

The same size and seed always give the same ids and rows.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph import classification
from seed.regions import region_rows

NAMESPACE = uuid.UUID("0b6f0a4e-8d7c-5c1e-9a3f-2f6d1c7e9b21")
PARTY_KINDS = [
    ("ENTERPRISE", 60),
    ("GOVERNMENT_DEPARTMENT", 10),
    ("PUBLIC_SERVICE_ORGANIZATION", 10),
    ("DATA_MERCHANT", 10),
    ("DATA_BROKER", 4),
    ("THIRD_PARTY_AGENCY", 6),
]
CATEGORIES = [("ENTERPRISE", 55), ("PUBLIC", 35), ("PERSONAL", 10)]
GRADES = [("GENERAL", 80), ("IMPORTANT", 18), ("CORE", 2)]
SECTORS = ["CREDIT", "PORT_LOGISTICS", "COMMERCE", "HEALTHCARE", "TRANSPORT", "AGRICULTURE"]
KINDS = ["CLEAN", "PROCESS", "AGGREGATE", "ANALYZE", "ANONYMIZE"]
START = date(2023, 1, 1)


def parse_size(text: str) -> int:
    """`10k`, `100k`, `1m` or a plain number."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


@dataclass
class Synthetic:
    size: int
    seed: int = 7
    random: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.towns = [r for r in region_rows() if r["level"] in ("TOWN", "VILLAGE")]
        self.party_count = max(20, self.size // 100)
        self.resource_count = max(50, self.size // 5)
        self.parties = [self._party(i) for i in range(self.party_count)]
        self.resources = [self._resource(i) for i in range(self.resource_count)]

    def id(self, kind: str, index: int | str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.seed}:{self.size}:{kind}:{index}"))

    def _pick(self, weighted: list[tuple[str, int]]) -> str:
        return self.random.choices([v for v, _ in weighted], [w for _, w in weighted])[0]

    def _party(self, index: int) -> dict[str, Any]:
        region = self.random.choice(self.towns)
        kind = self._pick(PARTY_KINDS)
        return {
            "id": self.id("party", index),
            "nameZh": f"合成主体{index:06d}",
            "nameEn": f"Synthetic party {index}",
            "kind": kind,
            "regionId": region["id"],
            "description": "synthetic",
        }

    def _resource(self, index: int) -> dict[str, Any]:
        source = self.parties[self.random.randrange(self.party_count)]
        category = self._pick(CATEGORIES)
        # Never earlier than a lower index: an activity never predates its inputs.
        valid_from = START + timedelta(days=index * 600 // self.resource_count)
        return {
            "id": self.id("resource", index),
            "sourceId": source["id"],
            "regionId": source["regionId"],
            "validFrom": valid_from,
            "attrs": {
                "catalogCode": f"SYN-{self.seed}-{index:08d}",
                "nameZh": f"合成数据资源{index:08d}",
                "nameEn": f"Synthetic resource {index}",
                "category": category,
                "grade": self._pick(GRADES),
                "sector": self.random.choice(SECTORS),
                "platform": "OWN_SYSTEM",
                "accessMode": "NOT_AGGREGATED",
                "openness": "NOT_OPEN",
                "openListYears": [],
                "containsPersonalInfo": category == "PERSONAL",
            },
        }

    def holding_rights(self) -> Iterator[dict[str, Any]]:
        for index, resource in enumerate(self.resources):
            yield self._right(
                self.id("holding", index),
                "HOLDING",
                resource["sourceId"],
                resource,
                "ORIGINAL_HOLDING",
                None,
            )

    def _right(
        self,
        right_id: str,
        kind: str,
        holder: str,
        resource: dict[str, Any],
        basis: str,
        parent: str | None,
    ) -> dict[str, Any]:
        return {
            "id": right_id,
            "kind": kind,
            "holderId": holder,
            "objectId": resource["id"],
            "objectType": "DataResource",
            "validFrom": resource["validFrom"],
            "validTo": None,
            "parentRightId": parent,
            "attrs": {
                "kind": kind,
                "holderId": holder,
                "objectId": resource["id"],
                "objectType": "DataResource",
                "basis": basis,
                "status": "ACTIVE",
                "basisReference": None if parent is None else "synthetic grant",
                "sublicensable": True,
                "duties": [],
                "parentRightId": parent,
            },
        }

    def lineage(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(grants, activities): the rights carved for cross-party use, and the activities."""
        # Its own generator: every call gives the same lineage, however often it is asked.
        rng = random.Random(f"{self.seed}:lineage")
        grants: dict[tuple[int, str], dict[str, Any]] = {}
        activities = []
        hubs = max(1, self.resource_count // 100)
        for index in range(100, self.resource_count):
            if index % 50 == 0:
                continue  # every 50th resource is raw, collected data: chains up to 49 hops
            output = self.resources[index]
            performer = output["sourceId"]
            chosen = {index - 1}
            if rng.random() < 0.3:
                chosen.add(rng.randrange(hubs))
            if rng.random() < 0.2:
                chosen.add(rng.randrange(index))
            inputs = []
            for used in sorted(chosen):
                resource = self.resources[used]
                right = self.id("holding", used)
                if resource["sourceId"] != performer:
                    key = (used, performer)
                    if key not in grants:
                        grants[key] = self._right(
                            self.id("grant", f"{used}:{performer}"),
                            "PROCESSING_USE",
                            performer,
                            resource,
                            "AUTHORIZATION",
                            right,
                        )
                    right = grants[key]["id"]
                inputs.append({"id": resource["id"], "rightId": right})
            day = output["validFrom"]
            activities.append(
                {
                    "id": self.id("activity", index),
                    "performerId": performer,
                    "outputId": output["id"],
                    "inputs": inputs,
                    "attrs": {
                        "kind": rng.choice(KINDS),
                        "day": day,
                        "at": datetime(day.year, day.month, day.day, 2, tzinfo=UTC),
                        "inputIds": [i["id"] for i in inputs],
                        "outputIds": [output["id"]],
                        "rightIds": [i["rightId"] for i in inputs],
                        "name": f"synthetic-{index}",
                    },
                }
            )
        return list(grants.values()), activities

    def _public_origin(self, ids: list[str]) -> set[str]:
        """Those of these resources with public data upstream within the depth the registry
        reads (graph/classification.py): they are of public origin."""
        _, activities = self.lineage()
        inputs_of = {a["outputId"]: [i["id"] for i in a["inputs"]] for a in activities}
        category = {r["id"]: r["attrs"]["category"] for r in self.resources}
        found = set()
        for resource_id in ids:
            frontier, seen = [resource_id], {resource_id}
            for _ in range(classification.MAX_DEPTH):
                frontier = [u for f in frontier for u in inputs_of.get(f, []) if u not in seen]
                seen.update(frontier)
                if any(category[u] == classification.PUBLIC for u in frontier):
                    found.add(resource_id)
                    break
        return found

    def trades(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(licences, transactions): licence trades between enterprises, outside an exchange."""
        rng = random.Random(f"{self.seed}:trades")
        kinds = {p["id"]: p["kind"] for p in self.parties}
        enterprises = [p["id"] for p in self.parties if p["kind"] == "ENTERPRISE"]
        licences, transactions = [], []
        public_origin = self._public_origin(
            [self.resources[i]["id"] for i in range(0, self.resource_count, 25)]
        )
        for index in range(0, self.resource_count, 25):
            resource = self.resources[index]
            seller = resource["sourceId"]
            attrs = resource["attrs"]
            if kinds[seller] != "ENTERPRISE" or (attrs["category"], attrs["grade"]) != (
                "ENTERPRISE",
                "GENERAL",
            ):
                continue
            buyer = rng.choice(enterprises)
            if buyer == seller:
                continue
            day = resource["validFrom"] + timedelta(days=rng.randrange(1, 90))
            number = f"QZJY-SYN{self.seed}-{index:08d}"
            holding = self.id("holding", index)
            licence = self._right(
                self.id("licence", index), "PROCESSING_USE", buyer, resource, "CONTRACT", holding
            )
            licence["validFrom"] = day
            licence["attrs"]["basisReference"] = f"transaction {number}"
            licences.append(licence)
            transactions.append(
                {
                    "id": self.id("transaction", index),
                    "sellerId": seller,
                    "buyerId": buyer,
                    "objectId": resource["id"],
                    "conveyedRightId": licence["id"],
                    "attrs": {
                        "number": number,
                        "mode": "LICENCE",
                        "rightKind": "PROCESSING_USE",
                        "objectType": "DataResource",
                        "rightId": holding,
                        "price": float(rng.randrange(1_000, 500_000)),
                        "currency": "CNY",
                        # Rule 6: enterprise data derived from public data stays of
                        # public origin, priced by the government.
                        "pricingMode": "GOVERNMENT_GUIDED"
                        if resource["id"] in public_origin
                        else "MARKET",
                        "costs": 0.0,
                        "tradeDate": day,
                        "exchangeId": None,
                        "intermediaryIds": [],
                        "intermediaryRoles": [],
                        "crossBorder": False,
                        "incomePublic": False,
                        "incomePartyIds": [seller],
                        "incomeShares": [1.0],
                        "incomeBases": ["seller 卖方"],
                    },
                }
            )
        return licences, transactions

    def plan(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """Every kind of row, in the order they must be loaded."""
        grants, activities = self.lineage()
        licences, transactions = self.trades()
        return [
            ("parties", self.parties),
            ("resources", self.resources),
            ("rights", list(self.holding_rights())),
            ("rights", grants),
            ("rights", licences),
            ("transactions", transactions),
            ("activities", activities),
        ]
