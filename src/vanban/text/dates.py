"""Dates as NĐ 30/2020 writes them.

Rule (NĐ 30/2020, Phụ lục I, mục II.4.b): day, month and year in Arabic digits; a day below 10 and
the months 1 and 2 take a leading zero, months 3 to 12 do not: "ngày 05 tháng 01 năm 2020",
"ngày 29 tháng 6 năm 2019". The zero stops a "1" being added in front of the number later.
"""

from __future__ import annotations

from datetime import date, datetime, time


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def ngay_thang(d: date) -> str:
    """``date(2022, 1, 29)`` -> ``"ngày 29 tháng 01 năm 2022"`` (NĐ 30/2020, Phụ lục I, II.4.b).

    A ``datetime`` is accepted too; only its date is used, with no time-zone conversion.
    """
    _check(d, "ngay_thang")
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def dia_danh_ngay_thang(dia_danh: str, d: date) -> str:
    """The header's place-and-date line: ``"Gia Lương, ngày 29 tháng 01 năm 2022"``.

    NĐ 30/2020, Phụ lục I, mục II.4.c: the place name, a comma, then the date.
    """
    return f"{dia_danh}, {ngay_thang(d)}"


def ngay_ngan(d: date, *, chu_ngay: bool = False) -> str:
    """The short date of running text: ``"29/01/2022"``, ``"14/3/2022"``; with ``chu_ngay=True``
    ``"ngày 29/01/2022"``. The zero rule of Phụ lục I, II.4.b holds here too (day below 10 and months
    1 and 2 with a zero), as the reference plan writes "ngày 14/02/2015" and "ngày 15/12/2021"."""
    _check(d, "ngay_ngan")
    text = f"{_day(d)}/{_month(d)}/{d.year}"
    return f"ngày {text}" if chu_ngay else text


def khoang_ngay(tu: date, den: date, *, dai: bool = False) -> str:
    """A range of dates: ``"từ ngày 15/12/2021 đến ngày 14/3/2022"``; ``dai=True`` writes each date in
    full ("từ ngày 15 tháng 12 năm 2021 đến ngày 14 tháng 3 năm 2022"). ``tu`` must not be after
    ``den``."""
    _check(tu, "khoang_ngay")
    _check(den, "khoang_ngay")
    if tu > den:
        raise ValueError(
            f"khoang_ngay: the range starts on {tu.isoformat()}, after it ends on {den.isoformat()}"
        )
    if dai:
        return f"từ {ngay_thang(tu)} đến {ngay_thang(den)}"
    return f"từ ngày {ngay_ngan(tu)} đến ngày {ngay_ngan(den)}"


THU = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
"""Weekday names as running text writes them, Monday first (date.weekday() order)."""


def thu(d: date, *, viet_hoa_dau: bool = False) -> str:
    """The weekday in running text: ``"thứ Hai"`` ... ``"thứ Bảy"``, ``"Chủ nhật"``; with
    ``viet_hoa_dau=True`` capitalised to start a sentence or a line ("Thứ Hai")."""
    _check(d, "thu")
    name = THU[d.weekday()]
    return name[:1].upper() + name[1:] if viet_hoa_dau else name


def thang_nam(d: date, *, ngan: bool = False) -> str:
    """The month of a date: ``"tháng 01 năm 2022"``, ``ngan=True``: ``"tháng 01/2022"``; the month
    takes the zero rule of NĐ 30/2020, Phụ lục I, II.4.b ("tháng 6 năm 2022")."""
    _check(d, "thang_nam")
    return f"tháng {_month(d)}/{d.year}" if ngan else f"tháng {_month(d)} năm {d.year}"


def gio_phut(t: time | datetime) -> str:
    """Time of day for invitations and minutes: ``time(14, 30)`` -> ``"14 giờ 30 phút"``,
    ``time(8, 5)`` -> ``"8 giờ 05 phút"`` (24-hour clock, minutes on two digits). The time is used
    as given: no time-zone conversion."""
    if isinstance(t, datetime):
        t = t.time()
    if not isinstance(t, time):
        raise TypeError(f"gio_phut expects a time or datetime, got {type(t).__name__}: {t!r}")
    return f"{t.hour} giờ {t.minute:02d} phút"


def _check(d: object, name: str) -> None:
    if not isinstance(d, date):
        raise TypeError(f"{name} expects a date, got {type(d).__name__}: {d!r}")
