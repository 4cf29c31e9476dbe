"""Reporting periods: NĐ 09/2019, Điều 12 windows, labels, deadlines, the December edge."""

from __future__ import annotations

import importlib.util
import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban import KyBaoCao
from vanban.cli import main

from .conftest import EXAMPLES

YEARS = range(2019, 2036)


def nd09_window(first_month: int, last_month: int, year: int) -> tuple[date, date]:
    """Điều 12 written out: from the 15th of the month before the first to the 14th of the last."""
    before = date(year, first_month, 1) - timedelta(days=1)
    return date(before.year, before.month, 15), date(year, last_month, 14)


@pytest.mark.parametrize("year", YEARS)
def test_golden_windows_every_kind(year: int) -> None:
    for month in range(1, 13):
        k = KyBaoCao.thang(month, year)
        assert (k.tu_ngay, k.den_ngay) == nd09_window(month, month, year)
    for quarter, (first, last) in enumerate([(1, 3), (4, 6), (7, 9), (10, 12)], start=1):
        k = KyBaoCao.quy(quarter, year)
        assert (k.tu_ngay, k.den_ngay) == nd09_window(first, last, year)
    assert (
        KyBaoCao.sau_thang(1, year).tu_ngay,
        KyBaoCao.sau_thang(1, year).den_ngay,
    ) == nd09_window(1, 6, year)
    assert (
        KyBaoCao.sau_thang(2, year).tu_ngay,
        KyBaoCao.sau_thang(2, year).den_ngay,
    ) == nd09_window(7, 12, year)
    assert (KyBaoCao.chin_thang(year).tu_ngay, KyBaoCao.chin_thang(year).den_ngay) == nd09_window(
        1, 9, year
    )
    assert (KyBaoCao.nam(year).tu_ngay, KyBaoCao.nam(year).den_ngay) == nd09_window(1, 12, year)


def test_reference_plan_windows() -> None:
    """Part III of the reference plan applies exactly these windows."""
    assert KyBaoCao.quy(1, 2022).khoang == "từ ngày 15/12/2021 đến ngày 14/3/2022"
    assert KyBaoCao.sau_thang(1, 2022).khoang == "từ ngày 15/12/2021 đến ngày 14/6/2022"
    assert KyBaoCao.quy(3, 2022).khoang == "từ ngày 15/6/2022 đến ngày 14/9/2022"
    assert KyBaoCao.nam(2022).khoang == "từ ngày 15/12/2021 đến ngày 14/12/2022"


def test_labels() -> None:
    assert KyBaoCao.quy(1, 2022).ten == "Quý I năm 2022"
    assert KyBaoCao.quy(4, 2022).ten_ngan == "Quý IV/2022"
    assert KyBaoCao.sau_thang(1, 2022).ten == "6 tháng đầu năm 2022"
    assert KyBaoCao.sau_thang(2, 2022).ten == "6 tháng cuối năm 2022"
    assert KyBaoCao.chin_thang(2022).ten == "9 tháng năm 2022"
    assert KyBaoCao.nam(2022).ten == "năm 2022"
    assert KyBaoCao.thang(1, 2022).ten == "tháng 01 năm 2022"
    assert KyBaoCao.thang(1, 2022).ten_ngan == "tháng 01/2022"
    assert KyBaoCao.thang(10, 2022).ten_ngan == "tháng 10/2022"
    assert str(KyBaoCao.quy(1, 2022)) == "Quý I/2022 (từ ngày 15/12/2021 đến ngày 14/3/2022)"


def test_december_edge() -> None:
    assert KyBaoCao.for_date(date(2022, 12, 20), "quy") == KyBaoCao.quy(1, 2023)
    assert KyBaoCao.for_date(date(2022, 12, 20), "nam") == KyBaoCao.nam(2023)
    assert KyBaoCao.for_date(date(2022, 12, 15), "thang") == KyBaoCao.thang(1, 2023)
    assert KyBaoCao.for_date(date(2022, 12, 14), "thang") == KyBaoCao.thang(12, 2022)
    assert KyBaoCao.for_date(date(2022, 12, 14), "sau_thang") == KyBaoCao.sau_thang(2, 2022)
    assert KyBaoCao.for_date(date(2022, 12, 15), "sau_thang") == KyBaoCao.sau_thang(1, 2023)
    assert KyBaoCao.for_date(date(2022, 12, 20), "quy", ngay_chot=None) == KyBaoCao.quy(
        4, 2022, ngay_chot=None
    )


