"""A foreign party's home registration identifier 境外登记号码 (article 19).

An LEI (ISO 17442) is 20 characters, digits and capitals: a 4-character LOU prefix,
2 reserved, 12 for the entity and 2 check digits, computed as in ISO 7064 MOD 97-10
(the IBAN's): with each letter read as two digits (A = 10 ... Z = 35), the whole number
leaves 1 divided by 97. Other schemes are checked for shape only: the registrar copies
them from the home country's documents.
"""

from __future__ import annotations

import re

LEI_PATTERN = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")
# Registry numbers, passports and ID numbers: letters, digits and the usual separators.
IDENTIFIER_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z ./-]{1,63}$")


def lei_check_digits(first18: str) -> str:
    """The two check digits of an LEI whose first 18 characters are given."""
    number = int("".join(str(int(char, 36)) for char in first18) + "00")
    return f"{98 - number % 97:02d}"


def lei_problem(lei: str) -> tuple[str, str] | None:
    """Why `lei` is not a valid LEI, in English and Chinese; None when it is valid."""
    if not LEI_PATTERN.match(lei):
        return (
            "an LEI is 20 characters: 18 digits or capital letters, then 2 check digits",
            "法人机构识别编码应为20位：18位数字或大写字母加2位校验数字",
        )
    if lei_check_digits(lei[:18]) != lei[18:]:
        return (
            f"the check digits should be {lei_check_digits(lei[:18])} (ISO 17442)",
            f"校验码错误，应为{lei_check_digits(lei[:18])}（ISO 17442）",
        )
    return None


def identifier_problem(identifier: str) -> tuple[str, str] | None:
    if not IDENTIFIER_PATTERN.match(identifier):
        return (
            "an identifier is 2-64 letters, digits, spaces, dots, slashes or hyphens",
            "登记号码应为2至64位字母、数字、空格、点、斜线或连字符",
        )
    return None
