"""Numbers in words and with separators (vanban.text.so)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.text.so import LIMIT

GOLDEN = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1005, "một nghìn không trăm linh năm"),
    (2024, "hai nghìn không trăm hai mươi bốn"),
    (10_000, "mười nghìn"),
    (1_000_001, "một triệu không trăm linh một"),
    (1_000_500, "một triệu năm trăm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn"),
    (2_000_000_000, "hai tỷ"),
    (10**12, "một nghìn tỷ"),
    (1_000_000_001_000, "một nghìn tỷ không trăm linh một nghìn"),
    (10**15, "một triệu tỷ"),
    (10**18, "một tỷ tỷ"),
    # Above 999 tỷ the part above tỷ is one number, then "tỷ" once (issue 9, item 18).
    (1_500_000_000_000, "một nghìn năm trăm tỷ"),
    (
        3_583_950_241_895,
        "ba nghìn năm trăm tám mươi ba tỷ chín trăm năm mươi triệu hai trăm bốn mươi mốt nghìn "
        "tám trăm chín mươi lăm",
    ),
    (12_000_000_000_000, "mười hai nghìn tỷ"),
    (250_000_000_000_000_000, "hai trăm năm mươi triệu tỷ"),
    (1_000_000_001_000_000_000, "một tỷ không trăm linh một tỷ"),
    (10**18 + 5, "một tỷ tỷ không trăm linh năm"),
    (
        LIMIT - 1,
        "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
        "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
        "chín trăm chín mươi chín",
    ),
    (-21, "âm hai mươi mốt"),
    (Decimal("1.5"), "một phẩy năm"),
    (Decimal("1.05"), "một phẩy không năm"),
    (Decimal("3.14"), "ba phẩy mười bốn"),
    (Decimal("-0.5"), "âm không phẩy năm"),
    (Decimal("2.50"), "hai phẩy năm"),
    (1.1, "một phẩy một"),
]


@pytest.mark.parametrize(("n", "words"), GOLDEN)
def test_bang_chu_golden(n: int | Decimal, words: str) -> None:
    assert vb.bang_chu(n) == words


def test_bang_chu_variants() -> None:
    assert vb.bang_chu(105, linh="lẻ") == "một trăm lẻ năm"
    assert vb.bang_chu(1005, nghin="ngàn") == "một ngàn không trăm linh năm"
    assert vb.bang_chu(10**12, nghin="ngàn") == "một ngàn tỷ"
    assert vb.bang_chu(24, tu=True) == "hai mươi tư"
    assert vb.bang_chu(14, tu=True) == "mười bốn"  # "tư" only after "mươi"


@pytest.mark.parametrize("bad", [LIMIT, -LIMIT, Decimal("1e21")])
def test_bang_chu_out_of_range(bad: int | Decimal) -> None:
    with pytest.raises(ValueError, match="out of range; vanban reads numbers below 10\\^21"):
        vb.bang_chu(bad)


@pytest.mark.parametrize("bad", [True, None, [1], b"12"])
def test_bang_chu_types(bad: object) -> None:
    with pytest.raises(TypeError, match="expects a number"):
        vb.bang_chu(bad)  # type: ignore[arg-type]


# --- numbers written as text (issue 9, item 9) -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("300000", Decimal(300000)),
        ("1.250.000", Decimal(1250000)),
        ("1.250.000,5", Decimal("1250000.5")),
        ("1250000,5", Decimal("1250000.5")),
        ("0,125", Decimal("0.125")),
        ("1,25", Decimal("1.25")),
        ("1.250", Decimal(1250)),  # "." is never a decimal point in Vietnamese
        ("1250,125", Decimal("1250.125")),
        ("-5", Decimal(-5)),
        ("-1.500.000", Decimal(-1500000)),
        (" 42 ", Decimal(42)),
        ("1.500.000.000.000", Decimal(1_500_000_000_000)),
    ],
)
def test_doc_so_reads_vietnamese_notation(text: str, value: Decimal) -> None:
    assert vb.parse_so(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1,250",
            "'1,250' is ambiguous: ',' marks decimals in Vietnamese (1 + 250/1000) but thousands in "
            "English (1250); write 1.250 or 1250 for the whole number, 1,25 for the fraction",
        ),
        ("-12,500", "write -12.500 or -12500 for the whole number, -12,5 for the fraction"),
        ("3,201", "write 3.201 or 3201 for the whole number, 3,2010 for the fraction"),
        ("7,000", "write 7.000 or 7000 for the whole number, 7 for the fraction"),
        ("1,250,000", "'1,250,000' is written in English notation; in Vietnamese, '.' separates "
         "thousands and ',' marks decimals: write 1.250.000"),
        ("1250.5", "write 1250,5"),
        ("1,250.75", "write 1.250,75"),
        ("300.000đ", "'300.000đ' is not a number; write digits, with '.' between thousands and ',' "
         "before decimals: 1250000, 1.250.000 or 1.250.000,5"),
        ("1.2500.000", "'1.2500.000' is not a number"),
        ("1e6", "'1e6' is not a number"),
        ("+5", "'+5' is not a number"),
        ("", "empty text is not a number"),
        ("١٢", "is not a number"),  # Arabic-Indic digits
    ],
)  # fmt: skip
def test_doc_so_refuses_what_it_would_have_to_guess(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        vb.parse_so(text)


def test_number_helpers_take_written_numbers() -> None:
    assert vb.bang_chu("1.250.000") == "một triệu hai trăm năm mươi nghìn"
    assert vb.bang_chu("-1,05") == "âm một phẩy không năm"
    assert vb.tien_bang_chu("300000") == "Ba trăm nghìn đồng"
    assert vb.tien_bang_chu("1.500.000.000.000", chan=True) == "Một nghìn năm trăm tỷ đồng chẵn"
    assert vb.dinh_dang_so("1250000,5") == "1.250.000,5"
    assert vb.dinh_dang_tien("300000") == "300.000 đồng"
    assert vb.so_la_ma("4") == "IV"
    assert vb.chu_cai("5") == "đ"
    with pytest.raises(ValueError, match=r"^tien_bang_chu: '1,250' is ambiguous"):
        vb.tien_bang_chu("1,250")
    with pytest.raises(ValueError, match=r"^chu_cai: '1,5' is not a whole number"):
        vb.chu_cai("1,5")


@given(
    st.decimals(
        min_value=-(10**20), max_value=10**20, places=4, allow_nan=False, allow_infinity=False
    )
)
def test_written_numbers_round_trip(n: Decimal) -> None:
    written = vb.dinh_dang_so(n)  # what vanban writes: 1.250.000,5
    if re.fullmatch(r"-?[1-9][0-9]{0,2},[0-9]{3}", written):  # 3,201: 3201 in English
        with pytest.raises(ValueError, match="is ambiguous"):
            vb.parse_so(written)
        written += "0"  # 3,2010, as the message says
    assert vb.parse_so(written) == n
    assert vb.parse_so(written.replace(".", "")) == n  # without the thousands separators
    assert vb.bang_chu(written) == vb.bang_chu(n)


@pytest.mark.parametrize("bad", [Decimal("NaN"), float("inf")])
def test_bang_chu_not_finite(bad: Decimal | float) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        vb.bang_chu(bad)


def test_tien_bang_chu() -> None:
    assert vb.tien_bang_chu(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng"
    assert vb.tien_bang_chu(Decimal("1500000"), chan=True) == "Một triệu năm trăm nghìn đồng chẵn"
    assert vb.tien_bang_chu(Decimal("999999999999999999.99"), unit="") == (
        "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ "
        "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín "
        "phẩy chín mươi chín"
    )
    assert vb.tien_bang_chu(5, unit="đô la Mỹ") == "Năm đô la Mỹ"
    with pytest.raises(TypeError, match="float, which cannot hold money exactly"):
        vb.tien_bang_chu(0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a whole amount"):
        vb.tien_bang_chu(Decimal("1.5"), chan=True)


def test_dinh_dang() -> None:
    assert vb.dinh_dang_so(1_234_567) == "1.234.567"
    assert vb.dinh_dang_so(Decimal("1234567.5")) == "1.234.567,5"
    assert vb.dinh_dang_so(Decimal("0.123456789")) == "0,123456789"  # babel alone keeps 3 digits
    assert vb.dinh_dang_so(-1234) == "-1.234"
    assert vb.dinh_dang_so(Decimal("1234.5"), so_le=2) == "1.234,50"
    assert vb.dinh_dang_so("1000000") == "1.000.000"
    assert vb.dinh_dang_tien(1_500_000) == "1.500.000 đồng"
    with pytest.raises(ValueError, match="not a number"):
        vb.dinh_dang_so("12a")
    assert vb.dinh_dang_so("1000000") == "1.000.000"
    with pytest.raises(TypeError, match="float"):
        vb.dinh_dang_tien(1.5)  # type: ignore[arg-type]


# --- a small parser of bang_chu's own output, for round trips ---------------------------------------

_DIGIT = {
    w: i
    for i, w in enumerate(("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"))
}
_UNIT = {"mốt": 1, "lăm": 5, "tư": 4}
_SCALE = {"triệu": 10**6, "nghìn": 10**3}


def _read_integer(words: list[str]) -> tuple[int, list[list[int]]]:
    """Value, and the scales met in each stretch between two "tỷ".

    "tỷ" multiplies everything read so far by 10^9 (the part above tỷ is a number of its own:
    "một nghìn năm trăm tỷ", "một tỷ tỷ"); nghìn and triệu scale the groups of their stretch.
    """
    before_ty, stretch, group, pending = 0, 0, 0, 0
    scales: list[list[int]] = [[]]
    for word in words:
        if word == "tỷ":
            before_ty = (before_ty + stretch + group + pending) * 10**9
            stretch = group = pending = 0
            scales.append([])
        elif word in _SCALE:
            stretch += (group + pending) * _SCALE[word]
            scales[-1].append(_SCALE[word])
            group = pending = 0
        elif word in _DIGIT:
            pending = _DIGIT[word]
        elif word == "trăm":
            group += pending * 100
            pending = 0
        elif word == "mươi":
            group += pending * 10
            pending = 0
        elif word == "mười":
            group += 10
        elif word in _UNIT:
            pending = _UNIT[word]
        elif word != "linh":
            raise AssertionError(f"unexpected word {word!r}")
    return before_ty + stretch + group + pending, scales


def read_back(text: str) -> Decimal:
    words = text.split()
    sign = -1 if words[:1] == ["âm"] else 1
    words = words[1:] if sign < 0 else words
    if "phẩy" in words:
        cut = words.index("phẩy")
        whole, _ = _read_integer(words[:cut])
        fraction_words = words[cut + 1 :]
        zeros = 0
        while fraction_words[zeros] == "không":
            zeros += 1
        digits, _ = _read_integer(fraction_words[zeros:])
        return sign * Decimal(f"{whole}.{'0' * zeros}{digits}")
    return Decimal(sign * _read_integer(words)[0])


@given(st.integers(min_value=-(LIMIT - 1), max_value=LIMIT - 1))
def test_bang_chu_properties(n: int) -> None:
    words = vb.bang_chu(n)
    assert read_back(words) == n
    assert "mươi năm" not in words  # 5 after a ten is "lăm"
    assert not re.search(r"mười mốt|linh lăm|linh mốt", words)
    _, stretches = _read_integer(words.removeprefix("âm ").split())
    for scales in stretches:
        assert scales == sorted(set(scales), reverse=True), "triệu, nghìn once, largest first"
    # The part above tỷ is read once, as a number, then "tỷ": one "tỷ" from 10^9, a second only
    # where that part is itself 10^9 or more ("một tỷ tỷ"); never "một nghìn tỷ năm trăm tỷ".
    assert words.split().count("tỷ") == (abs(n) >= 10**9) + (abs(n) >= 10**18)


@given(
    st.decimals(
        min_value=-(10**17), max_value=10**17, places=6, allow_nan=False, allow_infinity=False
    )
)
def test_bang_chu_decimal_round_trip(n: Decimal) -> None:
    assert read_back(vb.bang_chu(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_variants_keep_the_value(n: int) -> None:
    words = vb.bang_chu(n, linh="lẻ", nghin="ngàn", tu=True)
    plain = words.replace("lẻ", "linh").replace("ngàn", "nghìn")
    assert read_back(plain) == n
