"""Numbers in Vietnamese words, and numbers and money written with digits.

Reading rules (the standard reading taught in Vietnamese schools and used on forms and contracts):

- Digits: không, một, hai, ba, bốn, năm, sáu, bảy, tám, chín.
- Groups of three digits take the scales nghìn (10^3), triệu (10^6) and tỷ (10^9). Above 999 tỷ,
  the part above tỷ is itself read as a number, followed once by "tỷ": 1 500 000 000 000 is "một
  nghìn năm trăm tỷ" (not "một nghìn tỷ năm trăm tỷ"), 10^15 "một triệu tỷ", 10^18 "một tỷ tỷ".
  A group of zeros is not read ("một triệu không trăm linh một" = 1 000 001); a group after the
  first is read with its hundreds, "không trăm" when they are zero ("một nghìn không trăm linh năm"
  = 1005).
- Tens: "mười" for 1x, "<digit> mươi" from 20. A zero ten before a unit is "linh" (or "lẻ"):
  "một trăm linh năm".
- Units after a ten: 1 is "mốt" from 21 on ("hai mươi mốt"; but "mười một"), 5 is "lăm"
  ("mười lăm", "hai mươi lăm"; but "linh năm"), 4 may be "tư" ("hai mươi tư", a variant).
- A negative number starts with "âm"; a fraction is read after "phẩy", its leading zeros one by one
  ("một phẩy không năm" = 1,05).

Libraries get these wrong (num2words reads 2024 as "hai nghìn lẻ hai mươi bốn"), so vanban has its
own, tested on every rule above. Digits with separators come from babel's ``vi`` locale (CLDR):
"1.234.567,5".

Numbers written as text (a CSV cell, a form field) are read by :func:`parse_so` in Vietnamese
notation, the one CLDR gives for ``vi`` and Vietnamese forms use: "." between groups of three
digits, "," before the decimals ("1.250.000,5"); plain digits ("300000") and a leading "-" too.
Every helper here takes such text as well as an ``int`` or a ``Decimal``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from babel.numbers import format_decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
"""Scale of each group of three digits below a tỷ, from units up."""
TY = 10**9
"""One tỷ: the part of a number above it is read as a number of its own, then "tỷ"."""

LIMIT = 10**21
"""Numbers are read in words below 10^21 (up to "chín trăm ... tỷ tỷ ...")."""

Linh = Literal["linh", "lẻ"]
Nghin = Literal["nghìn", "ngàn"]


def _group(n: int, *, full: bool, linh: str, tu: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full`` reads the hundreds even when zero (a group after the first)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(linh)
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("tư" if tu and tens >= 2 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _integer(n: int, *, linh: str, nghin: str, tu: bool) -> list[str]:
    if n == 0:
        return [DIGITS[0]]
    return _words(n, first=True, linh=linh, nghin=nghin, tu=tu)


def _words(n: int, *, first: bool, linh: str, nghin: str, tu: bool) -> list[str]:
    """Words of 0 < n; ``first`` when nothing is read before it (its first group has no
    "không trăm"). Above 999 tỷ the part above tỷ is read as a number, then "tỷ" once."""
    above, below = divmod(n, TY)
    words: list[str] = []
    if above:
        words += [*_words(above, first=first, linh=linh, nghin=nghin, tu=tu), "tỷ"]
        first = False
    groups: list[int] = []
    while below:
        below, group = divmod(below, 1000)
        groups.append(group)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _group(group, full=not first, linh=linh, tu=tu)
        first = False
        if SCALES[index]:
            words.append(nghin if index == 1 else SCALES[index])
    return words


_PLAIN = re.compile(r"-?[0-9]+(?:,[0-9]+)?")
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_AMBIGUOUS = re.compile(r"-?([1-9][0-9]{0,2}),([0-9]{3})")
_ENGLISH = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?")
HOW_TO_WRITE = (
    "write digits, with '.' between thousands and ',' before decimals: "
    "1250000, 1.250.000 or 1.250.000,5"
)
"""How a number is written, for messages."""


def parse_so(text: str) -> Decimal:
    """Read a number written in Vietnamese notation, exactly: ``"300000"``, ``"1.250.000"``
    ("." between groups of three digits), ``"1.250.000,5"`` and ``"0,125"`` ("," before the
    decimals), ``"-5"``. Spaces around it are ignored.

    Refused with ValueError rather than guessed: English notation (``"1,250,000"``,
    ``"1250.5"``), units or words (``"300.000đ"``), and ``"1,250"``, which is 1,25 in Vietnamese
    notation but 1250 in English (a "," followed by exactly three digits after one to three
    digits, with no "." grouping: the export of an English-language spreadsheet would silently
    become a thousand times smaller). ``"1.250"`` is read as 1250: "." is never a decimal point
    in Vietnamese, and no spreadsheet writes a decimal point with three trailing digits.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_so expects text, got {type(text).__name__}: {text!r}")
    written = text.strip()
    ambiguous = _AMBIGUOUS.fullmatch(written)
    if ambiguous:
        whole, part = ambiguous.groups()
        sign = "-" if written.startswith("-") else ""
        decimals = part.rstrip("0")
        # The fraction in a form that is not ambiguous: 1,25 for 1,250; 3,2010 for 3,201; 1 for 1,000.
        fraction = f"{whole},{decimals}" if decimals != part else f"{whole},{part}0"
        fraction = fraction if decimals else whole
        raise ValueError(
            f"{text!r} is ambiguous: ',' marks decimals in Vietnamese ({sign}{whole} + {part}/1000) "
            f"but thousands in English ({sign}{whole}{part}); write {sign}{whole}.{part} or "
            f"{sign}{whole}{part} for the whole number, {sign}{fraction} for the fraction"
        )
    if _PLAIN.fullmatch(written) or _GROUPED.fullmatch(written):
        return Decimal(written.replace(".", "").replace(",", "."))
    if _ENGLISH.fullmatch(written):  # 1250.5, 1,250,000, 1,250.5
        vietnamese = written.replace(",", " ").replace(".", ",").replace(" ", ".")
        raise ValueError(
            f"{text!r} is written in English notation; in Vietnamese, '.' separates thousands "
            f"and ',' marks decimals: write {vietnamese}"
        )
    shown = f"{text!r}" if written else "empty text"
    raise ValueError(f"{shown} is not a number; {HOW_TO_WRITE}")


