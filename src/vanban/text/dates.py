"""Dates as NĐ 30/2020 writes them.

Rule (NĐ 30/2020, Phụ lục I, mục II.4.b): day, month and year in Arabic digits; a day below 10 and
the months 1 and 2 take a leading zero, months 3 to 12 do not: "ngày 05 tháng 01 năm 2020",
"ngày 29 tháng 6 năm 2019". The zero stops a "1" being added in front of the number later.

Dates as users write them (:func:`parse_ngay`): ISO 8601 ``2022-02-10`` (YYYY-MM-DD), or day first
as Vietnamese is written, ``10/02/2022``, ``10/2/2022`` (also ``10-02-2022``, ``10.02.2022``),
always with a four-digit year. Every helper here takes a date or such text, so a CSV cell or a
YAML string is read exactly as a date would be.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_GIO = re.compile(r"([01]?[0-9]|2[0-3])[:hg]([0-5][0-9])")
HOW_TO_WRITE = "write 2022-02-10 (YYYY-MM-DD) or 10/02/2022 (day/month/year)"
"""How a date is written, for messages."""
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def parse_ngay(text: str) -> date:
    """Read a date as users write it: ``"2022-02-10"`` (ISO, YYYY-MM-DD) or day first,
    ``"10/02/2022"``, ``"10/2/2022"``, ``"10-02-2022"``, ``"10.02.2022"`` (day, month, a
    four-digit year; the same separator twice). Spaces around it are ignored.

    Anything else is refused with ValueError rather than guessed: a two-digit year, month first
    (``"02/13/2022"`` has no month 13), words. A day that does not exist is named as such:
    ``"30/02/2025"`` -> "the day does not exist: February 2025 has 28 days".
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_ngay expects text, got {type(text).__name__}: {text!r}")
    written = text.strip()
    iso = _ISO.fullmatch(written)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        vietnamese = _DAY_FIRST.fullmatch(written)
        if vietnamese is None:
            shown = f"{text!r}" if written else "empty text"
            raise ValueError(f"{shown} is not a date; {HOW_TO_WRITE}")
        day, month, year = (
            int(vietnamese.group(1)),
            int(vietnamese.group(3)),
            int(vietnamese.group(4)),
        )
    if year == 0:
        raise ValueError(f"{text!r}: there is no year 0; {HOW_TO_WRITE}")
    if not 1 <= month <= 12:
        order = "" if iso else "a date is written day first: "
        raise ValueError(f"{text!r}: there is no month {month}; {order}{HOW_TO_WRITE}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(
            f"{text!r}: the day does not exist: {MONTHS[month - 1]} {year} has {days} days"
        )
    return date(year, month, day)


