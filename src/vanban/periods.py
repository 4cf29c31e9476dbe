"""Reporting periods (kỳ báo cáo) and their data cut-off windows (thời gian chốt số liệu).

NĐ 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước), Điều 12: the data of a periodic
report is cut off from the 15th of the month before the period to the 14th of its last month:

- monthly: 15th of the previous month to the 14th of the month;
- quarterly: 15th of the month before the quarter to the 14th of its last month (Q1: 15/12 of the
  previous year to 14/3);
- first half: 15/12 of the previous year to 14/6; second half: 15/6 to 14/12;
- annual: 15/12 of the previous year to 14/12.

Nine-month reports (15/12 to 14/9) are not an ND09 period but provinces and sectors use them. Some
regimes cut off on calendar months instead; ``ngay_chot=None`` gives those windows, and any other
cut-off day (1-28) can be set for a regime that defines one.

Deadlines (thời hạn gửi) are set by whoever creates the regime: ND09 Điều 13 has ministries and
provinces report to the Government by the 25th of the period's last month; the reference plan asks
"trước ngày 16 của tháng cuối kỳ báo cáo" (by the 15th). :meth:`KyBaoCao.han_gui` takes the day;
a deadline on a day off moves to the next working day (Bộ luật Dân sự 2015, Điều 148.5).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from vanban.text.dates import khoang_ngay, ngay_ngan, ngay_thang
from vanban.text.numbering import so_la_ma

if TYPE_CHECKING:
    from vanban.lich import LichLamViec

LoaiKy = Literal["thang", "quy", "sau_thang", "chin_thang", "nam"]
KhiNghi = Literal["sau", "truoc"]
"""Where a deadline on a day off goes: the next working day ("sau", Bộ luật Dân sự 2015, Điều
148.5), or the working day before ("truoc"), only where the reporting regime says so."""
KHI_NGHI: tuple[KhiNghi, ...] = ("sau", "truoc")
KINDS: tuple[LoaiKy, ...] = ("thang", "quy", "sau_thang", "chin_thang", "nam")
NGAY_CHOT_ND09 = 14
"""The cut-off day of NĐ 09/2019, Điều 12: windows end on the 14th and start on the 15th."""
MIN_YEAR = 1900


def _months(loai: LoaiKy, so: int) -> tuple[int, int]:
    """First and last calendar month of a period."""
    if loai == "thang":
        return so, so
    if loai == "quy":
        return 3 * so - 2, 3 * so
    if loai == "sau_thang":
        return 6 * so - 5, 6 * so
    if loai == "chin_thang":
        return 1, 9
    return 1, 12


def _last_day(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _window(loai: LoaiKy, so: int, nam: int, ngay_chot: int | None) -> tuple[date, date]:
    first, last = _months(loai, so)
    if ngay_chot is None:
        return date(nam, first, 1), _last_day(nam, last)
    start_year, start_month = (nam - 1, 12) if first == 1 else (nam, first - 1)
    return date(start_year, start_month, ngay_chot + 1), date(nam, last, ngay_chot)


def _check_range(value: object, name: str, low: int, high: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name}: {value!r} is out of range; {what} run {low}..{high}")


def _check_year(nam: int) -> None:
    _check_range(nam, "nam", MIN_YEAR, 9998, "years")


def _check_ngay_chot(ngay_chot: int | None) -> None:
    if ngay_chot is not None and not 1 <= ngay_chot <= 28:
        raise ValueError(
            f"ngay_chot: {ngay_chot} is out of range; a cut-off day is 1..28 "
            "(14 for NĐ 09/2019, None for calendar months)"
        )


@dataclass(frozen=True)
class KyBaoCao:
    """A reporting period and its data window.

    >>> k = KyBaoCao.quy(1, 2022)
    >>> k.ten, k.ten_ngan, k.tu_ngay, k.den_ngay
    ('Quý I năm 2022', 'Quý I/2022', datetime.date(2021, 12, 15), datetime.date(2022, 3, 14))
    """

    loai: LoaiKy
    so: int
    """Month 1-12, quarter 1-4 or half 1-2; 0 for the nine months and the year."""
    nam_bao_cao: int
    """The reporting year (the year the period's last month belongs to)."""
    ngay_chot: int | None = NGAY_CHOT_ND09
    """Cut-off day of the window (14: NĐ 09/2019, Điều 12); None for calendar months."""

    # Read by pydantic when a model holds a KyBaoCao: an unknown key in data is an error.
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    def __post_init__(self) -> None:
        _check_year(self.nam_bao_cao)
        _check_ngay_chot(self.ngay_chot)
        if self.loai not in KINDS:
            raise ValueError(f"loai: unknown kind {self.loai!r}; valid kinds: {', '.join(KINDS)}")
        ranges = {"thang": (12, "months"), "quy": (4, "quarters"), "sau_thang": (2, "halves")}
        if self.loai in ranges:
            high, what = ranges[self.loai]
            _check_range(self.so, "so", 1, high, what)
        elif self.so != 0:
            raise ValueError(f"so: {self.so!r}; a {self.loai} period has no number (use 0)")

    # --- constructors --------------------------------------------------------------------------

    @classmethod
    def thang(cls, thang: int, nam: int, *, ngay_chot: int | None = NGAY_CHOT_ND09) -> KyBaoCao:
        """Monthly period: ``KyBaoCao.thang(1, 2022)`` = 15/12/2021 to 14/01/2022."""
        _check_range(thang, "thang", 1, 12, "months")
        return cls("thang", thang, nam, ngay_chot)

    @classmethod
    def quy(cls, quy: int, nam: int, *, ngay_chot: int | None = NGAY_CHOT_ND09) -> KyBaoCao:
        """Quarterly period: ``KyBaoCao.quy(1, 2022)`` = 15/12/2021 to 14/3/2022."""
        _check_range(quy, "quy", 1, 4, "quarters")
        return cls("quy", quy, nam, ngay_chot)

    @classmethod
    def sau_thang(cls, nua: int, nam: int, *, ngay_chot: int | None = NGAY_CHOT_ND09) -> KyBaoCao:
        """Half-year period: ``nua=1`` the first six months (15/12 to 14/6), 2 the last (15/6 to 14/12)."""
        _check_range(nua, "nua", 1, 2, "halves (1 first, 2 second)")
        return cls("sau_thang", nua, nam, ngay_chot)

    @classmethod
    def chin_thang(cls, nam: int, *, ngay_chot: int | None = NGAY_CHOT_ND09) -> KyBaoCao:
        """Nine months (used by provinces and sectors): 15/12 of the previous year to 14/9."""
        return cls("chin_thang", 0, nam, ngay_chot)

    @classmethod
    def nam(cls, nam: int, *, ngay_chot: int | None = NGAY_CHOT_ND09) -> KyBaoCao:
        """The year: 15/12 of the previous year to 14/12."""
        return cls("nam", 0, nam, ngay_chot)

    @classmethod
    def for_date(cls, d: date, loai: str, *, ngay_chot: int | None = NGAY_CHOT_ND09) -> KyBaoCao:
        """The period of kind ``loai`` whose window holds ``d``: with NĐ 09's windows 20/12/2022 is
        already in Q1 and the year 2023. Kinds: thang, quy, sau_thang, nam (the nine months do not
        cover every date)."""
        _check_ngay_chot(ngay_chot)
        if loai not in ("thang", "quy", "sau_thang", "nam"):
            raise ValueError(
                f"loai: unknown kind {loai!r}; valid kinds: thang, quy, sau_thang, nam"
            )
        month, year = d.month, d.year
        if ngay_chot is not None and d.day > ngay_chot:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        if loai == "thang":
            return cls("thang", month, year, ngay_chot)
        if loai == "quy":
            return cls("quy", (month - 1) // 3 + 1, year, ngay_chot)
        if loai == "sau_thang":
            return cls("sau_thang", 1 if month <= 6 else 2, year, ngay_chot)
        return cls("nam", 0, year, ngay_chot)

    @classmethod
    def cac_ky(
        cls, nam: int, loai: str | None = None, *, ngay_chot: int | None = NGAY_CHOT_ND09
    ) -> Iterator[KyBaoCao]:
        """Every period of a year: 12 months, 4 quarters, 2 halves, the nine months, the year; or
        only those of one kind."""
        counts = {"thang": 12, "quy": 4, "sau_thang": 2, "chin_thang": 1, "nam": 1}
        if loai is not None and loai not in counts:
            raise ValueError(f"loai: unknown kind {loai!r}; valid kinds: {', '.join(KINDS)}")
        for kind in KINDS:
            if loai not in (None, kind):
                continue
            if counts[kind] == 1:
                yield cls(kind, 0, nam, ngay_chot)
            else:
                for so in range(1, counts[kind] + 1):
                    yield cls(kind, so, nam, ngay_chot)

    # --- derived values ------------------------------------------------------------------------

    @property
    def tu_ngay(self) -> date:
        """First day of the data window."""
        return _window(self.loai, self.so, self.nam_bao_cao, self.ngay_chot)[0]

    @property
    def den_ngay(self) -> date:
        """Last day of the data window."""
        return _window(self.loai, self.so, self.nam_bao_cao, self.ngay_chot)[1]

    @property
    def ten(self) -> str:
        """The label of a report title: "Quý I năm 2022", "6 tháng đầu năm 2022", "tháng 01 năm 2022"."""
        if self.loai == "thang":
            return ngay_thang(date(self.nam_bao_cao, self.so, 1)).split(" ", 2)[2]
        if self.loai == "quy":
            return f"Quý {so_la_ma(self.so)} năm {self.nam_bao_cao}"
        if self.loai == "sau_thang":
            return f"6 tháng {'đầu' if self.so == 1 else 'cuối'} năm {self.nam_bao_cao}"
        if self.loai == "chin_thang":
            return f"9 tháng năm {self.nam_bao_cao}"
        return f"năm {self.nam_bao_cao}"

    @property
    def ten_ngan(self) -> str:
        """The short label: "Quý I/2022", "tháng 01/2022"; halves, nine months and year as :attr:`ten`."""
        if self.loai == "thang":
            return (
                f"tháng {self.so:02d}/{self.nam_bao_cao}"
                if self.so <= 2
                else f"tháng {self.so}/{self.nam_bao_cao}"
            )
        if self.loai == "quy":
            return f"Quý {so_la_ma(self.so)}/{self.nam_bao_cao}"
        return self.ten

    @property
    def khoang(self) -> str:
        """The window as running text: "từ ngày 15/12/2021 đến ngày 14/3/2022"."""
        return khoang_ngay(self.tu_ngay, self.den_ngay)

    def han_gui(
        self, ngay: int, *, lich: LichLamViec | None = None, khi_nghi: KhiNghi = "sau"
    ) -> date:
        """The deadline: day ``ngay`` of the period's last month (25 in NĐ 09/2019, Điều 13 for
        reports to the Government; 15 in the reference plan), moved off a day off of ``lich`` (the
        default calendar when None).

        ``khi_nghi="sau"`` (the default): a deadline on a weekly rest day or a holiday ends at the
        end of the next working day (Bộ luật Dân sự 2015, Điều 148.5: "Khi ngày cuối cùng của thời
        hạn là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc
        ngày làm việc tiếp theo ngày nghỉ đó"). ``khi_nghi="truoc"`` moves it to the working day
        before instead: only for a regime that says so (Điều 144.1 lets a law or an agreement set
        its own way of counting); vanban never does it by itself.
        """
        last = self.den_ngay
        end = _last_day(last.year, last.month).day
        if isinstance(ngay, bool) or not isinstance(ngay, int) or not 1 <= ngay <= end:
            raise ValueError(
                f"ngay: {ngay!r} is out of range; {last.month}/{last.year} has days 1..{end}"
            )
        if khi_nghi not in KHI_NGHI:
            raise ValueError(
                f"khi_nghi: {khi_nghi!r}; a deadline on a day off moves to the next working day "
                "('sau', Bộ luật Dân sự 2015, Điều 148.5) or, where the regime says so, to the "
                "working day before ('truoc')"
            )
        deadline = date(last.year, last.month, ngay)
        if lich is None:
            from vanban.lich import LichLamViec

            lich = LichLamViec()
        if lich.is_working_day(deadline):
            return deadline
        if khi_nghi == "sau":
            return lich.next_working_day(deadline)
        return lich.previous_working_day(deadline)

    def context(self) -> dict[str, Any]:
        """Template variables: ``ten``, ``ten_ngan``, ``tu_ngay``, ``den_ngay`` (dates), ``khoang``,
        ``tu_ngay_ngan``, ``den_ngay_ngan``, ``loai``, ``so``, ``nam_bao_cao``."""
        return {
            "loai": self.loai,
            "so": self.so,
            "nam_bao_cao": self.nam_bao_cao,
            "ten": self.ten,
            "ten_ngan": self.ten_ngan,
            "tu_ngay": self.tu_ngay,
            "den_ngay": self.den_ngay,
            "tu_ngay_ngan": ngay_ngan(self.tu_ngay),
            "den_ngay_ngan": ngay_ngan(self.den_ngay),
            "khoang": self.khoang,
        }

    def __str__(self) -> str:
        return f"{self.ten_ngan} ({self.khoang})"
