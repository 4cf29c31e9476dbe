"""Where the issuing body's and the parent body's names break (issue 9, item 5).

NĐ 30/2020, Phụ lục I, mục II.2.b: a long name may run over several lines; vanban keeps the place
whole with its level word ("ỦY BAN NHÂN DÂN / XÃ GIA LƯƠNG"), never "ỦY BAN NHÂN DÂN XÃ / GIA LƯƠNG".
"""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.models.co_quan import break_lines, level_word_at
from vanban.typeset import page
from vanban.typeset.metrics import text_width_pt

from .test_models import plan

COLUMN = page.mm_to_pt(page.HEADER_LEFT_MM - 2 * page.CELL_MARGIN_MM)


def bold_width(line: str) -> float:
    return text_width_pt(vb.viet_hoa(line), page.SIZE_CO_QUAN, bold=True)


def co_quan(ten: str, chu_quan: str | None = None) -> vb.CoQuan:
    return vb.CoQuan(ten=ten, viet_tat="UBND", dia_danh="Gia Lương", chu_quan=chu_quan)


@pytest.mark.parametrize(
    ("ten", "lines"),
    [
        ("Ủy ban nhân dân xã Gia Lương", ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"]),
        ("Ủy ban nhân dân tỉnh Hải Dương", ["ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG"]),
        ("Hội đồng nhân dân xã Gia Lương", ["HỘI ĐỒNG NHÂN DÂN", "XÃ GIA LƯƠNG"]),
        ("Ủy ban nhân dân thị xã Sơn Tây", ["ỦY BAN NHÂN DÂN", "THỊ XÃ SƠN TÂY"]),
        ("Ủy ban nhân dân thị trấn Gia Lộc", ["ỦY BAN NHÂN DÂN", "THỊ TRẤN GIA LỘC"]),
        ("Ủy ban nhân dân Thành phố Hải Phòng", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"]),
        ("Ủy ban nhân dân đặc khu Phú Quốc", ["ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"]),
        ("Ủy ban nhân dân phường Tân Định", ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN ĐỊNH"]),
        ("Sở Nội vụ tỉnh Hải Dương", ["SỞ NỘI VỤ", "TỈNH HẢI DƯƠNG"]),
        ("Phòng Nội vụ huyện Gia Lộc", ["PHÒNG NỘI VỤ", "HUYỆN GIA LỘC"]),
        # fits the column: one line (ND30 breaks only a long name)
        ("Ủy ban nhân dân phường 12", ["ỦY BAN NHÂN DÂN", "PHƯỜNG 12"]),
        ("UBND xã Gia Lương", ["UBND XÃ GIA LƯƠNG"]),
        ("Sở Nội vụ", ["SỞ NỘI VỤ"]),
        ("Văn phòng Chính phủ", ["VĂN PHÒNG CHÍNH PHỦ"]),
        # no level word before a place: the most even break
        ("Trung tâm Phục vụ hành chính công", ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]),
        ("Ban chỉ đạo cải cách các xã trong vùng", ["BAN CHỈ ĐẠO CẢI CÁCH", "CÁC XÃ TRONG VÙNG"]),
    ],
)
def test_default_lines_of_the_issuing_body(ten: str, lines: list[str]) -> None:
    assert co_quan(ten).dong == lines


def test_parent_body_breaks_the_same_way() -> None:
    assert co_quan("Sở Nội vụ", "UBND tỉnh Hải Dương").chu_quan_in_hoa == ["UBND TỈNH HẢI DƯƠNG"]
    assert co_quan("Phòng Nội vụ", "Ủy ban nhân dân huyện Gia Lộc").chu_quan_in_hoa == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN GIA LỘC",
    ]


def test_explicit_lines_win() -> None:
    ubnd = vb.CoQuan(
        ten="Ủy ban nhân dân xã Gia Lương",
        ten_dong=["Ủy ban nhân dân xã", "Gia Lương"],
        viet_tat="UBND",
        dia_danh="Gia Lương",
    )
    assert ubnd.dong == ["ỦY BAN NHÂN DÂN XÃ", "GIA LƯƠNG"]


def test_rendered_header_without_ten_dong() -> None:
    data = plan(
        co_quan={"ten": "Ủy ban nhân dân xã Gia Lương", "viet_tat": "UBND", "dia_danh": "Gia Lương"}
    )
    read = docx.Document(io.BytesIO(vb.render(vb.from_dict(data)).to_bytes()))
    cell = [p.text for p in read.tables[0].cell(0, 0).paragraphs]
    assert cell[:2] == ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"]
    assert set(cell[2]) == {"_"}


def test_level_word_needs_a_place_after_it() -> None:
    assert level_word_at(["Ủy", "ban", "nhân", "dân", "xã", "Gia", "Lương"]) == 4
    assert level_word_at(["Ủy", "ban", "nhân", "dân", "thị", "xã", "Sơn", "Tây"]) == 4
    assert level_word_at(["Hội", "nông", "dân", "các", "xã"]) is None
    assert level_word_at(["Xã", "Gia", "Lương"]) is None


_WORDS = st.sampled_from(
    ["Ủy", "ban", "nhân", "dân", "Sở", "Phòng", "Văn", "hóa", "và", "Thông", "tin", "xã", "tỉnh",
     "thị", "trấn", "thành", "phố", "huyện", "Gia", "Lương", "Hải", "Dương", "12", "đặc", "khu",
     "Ban", "Quản", "lý", "dự", "án", "đầu", "tư", "xây", "dựng", "công", "nghiệp", "phường"]
)  # fmt: skip


@given(st.lists(_WORDS, min_size=1, max_size=20), st.sampled_from([80.0, 120.0, COLUMN, 300.0]))
def test_lines_join_back_and_fit(words: list[str], column: float) -> None:
    name = " ".join(words)
    lines = break_lines(name, bold_width, column)
    assert " ".join(lines) == name
    assert all(line for line in lines)
    for line in lines:
        assert bold_width(line) <= column or " " not in line
    if bold_width(name) <= column:
        assert lines == [name]
    at = level_word_at(words)
    if at is not None and len(lines) > 1:
        # the place keeps its level word: a line begins where the level word does
        starts = [sum(len(line.split()) for line in lines[:k]) for k in range(len(lines))]
        assert at in starts
