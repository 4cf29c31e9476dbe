"""The register book (NĐ 30/2020, Điều 16.2.b; Phụ lục IV, mục I): the .docx, .xlsx and PDF read
back, their words compared with the decree's own form (tests/data/nd30-phu-luc-iv.docx)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

import vanban as vb
from vanban.errors import RegisterError
from vanban.loai import LoaiVanBan
from vanban.pdf import PdfConverter
from vanban.register import Register, RegisterRow, SeriesRule, TrangThai
from vanban.register.book import (
    COLUMNS,
    TIEU_DE,
    Book,
    _sheet_name,
    export,
    export_register,
    ghi_chu,
)

from .conftest import EXAMPLES

PHU_LUC_IV = Path(__file__).parent / "data" / "nd30-phu-luc-iv.docx"
"""NĐ 30/2020/NĐ-CP, Phụ lục IV (Mẫu về quản lý văn bản) as the Government published it in Word
(legal texts are outside copyright: Luật Sở hữu trí tuệ 2005, Điều 15)."""

SERIES = {
    "chung": SeriesRule(ten="Sổ văn bản đi"),
    "quyet_dinh": SeriesRule(ten="Sổ quyết định", loai=frozenset({LoaiVanBan.QUYET_DINH})),
    "mat": SeriesRule(ten="Sổ văn bản mật đi", mat=True),
}


def _draft(path: Path) -> vb.VanBan:
    document = vb.load(path)
    return document.model_copy(update={"so": None, "ngay": None})


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    """A register of 2022: 12 plans (02 cancelled, 05 recalled), 13 reserved; 2 decisions; a
    secret plan."""
    plan = _draft(EXAMPLES / "ke_hoach_cchc_2022.yaml")
    decision = _draft(EXAMPLES / "quyet_dinh_phe_duyet_ke_hoach.yaml")
    with Register.create(tmp_path / "so.db", co_quan=plan.co_quan, series=SERIES) as so:
        for day in range(12):
            so.issue(plan, ngay=date(2022, 1, 5) + timedelta(days=7 * day), so_ban=5)
        so.reserve(ngay=date(2022, 4, 1), ghi_chu="dành cho báo cáo quý")
        so.cancel("02/KH-UBND", nam=2022, ly_do="lập sai trích yếu")
        so.recall("05/KH-UBND", nam=2022, ly_do="ban hành không đúng thẩm quyền")
        so.issue(decision, ngay=date(2022, 2, 10))
        so.issue(decision, ngay=date(2022, 2, 11))
        so.issue(plan.model_copy(update={"do_mat": vb.DoMat.MAT}), ngay=date(2022, 3, 1))
        yield so


def _cover(document: docx.document.Document, index: int) -> list[str]:
    return [p.text for p in document.tables[index].rows[0].cells[0].paragraphs]


def test_docx_cover_and_first_page_in_the_words_of_the_form(
    register: Register, tmp_path: Path
) -> None:
    out = export_register(register, 2022, tmp_path / "so.docx", series="chung")
    book = docx.Document(str(out))
    cover = [
        "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG",
        TIEU_DE,
        "Năm: 2022",
        "Từ ngày 05/01/2022 đến ngày 01/04/2022",
        "Từ số 01 đến số 13",
        "Quyển số: 1",
    ]
    assert _cover(book, 0) == cover
    assert _cover(book, 1) == cover  # the first page repeats the cover (Phụ lục IV, mục I.1)
    assert len(book.tables) == 3
    bold = {
        run.text: bool(run.bold) for p in book.tables[0].cell(0, 0).paragraphs for run in p.runs
    }
    assert bold[TIEU_DE] and bold["ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"] and bold["Quyển số: "]
    assert not bold["Năm: 2022"] and not bold["1"]


def test_docx_a_book_per_series_named_on_its_cover(register: Register, tmp_path: Path) -> None:
    book = docx.Document(str(export_register(register, 2022, tmp_path / "so.docx")))
    assert len(book.tables) == 6  # two books: cover, first page, table each
    assert _cover(book, 0)[1:3] == [TIEU_DE, "Năm: 2022"]  # the general series: the form alone
    assert _cover(book, 3)[1:5] == [
        TIEU_DE,
        "(Sổ quyết định)",
        "Năm: 2022",
        "Từ ngày 10/02/2022 đến ngày 11/02/2022",
    ]
    assert [row.cells[0].text for row in book.tables[5].rows[2:]] == ["01/QĐ-UBND", "02/QĐ-UBND"]


def test_docx_columns_rows_and_marks(register: Register, tmp_path: Path) -> None:
    book = docx.Document(str(export_register(register, 2022, tmp_path / "so.docx", series="chung")))
    table = book.tables[2]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts[0] == [title for title, _ in COLUMNS]
    assert texts[1] == [f"({n})" for n in range(1, 11)]
    assert [row[0] for row in texts[2:]] == [f"{n:02d}/KH-UBND" for n in range(1, 13)] + ["13"]
    assert texts[2] == [
        "01/KH-UBND",
        "05/01/2022",
        "Kế hoạch Cải cách hành chính nhà nước năm 2022",
        "Đoàn Thanh Bình",
        "UBND huyện; Phòng Nội vụ huyện; TT HĐND xã; Lãnh đạo UBND xã; Công chức UBND xã; "
        "Đài Truyền thanh xã",
        "VT, VP",
        "5",
        "",
        "",
        "",
    ]
    notes = {row[0]: row[9] for row in texts[2:]}
    assert notes["02/KH-UBND"] == "Hủy: lập sai trích yếu"
    assert notes["05/KH-UBND"] == "Thu hồi: ban hành không đúng thẩm quyền"
    assert notes["13"] == "Giữ số: dành cho báo cáo quý"
    assert notes["03/KH-UBND"] == ""
    rows = table._tbl.findall(qn("w:tr"))
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    headers = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows]
    assert headers == [True, True] + [False] * 13


def test_docx_page_and_type(register: Register, tmp_path: Path) -> None:
    book = docx.Document(str(export_register(register, 2022, tmp_path / "so.docx", series="chung")))
    for section in book.sections:  # landscape A4, margins of Phụ lục I, mục I.5
        assert (section.page_width.mm, section.page_height.mm) == pytest.approx(
            (297, 210), abs=0.05
        )
        assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
        assert (section.left_margin.mm, section.right_margin.mm) == pytest.approx(
            (30, 15), abs=0.05
        )
    assert book.styles["Normal"].font.name == "Times New Roman"
    properties = book.core_properties
    assert (properties.title, properties.subject, properties.author, properties.comments) == (
        TIEU_DE,
        "Năm 2022",
        "Ủy ban nhân dân xã Gia Lương",
        "",
    )
    fonts = book.styles["Normal"].element.rPr.rFonts
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    grid = [int(col.get(qn("w:w"))) for col in book.tables[2]._tbl.tblGrid.findall(qn("w:gridCol"))]
    decree = [width for _, width in COLUMNS]
    scale = sum(grid) / sum(decree)
    assert [abs(ours - theirs * scale) <= 1 for ours, theirs in zip(grid, decree, strict=True)] == [
        True
    ] * 10  # the form's proportions, to a twip


def test_columns_are_the_decrees() -> None:
    """The ten headers and widths are those of the decree's own table (Phụ lục IV, mục I.2)."""
    form = docx.Document(str(PHU_LUC_IV)).tables[0]
    headers = [" ".join(cell.text.split()) for cell in form.rows[0].cells]
    widths = [int(col.get(qn("w:w"))) for col in form._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert list(zip(headers, widths, strict=True)) == list(COLUMNS)


def test_cover_words_are_the_forms(register: Register, tmp_path: Path) -> None:
    """The cover's lines are the form's (Phụ lục IV, mục I.1) with the dots filled in."""
    form = docx.Document(str(PHU_LUC_IV))
    box = form.element.body.find(".//" + qn("w:txbxContent"))
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in box.findall(qn("w:p"))]
    filled = re.compile(r"[.…]+")
    words = [filled.sub("…", line).strip() for line in lines if line.strip()]
    assert words[:2] == ["TÊN CƠ QUAN CHỦ QUẢN TRỰC TIẾP", "TÊN CƠ QUAN/ĐƠN VỊ"]
    out = export_register(register, 2022, tmp_path / "so.docx", series="chung")
    ours = [re.sub(r"\d[\d/]*", "…", line) for line in _cover(docx.Document(str(out)), 0)]
    assert ours[1:] == words[2:]  # the body's name stands for the form's "TÊN CƠ QUAN/ĐƠN VỊ"