def test_calendar_month_windows() -> None:
    q1 = KyBaoCao.quy(1, 2024, ngay_chot=None)
    assert (q1.tu_ngay, q1.den_ngay) == (date(2024, 1, 1), date(2024, 3, 31))
    feb = KyBaoCao.thang(2, 2024, ngay_chot=None)
    assert (feb.tu_ngay, feb.den_ngay) == (date(2024, 2, 1), date(2024, 2, 29))
    custom = KyBaoCao.thang(3, 2024, ngay_chot=20)
    assert (custom.tu_ngay, custom.den_ngay) == (date(2024, 2, 21), date(2024, 3, 20))


def test_deadlines() -> None:
    q1 = KyBaoCao.quy(1, 2022)
    assert q1.han_gui(15) == date(2022, 3, 15)
    assert q1.han_gui(25) == date(2022, 3, 25)  # NĐ 09/2019, Điều 13
    # 25/6/2022 is a Saturday: the deadline ends on the next working day, Monday 27/6 (Bộ luật
    # Dân sự 2015, Điều 148.5); only a regime that says so moves it to Friday 24/6.
    h1 = KyBaoCao.sau_thang(1, 2022)
    assert h1.han_gui(25) == date(2022, 6, 27)
    assert h1.han_gui(25, khi_nghi="sau") == date(2022, 6, 27)
    assert h1.han_gui(25, khi_nghi="truoc") == date(2022, 6, 24)
    # 2/5/2025 is a swapped day off (for Saturday 26/4), after 30/4 and 1/5 and before a weekend.
    may = KyBaoCao.thang(5, 2025)
    assert may.han_gui(2) == date(2025, 5, 5)
    assert may.han_gui(2, khi_nghi="truoc") == date(2025, 4, 29)
    # Quốc khánh 2025: 1/9 and 2/9 off; a deadline on the 2nd is Wednesday 3/9.
    assert KyBaoCao.thang(9, 2025).han_gui(2) == date(2025, 9, 3)
    # The office's own calendar: a day off it adds moves the deadline too.
    lich = vb.LichLamViec(ngay_nghi={date(2022, 3, 15): "ngày nghỉ của cơ quan"})
    assert q1.han_gui(15, lich=lich) == date(2022, 3, 16)
    with pytest.raises(ValueError, match=r"ngay: 31 is out of range; 6/2022 has days 1\.\.30"):
        h1.han_gui(31)
    with pytest.raises(ValueError, match=r"khi_nghi: 'lui'; a deadline on a day off moves"):
        h1.han_gui(25, khi_nghi="lui")  # type: ignore[arg-type]


@given(
    st.sampled_from(list(KyBaoCao.cac_ky(2024)) + list(KyBaoCao.cac_ky(2025))),
    st.integers(min_value=1, max_value=28),
)
def test_a_deadline_is_the_nearest_working_day_on_or_after_the_day(
    period: KyBaoCao, day: int
) -> None:
    lich = vb.LichLamViec()
    nominal = date(period.den_ngay.year, period.den_ngay.month, day)
    later, earlier = period.han_gui(day), period.han_gui(day, khi_nghi="truoc")
    assert lich.is_working_day(later) and lich.is_working_day(earlier)
    assert earlier <= nominal <= later
    between = [nominal + timedelta(days=i) for i in range((later - nominal).days)]
    assert not any(lich.is_working_day(d) for d in between)
    assert (later == nominal) == (earlier == nominal) == lich.is_working_day(nominal)


PERIOD_2024 = """\
Quý I/2024               từ ngày 15/12/2023 đến ngày 14/3/2024      hạn gửi 15/3/2024
Quý II/2024              từ ngày 15/3/2024 đến ngày 14/6/2024       hạn gửi 17/6/2024 (15/6/2024: thứ Bảy)
Quý III/2024             từ ngày 15/6/2024 đến ngày 14/9/2024       hạn gửi 16/9/2024 (15/9/2024: Chủ nhật)
Quý IV/2024              từ ngày 15/9/2024 đến ngày 14/12/2024      hạn gửi 16/12/2024 (15/12/2024: Chủ nhật)
"""


