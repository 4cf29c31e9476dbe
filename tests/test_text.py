"""Language helpers the Foundation needs: ND30 dates, Roman numerals, điểm letters, case, text hygiene."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.text import clean_text


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2022, 1, 29), "ngày 29 tháng 01 năm 2022"),
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2022, 10, 15), "ngày 15 tháng 10 năm 2022"),
        (date(2024, 2, 9), "ngày 09 tháng 02 năm 2024"),
        (date(2022, 3, 1), "ngày 01 tháng 3 năm 2022"),
        (date(2022, 12, 31), "ngày 31 tháng 12 năm 2022"),
        (datetime(2022, 1, 29, 23, 59), "ngày 29 tháng 01 năm 2022"),
    ],
)
def test_ngay_thang_golden(d: date, expected: str) -> None:
    assert vb.ngay_thang(d) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_ngay_thang_rule_holds_every_day(d: date) -> None:
    match = re.fullmatch(r"ngày (\d+) tháng (\d+) năm (\d{4})", vb.ngay_thang(d))
    assert match is not None
    day, month, year = match.groups()
    assert (int(day), int(month), int(year)) == (d.day, d.month, d.year)
    assert len(day) == 2  # days below 10 take a zero
    assert month == (f"{d.month:02d}" if d.month <= 2 else str(d.month))


def test_ngay_thang_rejects_non_dates() -> None:
    with pytest.raises(TypeError, match="expects a date"):
        vb.ngay_thang("2022-01-29")  # type: ignore[arg-type]


def test_dia_danh_ngay_thang() -> None:
    assert vb.dia_danh_ngay_thang("Gia Lương", date(2022, 1, 29)) == (
        "Gia Lương, ngày 29 tháng 01 năm 2022"
    )


@pytest.mark.parametrize(
    ("n", "roman"),
    [(1, "I"), (4, "IV"), (5, "V"), (9, "IX"), (14, "XIV"), (40, "XL"), (1990, "MCMXC"),
     (2022, "MMXXII"), (3999, "MMMCMXCIX")],
)  # fmt: skip
def test_so_la_ma(n: int, roman: str) -> None:
    assert vb.so_la_ma(n) == roman


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_so_la_ma_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match=rf"{n} is out of range.*1\.\.3999"):
        vb.so_la_ma(n)


def _from_roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for here, after in zip(text, [*text[1:], ""], strict=True):
        value = values[here]
        total += -value if after and values[after] > value else value
    return total


@given(st.integers(min_value=1, max_value=3999))
def test_so_la_ma_round_trips(n: int) -> None:
    roman = vb.so_la_ma(n)
    assert _from_roman(roman) == n
    assert not re.search(r"IIII|XXXX|CCCC|MMMM|VV|LL|DD", roman)


def test_chu_cai_sequence() -> None:
    letters = [vb.chu_cai(i) for i in range(1, 24)]
    assert " ".join(letters) == "a b c d đ e g h i k l m n o p q r s t u v x y"
    assert not set("fjwz") & set(letters)


@pytest.mark.parametrize("i", [0, 24, -3])
def test_chu_cai_out_of_range(i: int) -> None:
    with pytest.raises(ValueError, match=rf"{i} is out of range.*1\.\.23"):
        vb.chu_cai(i)


@pytest.mark.parametrize(
    ("text", "upper"),
    [
        ("Ủy ban nhân dân xã Gia Lương", "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"),
        ("Phó Chủ tịch", "PHÓ CHỦ TỊCH"),
        ("đề án", "ĐỀ ÁN"),
        ("Ủy ban nhân dân", "ỦY BAN NHÂN DÂN"),  # NFD input comes out NFC
    ],
)
def test_viet_hoa(text: str, upper: str) -> None:
    assert vb.viet_hoa(text) == upper


def test_clean_text_normalises_and_rejects() -> None:
    assert clean_text("  Hòa  ") == "Hòa"
    for bad in ("a\x00b", "\x0b", "x\ufffe"):
        with pytest.raises(ValueError, match="XML"):
            clean_text(bad)
    assert clean_text("tab\tand\nnewline") == "tab\tand\nnewline"
