"""Unified social credit codes: the GB 32100-2015 check character."""

from __future__ import annotations

import pytest

from resolvers.credit_code import check_character, credit_code_problem, is_valid_credit_code
from seed.parties import PARTIES

# Codes printed on public business licences.
PUBLISHED_CODES = ["914403001922038216", "9144030071526726XG", "91330100716105852F"]


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_codes_are_valid(code: str) -> None:
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_any_single_changed_character_is_caught(code: str) -> None:
    for position in range(18):
        for replacement in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if replacement == code[position]:
                continue
            changed = code[:position] + replacement + code[position + 1 :]
            if not changed[2:8].isdigit():
                continue
            assert not is_valid_credit_code(changed), changed


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91440300192203821", "must be 18 characters"),
        ("9144030019220382166", "must be 18 characters"),
        ("91440300192203821I", "outside the GB 32100-2015 alphabet: I"),
        ("9144030019220382o6", "outside the GB 32100-2015 alphabet: o"),
        ("91A40300192203821E", "characters 3 to 8"),
        ("914403001922038217", "check character is 7, but the first 17 characters give 6"),
    ],
)
def test_each_problem_is_explained(code: str, reason: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert reason in problem[0]
    assert problem[1]  # a Chinese explanation too


def test_check_character_of_a_published_code() -> None:
    assert check_character("9144030071526726X") == "G"


def test_every_seeded_organization_has_a_valid_code() -> None:
    codes = [party.credit_code for party in PARTIES if party.credit_code]
    domestic = [p for p in PARTIES if p.country == "CN"]
    assert len(codes) == len(domestic) - 1  # all but the natural person
    # A foreign party (article 19) has its home registration instead.
    assert all(p.home_registration_id and not p.credit_code for p in PARTIES if p not in domestic)
    assert all(is_valid_credit_code(code) for code in codes)
    assert len(set(codes)) == len(codes)