def test_cli_period_moves_a_deadline_on_a_day_off_to_the_next_working_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["period", "2024", "--kind", "quy"]) == 0
    assert capsys.readouterr().out == PERIOD_2024
    assert main(["period", "2024", "--kind", "quy", "--earlier-on-day-off"]) == 0
    assert (
        capsys.readouterr().out.splitlines()[1].endswith("hạn gửi 14/6/2024 (15/6/2024: thứ Bảy)")
    )
    assert main(["period", "2025", "--kind", "thang", "--deadline", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[4].endswith("hạn gửi 05/5/2025 (02/5/2025: Ngày nghỉ (thay cho ngày 26/04/2025))")
    assert lines[8].endswith("hạn gửi 03/9/2025 (02/9/2025: Quốc khánh)")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: KyBaoCao.quy(5, 2022), r"quy: 5 is out of range; quarters run 1\.\.4"),
        (lambda: KyBaoCao.thang(13, 2022), r"thang: 13 is out of range; months run 1\.\.12"),
        (
            lambda: KyBaoCao.sau_thang(3, 2022),
            r"nua: 3 is out of range; halves \(1 first, 2 second\) run 1\.\.2",
        ),
        (lambda: KyBaoCao.nam(1899), r"nam: 1899 is out of range; years run 1900\.\.9998"),
        (lambda: KyBaoCao.quy(1, 2022, ngay_chot=31), r"ngay_chot: 31 is out of range"),
        (
            lambda: KyBaoCao.for_date(date(2022, 1, 1), "tuan"),
            "valid kinds: thang, quy, sau_thang, nam",
        ),
        (
            lambda: list(KyBaoCao.cac_ky(2022, "tuan")),
            "valid kinds: thang, quy, sau_thang, chin_thang, nam",
        ),
    ],
)
def test_bad_input(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_a_years_periods() -> None:
    periods = list(KyBaoCao.cac_ky(2022))
    assert len(periods) == 12 + 4 + 2 + 1 + 1
    assert [k.ten_ngan for k in KyBaoCao.cac_ky(2022, "quy")] == [
        "Quý I/2022",
        "Quý II/2022",
        "Quý III/2022",
        "Quý IV/2022",
    ]


@given(
    st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["thang", "quy", "sau_thang", "nam"]),
)
def test_every_date_in_exactly_one_period(d: date, loai: str) -> None:
    period = KyBaoCao.for_date(d, loai)
    assert period.tu_ngay <= d <= period.den_ngay
    siblings = (
        list(KyBaoCao.cac_ky(period.nam_bao_cao - 1, loai))
        + list(KyBaoCao.cac_ky(period.nam_bao_cao, loai))
        + list(KyBaoCao.cac_ky(period.nam_bao_cao + 1, loai))
    )
    assert [k for k in siblings if k.tu_ngay <= d <= k.den_ngay] == [period]


@pytest.mark.parametrize("ngay_chot", [14, None, 20])
@pytest.mark.parametrize("loai", ["thang", "quy", "sau_thang", "nam"])
def test_consecutive_windows_touch(loai: str, ngay_chot: int | None) -> None:
    periods = [k for year in YEARS for k in KyBaoCao.cac_ky(year, loai, ngay_chot=ngay_chot)]
    for before, after in itertools.pairwise(periods):
        assert after.tu_ngay == before.den_ngay + timedelta(days=1)


def test_template_variables_of_a_report(bao_cao: vb.BaoCao) -> None:
    context = bao_cao.context()["ky_bao_cao"]
    assert context["ten"] == "Quý I năm 2022"
    assert context["khoang"] == "từ ngày 15/12/2021 đến ngày 14/3/2022"
    assert (context["tu_ngay_ngan"], context["den_ngay_ngan"]) == ("15/12/2021", "14/3/2022")
    with pytest.raises(vb.ValidationError, match=r"ky_bao_cao\.x: unknown field"):
        vb.BaoCao.from_dict(
            {
                **bao_cao.model_dump(mode="json"),
                "ky_bao_cao": {"loai": "quy", "so": 1, "nam_bao_cao": 2022, "x": 1},
            }
        )
    with pytest.raises(vb.ValidationError, match=r"so: 5 is out of range; quarters run 1\.\.4"):
        vb.BaoCao.from_dict(
            {
                **bao_cao.model_dump(mode="json"),
                "ky_bao_cao": {"loai": "quy", "so": 5, "nam_bao_cao": 2022},
            }
        )


def test_part_three_of_the_reference_plan_from_periods(ke_hoach: vb.KeHoach) -> None:
    spec = importlib.util.spec_from_file_location("che_do", EXAMPLES / "che_do_bao_cao_2022.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    generated = [example.chot_so_lieu(ky, ten) for ky, ten in example.PERIODS]
    typed = [p["dong"] for p in ke_hoach.context()["noi_dung"] if "chốt số liệu tính" in p["dong"]]
    assert generated == typed