def test_parent_body_above_the_body(tmp_path: Path) -> None:
    co_quan = vb.CoQuan(
        ten="Phòng Nội vụ", viet_tat="PNV", chu_quan="UBND huyện Gia Lộc", dia_danh="Gia Lộc"
    )
    out = export([], co_quan, 2023, tmp_path / "trong.docx", quyen_so=2)
    assert _cover(docx.Document(str(out)), 0) == [
        "UBND HUYỆN GIA LỘC",
        "PHÒNG NỘI VỤ",
        TIEU_DE,
        "Năm: 2023",
        "Từ ngày ……… đến ngày ………",  # an empty book keeps the form's dots
        "Từ số ……… đến số ………",
        "Quyển số: 2",
    ]


def test_the_secret_series_only_by_name(register: Register, tmp_path: Path) -> None:
    """Secret documents are registered under the law on state secrets (Điều 16.3): their book
    is printed only when asked for by name, never with the others."""
    everything = export_register(register, 2022, tmp_path / "so.xlsx")
    assert openpyxl.load_workbook(everything).sheetnames == ["chung 2022", "quyet_dinh 2022"]
    secret = docx.Document(
        str(export_register(register, 2022, tmp_path / "mat.docx", series="mat"))
    )
    assert _cover(secret, 0)[1:3] == [TIEU_DE, "(Sổ văn bản mật đi)"]
    assert [row.cells[0].text for row in secret.tables[2].rows[2:]] == ["01/KH-UBND"]


