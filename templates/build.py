"""Build vanban's built-in .docx templates from code (templates as code).

    python templates/build.py            # writes src/vanban/templates/mau_1_2.docx, mau_1_4.docx …

One template per sample layout (Mẫu) of NĐ 30/2020, Phụ lục III, named after it ("mau_1_4.docx":
"văn bản có tên loại", the layout of 17 kinds); the kinds are data. Each layout is one assembly
function in ``LAYOUTS`` that calls the shared component builders (``header_block``,
``title_block``, ``kinh_gui_block``, ``body_block``, ``signature_block``), so a rule (a size, a
rule's length, keep-with-next) lives in one place. Every size and margin comes from
vanban.typeset.page, where each value cites its rule. Each component and each level of the
body tree is a named paragraph style, so a user restyles one level by editing one style in Word.
The output is byte-for-byte reproducible: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.enum.section import WD_HEADER_FOOTER, WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from vanban.models.thanh_phan import DoKhan, DoMat, PhamViLuuHanh
from vanban.typeset import page as L
from vanban.typeset.metrics import RULE_SIZE_PT, rule, text_width_pt

OUT_DIR = Path(__file__).resolve().parent.parent / "src" / "vanban" / "templates"
FIXED_TIME = datetime(2020, 3, 5, tzinfo=UTC)  # the day NĐ 30/2020 was signed

Doc = Any  # python-docx Document (the library ships no type hints)

# name: (size, bold, italic, alignment, first-line indent?, space after pt)
CENTER, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
STYLES: dict[str, tuple[float, bool, bool, int, bool, float]] = {
    "Quoc hieu": (L.SIZE_QUOC_HIEU, True, False, CENTER, False, 0),
    "Tieu ngu": (L.SIZE_TIEU_NGU, True, False, CENTER, False, 0),
    "Co quan chu quan": (L.SIZE_CO_QUAN, False, False, CENTER, False, 0),
    "Co quan": (L.SIZE_CO_QUAN, True, False, CENTER, False, 0),
    "So ky hieu": (L.SIZE_SO_KY_HIEU, False, False, CENTER, False, 0),
    "Dia danh ngay thang": (L.SIZE_DIA_DANH, False, True, CENTER, False, 0),
    "Ten loai": (L.SIZE_TEN_LOAI, True, False, CENTER, False, 0),
    "Trich yeu": (L.SIZE_TRICH_YEU, True, False, CENTER, False, 0),
    "Kinh gui": (L.SIZE_BODY, False, False, LEFT, False, 0),
    "Kinh gui muc": (L.SIZE_BODY, False, False, LEFT, False, 0),
    # "Kính gửi:" alone above its list, and the list's last line: the sample (Mẫu 1.5) sets the
    # label and the lines close together, the body apart from the last (as after one recipient)
    "Kinh gui tieu de": (L.SIZE_BODY, False, False, LEFT, False, 0),
    "Kinh gui muc cuoi": (L.SIZE_BODY, False, False, LEFT, False, 0),
    "Can cu": (L.SIZE_BODY, False, True, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    # Mẫu 1.1-1.3: the authority line and "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:", bold, centred, own lines
    "Tham quyen": (L.SIZE_BODY, True, False, CENTER, False, L.BODY_SPACE_AFTER_PT),
    "Quyet": (L.SIZE_BODY, True, False, CENTER, False, L.BODY_SPACE_AFTER_PT),
    # Mẫu 1.3's attached text: "(Kèm theo Quyết định số … của …)", italic, centred, under trích yếu
    "Kem theo": (L.SIZE_TRICH_YEU, False, True, CENTER, False, 0),
    # Mẫu 2.1; Phụ lục I, mục III.1.b: "Phụ lục" and its number in lower case, and the title in
    # capitals, both bold, upright, centred, 14
    "Phu luc": (L.SIZE_TEN_LOAI, True, False, CENTER, False, 0),
    "Phu luc tieu de": (L.SIZE_TEN_LOAI, True, False, CENTER, False, 0),
    # "Chương I" and its title: own lines, centred, bold, 13-14 (Phụ lục I, mục II.6.đ)
    "Chuong": (L.SIZE_BODY, True, False, CENTER, False, 0),
    "Chuong tieu de": (L.SIZE_BODY, True, False, CENTER, False, L.BODY_SPACE_AFTER_PT),
    # "Điều 1. Title": bold, indented 1-1.27 cm, body size (mục II.6.đ)
    "Dieu": (L.SIZE_BODY, True, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    # "Điều 1." bold (a run) and the article's text in body type (Phụ lục III, Mẫu 1.1-1.3)
    "Dieu van ban": (L.SIZE_BODY, False, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    "Muc": (L.SIZE_BODY, True, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    "Khoan tieu de": (L.SIZE_BODY, True, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    "Khoan": (L.SIZE_BODY, False, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    "Diem": (L.SIZE_BODY, False, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    "Doan": (L.SIZE_BODY, False, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    "Y": (L.SIZE_BODY, False, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
    # Tables of the body (vanban.render.bang): the title above, bold and centred, kept with the
    # table; cells at 13, the low end of the body's 13-14 (mục II.6.e), a point under the text
    # so that figures fit their columns; header cells bold and centred.
    "Bang tieu de": (L.SIZE_BODY, True, False, CENTER, False, L.BODY_SPACE_AFTER_PT),
    "Bang dau": (L.SIZE_BANG, True, False, CENTER, False, 0),
    "Bang o": (L.SIZE_BANG, False, False, LEFT, False, 0),
    "Noi nhan tieu de": (L.SIZE_NOI_NHAN_TITLE, True, True, LEFT, False, 0),
    "Noi nhan": (L.SIZE_NOI_NHAN, False, False, LEFT, False, 0),
    "Chuc vu ky": (L.SIZE_CHU_KY, True, False, CENTER, False, 0),
    "Cho ky": (L.SIZE_CHU_KY, False, False, CENTER, False, 0),
    "Ho ten ky": (L.SIZE_CHU_KY, True, False, CENTER, False, 0),
    "So trang": (L.SIZE_PAGE_NUMBER, False, False, CENTER, False, 0),
    "Duong ke": (RULE_SIZE_PT, False, False, CENTER, False, 0),
    # ô 13 in page 1's footer, any kind: lower case, 11-12, upright (Phụ lục I, mục III.4)
    "Lien he": (L.SIZE_LIEN_HE, False, False, JUSTIFY, False, 0),
    # ô 10a, 10b, 11: bold capitals in a single-line box (Phụ lục I, mục III.2); red: "Dau chi do"
    "Dau chi": (L.SIZE_DAU_CHI, True, False, CENTER, False, 0),
    "Dau chi do": (L.SIZE_DAU_CHI, True, False, CENTER, False, 0),
}


def set_fonts(rpr: object) -> None:
    """Name Times New Roman for every script explicitly: no theme font (ND30, Phụ lục I, I.4)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), L.FONT)


