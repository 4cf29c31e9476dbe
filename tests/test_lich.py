"""The working-day calendar and lunar dates, against official schedules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.cli import main
from vanban.lich import CalendarFileError

LICH = vb.LichLamViec()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.mark.parametrize(
    ("first_off", "last_off"),
    [
        (date(2022, 1, 29), date(2022, 2, 6)),  # Tết Nhâm Dần
        (date(2025, 1, 25), date(2025, 2, 2)),  # Tết Ất Tỵ: 25/1-2/2/2025, weekends included
        (date(2026, 2, 14), date(2026, 2, 22)),  # Tết Bính Ngọ for civil servants
        (date(2025, 4, 30), date(2025, 5, 4)),  # 30/4-1/5/2025 with 2/5 swapped for Saturday 26/4
    ],
)
def test_official_breaks(first_off: date, last_off: date) -> None:
    assert not any(LICH.is_working_day(d) for d in days(first_off, last_off))
    assert LICH.is_working_day(LICH.previous_working_day(first_off))
    assert (
        LICH.previous_working_day(first_off) == first_off - timedelta(days=1)
        or first_off.weekday() == 0
    )
    assert LICH.next_working_day(last_off) == last_off + timedelta(days=1)


def test_single_days() -> None:
    assert LICH.is_working_day(date(2025, 4, 26))  # the swapped Saturday
    assert not LICH.is_working_day(date(2025, 5, 2))
    assert not LICH.is_working_day(date(2025, 4, 7))  # Giỗ Tổ 2025, a Monday
    assert not LICH.is_working_day(date(2026, 4, 26)) and not LICH.is_working_day(
        date(2026, 4, 27)
    )  # Giỗ Tổ on Sunday, Monday off
    assert not LICH.is_working_day(date(2022, 4, 11))  # Giỗ Tổ 2022 on Sunday 10/4
    assert not LICH.is_working_day(date(2022, 1, 3))  # 1/1/2022 was a Saturday
    assert not LICH.is_working_day(date(2022, 5, 2)) and not LICH.is_working_day(date(2022, 5, 3))
    assert not LICH.is_working_day(date(2022, 9, 1)) and not LICH.is_working_day(date(2022, 9, 2))
    assert LICH.is_working_day(date(2022, 1, 28)) and LICH.is_working_day(date(2022, 2, 7))
    assert LICH.ngay_le(date(2025, 1, 29)) == ["Tết Nguyên Đán"]
    assert LICH.ngay_le(date(2025, 1, 28)) == ["Giao thừa Tết Nguyên Đán"]
    assert LICH.ngay_le(date(2025, 1, 22)) == []


def test_culture_day_is_data_until_its_law_is_confirmed() -> None:
    assert LICH.is_working_day(date(2026, 11, 24))
    observed = vb.LichLamViec(ngay_nghi={date(2026, 11, 24): "Ngày Văn hóa Việt Nam"})
    assert not observed.is_working_day(date(2026, 11, 24))
    assert observed.ngay_le(date(2026, 11, 24)) == ["Ngày Văn hóa Việt Nam"]


def test_add_working_days() -> None:
    assert LICH.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)
    assert LICH.add_working_days(date(2025, 2, 5), -3) == date(2025, 1, 24)
    assert LICH.add_working_days(date(2025, 4, 25), 1) == date(
        2025, 4, 26
    )  # the swapped Saturday counts
    assert LICH.add_working_days(date(2022, 6, 3), 0) == date(2022, 6, 3)
    assert LICH.working_days_between(date(2025, 1, 24), date(2025, 2, 5)) == 3
    assert LICH.working_days_between(date(2025, 2, 5), date(2025, 1, 24)) == -3
    with pytest.raises(TypeError, match="n: expected an int"):
        LICH.add_working_days(date(2025, 1, 24), 1.5)  # type: ignore[arg-type]


@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_working_day_properties(d: date, n: int) -> None:
    assert LICH.add_working_days(d, 1) == LICH.next_working_day(d)
    later = LICH.add_working_days(d, n)
    assert LICH.working_days_between(d, later) == n
    assert n == 0 or LICH.is_working_day(later)
    # Counting back lands on d itself, or, from a rest day, on the working day before it.
    back = d if LICH.is_working_day(d) or n == 0 else LICH.previous_working_day(d)
    assert LICH.add_working_days(later, -n) == back


def test_procedure_due_dates() -> None:
    friday = date(2025, 1, 24)
    assert LICH.han_giai_quyet(datetime.combine(friday, time(9, 0)), 3) == date(2025, 2, 5)
    assert LICH.han_giai_quyet(datetime.combine(friday, time(15, 0)), 3) == date(2025, 2, 5)
    assert LICH.han_giai_quyet(datetime.combine(friday, time(15, 1)), 3) == date(2025, 2, 6)
    assert LICH.han_giai_quyet(datetime(2025, 1, 26, 10, 0), 3) == date(
        2025, 2, 6
    )  # a Sunday in Tết
    assert LICH.han_giai_quyet(
        datetime.combine(friday, time(15, 30)), 3, gio_chot=time(16, 0)
    ) == date(2025, 2, 5)
    utc = datetime(2025, 1, 24, 8, 30, tzinfo=UTC)  # 15:30 in Vietnam
    assert LICH.han_giai_quyet(utc, 3) == date(2025, 2, 6)
    with pytest.raises(ValueError, match="so_ngay: 0; a handling time is at least 1 working day"):
        LICH.han_giai_quyet(datetime.combine(friday, time(9, 0)), 0)


def test_user_days_from_yaml_and_toml(tmp_path: Path) -> None:
    yaml_file = tmp_path / "lich.yaml"
    yaml_file.write_text(
        "ngay_nghi:\n  - {ngay: 2026-11-24, ten: Ngày Văn hóa Việt Nam}\n  - 2026-12-31\nngay_lam_viec: [2026-12-26]\n",
        encoding="utf-8",
    )
    toml_file = tmp_path / "lich.toml"
    toml_file.write_text(
        'ngay_lam_viec = [2026-12-26]\n\n[[ngay_nghi]]\nngay = 2026-11-24\nten = "Ngày Văn hóa Việt Nam"\n\n'
        '[[ngay_nghi]]\nngay = "2026-12-31"\n',
        encoding="utf-8",
    )
    for path in (yaml_file, toml_file):
        lich = vb.LichLamViec.from_file(path)
        assert not lich.is_working_day(date(2026, 11, 24))
        assert not lich.is_working_day(date(2026, 12, 31))
        assert lich.is_working_day(date(2026, 12, 26))  # a Saturday made a working day


def test_bad_calendar_file_names_file_line_and_value(tmp_path: Path) -> None:
    path = tmp_path / "lich.yaml"
    path.write_text(
        "ngay_nghi:\n  - {ngay: 2026-11-24}\n  - {ngay: 2026-13-01}\n", encoding="utf-8"
    )
    with pytest.raises(
        CalendarFileError, match=r"lich\.yaml, line 3: '2026-13-01': there is no month 13"
    ):
        vb.LichLamViec.from_file(path)
    path.write_text("ngay_nghi: [2026-11-24]\nngay_lam_viec: [2026-11-24]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="both as a day off and as a working day"):
        vb.LichLamViec.from_file(path)
    toml = path.with_suffix(".toml")
    toml.write_text(
        "[[ngay_nghi]]\nngay = 2026-11-24\nngay_lam_viec = [2026-11-28]\n", encoding="utf-8"
    )
    with pytest.raises(CalendarFileError, match="write top-level keys before"):
        vb.LichLamViec.from_file(toml)
    path.write_text("nghi: []\n", encoding="utf-8")
    with pytest.raises(
        CalendarFileError, match="expected the keys ngay_nghi and ngay_lam_viec only"
    ):
        vb.LichLamViec.from_file(path)


# --- lunar dates --------------------------------------------------------------------------------


def test_lunar_dates() -> None:
    assert vb.am_lich(date(2022, 4, 10)) == "ngày 10 tháng 3 năm Nhâm Dần"  # Giỗ Tổ 2022
    assert vb.tet(1985) == date(1985, 1, 21)  # the Chinese calendar has 20/2/1985
    assert vb.tet(2007) == date(2007, 2, 17)  # Chinese: 18/2
    assert vb.tet(2030) == date(2030, 2, 2)  # Chinese: 3/2
    assert vb.am_lich(date(2023, 3, 22)) == "ngày 1 tháng 2 nhuận năm Quý Mão"
    with pytest.raises(ValueError, match=r"out of range; lunar dates cover 1900\.\.2100"):
        vb.am_lich(date(1899, 12, 31))


def test_lunar_library_agrees_with_the_holidays_calendar() -> None:
    """Two independent implementations of the Vietnamese calendar agree on Tết, 1950-2099."""
    for year in range(1950, 2100):
        tet_days = [
            d
            for d, name in holidays.VN(years=year, language="vi").items()
            if name == "Tết Nguyên Đán"
        ]
        assert tet_days == [vb.tet(year)], year


# --- command line -----------------------------------------------------------------------------------


def test_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workdays", "add", "2025-01-24", "3"]) == 0
    assert capsys.readouterr().out.strip() == "2025-02-05"
    assert main(["workdays", "due", "2025-01-24T16:00", "3"]) == 0
    assert capsys.readouterr().out.strip() == "2025-02-06"
    assert main(["workdays", "between", "2025-01-24", "2025-02-05"]) == 0
    assert capsys.readouterr().out.strip() == "3"
    assert main(["period", "2022"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 20
    assert lines[12].split() == [
        "Quý",
        "I/2022",
        "từ",
        "ngày",
        "15/12/2021",
        "đến",
        "ngày",
        "14/3/2022",
        "hạn",
        "gửi",
        "15/3/2022",
    ]
    assert main(["workdays", "add", "2025-13-01", "3"]) == 2
    assert "2025-13-01" in capsys.readouterr().err