def test_xlsx_a_sheet_per_book(register: Register, tmp_path: Path) -> None:
    out = export_register(register, 2022, tmp_path / "so.xlsx")
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["chung 2022", "quyet_dinh 2022"]
    sheet = workbook["chung 2022"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(title for title, _ in COLUMNS)
    assert rows[1] == tuple(f"({n})" for n in range(1, 11))
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert rows[2][:2] == ("01/KH-UBND", datetime(2022, 1, 5))
    assert rows[2][6] == 5
    assert sheet.cell(row=3, column=2).number_format == "DD/MM/YYYY"
    assert rows[3][9] == "Hủy: lập sai trích yếu"
    assert rows[6][9] == "Thu hồi: ban hành không đúng thẩm quyền"
    assert len(rows) == 2 + 13
    assert [
        row[0] for row in workbook["quyet_dinh 2022"].iter_rows(min_row=3, values_only=True)
    ] == [
        "01/QĐ-UBND",
        "02/QĐ-UBND",
    ]


def test_never_written_over(register: Register, tmp_path: Path) -> None:
    out = tmp_path / "so.xlsx"
    out.write_bytes(b"the clerk's own file")
    with pytest.raises(RegisterError, match=r"so\.xlsx: already exists"):
        export_register(register, 2022, out)
    assert out.read_bytes() == b"the clerk's own file"
    export_register(register, 2022, out, overwrite=True)
    assert openpyxl.load_workbook(out).sheetnames == ["chung 2022", "quyet_dinh 2022"]
    assert _files(tmp_path) == ["so.xlsx"]  # no temporary file left


def test_bad_requests(register: Register, tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match=r"so\.odt: a register book is written as"):
        export_register(register, 2022, tmp_path / "so.odt")
    with pytest.raises(RegisterError, match="series 'cong_van': not a series of this register"):
        export_register(register, 2022, tmp_path / "so.docx", series="cong_van")
    rows = register.rows(2022, "chung")
    with pytest.raises(RegisterError, match=r"01/KH-UBND \(chung\) is of 2022, not 2023"):
        export(rows, register.co_quan, 2023, tmp_path / "so.docx")
    with pytest.raises(RegisterError, match="quyen_so: 0"):
        export(rows, register.co_quan, 2022, tmp_path / "so.docx", quyen_so=0)
    assert _files(tmp_path) == []


def _files(folder: Path) -> list[str]:
    """The files in ``folder`` besides the register's (so.db and SQLite's -wal, -shm)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("so.db"))


def _row(state: TrangThai, note: str) -> RegisterRow:
    return RegisterRow(
        "chung",
        2022,
        3,
        "03/KH-UBND",
        date(2022, 3, 1),
        "",
        "",
        "",
        "",
        None,
        None,
        "",
        note,
        state,
    )


def test_ghi_chu_marks_every_number_not_plainly_issued() -> None:
    assert ghi_chu(_row(TrangThai.DA_CAP, "")) == ""
    assert ghi_chu(_row(TrangThai.HUY, "")) == "Hủy"
    assert ghi_chu(_row(TrangThai.HUY, "trùng số")) == "Hủy: trùng số"
    assert ghi_chu(_row(TrangThai.HUY, "Hủy: trùng số")) == "Hủy: trùng số"
    assert ghi_chu(_row(TrangThai.THU_HOI, "sai thẩm quyền")) == "Thu hồi: sai thẩm quyền"
    assert ghi_chu(_row(TrangThai.GIU_SO, "")) == "Giữ số"


def test_a_control_character_is_refused_naming_it(tmp_path: Path) -> None:
    row = RegisterRow(
        "chung", 2022, 1, "01/KH-UBND", date(2022, 1, 3), "Kế hoạch\x07", "", "", "", None, None,
        "", "", TrangThai.DA_CAP,
    )  # fmt: skip
    co_quan = vb.CoQuan(ten="Ủy ban nhân dân xã Gia Lương", viet_tat="UBND", dia_danh="Gia Lương")
    with pytest.raises(RegisterError, match=r"'Kế hoạch\\x07': holds a character"):
        export([row], co_quan, 2022, tmp_path / "so.docx")
    assert not (tmp_path / "so.docx").exists()


# --- through LibreOffice -------------------------------------------------------------------------


def test_pdf_landscape_pages_with_the_header_on_every_page(
    register: Register, converter: PdfConverter, tmp_path: Path
) -> None:
    plan = _draft(EXAMPLES / "ke_hoach_cchc_2022.yaml")
    for day in range(20):  # enough lines for the table to run over two pages at least
        register.issue(plan, ngay=date(2022, 5, 2) + timedelta(days=day), so_ban=3)
    out = export_register(register, 2022, tmp_path / "so.pdf", series="chung", converter=converter)
    pages = PdfReader(out).pages
    assert all(page.mediabox.width > page.mediabox.height for page in pages)
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, len(pages) + 1)
    ]
    assert TIEU_DE in texts[0] and TIEU_DE in texts[1]  # the cover and the first page
    table_pages = texts[2:]
    assert len(table_pages) >= 2
    for number, text in enumerate(table_pages, start=1):
        assert "Số, ký hiệu" in text and "(10)" in text, f"table page {number}: no header"
        assert text.split()[0] == str(number)  # numbered from 1 at the top
    numbers = re.findall(r"\b(\d\d)/KH-", "".join(table_pages))
    assert numbers == [f"{n:02d}" for n in range(1, 34) if n != 13]  # 13 is reserved: no ký hiệu


@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=8))
def test_sheet_names_excel_accepts(names: list[str]) -> None:
    """Whatever the series are called, each book gets a sheet name Excel accepts (at most 31
    characters, none of []:*?/\\, no apostrophe first or last), unique without regard to case."""
    co_quan = vb.CoQuan(ten="Ủy ban nhân dân xã Gia Lương", viet_tat="UBND", dia_danh="Gia Lương")
    used: set[str] = set()
    made = [_sheet_name(Book(co_quan, 2022, name, ()), used) for name in names]
    assert all(1 <= len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in made)
    assert not any(name.startswith("'") or name.endswith("'") for name in made)
    assert len({name.casefold() for name in made}) == len(made)
