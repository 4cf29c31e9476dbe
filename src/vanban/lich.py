"""The working-day calendar (lịch làm việc) of Vietnamese civil servants, and lunar dates.

- Civil servants work Monday to Friday (Nghị định 45/2013/NĐ-CP, Điều 3: the weekly rest is
  Saturday and Sunday for state bodies).
- Public holidays: Bộ luật Lao động 2019, Điều 112 (Tết Dương lịch; 5 days of Tết Âm lịch; Giỗ Tổ
  Hùng Vương 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 and one day next to it); a holiday on a weekly
  rest day gives a compensatory day off on the next working day (Điều 111.3).
- Each year the Prime Minister fixes the exact Tết and 2/9 days and may swap a working Saturday for
  a longer break. These decisions are data: the maintained ``holidays`` package (pinned in
  pyproject.toml) carries them up to its release, and users add newer ones, or their own, through
  :class:`LichLamViec`'s arguments or a TOML/YAML file, without a new vanban release.
- Counting a period in days (Bộ luật Dân sự 2015, Điều 147-148): the start day is not counted; a
  deadline counted in working days never ends on a rest day.
- One-stop handling (bộ phận một cửa): a file received after 15:00 is counted from the next working
  day (the cut-off hour is a parameter: provinces set their own).

Ngày Văn hóa Việt Nam (24/11) was chosen by the Politburo (Nghị quyết 80-NQ/TW) as a paid day off,
to be made law by amending Bộ luật Lao động, Điều 112.1 (Nghị quyết 30/NQ-CP, 2026). The ``holidays``
package already lists it from 2026; vanban leaves it out until that amendment is confirmed, and a
user whose office observes it adds it as data (``ngay_nghi={date(2026, 11, 24): "Ngày Văn hóa
Việt Nam"}``).

Lunar dates use ``lunar-vn`` (Hồ Ngọc Đức's algorithm at UTC+7), which gives the Vietnamese dates
where the Chinese calendar differs (Tết 1985 on 21/01/1985; 2007 on 17/02; 2030 on 02/02).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import lunar_vn
import yaml

from vanban.data_files import DataFileError, load_yaml, read_text
from vanban.errors import VanBanError
from vanban.text.dates import HOW_TO_WRITE, as_date

VIETNAM = timezone(timedelta(hours=7))
GIO_CHOT_MOT_CUA = time(15, 0)
"""Files received after this hour count from the next working day (one-stop handling)."""

# Holidays the ``holidays`` package lists that vanban does not treat as days off by default.
UNCONFIRMED = ("Ngày Văn hóa Việt Nam",)


class CalendarFileError(VanBanError, ValueError):
    """A calendar data file with a value vanban cannot use; names the file, line and value."""


class LichLamViec:
    """Working days of Vietnamese state bodies.

    ``ngay_nghi`` adds days off (a mapping of date to name, or dates); ``ngay_lam_viec`` adds
    working days (a swapped Saturday). Both take precedence over the built-in data.

    >>> lich = LichLamViec()
    >>> lich.add_working_days(date(2025, 1, 24), 3)  # Friday before Tết Ất Tỵ
    datetime.date(2025, 2, 5)
    """

    def __init__(
        self,
        *,
        ngay_nghi: Mapping[date, str] | Iterable[date] = (),
        ngay_lam_viec: Iterable[date] = (),
    ) -> None:
        if isinstance(ngay_nghi, Mapping):
            self._days_off: dict[date, str] = {
                _as_date(d, "ngay_nghi"): str(n) for d, n in ngay_nghi.items()
            }
        else:
            self._days_off = {_as_date(d, "ngay_nghi"): "ngày nghỉ" for d in ngay_nghi}
        self._workdays = {_as_date(d, "ngay_lam_viec") for d in ngay_lam_viec}
        both = sorted(set(self._days_off) & self._workdays)
        if both:
            raise ValueError(
                f"{both[0].isoformat()} is given both as a day off and as a working day"
            )
        import holidays  # 0.2 s to import: only when a calendar is made, not for a render

        self._holidays = holidays.country_holidays("VN", language="vi")

    @classmethod
    def from_file(cls, path: str | Path) -> LichLamViec:
        """A calendar with the days of a TOML or YAML file::

        ngay_nghi:                      # [[ngay_nghi]] tables in TOML
          - {ngay: 2026-11-24, ten: Ngày Văn hóa Việt Nam}
        ngay_lam_viec: [2026-08-22]
        """
        path = Path(path)
        try:
            text = read_text(path)
            data = tomllib.loads(text) if path.suffix.lower() == ".toml" else load_yaml(text)
        except DataFileError as error:
            raise CalendarFileError(str(error)) from None
        except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
            raise CalendarFileError(f"{path}: cannot be read: {error}") from None
        data = data or {}
        if not isinstance(data, dict) or set(data) - {"ngay_nghi", "ngay_lam_viec"}:
            raise CalendarFileError(f"{path}: expected the keys ngay_nghi and ngay_lam_viec only")
        days_off: dict[date, str] = {}
        for item in data.get("ngay_nghi") or []:
            if isinstance(item, dict):
                if set(item) - {"ngay", "ten"} or "ngay" not in item:
                    raise CalendarFileError(
                        f"{path}: a day off is a date or {{ngay: YYYY-MM-DD, ten: ...}}, got {item!r}"
                        " (in TOML, write top-level keys before the [[ngay_nghi]] tables)"
                    )
                when, name = item["ngay"], item.get("ten", "ngày nghỉ")
            else:
                when, name = item, "ngày nghỉ"
            days_off[_file_date(when, path, text)] = str(name)
        workdays = [_file_date(item, path, text) for item in data.get("ngay_lam_viec") or []]
        return cls(ngay_nghi=days_off, ngay_lam_viec=workdays)

    # --- questions about one day ----------------------------------------------------------------

    def ngay_le(self, d: date) -> list[str]:
        """The names of the holidays and days off on ``d`` (empty on an ordinary day)."""
        if d in self._days_off:
            return [self._days_off[d]]
        names = self._holidays.get_list(d)
        return [n for n in names if not n.startswith(UNCONFIRMED)]

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day: Monday to Friday, not a holiday, or a swapped Saturday."""
        d = _as_date(d, "d")
        if d in self._workdays:
            return True
        if d in self._days_off:
            return False
        # The membership test also loads the year, with its swapped working Saturdays.
        if d in self._holidays and self.ngay_le(d):
            return False
        if d in self._holidays.weekend_workdays:
            return True
        return d.weekday() < 5

    def next_working_day(self, d: date) -> date:
        """The first working day after ``d``."""
        d = _as_date(d, "d") + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day before ``d``."""
        d = _as_date(d, "d") - timedelta(days=1)
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    # --- counting ----------------------------------------------------------------------------------

    def add_working_days(self, d: date, n: int) -> date:
        """The day ``n`` working days after ``d``, the start day not counted (Bộ luật Dân sự 2015,
        Điều 147); negative ``n`` counts back. ``n == 0`` returns ``d``."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n: expected an int number of working days, got {type(n).__name__}")
        d = _as_date(d, "d")
        step = self.next_working_day if n > 0 else self.previous_working_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative when ``b`` is before ``a``),
        so that ``add_working_days(a, working_days_between(a, b))`` is ``b`` when ``b`` is a
        working day."""
        a, b = _as_date(a, "a"), _as_date(b, "b")
        if b < a:
            return -self.working_days_between(b, a)
        count, d = 0, a
        while d < b:
            d += timedelta(days=1)
            count += self.is_working_day(d)
        return count

    def han_giai_quyet(
        self, received: datetime, so_ngay: int, *, gio_chot: time = GIO_CHOT_MOT_CUA
    ) -> date:
        """Due date of a procedure handled "trong ``so_ngay`` ngày làm việc" from receipt.

        A file received on a working day up to ``gio_chot`` (15:00 by default) is counted from that
        day, the day itself not counted; one received later, or on a rest day, is counted from the
        next working day. A naive ``received`` is Vietnam local time; an aware one is converted to
        UTC+7 first.
        """
        if not isinstance(received, datetime):
            raise TypeError(f"received: expected a datetime, got {type(received).__name__}")
        if isinstance(so_ngay, bool) or not isinstance(so_ngay, int) or so_ngay < 1:
            raise ValueError(f"so_ngay: {so_ngay!r}; a handling time is at least 1 working day")
        local = received.astimezone(VIETNAM) if received.tzinfo is not None else received
        start = local.date()
        if not self.is_working_day(start) or local.time() > gio_chot:
            start = self.next_working_day(start)
        return self.add_working_days(start, so_ngay)


def _as_date(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return as_date(value, name)  # 2022-02-10 or 10/02/2022, one reader for every date
    raise ValueError(f"{name}: {value!r} is not a date; {HOW_TO_WRITE}")


def _file_date(value: Any, path: Path, text: str) -> date:
    try:
        return _as_date(value, "ngay")
    except ValueError as error:
        needle = str(value)
        line = next((i for i, row in enumerate(text.splitlines(), 1) if needle in row), None)
        where = f"line {line}" if line else "somewhere"
        reason = str(error).removeprefix("ngay: ")
        raise CalendarFileError(f"{path}, {where}: {reason}") from None


def am_lich(d: date) -> str:
    """The lunar date of ``d`` as documents cite it: ``date(2022, 4, 10)`` ->
    ``"ngày 10 tháng 3 năm Nhâm Dần"`` (Vietnamese calendar, UTC+7; a leap month is "tháng 3
    nhuận"). Years 1900-2100."""
    d = _as_date(d, "d")
    if not 1900 <= d.year <= 2100:
        raise ValueError(f"am_lich: {d.isoformat()} is out of range; lunar dates cover 1900..2100")
    lunar = lunar_vn.solar_to_lunar(d)
    month = f"{lunar.month} nhuận" if lunar.leap else str(lunar.month)
    year = lunar_vn.can_chi.get_year_can_chi(lunar.year)
    return f"ngày {lunar.day} tháng {month} năm {year}"


def tet(nam: int) -> date:
    """Mùng 1 Tết (lunar new year's day) of a year, Vietnamese calendar: ``tet(1985)`` is 21/01/1985."""
    if not 1900 <= nam <= 2100:
        raise ValueError(f"tet: {nam} is out of range; lunar dates cover 1900..2100")
    return lunar_vn.lunar_to_solar(lunar_vn.LunarDate(1, 1, nam))