def as_date(value: object, name: str) -> date:
    """``value`` as a date for helper ``name``: a date (or datetime) as it is, text read by
    :func:`parse_ngay`; anything else is a TypeError. Errors start with ``name``."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_ngay(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
    raise TypeError(
        f"{name} expects a date (or text such as 2022-02-10 or 10/02/2022), "
        f"got {type(value).__name__}: {value!r}"
    )


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def ngay_thang(d: date | str) -> str:
    """``date(2022, 1, 29)`` -> ``"ngày 29 tháng 01 năm 2022"`` (NĐ 30/2020, Phụ lục I, II.4.b).

    A ``datetime`` is accepted too; only its date is used, with no time-zone conversion. Text is
    read by :func:`parse_ngay`: ``ngay_thang("29/01/2022")`` gives the same line.
    """
    d = as_date(d, "ngay_thang")
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def dia_danh_ngay_thang(dia_danh: str, d: date | str) -> str:
    """The header's place-and-date line: ``"Gia Lương, ngày 29 tháng 01 năm 2022"``.

    NĐ 30/2020, Phụ lục I, mục II.4.c: the place name, a comma, then the date.
    """
    return f"{dia_danh}, {ngay_thang(d)}"


def ngay_ngan(d: date | str, *, chu_ngay: bool = False) -> str:
    """The short date of running text: ``"29/01/2022"``, ``"14/3/2022"``; with ``chu_ngay=True``
    ``"ngày 29/01/2022"``. The zero rule of Phụ lục I, II.4.b holds here too (day below 10 and months
    1 and 2 with a zero), as the reference plan writes "ngày 14/02/2015" and "ngày 15/12/2021"."""
    d = as_date(d, "ngay_ngan")
    text = f"{_day(d)}/{_month(d)}/{d.year}"
    return f"ngày {text}" if chu_ngay else text


def khoang_ngay(tu: date | str, den: date | str, *, dai: bool = False) -> str:
    """A range of dates: ``"từ ngày 15/12/2021 đến ngày 14/3/2022"``; ``dai=True`` writes each date in
    full ("từ ngày 15 tháng 12 năm 2021 đến ngày 14 tháng 3 năm 2022"). ``tu`` must not be after
    ``den``."""
    tu, den = as_date(tu, "khoang_ngay"), as_date(den, "khoang_ngay")
    if tu > den:
        raise ValueError(
            f"khoang_ngay: the range starts on {tu.isoformat()}, after it ends on {den.isoformat()}"
        )
    if dai:
        return f"từ {ngay_thang(tu)} đến {ngay_thang(den)}"
    return f"từ ngày {ngay_ngan(tu)} đến ngày {ngay_ngan(den)}"


THU = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
"""Weekday names as running text writes them, Monday first (date.weekday() order)."""


def thu(d: date | str, *, viet_hoa_dau: bool = False) -> str:
    """The weekday in running text: ``"thứ Hai"`` ... ``"thứ Bảy"``, ``"Chủ nhật"``; with
    ``viet_hoa_dau=True`` capitalised to start a sentence or a line ("Thứ Hai")."""
    d = as_date(d, "thu")
    name = THU[d.weekday()]
    return name[:1].upper() + name[1:] if viet_hoa_dau else name


def thang_nam(d: date | str, *, ngan: bool = False) -> str:
    """The month of a date: ``"tháng 01 năm 2022"``, ``ngan=True``: ``"tháng 01/2022"``; the month
    takes the zero rule of NĐ 30/2020, Phụ lục I, II.4.b ("tháng 6 năm 2022")."""
    d = as_date(d, "thang_nam")
    return f"tháng {_month(d)}/{d.year}" if ngan else f"tháng {_month(d)} năm {d.year}"


def gio_phut(t: time | datetime | str, *, gio_hai_so: bool = False) -> str:
    """Time of day for invitations and minutes: ``time(14, 30)`` -> ``"14 giờ 30 phút"``,
    ``time(8, 5)`` -> ``"8 giờ 05 phút"`` (24-hour clock, minutes on two digits). The time is used
    as given: no time-zone conversion. Text ``"14:30"`` (or ``"14h30"``, 24-hour) is read too.

    ``gio_hai_so=True`` writes the hour on two digits too, ``"08 giờ 05 phút"``, as a Giấy mời
    writes its time next to a date whose day below 10 takes a zero (:func:`thoi_diem`; the zero
    rule of NĐ 30/2020, Phụ lục I, mục II.4.b, carried over to the hour).
    """
    if isinstance(t, datetime):
        t = t.time()
    if isinstance(t, str):
        match = _GIO.fullmatch(t.strip())
        if match is None:
            raise ValueError(f"gio_phut: {t!r} is not a time of day; write 14:30 (24-hour)")
        t = time(int(match.group(1)), int(match.group(2)))
    if not isinstance(t, time):
        raise TypeError(f"gio_phut expects a time or datetime, got {type(t).__name__}: {t!r}")
    hour = f"{t.hour:02d}" if gio_hai_so else str(t.hour)
    return f"{hour} giờ {t.minute:02d} phút"


_MOMENT = re.compile(r"(\S+?)(?:[T ]|\s+(?:lúc\s+)?)([0-9]{1,2}[:hg][0-9]{2})(?::([0-5][0-9]))?")


def parse_thoi_diem(text: str) -> datetime:
    """Read a moment as users write it: a date as :func:`parse_ngay` reads it, then the time of
    day, 24-hour: ``"2022-03-07 08:00"``, ``"2022-03-07T08:00:00"``, ``"07/03/2022 08:00"``,
    ``"07/03/2022 8h30"``. No time zone: the time is local, as it is printed. A date without an
    hour is refused (a meeting has an hour)."""
    written = text.strip()
    match = _MOMENT.fullmatch(written)
    if match is None:
        raise ValueError(
            f"{text!r} is not a date and time; write 2022-03-07 08:00 or 07/03/2022 08:00"
        )
    day = parse_ngay(match.group(1))
    clock = _GIO.fullmatch(match.group(2))
    if clock is None:
        raise ValueError(
            f"{text!r}: {match.group(2)!r} is not a time of day; write 08:00 (24-hour)"
        )
    seconds = int(match.group(3) or 0)
    return datetime(day.year, day.month, day.day, int(clock.group(1)), int(clock.group(2)), seconds)


def thoi_diem(t: datetime) -> str:
    """A moment as a Giấy mời writes its time: ``datetime(2022, 3, 7, 8, 0)`` -> ``"08 giờ 00
    phút, thứ Hai, ngày 07 tháng 3 năm 2022"``: the time (hour and minute on two digits), the
    weekday and the date of :func:`ngay_thang` (NĐ 30/2020, Phụ lục I, mục II.4.b; Phụ lục III,
    Mẫu 1.7, "Thời gian"). The time is used as given: no time-zone conversion."""
    if not isinstance(t, datetime):
        raise TypeError(f"thoi_diem expects a datetime, got {type(t).__name__}: {t!r}")
    return f"{gio_phut(t, gio_hai_so=True)}, {thu(t)}, {ngay_thang(t)}"


def khoang_thoi_gian(tu: datetime, den: datetime) -> str:
    """A span of time as a Giấy mời writes it. On one day the date is written once: ``"từ 08 giờ
    00 phút đến 11 giờ 30 phút, thứ Hai, ngày 07 tháng 3 năm 2022"``; over several days each end in
    full (:func:`thoi_diem`): ``"từ 08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022 đến 11 giờ
    30 phút, thứ Ba, ngày 08 tháng 3 năm 2022"``. ``den`` must be after ``tu``."""
    for value in (tu, den):
        if not isinstance(value, datetime):
            raise TypeError(
                f"khoang_thoi_gian expects datetimes, got {type(value).__name__}: {value!r}"
            )
    if (tu.tzinfo is None) != (den.tzinfo is None) or den <= tu:
        raise ValueError(
            f"khoang_thoi_gian: the span starts at {tu.isoformat()} and ends at "
            f"{den.isoformat()}; it must end after it starts (both with or both without a "
            "time zone)"
        )
    if tu.date() == den.date():
        return (
            f"từ {gio_phut(tu, gio_hai_so=True)} đến {gio_phut(den, gio_hai_so=True)}, "
            f"{thu(tu)}, {ngay_thang(tu)}"
        )
    return f"từ {thoi_diem(tu)} đến {thoi_diem(den)}"
