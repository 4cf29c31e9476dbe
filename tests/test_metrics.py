"""The short rules' lengths: 1/3 to 1/2 of the line above (NĐ 30/2020, Phụ lục I, mục II.2.b, II.5.b)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.typeset.metrics import rule, rule_width_pt, short_rule, text_width_pt

WORDS = [
    "ỦY",
    "BAN",
    "NHÂN",
    "DÂN",
    "XÃ",
    "GIA",
    "LƯƠNG",
    "SỞ",
    "NỘI",
    "VỤ",
    "PHƯỜNG",
    "12",
    "ĐẶC",
    "KHU",
]


@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), min_size=2, max_size=4).map(" ".join),
        min_size=1,
        max_size=3,
    )
)
def test_rule_is_between_a_third_and_a_half_of_the_longest_line(lines: list[str]) -> None:
    column = 160.0
    made = short_rule(lines, 13, bold=True, max_width_pt=column)
    assert set(made) == {"_"}
    longest = min(max(text_width_pt(line, 13, bold=True) for line in lines), column)
    assert 1 / 3 <= rule_width_pt(made) / longest <= 1 / 2


def test_rule_of_a_line_wider_than_its_column_follows_the_column() -> None:
    long_line = (
        "Kết quả thực hiện công tác cải cách hành chính và chuyển đổi số Quý I năm 2022 " * 2
    )
    made = short_rule([long_line], 14, bold=True, max_width_pt=450)
    assert rule_width_pt(made) == pytest.approx(0.4 * 450, abs=rule_width_pt("_"))


@pytest.mark.parametrize(
    ("text", "bold", "points"),
    # Advance widths of Liberation Serif (Times New Roman's metrics) at 13 pt, read with fontTools.
    [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 271.2), ("Độc lập - Tự do - Hạnh phúc", True, 159.1),
     ("ỦY BAN NHÂN DÂN", False, 121.7), ("Cải cách hành chính nhà nước năm 2022", False, 212.1)],
)  # fmt: skip
def test_widths_match_times_metrics(text: str, bold: bool, points: float) -> None:
    assert text_width_pt(text, 13, bold=bold) == pytest.approx(points, rel=0.01)


def test_rule_rounds_to_whole_characters() -> None:
    assert rule(0) == "_"
    assert rule_width_pt(rule(100)) == pytest.approx(100, abs=rule_width_pt("_") / 2)
