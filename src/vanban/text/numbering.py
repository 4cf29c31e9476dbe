"""Numbering of the body tree: Roman numerals for mục, Vietnamese letters for điểm.

Documents laid out as phần, mục, khoản, điểm (plans, reports) number their mục with Roman numerals:
"I. NHỮNG KẾT QUẢ..." (NĐ 30/2020, Phụ lục I, mục V, row 6.b); khoản take Arabic numerals and điểm the
letters of the Vietnamese alphabet followed by ")" (Phụ lục I, mục II.6.đ). The letters exclude the ones with
diacritics other than đ (ă, â, ê, ô, ơ, ư) and the letters f, j, w, z that are not Vietnamese:
a b c d đ e g h i k l m n o p q r s t u v x y (23 letters).
"""

from __future__ import annotations

from vanban.text.so import as_number

DIEM_LETTERS: tuple[str, ...] = tuple(
    [
        "a",
        "b",
        "c",
        "d",
        "đ",
        "e",
        "g",
        "h",
        "i",
        "k",
        "l",
        "m",
        "n",
        "o",
        "p",
        "q",
        "r",
        "s",
        "t",
        "u",
        "v",
        "x",
        "y",
    ]
)

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _whole(value: object, name: str) -> int:
    """An int as it is, or a whole number written as text ("4"); anything else is refused."""
    if isinstance(value, str):
        number = as_number(value, name)
        if number != number.to_integral_value():
            raise ValueError(f"{name}: {value!r} is not a whole number")
        return int(number)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} expects an int, got {type(value).__name__}: {value!r}")
    return value


def so_la_ma(n: int | str) -> str:
    """``n`` in Roman numerals, 1 <= n <= 3999: ``so_la_ma(4) == "IV"`` (also ``"4"``)."""
    n = _whole(n, "so_la_ma")
    if not 1 <= n <= 3999:
        raise ValueError(f"so_la_ma: {n} is out of range; Roman numerals cover 1..3999")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def chu_cai(i: int | str) -> str:
    """The i-th điểm letter, 1-based: ``chu_cai(5) == "đ"``; 1 <= i <= 23 (a ... y)."""
    i = _whole(i, "chu_cai")
    if not 1 <= i <= len(DIEM_LETTERS):
        raise ValueError(
            f"chu_cai: {i} is out of range; điểm letters run 1..{len(DIEM_LETTERS)} (a to y)"
        )
    return DIEM_LETTERS[i - 1]
