"""Unified social credit code 统一社会信用代码 (GB 32100-2015).

18 characters: registration authority (1), organization category (1),
administrative division code (6), organization code (9), check character (1).
The alphabet has 31 characters (digits and capitals without I, O, S, V, Z);
the check character makes the weighted sum of all 18 positions a multiple
of 31, the weight of position i (from 0) being 3**i mod 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> tuple[str, str] | None:
    """Why `code` is not a valid credit code, in English and Chinese; None when it is valid."""
    if len(code) != LENGTH:
        return (
            f"must be {LENGTH} characters, got {len(code)}",
            f"应为{LENGTH}位，实际为{len(code)}位",
        )
    bad = sorted({char for char in code if char not in VALUES})
    if bad:
        shown = "".join(bad)
        return (
            f"contains characters outside the GB 32100-2015 alphabet: {shown} "
            "(I, O, S, V, Z and lower case are never used)",
            f"含有编码字符集以外的字符：{shown}（不使用I、O、S、V、Z及小写字母）",
        )
    if not code[2:8].isdigit():
        return (
            "characters 3 to 8 must be the digits of an administrative division code",
            "第3至8位应为行政区划代码数字",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return (
            f"check character is {code[17]}, but the first 17 characters give {expected}",
            f"校验码为{code[17]}，按前17位计算应为{expected}",
        )
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None
