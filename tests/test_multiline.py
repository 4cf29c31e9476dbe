"""Multi-line text (issue 9, item 4): a single newline is a space, a blank line a new paragraph.

docxtpl turns a "\\n" left in a value into a manual line break (<w:br/>) inside one justified
paragraph, whose words then stretch across the broken line. vanban folds line breaks in the models,
so no line break reaches a template.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.models import number_body
from vanban.models.base import PARAGRAPH_BREAK

from .test_models import plan

BODY_STYLES = {"Muc", "Khoan tieu de", "Khoan", "Diem", "Doan", "Y"}
LAST_STYLES = {"Khoan cuoi", "Diem cuoi", "Doan cuoi", "Y cuoi"}
"""The body's last paragraph has its level's style plus keep-with-next (templates/build.py)."""

YAML_PLAN = """\
loai: ke_hoach
co_quan:
  ten: |
    Ủy ban nhân dân
    xã Gia Lương
  viet_tat: UBND
  dia_danh: Gia Lương
so: 49
ngay: 2022-01-29
trich_yeu: >
  Cải cách hành chính
  nhà nước năm 2022
noi_dung:
  - |
    Thực hiện Kế hoạch số 154/KH-UBND của UBND huyện,
    UBND xã xây dựng Kế hoạch như sau:
  - muc: Mục đích, yêu cầu
    noi_dung:
      - van_ban: |
          Khoản một, dòng một
          dòng hai.

          Đoạn thứ hai của khoản.
        noi_dung:
          - diem: |
              Điểm a.

              Đoạn của điểm.
          - y: |
              - Ý một,
                tiếp.

              Đoạn sau ý.
  - |
    Trên đây là Kế hoạch.

    Đề nghị các bộ phận thực hiện.
noi_nhan: [UBND huyện]
luu: VP
chu_ky: {tap_the: Ủy ban nhân dân, chuc_vu: Chủ tịch, ho_ten: Đoàn Thanh Bình}
"""


def test_yaml_blocks_become_paragraphs_without_line_breaks() -> None:
    document = vb.from_dict(yaml.safe_load(YAML_PLAN))
    rendered = vb.render(document).to_bytes()
    xml = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml").decode()
    assert "<w:br/>" not in xml and "<w:br " not in xml
    read = docx.Document(io.BytesIO(rendered))
    body = [
        (p.style.name, p.text)
        for p in read.paragraphs
        if p.style.name in BODY_STYLES | LAST_STYLES and p.text
    ]
    assert body == [
        ("Doan", "Thực hiện Kế hoạch số 154/KH-UBND của UBND huyện, UBND xã xây dựng Kế hoạch như sau:"),
        ("Muc", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("Khoan", "1. Khoản một, dòng một dòng hai."),
        ("Doan", "Đoạn thứ hai của khoản."),
        ("Diem", "a) Điểm a."),
        ("Doan", "Đoạn của điểm."),
        ("Y", "- Ý một, tiếp."),
        ("Doan", "Đoạn sau ý."),
        ("Doan", "Trên đây là Kế hoạch."),
        ("Doan cuoi", "Đề nghị các bộ phận thực hiện./."),
    ]  # fmt: skip
    header = [p.text for p in read.tables[0].cell(0, 0).paragraphs if "_" not in p.text]
    assert header == ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"]  # the name's default lines (item 5)
    assert [p.text for p in read.paragraphs if p.style.name == "Trich yeu"] == [
        "Cải cách hành chính nhà nước năm 2022"
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("trich_yeu", "Cải cách\nhành chính"),
        ("trich_yeu", "Cải cách \r\n  hành chính"),
        ("trich_yeu", "Cải cách\u2028hành chính"),
        ("can_cu", ["Căn cứ Luật\nTổ chức"]),
    ],
)
def test_a_single_newline_is_a_space(field: str, value: Any) -> None:
    document = vb.KeHoach.from_dict(plan(**{field: value}))
    text = getattr(document, field)
    assert (text if isinstance(text, str) else text[0]) in (
        "Cải cách hành chính",
        "Căn cứ Luật Tổ chức",
    )


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("trich_yeu", "Cải cách\n\nhành chính", "trich_yeu"),
        ("trich_yeu", "Cải cách\n  \nhành chính", "trich_yeu"),
        ("noi_nhan", ["UBND\n\nhuyện"], "noi_nhan[0].ten"),
        ("noi_dung", [{"muc": "Mục\n\nđích"}], "noi_dung[0].muc"),
        ("noi_dung", [{"khoan": "Mục\u2029đích"}], "noi_dung[0].khoan"),
    ],
)
def test_a_blank_line_in_a_one_paragraph_field_is_refused(
    field: str, value: Any, path: str
) -> None:
    with pytest.raises(vb.ValidationError) as caught:
        vb.KeHoach.from_dict(plan(**{field: value}))
    [problem] = caught.value.problems
    assert problem.path == path
    assert "holds a blank line, which starts a new paragraph; this field is one paragraph" in (
        problem.message
    )


def test_body_text_paragraphs_in_python() -> None:
    body = [
        vb.Khoan("Tổ chức", [vb.Diem("Một.\n\nHai.", [vb.Y("Ba\nbốn.\n\n\n  Năm.")])]),
        vb.Doan("Sáu.\r\n\r\nBảy."),
    ]
    assert [(p.kieu, p.dong) for p in number_body(body)] == [
        ("khoan_tieu_de", "1. Tổ chức"),
        ("diem", "a) Một."),
        ("doan", "Hai."),
        ("y", "- Ba bốn."),
        ("doan", "Năm."),
        ("doan", "Sáu."),
        ("doan", "Bảy./."),
    ]  # fmt: skip


_WORD = st.text(st.sampled_from("aăâđêôơưáờ.,;ĐX-"), min_size=1, max_size=6)
_GAP = st.sampled_from([" ", "\n", " \n ", "\t\n", "\r\n", "\n\n", " \n \n", "\n\n\n", "\u2029"])


@given(st.lists(st.tuples(_WORD, _GAP), max_size=12), _WORD)
def test_paragraphs_keep_every_word_in_order(parts: list[tuple[str, str]], last: str) -> None:
    text = "".join(word + gap for word, gap in parts) + last
    paragraphs = vb.Doan(text).doan.split(PARAGRAPH_BREAK)
    words = [word for word, _ in parts] + [last]
    assert " ".join(paragraphs).split(" ") == words
    blank_lines = sum(gap.count("\n") >= 2 or gap == "\u2029" for _, gap in parts)
    assert len(paragraphs) == blank_lines + 1