def define_styles(doc: Doc) -> None:
    styles = doc.styles
    # Document defaults: Times New Roman 14, Vietnamese, no theme fonts anywhere.
    rpr_default = (
        styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    set_fonts(rpr_default)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    for fonts in styles.element.iter(qn("w:rFonts")):
        for attr in [a for a in fonts.attrib if "Theme" in a or "theme" in a]:
            del fonts.attrib[attr]
    normal = styles["Normal"]
    normal.font.name = L.FONT
    normal.font.size = Pt(L.SIZE_BODY)
    set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = L.BODY_LINE_SPACING
    # Widow and orphan control on every paragraph: never one line of a paragraph alone at the foot
    # or the head of a page (typesetting practice; NĐ 30/2020 is silent on page breaks).
    normal.paragraph_format.widow_control = True
    add_styles(doc, STYLES)
    paginate(styles)
    # Rules are low lines ("_") at a small size, right under the text above them (as Mẫu 1.4).
    styles["Duong ke"].paragraph_format.space_after = Pt(6)
    styles["Ten loai"].paragraph_format.space_before = Pt(18)
    styles["So ky hieu"].paragraph_format.space_before = Pt(6)
    styles["Dia danh ngay thang"].paragraph_format.space_before = Pt(6)
    styles["Noi nhan tieu de"].paragraph_format.space_before = Pt(1)  # level with ô 7a
    # A chương opens a new part of the text: 12 pt above it, twice the space between paragraphs
    # (at least 6 pt, Phụ lục I, mục II.6.e), so its two centred lines stand apart from the text
    # before (LibreOffice keeps the larger of this and the 6 pt after the paragraph above, Word
    # adds them: 12 or 18 pt, apart either way).
    styles["Bang tieu de"].paragraph_format.keep_with_next = True
    styles["Chuong"].paragraph_format.space_before = Pt(2 * L.BODY_SPACE_AFTER_PT)
    indent = Cm(L.KINH_GUI_INDENT_CM)
    colon = Pt(text_width_pt("Kính gửi", L.SIZE_BODY))
    styles["Tham quyen"].paragraph_format.space_before = Pt(12)
    styles["Quyet"].paragraph_format.space_before = Pt(6)
    styles["Kinh gui"].paragraph_format.left_indent = indent
    styles["Kinh gui"].paragraph_format.space_before = Pt(12)
    styles["Kinh gui"].paragraph_format.space_after = Pt(6)
    styles["Kinh gui muc"].paragraph_format.left_indent = indent + colon
    styles["Kinh gui muc"].paragraph_format.space_after = Pt(0)
    styles["Kinh gui tieu de"].paragraph_format.left_indent = indent
    styles["Kinh gui tieu de"].paragraph_format.space_before = Pt(12)
    styles["Kinh gui tieu de"].paragraph_format.keep_with_next = True
    styles["Kinh gui muc cuoi"].base_style = styles["Kinh gui muc"]
    styles["Kinh gui muc cuoi"].paragraph_format.left_indent = indent + colon
    styles["Kinh gui muc cuoi"].paragraph_format.space_after = Pt(6)
    styles["Dau chi"].paragraph_format.space_before = Pt(6)
    styles["Dau chi do"].base_style = styles["Dau chi"]
    styles["Dau chi do"].font.color.rgb = RGBColor.from_string(L.DAU_CHI_COLOR)


def add_styles(doc: Doc, specs: dict[str, tuple[float, bool, bool, int, bool, float]]) -> None:
    """Add one paragraph style per entry of ``specs`` (as ``STYLES``), based on Normal."""
    styles = doc.styles
    for name, (size, bold, italic, align, indent, after) in specs.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
        style.font.name = L.FONT
        set_fonts(style.element.get_or_add_rPr())
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = L.BODY_LINE_SPACING
        fmt.first_line_indent = Cm(L.BODY_FIRST_LINE_INDENT_CM) if indent else Cm(0)


# Headings stay with the first lines of what follows them and are never split over two pages.
HEADINGS = (
    "Chuong",
    "Chuong tieu de",
    "Dieu",
    "Muc",
    "Khoan tieu de",
    "Tham quyen",
    "Quyet",
    "Phu luc",
    "Phu luc tieu de",
)
# The body's last paragraph, whatever its level, has a "... cuoi" style: its level's style (based
# on it, so restyling the level restyles it) kept with the next paragraph, so that at least its
# last lines (two, by widow control) share the signature's page. A mục or khoản title needs none:
# it is kept with the next paragraph already.
LAST_STYLES = {
    "Khoan cuoi": "Khoan",
    "Diem cuoi": "Diem",
    "Y cuoi": "Y",
    "Doan cuoi": "Doan",
    "Dieu van ban cuoi": "Dieu van ban",
}
# In the signature's cells, each title keeps with the lines under it; the row never splits.
SIGNATURE_TITLES = ("Noi nhan tieu de", "Chuc vu ky", "Cho ky")


def paginate(styles: Any) -> None:
    """Page-break rules: no heading at a page's foot, no signature block alone on a page.

    A văn thư does not sign a page that holds the signature block and nothing of the text it
    signs, nor lets a title end a page (typesetting practice; NĐ 30/2020 is silent on page
    breaks). Each rule is a paragraph property of a named style, so Word and LibreOffice apply
    it as the text reflows.
    """
    for name in HEADINGS:
        styles[name].paragraph_format.keep_with_next = True
        styles[name].paragraph_format.keep_together = True
    for name, level in LAST_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[level]
        style.quick_style = True
        style.paragraph_format.keep_with_next = True
    for name in SIGNATURE_TITLES:
        styles[name].paragraph_format.keep_with_next = True


def para(container: Doc | _Cell, text: str, style: str) -> Paragraph:
    return container.add_paragraph(text, style=style)


def borderless(table: Table, widths_mm: tuple[float, float]) -> None:
    """A fixed-width table with no borders, as the samples of Phụ lục III build header and signature."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # CT_TblPr is a sequence (ECMA-376 Part 1, §17.4.60): tblBorders goes before shd, tblLayout
    # (already there: autofit = False writes it), tblCellMar and tblLook.
    tbl_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def fill(cell: _Cell, build: Callable[[_Cell], None]) -> None:
    """Replace a new cell's empty paragraph with the content ``build`` adds."""
    first = cell.paragraphs[0]
    build(cell)
    first._p.getparent().remove(first._p)


def loop(cell: Doc | _Cell, header: str, body: str, style: str) -> None:
    """A docxtpl paragraph loop: one ``style`` paragraph per item."""
    para(cell, "{%p " + header + " %}", style)
    para(cell, body, style)
    para(cell, "{%p endfor %}", style)


def page_number_header(doc: Doc) -> None:
    """Page numbers centred in the top margin, none on page 1 (NĐ 30/2020, Phụ lục I, mục I.7)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.style = doc.styles["So trang"]
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    section.first_page_header.paragraphs[0].style = doc.styles["So trang"]


def lead_in(doc: Doc) -> Paragraph:
    """An empty paragraph, 1 pt high, before the header table.

    LibreOffice (7.4) fails to honour keep-with-next on later pages of a document whose body
    starts with a table: at some page positions a heading was left at a page's foot, while the
    same page laid out after a paragraph kept it with its text
    (tests/test_pdf_layout.py::test_no_heading_ends_a_page_and_the_signature_keeps_the_body).
    The paragraph moves the header down by 1 pt.
    """
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    return paragraph


def box(
    paragraph: Paragraph,
    width_mm: float,
    room_mm: float,
    offset_mm: float = 0.0,
    color: str = "auto",
    after_mm: float = 0.0,
) -> None:
    """Draw a single-line rectangle ``width_mm`` wide and about 8 mm high around ``paragraph``,
    centred in ``room_mm`` that starts ``offset_mm`` from the paragraph's left edge and ends
    ``after_mm`` before its right edge (NĐ 30/2020, Phụ lục I, mục III.2: "khung hình chữ
    nhật viền đơn"); the paragraph's four borders, its indents setting the width."""
    side = (room_mm - width_mm) / 2
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(offset_mm + side)
    fmt.right_indent = Mm(side + after_mm)
    # 13 pt capitals are about 4.6 mm high: the rest of the 8 mm is the space inside the box
    inside_pt = max(0.0, (L.DAU_CHI_HEIGHT_MM - 4.6) / 2 * 72 / 25.4)
    border = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        space = round(inside_pt) if edge in ("top", "bottom") else 0
        for key, value in (("val", "single"), ("sz", "8"), ("space", str(space))):
            element.set(qn(f"w:{key}"), value)
        element.set(qn("w:color"), color)
        border.append(element)
    # CT_PPr is a sequence (ECMA-376 Part 1, §17.3.1.26): pBdr before shd, tabs, spacing, ind, jc.
    paragraph.paragraph_format.element.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )


def mark_width_mm(text: str) -> float:
    """A mark's box: the text and some room each side (the decree sizes only độ khẩn's)."""
    return text_width_pt(text, L.SIZE_DAU_CHI, bold=True) * 25.4 / 72 + 2 * L.DAU_CHI_PADDING_MM


def marks(
    container: Doc | _Cell,
    name: str,
    members: list[tuple[str, str, float]],
    style: str,
    room_mm: float,
    offset_mm: float = 0.0,
    after_mm: float = 0.0,
) -> None:
    """One boxed paragraph per value of the context's ``name`` (its slug), each box sized for
    its text: ``members`` are (slug, printed text, width in mm); the boxes are centred in
    ``room_mm``, ``offset_mm`` from the left edge and ``after_mm`` from the right (``box``)."""
    for index, (slug, text, width) in enumerate(members):
        keyword = "if" if index == 0 else "elif"
        para(container, "{%p " + f"{keyword} {name} == {slug!r}" + " %}", style)
        color = L.DAU_CHI_COLOR if style == "Dau chi do" else "auto"  # the stamp's red ink
        box(para(container, text, style), width, room_mm, offset_mm, color, after_mm)
    para(container, "{%p endif %}", style)


def pham_vi_block(header: Any, condition: str) -> None:
    """ô 11, phạm vi lưu hành, boxed in the top margin of page 1, centred over the Quốc hiệu.

    Where: NĐ 30/2020, Phụ lục I, mục III.2.c places the "chỉ dẫn về phạm vi lưu hành" "tại ô số
    11 Mục IV Phần I Phụ lục này" (and mục III.2.a the "tài liệu thu hồi" stamp there too); the
    text gives no position, the diagram of mục IV.2 ("Sơ đồ") does: box 11 stands above box 1
    (Quốc hiệu and Tiêu ngữ), outside the text area, in the 20-25 mm top margin, beside box 14.
    So ô 11 is page 1's header (the margin), not a row of the header table: the Quốc hiệu stays
    level with the issuing body's name, with or without it. The box is 8 mm high and sits from
    the header distance (10 mm) down, inside the 20 mm margin; no space before it there. Without
    a mark, page 1's header keeps its one empty paragraph (no page number on page 1, mục I.7).
    The mark prints when ``condition`` holds: ``sections`` gives page 1 two headers, as it does
    two footers for ô 13, so that no Phụ lục's first page repeats it.
    """
    empty = header.paragraphs[0]
    empty.style = "So trang"
    members = [(m.value, m.nhan, mark_width_mm(m.nhan)) for m in PhamViLuuHanh]
    room = L.HEADER_RIGHT_MM - 2 * L.CELL_MARGIN_MM
    # the room of the Quốc hiệu: the header table's right cell less its cell margins
    offset = L.HEADER_LEFT_MM + L.CELL_MARGIN_MM
    para(header, "{%p if " + condition + " %}", "So trang")
    marks(header, "pham_vi_luu_hanh", members, "Dau chi", room, offset, L.CELL_MARGIN_MM)
    para(header, "{%p else %}", "So trang")
    header._element.append(empty._p)  # the empty paragraph, only when there is no mark
    para(header, "{%p endif %}", "So trang")
    for paragraph in header.paragraphs:
        paragraph.paragraph_format.space_before = Pt(0)


def header_block(
    doc: Doc, *, numbered: bool = True, v_v: bool = False, date_line: bool = True
) -> None:
    """ô 1-4: issuing body and national title side by side, then số ký hiệu and the date line.

    Without ``numbered``, no Số and no date: the header of a text issued with a Quyết định
    (NĐ 30/2020, Phụ lục III, Mẫu 1.3, the attached text). With ``v_v`` (Công văn, Mẫu 1.5) the
    left cell holds "V/v" and the trích yếu under Số (ô 5b; NĐ 30/2020, Phụ lục I, mục II.5.b),
    style "Trich yeu cong van". Without ``date_line``, Số and no place-and-date line: the cell
    beside Số stays empty (Biên bản, Phụ lục III, Mẫu 1.9).
    """
    table = doc.add_table(rows=2 if numbered else 1, cols=2)
    borderless(table, (L.HEADER_LEFT_MM, L.HEADER_RIGHT_MM))

    def agency(cell: _Cell) -> None:
        loop(cell, "for dong in co_quan.chu_quan", "{{ dong }}", "Co quan chu quan")
        loop(cell, "for dong in co_quan.dong", "{{ dong }}", "Co quan")
        para(cell, "{{ duong_ke.co_quan }}", "Duong ke")

    def national(cell: _Cell) -> None:
        para(cell, L.QUOC_HIEU, "Quoc hieu")
        para(cell, L.TIEU_NGU, "Tieu ngu")
        para(cell, rule(text_width_pt(L.TIEU_NGU, L.SIZE_TIEU_NGU, bold=True)), "Duong ke")

    fill(table.cell(0, 0), agency)
    fill(table.cell(0, 1), national)
    if not numbered:
        return

    def number(cell: _Cell) -> None:
        para(cell, "Số: {{ so_ky_hieu }}", "So ky hieu")
        if v_v:
            para(cell, "{{ v_v }}", "Trich yeu cong van")
        # ô 10a, then ô 10b, under Số (under V/v in a Công văn): Phụ lục I, mục III.2.a-b, IV
        room = L.HEADER_LEFT_MM - 2 * L.CELL_MARGIN_MM
        mat = [(m.value, m.nhan, mark_width_mm(m.nhan)) for m in DoMat]
        marks(cell, "do_mat", mat, "Dau chi do", room)
        # độ khẩn's stamps have the decree's widths; each text fits in its own (checked by a test)
        khan = [(m.value, m.nhan, m.rong_mm) for m in DoKhan]
        marks(cell, "do_khan", khan, "Dau chi do", room)

    fill(table.cell(1, 0), number)
    if date_line:
        fill(
            table.cell(1, 1), lambda c: para(c, "{{ dia_danh_ngay_thang }}", "Dia danh ngay thang")
        )
    else:
        table.cell(1, 1).paragraphs[0].style = doc.styles["Dia danh ngay thang"]


def title_block(doc: Doc, *, trich_yeu: bool = True) -> None:
    """ô 5a: tên loại, trích yếu and the short rule under it; without ``trich_yeu`` (Mẫu 1.8,
    Giấy giới thiệu, and Mẫu 1.10, Giấy nghỉ phép, have none) the rule goes under the tên loại,
    2/5 of its length (``duong_ke.ten_loai``; Phụ lục I, mục II.5.b)."""
    para(doc, "{{ ten_loai }}", "Ten loai")
    if trich_yeu:
        para(doc, "{{ trich_yeu }}", "Trich yeu")
    para(doc, "{{ duong_ke.trich_yeu }}" if trich_yeu else "{{ duong_ke.ten_loai }}", "Duong ke")


def kinh_gui_block(doc: Doc) -> None:
    """ô 9a: "Kính gửi:" with one recipient on its line, or several one per line.

    As in the sample of Mẫu 1.5: a "Kính gửi:" standing above its list is set close to it (no
    space after, kept with it) and the body starts 6 pt below the list's last line, as it does
    below a one-recipient line.
    """
    para(doc, "{%p if kinh_gui|length == 1 %}", "Kinh gui")
    para(doc, "Kính gửi: {{ kinh_gui[0] }}", "Kinh gui")
    para(doc, "{%p elif kinh_gui %}", "Kinh gui")
    para(doc, "Kính gửi:", "Kinh gui tieu de")
    para(doc, "{%p for dong in kinh_gui %}", "Kinh gui muc")
    para(doc, "{%p if loop.last %}", "Kinh gui muc cuoi")
    para(doc, "{{ dong }}", "Kinh gui muc cuoi")
    para(doc, "{%p else %}", "Kinh gui muc")
    para(doc, "{{ dong }}", "Kinh gui muc")
    para(doc, "{%p endif %}", "Kinh gui muc")
    para(doc, "{%p endfor %}", "Kinh gui muc")
    para(doc, "{%p endif %}", "Kinh gui")


BODY_LEVELS = (
    ("chuong", "Chuong"),
    ("chuong_tieu_de", "Chuong tieu de"),
    ("dieu", "Dieu"),
    ("dieu_van_ban", "Dieu van ban"),
    ("muc", "Muc"),
    ("khoan_tieu_de", "Khoan tieu de"),
    ("khoan", "Khoan"),
    ("diem", "Diem"),
    ("y", "Y"),
)


def can_cu_block(doc: Doc) -> None:
    """Căn cứ: italic lines, ";" and the last "." written by the model (Phụ lục I, mục II.6.a)."""
    loop(doc, "for dong in can_cu", "{{ dong }}", "Can cu")


def dieu_van_ban(doc: Doc, style: str) -> None:
    """An article with text: "Điều 1." a bold run, the text in body type (Mẫu 1.1-1.3)."""
    paragraph = para(doc, "", style)
    paragraph.add_run("{{ doan.so }}").bold = True
    paragraph.add_run(" {{ doan.van_ban }}")


def body_block(doc: Doc, *, source: str = "noi_dung", can_cu: bool = True) -> None:
    """Căn cứ lines (unless ``can_cu`` is false: Mẫu 1.2 places them itself, Mẫu 1.5 has none),
    then ô 6: the numbered body from the context's
    ``source`` list, one named style per level.

    The last paragraph (Jinja's ``loop.last``) takes its level's "... cuoi" style, kept with the
    signature block (see ``paginate``).
    """
    if can_cu:
        can_cu_block(doc)
    para(doc, "{%p for doan in " + source + " %}", "Doan")
    # the paragraph's kind read once, not once per branch: a sandboxed attribute read costs
    # more than a comparison (docs/performance.md)
    para(doc, "{%p set kieu = doan.kieu %}", "Doan")
    bang_block(doc)
    branches: list[tuple[str, str]] = []
    for kieu, style in BODY_LEVELS:
        test = "kieu == '" + kieu + "'"
        if style not in HEADINGS:
            branches.append((test + " and loop.last", style + " cuoi"))
        branches.append((test, style))
    branches.append(("loop.last", "Doan cuoi"))
    for test, style in branches:
        para(doc, "{%p elif " + test + " %}", style)
        if style.startswith("Dieu van ban"):
            dieu_van_ban(doc, style)
        else:
            para(doc, "{{ doan.dong }}", style)
    para(doc, "{%p else %}", "Doan")
    para(doc, "{{ doan.dong }}", "Doan")
    para(doc, "{%p endif %}", "Doan")
    para(doc, "{%p endfor %}", "Doan")


def bang_block(doc: Doc) -> None:
    """A table of the body (``doan.kieu == 'bang'``): its title, then the table that the
    ``bang_xml`` filter builds from the data in place of the ``{{p ...}}`` paragraph (header
    rows repeated on every page, rows never split; vanban.render.bang). Opens the body loop's
    ``if``; the level branches follow as ``elif``."""
    para(doc, "{%p if kieu == 'bang' %}", "Doan")
    para(doc, "{%p if doan.van_ban %}", "Bang tieu de")
    para(doc, "{{ doan.van_ban }}", "Bang tieu de")
    para(doc, "{%p endif %}", "Bang tieu de")
    para(doc, "{{p doan.bang | bang_xml }}", "Doan")


def recipients_column(cell: _Cell) -> None:
    """ô 9b: "Nơi nhận:" and its lines, the archive line last (Phụ lục I, mục II.9)."""
    para(cell, "Nơi nhận:", "Noi nhan tieu de")
    loop(cell, "for dong in noi_nhan", "{{ dong }}", "Noi nhan")


def signer_column(cell: _Cell, source: str = "chu_ky") -> None:
    """ô 7a-7c: the authority and title lines of the context's ``source`` (``dong``), room for
    the signature and the seal, and the name (``ho_ten``), bold (Phụ lục I, mục II.7)."""
    loop(cell, f"for dong in {source}.dong", "{{ dong }}", "Chuc vu ky")
    for _ in range(4):  # room for the signature and the seal (ô 7c, ô 8)
        para(cell, "", "Cho ky")
    para(cell, "{{ " + source + ".ho_ten }}", "Ho ten ky")


def cant_split(row: Any) -> None:
    """A table row that is never split over two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def signature_block(doc: Doc) -> None:
    """ô 9b (Nơi nhận) on the left, level with ô 7a-7b (authority, title, name) on the right."""
    spacer = para(doc, "", "Doan")
    spacer.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    borderless(table, (L.SIGN_LEFT_MM, L.SIGN_RIGHT_MM))
    cant_split(table.rows[0])  # the signature block is never split over two pages
    fill(table.cell(0, 0), recipients_column)
    fill(table.cell(0, 1), signer_column)


def tag_row(table: Table, tag: str) -> None:
    """A row holding one docxtpl ``{%tr … %}`` tag, which stands for the row in the output."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    merged.paragraphs[0].text = "{%tr " + tag + " %}"


def signature_columns_block(doc: Doc, source: str = "cot_ky") -> None:
    """Signature columns two per row, then Nơi nhận under the left column (Biên bản, Phụ lục
    III, Mẫu 1.9: THƯ KÝ left, CHỦ TỌA right, Nơi nhận under the Thư ký).

    The context's ``source`` is a list of rows, each one or two columns ``{dong, ho_ten}``
    (``signer_column``); a row of one column is centred across the table (the third signer of a
    three-party record). The model pads the title lines of a row's two columns to the same
    count, so that their names stand level. Each row is never split; every title keeps with the lines under it, and
    the paragraph before the table keeps with it, so the signatures never start a page alone.
    """
    spacer = para(doc, "", "Doan")
    spacer.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=0, cols=2)
    borderless(table, (L.SIGN_LEFT_MM, L.SIGN_RIGHT_MM))
    tag_row(table, f"for hang in {source}")
    tag_row(table, "if hang|length == 2")

    def column(source: str) -> Callable[[_Cell], None]:
        def build(cell: _Cell) -> None:
            # a row after the first stands a line below the names above it
            para(cell, "{%p if not loop.first %}", "Cho ky")
            para(cell, "", "Cho ky")
            para(cell, "{%p endif %}", "Cho ky")
            signer_column(cell, source)

        return build

    pair = table.add_row()
    cant_split(pair)
    fill(pair.cells[0], column("hang[0]"))
    fill(pair.cells[1], column("hang[1]"))
    tag_row(table, "else")
    alone = table.add_row()
    cant_split(alone)
    fill(alone.cells[0].merge(alone.cells[1]), column("hang[0]"))
    tag_row(table, "endif")
    tag_row(table, "endfor")
    recipients = table.add_row()
    fill(recipients.cells[0], recipients_column)


