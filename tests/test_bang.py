"""Tables in the body (``Bang``): the model's rules, the table read back, the same output as
docxtpl, and a long table repeating its header rows on page 2 of the PDF."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import vanban as vb
from vanban.errors import TemplateError, ValidationError
from vanban.models.bang import TWIPS_PER_MM
from vanban.models.loading import from_dict
from vanban.pdf import PdfConverter
from vanban.render.context import build_context
from vanban.typeset.page import TEXT_WIDTH_MM

from .conftest import BAO_CAO_YAML
from .test_schema import errors
from .test_template import TRICKY, assert_same_as_docxtpl

TABLE: dict[str, Any] = {
    "bang": "Kết quả thực hiện nhiệm vụ",
    "cot": [{"rong": "15mm", "can": "giua"}, {"rong": 3}, {"rong": 1, "can": "phai"}, {"rong": 1}],
    "dau": [
        [
            {"o": "STT", "gop_dong": 2},
            {"o": "Nhiệm vụ", "gop_dong": 2},
            {"o": "Kết quả", "gop_cot": 2},
        ],
        ["Số lượng", "Ghi chú"],
    ],
    "dong": [[1, TRICKY, "1.234", ""], [2, "Rà soát thủ tục", 12, "Đạt"]],
}


def report(table: dict[str, Any], rows: int | None = None) -> vb.VanBan:
    data = yaml.safe_load(BAO_CAO_YAML.read_text(encoding="utf-8"))
    if rows is not None:
        table = {**table, "dong": [[i, f"Nhiệm vụ số {i}", i * 3, ""] for i in range(1, rows + 1)]}
    data["noi_dung"] = [data["noi_dung"][0], table, *data["noi_dung"][1:]]
    return from_dict(data)


def tables(docx_bytes: bytes) -> list[Any]:
    return [t for t in docx.Document(io.BytesIO(docx_bytes)).tables if len(t.columns) == 4]


def test_table_reads_back() -> None:
    out = vb.render(report(TABLE)).to_bytes()
    (table,) = tables(out)
    rows = table.rows
    assert [c.text for c in rows[0].cells] == ["STT", "Nhiệm vụ", "Kết quả", "Kết quả"]
    assert [c.text for c in rows[1].cells] == ["STT", "Nhiệm vụ", "Số lượng", "Ghi chú"]
    # the cell text comes back exactly as given, markup characters included
    assert [c.text for c in rows[2].cells] == ["1", TRICKY, "1.234", ""]
    assert [c.text for c in rows[3].cells] == ["2", "Rà soát thủ tục", "12", "Đạt"]
    flags = [
        (tr.trPr.find(qn("w:tblHeader")) is not None, tr.trPr.find(qn("w:cantSplit")) is not None)
        for tr in (row._tr for row in rows)
    ]
    assert flags == [(True, True), (True, True), (False, True), (False, True)]
    # widths: 15 mm, then 3 : 1 : 1 of the rest, the whole the text area
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    rest = TEXT_WIDTH_MM - 15
    assert grid == [round(w * TWIPS_PER_MM) for w in (15, rest * 3 / 5, rest / 5, rest / 5)]
    assert abs(sum(grid) - TEXT_WIDTH_MM * TWIPS_PER_MM) <= 2
    # merged header cells: "Kết quả" spans two columns, STT and Nhiệm vụ two rows
    tcs = rows[0]._tr.findall(qn("w:tc"))
    assert tcs[2].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    assert tcs[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    below = rows[1]._tr.findall(qn("w:tc"))
    assert below[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) is None  # continue
    # figures right-aligned where the column asks, header bold in its style
    aligns = [c.paragraphs[0].paragraph_format.alignment for c in rows[2].cells]
    assert [str(a).split(".")[-1].split(" ")[0] for a in aligns] == [
        "CENTER",
        "LEFT",
        "RIGHT",
        "LEFT",
    ]
    assert rows[0].cells[0].paragraphs[0].style.name == "Bang dau"
    assert rows[2].cells[1].paragraphs[0].style.name == "Bang o"
    # the title above the table, in its style
    document = docx.Document(io.BytesIO(out))
    titles = [p.text for p in document.paragraphs if p.style.name == "Bang tieu de"]
    assert titles == ["Kết quả thực hiện nhiệm vụ"]


def test_same_output_as_docxtpl() -> None:
    document = report(TABLE)
    template = vb.builtin_template(document.loai).read_bytes()
    assert_same_as_docxtpl(template, build_context(document))


def test_table_ending_the_body_then_the_end_mark() -> None:
    paragraphs = vb.models.number_body([vb.Doan("Mở đầu."), vb.Bang(dong=[["a"]])])
    assert [p.kieu for p in paragraphs] == ["doan", "bang", "doan"]
    assert paragraphs[-1].van_ban == "./."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dong": [[1, "a", "b"]]}, "dong[0]: 3 cells, but the table has 4 columns"),
        ({"dong": [[1.5, "a", "b", "c"]]}, "write a cell's number as an integer"),
        ({"cot": [{"rong": "100mm"}, {"rong": "70mm"}, {}, {}]}, "wider than the text area"),
        ({"cot": [{"rong": "3cm"}, {}, {}, {}]}, "a width is millimetres"),
        ({"dau": [["STT", "Nhiệm vụ", "Kết quả"]]}, "dau[0]: the header row covers 3 of the 4"),
        ({"dau": [["STT", "Nhiệm vụ", "A", "B", "C"]]}, "dau[0]: 'C' is past the table's 4"),
        ({"dau": [[{"o": "STT", "gop_dong": 2}, "a", "b", "c"]]}, "past the 1 header rows"),
        ({"dong": []}, "at least 1 item"),
    ],
)
def test_bad_tables_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        report({**TABLE, **change})
    assert message in str(caught.value)
    assert "noi_dung[1].Bang" in str(caught.value)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.text(max_size=20), min_size=3, max_size=3), min_size=1, max_size=4))
def test_any_cell_text_comes_back(rows: list[list[str]]) -> None:
    try:
        bang = vb.Bang(dong=rows)
    except ValidationError:
        return  # text XML cannot store, or a blank line: refused by name
    document = report({"dong": bang.dong})
    (table,) = [
        t
        for t in docx.Document(io.BytesIO(vb.render(document).to_bytes())).tables
        if len(t.columns) == 3 and len(t.rows) == len(rows)
    ]
    assert [[c.text for c in r.cells] for r in table.rows] == bang.dong


def test_filter_refuses_what_is_not_a_table() -> None:
    template = vb.Template(vb.builtin_template("bao_cao"))
    context = build_context(report(TABLE))
    bad = [dict(d) for d in context["noi_dung"]]
    table = next(d for d in bad if d["kieu"] == "bang")
    table["bang"] = {**table["bang"], "rong": ["<w:p/>", 1, 1, 1]}
    with pytest.raises(TemplateError, match=r"bang_xml: bang.rong: .<w:p/>. is not a whole number"):
        template.render({**context, "noi_dung": bad})


def test_schema_admits_a_table() -> None:
    data = report(TABLE).model_dump(mode="json", exclude_none=True)
    assert errors(data, vb.BaoCao) == []
    data["noi_dung"][1] = {**TABLE, "dong": "not rows"}
    assert errors(data, vb.BaoCao) != []


def test_long_table_repeats_its_header_on_page_2(soffice: str, tmp_path: Path) -> None:
    path = vb.render(report(TABLE, rows=80)).save(tmp_path / "bang.docx")
    with PdfConverter(timeout=120) as converter:
        reader = PdfReader(converter.convert(path))
    page2 = [line.strip() for line in reader.pages[1].extract_text().splitlines() if line.strip()]
    head = " ".join(page2[:6])
    assert "STT" in head and "Số lượng" in head and "Ghi chú" in head
    rows_on_2 = [line for line in page2 if line.split(" ")[0].isdigit() and "Nhiệm vụ số" in line]
    assert rows_on_2 and int(rows_on_2[0].split()[0]) > 1  # the table runs on from page 1


def test_a_column_takes_its_width_and_alignment_by_position() -> None:
    """``vb.Cot("15mm", "giua")`` as its typed signature and docs/getting-started.md write it."""
    assert vb.Cot("15mm", "giua") == vb.Cot(rong="15mm", can="giua")
    assert vb.Cot(2) == vb.Cot(rong=2)
    with pytest.raises(TypeError):
        vb.Cot("15mm", "giua", "x")  # type: ignore[call-arg]
