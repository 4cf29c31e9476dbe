"""Language helpers the Foundation needs: ND30 dates, Roman numerals, điểm letters, case, text hygiene."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.cli import main
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
        vb.ngay_thang(20220129)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"ngay_thang: '29-01-22' is not a date; write 2022-02-10"):
        vb.ngay_thang("29-01-22")


# --- dates as users write them (issue 9, item 8) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-02-10", date(2022, 2, 10)),
        ("10/02/2022", date(2022, 2, 10)),
        ("10/2/2022", date(2022, 2, 10)),
        ("5/3/2020", date(2020, 3, 5)),
        ("05-03-2020", date(2020, 3, 5)),
        ("05.03.2020", date(2020, 3, 5)),
        (" 29/02/2024 ", date(2024, 2, 29)),
        ("2022-2-1", date(2022, 2, 1)),
    ],
)
def test_doc_ngay_reads_both_written_forms(text: str, expected: date) -> None:
    assert vb.parse_ngay(text) == expected


HOW = r"write 2022-02-10 \(YYYY-MM-DD\) or 10/02/2022 \(day/month/year\)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", r"'2025-02-30': the day does not exist: February 2025 has 28 days"),
        ("30/02/2025", r"'30/02/2025': the day does not exist: February 2025 has 28 days"),
        ("29/02/2100", r"the day does not exist: February 2100 has 28 days"),
        ("31/4/2022", r"the day does not exist: April 2022 has 30 days"),
        ("00/01/2022", r"the day does not exist: January 2022 has 31 days"),
        ("02/13/2022", r"'02/13/2022': there is no month 13; a date is written day first: " + HOW),
        ("2022-13-02", r"'2022-13-02': there is no month 13; " + HOW),
        ("10/02/22", r"'10/02/22' is not a date; " + HOW),  # which century?
        ("2022/02/10", r"'2022/02/10' is not a date; " + HOW),
        ("10/02-2022", r"is not a date; " + HOW),
        ("10 tháng 2 năm 2022", r"is not a date; " + HOW),
        ("١٠/٠٢/٢٠٢٢", r"is not a date; " + HOW),  # Arabic-Indic digits
        ("", r"empty text is not a date; " + HOW),
        ("0000-01-01", r"there is no year 0"),
    ],
)
def test_doc_ngay_refuses_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        vb.parse_ngay(text)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_every_date_round_trips_through_both_written_forms(d: date) -> None:
    assert vb.parse_ngay(d.isoformat()) == d
    assert vb.parse_ngay(f"{d.day:02d}/{d.month:02d}/{d.year}") == d
    assert vb.parse_ngay(f"{d.day}/{d.month}/{d.year}") == d
    assert vb.parse_ngay(vb.ngay_ngan(d)) == d  # what vanban writes, read back
    assert vb.ngay_thang(vb.ngay_ngan(d)) == vb.ngay_thang(d)


def test_date_helpers_take_written_dates() -> None:
    assert vb.ngay_ngan("2022-01-29") == "29/01/2022"
    assert vb.thu("10/02/2022") == "thứ Năm"
    assert vb.thang_nam("14/3/2022") == "tháng 3 năm 2022"
    assert vb.khoang_ngay("15/12/2021", "2022-03-14") == "từ ngày 15/12/2021 đến ngày 14/3/2022"
    assert vb.dia_danh_ngay_thang("Gia Lương", "29/01/2022") == (
        "Gia Lương, ngày 29 tháng 01 năm 2022"
    )
    assert vb.am_lich("10/4/2022") == "ngày 10 tháng 3 năm Nhâm Dần"
    assert vb.gio_phut("14:30") == "14 giờ 30 phút"
    assert vb.gio_phut("8h05") == "8 giờ 05 phút"
    with pytest.raises(ValueError, match=r"gio_phut: '25:00' is not a time of day"):
        vb.gio_phut("25:00")
    with pytest.raises(ValueError, match=r"khoang_ngay: '31/11/2022': the day does not exist"):
        vb.khoang_ngay("01/11/2022", "31/11/2022")


@pytest.mark.parametrize("written", ["29/01/2022", "29/1/2022", "2022-01-29", "29.01.2022"])
def test_a_document_date_in_either_form(ke_hoach: vb.KeHoach, written: str) -> None:
    data = ke_hoach.model_dump(mode="json") | {"ngay": written}
    assert vb.KeHoach.from_dict(data).ngay == date(2022, 1, 29)
    assert vb.KeHoach.from_json(json.dumps(data)) == ke_hoach
    assert vb.KeHoach.from_yaml(f"ngay: {written}\n" + _yaml_without_ngay(data)) == ke_hoach


def _yaml_without_ngay(data: dict[str, object]) -> str:
    return yaml.safe_dump({k: v for k, v in data.items() if k != "ngay"}, allow_unicode=True)


def test_a_document_date_that_does_not_exist_names_field_value_and_rule(
    ke_hoach: vb.KeHoach,
) -> None:
    data = ke_hoach.model_dump(mode="json") | {"ngay": "30/02/2022"}
    with pytest.raises(vb.ValidationError) as caught:
        vb.KeHoach.from_dict(data)
    assert [str(p) for p in caught.value.problems] == [
        "ngay: '30/02/2022': the day does not exist: February 2022 has 28 days"
    ]
    with pytest.raises(vb.ValidationError, match=r"ngay: '02/29/2022': there is no month 29"):
        vb.KeHoach.from_dict(data | {"ngay": "02/29/2022"})


def test_the_schema_admits_both_written_forms(ke_hoach: vb.KeHoach) -> None:
    schema = vb.KeHoach.json_schema()["properties"]["ngay"]
    forms = schema["anyOf"]
    assert forms[0] == {"type": "string", "format": "date"}
    day_first = re.compile(forms[1]["pattern"])
    assert all(day_first.match(t) for t in ("10/02/2022", "1/2/2022", "10-02-2022", "10.02.2022"))
    assert not any(day_first.match(t) for t in ("2022-02-10", "10/02/22", "10/02-2022"))


def test_cli_reads_dates_as_data_files_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workdays", "add", "24/01/2025", "3"]) == 0
    assert capsys.readouterr().out == "2025-02-05\n"
    assert main(["workdays", "between", "24/1/2025", "2025-02-05"]) == 0
    assert capsys.readouterr().out == "3\n"
    assert main(["workdays", "add", "2025-02-30", "3"]) == 2
    assert capsys.readouterr().err == (
        "vanban: '2025-02-30': the day does not exist: February 2025 has 28 days\n"
    )
    assert main(["workdays", "add", "02/24/2025", "3"]) == 2
    assert "there is no month 24; a date is written day first" in capsys.readouterr().err


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
