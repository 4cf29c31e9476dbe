"""Dates as NĐ 30/2020 writes them.

Rule (NĐ 30/2020, Phụ lục I, mục II.4.b): day, month and year in Arabic digits; a day below 10 and
the months 1 and 2 take a leading zero, months 3 to 12 do not: "ngày 05 tháng 01 năm 2020",
"ngày 29 tháng 6 năm 2019". The zero stops a "1" being added in front of the number later.
"""

from __future__ import annotations

from datetime import date


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def ngay_thang(d: date) -> str:
    """``date(2022, 1, 29)`` -> ``"ngày 29 tháng 01 năm 2022"`` (NĐ 30/2020, Phụ lục I, II.4.b).

    A ``datetime`` is accepted too; only its date is used, with no time-zone conversion.
    """
    if not isinstance(d, date):
        raise TypeError(f"ngay_thang expects a date, got {type(d).__name__}: {d!r}")
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def dia_danh_ngay_thang(dia_danh: str, d: date) -> str:
    """The header's place-and-date line: ``"Gia Lương, ngày 29 tháng 01 năm 2022"``.

    NĐ 30/2020, Phụ lục I, mục II.4.c: the place name, a comma, then the date.
    """
    return f"{dia_danh}, {ngay_thang(d)}"