def as_number(value: object, name: str) -> Decimal:
    """``value`` as an exact Decimal for helper ``name``: an int or a Decimal as it is, a float
    through its shortest decimal form, text read by :func:`parse_so`. Errors start with ``name``."""
    return _decimal(value, name)


def _decimal(value: object, name: str) -> Decimal:
    if isinstance(value, str):
        try:
            return parse_so(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise TypeError(
            f"{name} expects a number (an int, a Decimal or text such as 1.250.000), "
            f"got {type(value).__name__}: {value!r}"
        )
    if isinstance(value, float):
        value = Decimal(repr(value))  # the shortest decimal that reads back as this float
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name}: {value!r} is not a finite number")
    return number


def bang_chu(
    n: int | Decimal | float | str,
    *,
    linh: Linh = "linh",
    nghin: Nghin = "nghìn",
    tu: bool = False,
) -> str:
    """A number in Vietnamese words, formal style: ``bang_chu(1005)`` ->
    ``"một nghìn không trăm linh năm"``; ``bang_chu(Decimal("-1.5"))`` -> ``"âm một phẩy năm"``.

    Variants: ``linh="lẻ"`` ("một trăm lẻ năm"), ``nghin="ngàn"`` (southern usage), ``tu=True``
    ("hai mươi tư"). Integers up to 10^21 - 1 (the tỷ tỷ scale); a float is read as the shortest
    decimal that represents it, text by :func:`parse_so` (``"1.250.000"``). Raises ValueError
    outside that range or for text that is not a number, TypeError for other types.
    """
    number = _decimal(n, "bang_chu")
    if abs(number) >= LIMIT:
        raise ValueError(
            f"bang_chu: {n!r} is out of range; vanban reads numbers below 10^21 in words"
        )
    words = ["âm"] if number < 0 else []
    number = abs(number)
    integer = int(number)
    words += _integer(integer, linh=linh, nghin=nghin, tu=tu)
    fraction = number - integer
    if fraction:
        digits = format(fraction.normalize(), "f").split(".")[1]
        zeros = len(digits) - len(digits.lstrip("0"))
        words.append("phẩy")
        words += [DIGITS[0]] * zeros
        words += _integer(int(digits), linh=linh, nghin=nghin, tu=tu)
    return " ".join(words)


def tien_bang_chu(
    amount: int | Decimal | str,
    unit: str = "đồng",
    *,
    chan: bool = False,
    linh: Linh = "linh",
    nghin: Nghin = "nghìn",
    tu: bool = False,
) -> str:
    """An amount in words for forms: ``tien_bang_chu(1250000)`` ->
    ``"Một triệu hai trăm năm mươi nghìn đồng"``; ``chan=True`` adds "chẵn" (a whole amount).

    Exact: pass an int, a Decimal or text (``"1.250.000"``, read by :func:`parse_so`); a float is
    refused, because it cannot hold money exactly.
    """
    if isinstance(amount, float):
        raise TypeError(
            f"tien_bang_chu: {amount!r} is a float, which cannot hold money exactly; "
            "pass an int or a Decimal"
        )
    number = _decimal(amount, "tien_bang_chu")
    if chan and number != number.to_integral_value():
        raise ValueError(f"tien_bang_chu: {amount!r} is not a whole amount, so it cannot be 'chẵn'")
    words = bang_chu(number, linh=linh, nghin=nghin, tu=tu)
    text = f"{words} {unit}".strip() + (" chẵn" if chan else "")
    return text[:1].upper() + text[1:]


def dinh_dang_so(value: int | Decimal | float | str, *, so_le: int | None = None) -> str:
    """A number with Vietnamese separators (babel, ``vi``): ``1234567.5`` -> ``"1.234.567,5"``;
    text is read by :func:`parse_so` (``"1250000,5"`` -> ``"1.250.000,5"``).

    Every digit given is kept unless ``so_le`` asks for that many decimal places (rounded half even).
    """
    number = _decimal(value, "dinh_dang_so")
    if so_le is not None:
        if so_le < 0:
            raise ValueError(f"dinh_dang_so: so_le={so_le}; the number of decimals is 0 or more")
        number = number.quantize(Decimal(1).scaleb(-so_le))
        pattern = "#,##0" + ("." + "0" * so_le if so_le else "")
        return format_decimal(number, format=pattern, locale="vi", decimal_quantization=False)
    return format_decimal(number, locale="vi", decimal_quantization=False)


def dinh_dang_tien(amount: int | Decimal | str, unit: str = "đồng") -> str:
    """An amount with Vietnamese separators and its unit: ``1500000`` -> ``"1.500.000 đồng"``."""
    if isinstance(amount, float):
        raise TypeError(f"dinh_dang_tien: {amount!r} is a float; pass an int or a Decimal")
    return f"{dinh_dang_so(_decimal(amount, 'dinh_dang_tien'))} {unit}".strip()