def page_setup(doc: Doc) -> None:
    """A4 portrait with ND30's margins (NĐ 30/2020, Phụ lục I, mục I.1-3)."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(L.PAGE_WIDTH_MM)
    section.page_height = Mm(L.PAGE_HEIGHT_MM)
    section.top_margin = Mm(L.MARGIN_TOP_MM)
    section.bottom_margin = Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(L.MARGIN_LEFT_MM)
    section.right_margin = Mm(L.MARGIN_RIGHT_MM)
    section.header_distance = Mm(L.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(L.HEADER_DISTANCE_MM)


def build_mau_1_4(doc: Doc) -> None:
    """Mẫu 1.4, "văn bản có tên loại": header, tên loại and trích yếu, Kính gửi (ô 9a; renders
    nothing when ``kinh_gui`` is empty: only Tờ trình and Báo cáo sent upward carry it, Phụ lục
    I, mục II.9.b), căn cứ and body, then Nơi nhận and the signature."""
    header_block(doc)
    title_block(doc)
    kinh_gui_block(doc)
    body_block(doc)
    signature_block(doc)


def tham_quyen_block(doc: Doc) -> None:
    """Mẫu 1.1-1.3: the authority line in bold capitals, căn cứ, "Theo đề nghị của … ." (a
    Quyết định's, italic like the căn cứ) and the bold centred "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:"."""
    para(doc, "{{ tham_quyen }}", "Tham quyen")
    can_cu_block(doc)
    para(doc, "{%p if theo_de_nghi %}", "Can cu")
    para(doc, "{{ theo_de_nghi }}", "Can cu")
    para(doc, "{%p endif %}", "Can cu")
    para(doc, "{{ quyet }}", "Quyet")


def kem_theo_content(doc: Doc) -> None:
    """Mẫu 1.3's attached text (the context's ``kem_theo``): the header without Số and date,
    its tên loại and trích yếu, the italic "(Kèm theo Quyết định số …)" line and a rule, then
    its body; no signature (NĐ 30/2020, Phụ lục III, Mẫu 1.3, "Mẫu văn bản (được ban hành, phê
    duyệt kèm theo quyết định)")."""
    header_block(doc, numbered=False)
    para(doc, "{{ kem_theo.ten_loai }}", "Ten loai")
    para(doc, "{{ kem_theo.trich_yeu }}", "Trich yeu")
    para(doc, "{{ kem_theo.dong }}", "Kem theo")
    para(doc, "{{ duong_ke.kem_theo }}", "Duong ke")
    body_block(doc, source="kem_theo.noi_dung", can_cu=False)


def kem_theo_block(doc: Doc) -> None:
    """Mẫu 1.3's attached text in the decision's file, when the context has ``kem_theo``: on a
    new page after the signature (``kem_theo_content``), continuing the decision's page
    numbers."""
    para(doc, "{%p if kem_theo %}", "Doan")
    lead_in(doc).paragraph_format.page_break_before = True
    kem_theo_content(doc)
    para(doc, "{%p endif %}", "Doan")


def build_mau_1_3_kem_theo(doc: Doc) -> None:
    """Mẫu 1.3's attached text as a file of its own (``vb.render(..., kem_theo_rieng=True)``):
    the same content as in the decision's file (``kem_theo_content``), starting on page 1 with
    its own page numbers, none on page 1 (Phụ lục I, mục I.7).

    The decree's sample of this form ("đối với văn bản điện tử", the attached text "không cùng
    tệp tin" with the decision) adds, top right of page 1, the issuing body's digital signature
    with the decision's number and the signing time in 10 pt (Phụ lục I, mục II.8.b): the văn
    thư's signing tool writes it when signing, so the template leaves it out. The "(Kèm theo …)"
    line is filled as for a paper text; for an electronic one the decree does not require it
    (Mẫu 1.3, note 2 of the attached text's sample).
    """
    kem_theo_content(doc)


def phu_luc_block(doc: Doc, first_page: tuple[str, str]) -> None:
    """Mẫu 2.1: each Phụ lục of the context's ``phu_luc``, a section of its own after the
    document: "Phụ lục" (and its Roman number), the title in bold capitals, the italic "(Kèm
    theo …)" line and a rule, then its content, tables included (NĐ 30/2020, Phụ lục III, Mẫu
    2.1).

    "Số trang của Phụ lục được đánh số riêng theo từng Phụ lục" (Phụ lục I, mục III.1.đ): each
    Phụ lục starts on a new page with its page numbers from 1, its first page unnumbered and its
    later ones numbered at the top centre, as the document's own (mục I.7). A paragraph-level
    ``w:sectPr`` ends a section and holds that section's properties; the body's last one holds
    the last section's. So each Phụ lục is preceded by a 1 pt paragraph ending the section
    before it: for the first, the document's own section (``loop.first``: numbered on from 1, ô
    13 on its first page); for the others, the Phụ lục before (numbering restarts, no ô 13). The
    body's final ``w:sectPr`` (see ``sections``) serves the last Phụ lục, or the document when it
    has none: it restarts numbering at 1, which the first section does anyway. A document without
    Phụ lục keeps one section.
    """
    final = doc.element.body.sectPr
    para(doc, "{%p for pl in phu_luc %}", "Doan")
    para(doc, "{%p if loop.first %}", "Doan")
    section_end(doc, own_section(final, first_page))
    para(doc, "{%p else %}", "Doan")
    section_end(doc, copy.deepcopy(final))
    para(doc, "{%p endif %}", "Doan")
    para(doc, "{{ pl.so }}", "Phu luc")
    para(doc, "{{ pl.tieu_de }}", "Phu luc tieu de")
    para(doc, "{{ pl.kem_theo }}", "Kem theo")
    para(doc, "{{ duong_ke.phu_luc[loop.index0] }}", "Duong ke")
    body_block(doc, source="pl.noi_dung", can_cu=False)
    para(doc, "{%p endfor %}", "Doan")


def section_end(doc: Doc, sect_pr: Any) -> None:
    """A 1 pt empty paragraph that ends a section, whose properties ``sect_pr`` holds."""
    paragraph = lead_in(doc)
    paragraph._p.set_sectPr(sect_pr)


def own_section(final: Any, first_page: tuple[str, str]) -> Any:
    """The document's own section when Phụ lục follow it: the body's final ``w:sectPr`` without
    the restart (the first section is numbered from 1 anyway), its first page's header and footer
    ``first_page`` (relationship ids), the ones holding ô 11 and ô 13 whenever the data has them
    (see ``sections``)."""
    sect_pr = copy.deepcopy(final)
    for element in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(element)
    header, footer = first_page
    sect_pr.get_headerReference(WD_HEADER_FOOTER.FIRST_PAGE).set(qn("r:id"), header)
    sect_pr.get_footerReference(WD_HEADER_FOOTER.FIRST_PAGE).set(qn("r:id"), footer)
    return sect_pr


def build_mau_1_2(doc: Doc) -> None:
    """Mẫu 1.2 (and 1.1, 1.3), the documents whose content is articles: header, tên loại and
    trích yếu, the authority line, căn cứ, "Theo đề nghị của", "QUYẾT ĐỊNH:" (``quyet``:
    "QUYẾT NGHỊ:" for a Nghị quyết, whose sample 1.1 is otherwise the same), the articles, Nơi
    nhận and the signature; then Mẫu 1.3's attached text when there is one."""
    header_block(doc)
    title_block(doc)
    tham_quyen_block(doc)
    body_block(doc, can_cu=False)
    signature_block(doc)
    kem_theo_block(doc)


# The style only Mẫu 1.5 uses (kept out of STYLES, so the other layouts' templates do not carry
# it): the "V/v" line under Số (mục II.5.b, ô 5b).
STYLES_MAU_1_5: dict[str, tuple[float, bool, bool, int, bool, float]] = {
    "Trich yeu cong van": (L.SIZE_TRICH_YEU_CONG_VAN, False, False, CENTER, False, 0),
}


def sections(doc: Doc) -> tuple[str, str]:
    """Page 1's header and footer and the section properties every layout shares (the body's
    final ``w:sectPr``): page numbering from 1 (``w:pgNumType``), ô 11 and ô 13 on page 1 only.

    Page 1's header holds ô 11 (``pham_vi_luu_hanh``; Phụ lục I, mục III.2.c, IV.2) and its
    footer ô 13 (``lien_he``; NĐ 30/2020, Điều 8.3.d; Phụ lục I, mục III.4). The body's final
    section is the document's own when it has no Phụ lục, and its last Phụ lục's when it has
    some (``phu_luc_block``); a Phụ lục's first page carries neither, and every section's
    first-page references are explicit (a section without one inherits the previous section's).
    So there are two first-page headers and two first-page footers: the final section's, whose
    marks print only when there is no Phụ lục, and the document's own section's when Phụ lục
    follow it, whose relationship ids (header, footer) this returns.
    """
    final = doc.sections[0]
    pham_vi_block(final.first_page_header, "pham_vi_luu_hanh and not phu_luc")
    header, header_id = doc.part.add_header_part()
    pham_vi_block(BlockItemContainer(header.element, header), "pham_vi_luu_hanh")
    lien_he_footer(final.first_page_footer, "lien_he and not phu_luc")
    footer, footer_id = doc.part.add_footer_part()
    lien_he_footer(BlockItemContainer(footer.element, footer), "lien_he")
    number = OxmlElement("w:pgNumType")
    number.set(qn("w:start"), "1")
    final._sectPr.insert_element_before(
        number,
        *("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection"),
        *("w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    )
    return str(header_id), str(footer_id)


def lien_he_footer(footer: Any, condition: str) -> None:
    """ô 13 in a first page's ``footer``, when ``condition`` holds, under a solid rule across the
    text area.

    NĐ 30/2020, Phụ lục I, mục III.4: address, e-mail, website, telephone and fax "ở trang thứ
    nhất", 11-12 pt, regular, "dưới một đường kẻ nét liền kéo dài hết chiều ngang của vùng trình
    bày văn bản". Page 1 has its own header and footer already (no page number on it, mục I.7);
    the rule is the paragraph's top border, as wide as the text area, ½ pt as in the decree's
    Word file of Mẫu 1.5. Otherwise the footer keeps one empty paragraph, 1 pt high, with no rule.
    """
    if getattr(footer, "is_linked_to_previous", False):
        footer.is_linked_to_previous = False
    old = list(footer.paragraphs)
    para(footer, "{%p if " + condition + " %}", "Lien he")
    line = para(footer, "{{ lien_he }}", "Lien he")
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "auto")):
        top.set(qn(f"w:{key}"), value)
    border.append(top)
    # CT_PPr is a sequence (ECMA-376 Part 1, §17.3.1.26): pBdr before shd, tabs, spacing, ind, jc.
    line.paragraph_format.element.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    para(footer, "{%p else %}", "Lien he")
    empty = para(footer, "", "Lien he")
    empty.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    empty.paragraph_format.line_spacing = Pt(1)
    para(footer, "{%p endif %}", "Lien he")
    for paragraph in old:
        paragraph._p.getparent().remove(paragraph._p)


def build_mau_1_5(doc: Doc) -> None:
    """Mẫu 1.5, Công văn: the header with "V/v …" under Số and no tên loại (mục II.5.b), Kính
    gửi (ô 9a, always there: mục II.9.b), the body (no căn cứ), Nơi nhận and the signature."""
    add_styles(doc, STYLES_MAU_1_5)
    doc.styles["Trich yeu cong van"].paragraph_format.space_before = Pt(L.V_V_SPACE_BEFORE_PT)
    header_block(doc, v_v=True)
    kinh_gui_block(doc)
    body_block(doc, can_cu=False)
    signature_block(doc)


# The styles only Mẫu 1.6 uses (kept out of STYLES, so the other layouts' templates do not carry
# them): the line "<tham quyền> điện:" centred, 14, regular, 6 pt above it, as the sample sets
# it; the recipients under it, 14, regular, justified, each 6 pt below the line before (the
# sample's), the last line 12 pt above the body (the sample leaves an empty line there).
STYLES_MAU_1_6: dict[str, tuple[float, bool, bool, int, bool, float]] = {
    "Dien": (L.SIZE_BODY, False, False, CENTER, False, 0),
    "Nhan dien": (L.SIZE_BODY, False, False, JUSTIFY, False, 0),
    "Nhan dien cuoi": (L.SIZE_BODY, False, False, JUSTIFY, False, 2 * L.BODY_SPACE_AFTER_PT),
}


def dien_block(doc: Doc) -> None:
    """Mẫu 1.6: the line "<tên cơ quan hoặc chức danh người đứng đầu> điện:" (note 6) and the
    recipients of the điện (note 7), one per line, "- …;", the last "." (the model writes them),
    indented as the sample's list (``L.NHAN_DIEN_INDENT_MM``); kept together and with the body."""
    add_styles(doc, STYLES_MAU_1_6)
    styles = doc.styles
    styles["Dien"].paragraph_format.space_before = Pt(12)
    styles["Nhan dien cuoi"].base_style = styles["Nhan dien"]
    for name in ("Dien", "Nhan dien", "Nhan dien cuoi"):
        fmt = styles[name].paragraph_format
        fmt.keep_with_next = True
        fmt.keep_together = True
        if name != "Dien":
            fmt.left_indent = Mm(L.NHAN_DIEN_INDENT_MM)
            fmt.space_before = Pt(L.BODY_SPACE_AFTER_PT)
    para(doc, "{{ dien }}", "Dien")
    para(doc, "{%p for dong in nhan_dien %}", "Nhan dien")
    para(doc, "{%p if loop.last %}", "Nhan dien cuoi")
    para(doc, "{{ dong }}", "Nhan dien cuoi")
    para(doc, "{%p else %}", "Nhan dien")
    para(doc, "{{ dong }}", "Nhan dien")
    para(doc, "{%p endif %}", "Nhan dien")
    para(doc, "{%p endfor %}", "Nhan dien")


def build_mau_1_6(doc: Doc) -> None:
    """Mẫu 1.6, Công điện: the header (the khẩn marks of ô 10b under Số, as on every layout),
    "CÔNG ĐIỆN" and the trích yếu with the rule under it (``title_block``), the line "… điện:"
    and the recipients (``dien_block``), the body (no căn cứ), Nơi nhận and the signature (NĐ
    30/2020, Phụ lục III, Mẫu 1.6)."""
    header_block(doc)
    title_block(doc)
    dien_block(doc)
    body_block(doc, can_cu=False)
    signature_block(doc)


def build_mau_1_7(doc: Doc) -> None:
    """Mẫu 1.7, Giấy mời: the header, "GIẤY MỜI" and the trích yếu (the meeting) with the rule
    under it (``title_block``), the invitation's lines as body paragraphs (14 pt, regular,
    justified, first line indented, as the sample's; the model writes them, "./." last), Nơi nhận
    and the signature (NĐ 30/2020, Phụ lục III, Mẫu 1.7)."""
    header_block(doc)
    title_block(doc)
    body_block(doc, can_cu=False)
    signature_block(doc)


STYLES_MAU_1_8: dict[str, tuple[float, bool, bool, int, bool, float]] = {
    # "<issuer> trân trọng giới thiệu:", centred, 14, regular, a line apart from the rule above
    # and the people below (Phụ lục III, Mẫu 1.8)
    "Gioi thieu": (L.SIZE_BODY, False, False, CENTER, False, L.GIOI_THIEU_SPACE_PT),
    # "Ông (bà) …": a body line kept with its "Chức vụ: …" (a person never split over two pages)
    "Nguoi gioi thieu": (L.SIZE_BODY, False, False, JUSTIFY, True, L.BODY_SPACE_AFTER_PT),
}


def build_mau_1_8(doc: Doc) -> None:
    """Mẫu 1.8, Giấy giới thiệu: the header, "GIẤY GIỚI THIỆU" and the rule under it, no trích
    yếu (``title_block(trich_yeu=False)``); the issuer's line "… trân trọng giới thiệu:" centred
    (style "Gioi thieu"); each person's two lines, "Ông (bà) …" kept with its "Chức vụ: …"
    (style "Nguoi gioi thieu"); the other lines as body paragraphs (14 pt, regular, justified,
    first line indented; the model writes them, "./." last); Nơi nhận ("- Như trên;", "- Lưu:
    VT.") and the signature (NĐ 30/2020, Phụ lục III, Mẫu 1.8)."""
    add_styles(doc, STYLES_MAU_1_8)
    doc.styles["Gioi thieu"].paragraph_format.space_before = Pt(L.GIOI_THIEU_SPACE_PT)
    doc.styles["Gioi thieu"].paragraph_format.keep_with_next = True
    doc.styles["Nguoi gioi thieu"].paragraph_format.keep_with_next = True
    header_block(doc)
    title_block(doc, trich_yeu=False)
    para(doc, "{{ dong_gioi_thieu }}", "Gioi thieu")
    para(doc, "{%p for nguoi in gioi_thieu %}", "Doan")
    para(doc, "{{ nguoi.dong }}", "Nguoi gioi thieu")
    para(doc, "{{ nguoi.dong_chuc_vu }}", "Doan")
    para(doc, "{%p endfor %}", "Doan")
    body_block(doc, can_cu=False)
    signature_block(doc)


def build_mau_1_9(doc: Doc) -> None:
    """Mẫu 1.9, Biên bản: the header without the place-and-date line, "BIÊN BẢN" and the
    meeting's name with the rule under it (``title_block``), the labelled lines, the course of
    the meeting and the closing line "… kết thúc vào …./." as body paragraphs (14 pt, justified,
    first line indented, as the sample's; the last kept with the signatures), then the signature
    columns, THƯ KÝ left and CHỦ TỌA right, and Nơi nhận under the Thư ký
    (``signature_columns_block``; NĐ 30/2020, Phụ lục III, Mẫu 1.9)."""
    header_block(doc, date_line=False)
    title_block(doc)
    body_block(doc, can_cu=False)
    signature_columns_block(doc)


# The styles only Mẫu 1.10 uses (kept out of STYLES, so the other layouts' templates do not carry
# them): the body paragraph that continues the sentence above at the margin ("<issuer> cấp cho:",
# which the sample sets without the first-line indent), and the lines of the confirmation box of
# the place of leave (italic, centred, 11 pt as the sample's).
STYLES_MAU_1_10: dict[str, tuple[float, bool, bool, int, bool, float]] = {
    "Doan tiep": (L.SIZE_BODY, False, False, JUSTIFY, False, L.BODY_SPACE_AFTER_PT),
    "Xac nhan": (L.SIZE_XAC_NHAN, False, True, CENTER, False, 0),
}


def xac_nhan_block(doc: Doc) -> None:
    """The confirmation box of Mẫu 1.10, under the signature on the left, when the context's
    ``xac_nhan`` holds: "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ
    phép (nếu cần)", "(Chữ ký, dấu)", room for the signature and seal, "Họ và tên", the
    sample's words and order (NĐ 30/2020, Phụ lục III, Mẫu 1.10).

    A second row of the signature block's table (added by ``signature_block`` just before), its
    left cell under Nơi nhận, in a ``{%tr if xac_nhan %}`` row pair: the row never splits, and
    the signature's lines keep with it, so the box is never alone on a page."""
    table = doc.tables[-1]
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    opening, row, closing = table.add_row(), table.add_row(), table.add_row()
    opening.cells[0].paragraphs[0].text = "{%tr if xac_nhan %}"
    closing.cells[0].paragraphs[0].text = "{%tr endif %}"
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # the sample's box is narrower than Nơi nhận's column: its lines keep to its 70.6 mm
    narrower = Mm(L.SIGN_LEFT_MM - L.XAC_NHAN_LEFT_MM)

    def confirmation(cell: _Cell) -> None:
        heading = (
            "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ phép (nếu cần)"
        )
        for text in ("", heading, "", "(Chữ ký, dấu)"):
            line = para(cell, text, "Xac nhan")
            line.paragraph_format.keep_with_next = True
        for _ in range(4):  # room for the signature and the seal, as the signer's (ô 7c, ô 8)
            para(cell, "", "Cho ky")
        para(cell, "Họ và tên", "Ho ten ky")
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.right_indent = narrower

    fill(row.cells[0], confirmation)


def build_mau_1_10(doc: Doc) -> None:
    """Mẫu 1.10, Giấy nghỉ phép: the header, "GIẤY NGHỈ PHÉP" and the rule under it (no trích
    yếu), the lines as body paragraphs (the model writes them, "./." last; the second, "<issuer>
    cấp cho:", at the margin as the sample sets it), Nơi nhận and the signature, then the
    confirmation box of the place of leave (NĐ 30/2020, Phụ lục III, Mẫu 1.10)."""
    add_styles(doc, STYLES_MAU_1_10)
    header_block(doc)
    title_block(doc, trich_yeu=False)
    para(doc, "{%p for doan in noi_dung %}", "Doan")
    para(doc, "{%p if doan.kieu == 'doan_tiep' %}", "Doan tiep")
    para(doc, "{{ doan.dong }}", "Doan tiep")
    para(doc, "{%p elif loop.last %}", "Doan cuoi")
    para(doc, "{{ doan.dong }}", "Doan cuoi")
    para(doc, "{%p else %}", "Doan")
    para(doc, "{{ doan.dong }}", "Doan")
    para(doc, "{%p endif %}", "Doan")
    para(doc, "{%p endfor %}", "Doan")
    signature_block(doc)
    xac_nhan_block(doc)


LAYOUTS: dict[str, Callable[[Doc], None]] = {
    "mau_1_2": build_mau_1_2,
    "mau_1_3_kem_theo": build_mau_1_3_kem_theo,
    "mau_1_4": build_mau_1_4,
    "mau_1_5": build_mau_1_5,
    "mau_1_6": build_mau_1_6,
    "mau_1_7": build_mau_1_7,
    "mau_1_8": build_mau_1_8,
    "mau_1_9": build_mau_1_9,
    "mau_1_10": build_mau_1_10,
}
"""Each built-in template (by layout name) and the function that assembles its components;
``build`` adds what every document's layout shares after them: ô 11 and ô 13 on page 1
(``sections``) and the Phụ lục (``phu_luc_block``)."""

ATTACHED_TEXTS = frozenset({"mau_1_3_kem_theo"})
"""Layouts of a text issued with a document, in a file of its own: its ô 11, ô 13 and Phụ lục
are the document's, so ``build`` adds none of them (Phụ lục III, Mẫu 1.3)."""


def build(layout: str) -> bytes:
    """The bytes of the built-in template of ``layout`` ("mau_1_4"), reproducibly."""
    doc = Document()
    body = doc.element.body
    for paragraph in list(doc.paragraphs):
        body.remove(paragraph._p)
    define_styles(doc)
    page_setup(doc)
    page_number_header(doc)
    lead_in(doc)
    LAYOUTS[layout](doc)
    if layout not in ATTACHED_TEXTS:
        phu_luc_block(doc, sections(doc))
    props = doc.core_properties
    props.author = props.last_modified_by = "vanban"
    props.title = props.subject = props.keywords = props.comments = ""
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible(buffer.getvalue())


def reproducible(docx: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps and order, so the same code gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(2020, 3, 5, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


def main(out_dir: Path = OUT_DIR) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        (out_dir / f"{layout}.docx").write_bytes(build(layout))
        print(f"wrote {out_dir / layout}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR)
