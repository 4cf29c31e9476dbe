"""Documents the checker's tests read (tests/test_kiem_tra*.py: the rules and ``--fix``): built
here with python-docx and lxml as the offices type them in Word, never by vanban.

- :func:`typed` — a document typed in Word: the header as a borderless two-column table, the
  body's paragraphs, Nơi nhận and the signature in a second two-column table; :func:`plan` a
  commune's plan so typed, as the decree says but for the body given;
- :func:`reference_plan` — the reference plan (``shared/reference/ke-hoach-49-KH-UBND-2022-gia-
  luong.txt``) as its clerk typed it, every typing mistake kept (and, on request, Word's page,
  another font, no formatting);
- :func:`other_office` — a document "from another office": the header in floating text boxes,
  manual numbering, old tone marks (òa, úy), tabs for alignment, Word's own numbering, Arial.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .conftest import ROOT

REFERENCE_NAME = "ke-hoach-49-KH-UBND-2022-gia-luong.txt"
REFERENCE_PLACES = (
    ROOT.parent / "shared" / "reference" / REFERENCE_NAME,  # the main checkout: /work/main
    ROOT.parent.parent / "shared" / "reference" / REFERENCE_NAME,  # a worktree: /work/wt/<name>
)


def reference_plan_text() -> str | None:
    """The reference plan's text, or None when it is not beside the repository (a clean clone)."""
    for path in REFERENCE_PLACES:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass
class Line:
    """One paragraph to type: its text and how it looks."""

    text: str
    size: float = 14
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    indent: bool = False
    runs: tuple[tuple[str, bool], ...] = ()
    """When given, the paragraph is typed as these runs of (text, bold) instead of ``text`` in
    one run (a word made bold inside a sentence)."""


@dataclass
class Typed:
    """A document as a clerk types it: header cells, body lines, Nơi nhận and signature cells."""

    agency: list[Line]
    so: list[Line]
    nation: list[Line]
    date: list[Line]
    body: list[Line]
    noi_nhan: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    font: str = "Times New Roman"
    a4: bool = True
    """A4 and the decree's margins; else python-docx's page (Letter, margins of 1 and 1,25 in)."""


def _write(paragraph: DocxParagraph, line: Line, font: str) -> None:
    for text, bold in line.runs or ((line.text, line.bold),):
        run = paragraph.add_run(text)
        run.font.name = font
        run.font.size = Pt(line.size)
        run.bold = bold or None
        run.italic = line.italic or None
    if line.align is not None:
        paragraph.alignment = line.align
    if line.indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)


def _fill(cell: _Cell, lines: list[Line], font: str) -> None:
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        _write(paragraph, line, font)


def _a4(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


RULE = Line("_" * 24, 13, align=CENTER)
"""The rule the decree draws under the agency's name, the Tiêu ngữ and the trích yếu, typed as
low lines (as vanban and the decree's own samples do)."""


def page_numbers(document: docx.document.Document) -> None:
    """Page numbers as the decree puts them (Phụ lục I, mục I.7): a PAGE field centred in the
    header, 14 pt upright, none on page 1 (a first-page header of its own, empty)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" PAGE "><w:r><w:rPr>'
            '<w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'
        )
    )


def typed(doc: Typed) -> bytes:
    """The .docx of ``doc``: A4 and the decree's margins (unless ``doc.a4`` is false),
    ``doc.font`` on every run, page numbers from page 2; no header table when its four cells
    are empty (a header typed in text boxes, added by the caller)."""
    document = docx.Document()
    document.styles["Normal"].font.name = doc.font
    if doc.a4:
        _a4(document)
    page_numbers(document)
    if doc.agency or doc.so or doc.nation or doc.date:  # else a header typed elsewhere
        header = document.add_table(rows=2, cols=2)
        _fill(header.cell(0, 0), doc.agency, doc.font)
        _fill(header.cell(0, 1), doc.nation, doc.font)
        _fill(header.cell(1, 0), doc.so, doc.font)
        _fill(header.cell(1, 1), doc.date, doc.font)
    for line in doc.body:
        _write(document.add_paragraph(), line, doc.font)
    if doc.noi_nhan:
        closing = document.add_table(rows=1, cols=2)
        _fill(closing.cell(0, 0), doc.noi_nhan, doc.font)
        _fill(closing.cell(0, 1), doc.signature, doc.font)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def commune_header(so: str = "Số: 49/KH-UBND", date: str = "") -> dict[str, list[Line]]:
    """The header cells of a commune's plan, as the decree lays them out."""
    return {
        "agency": [
            Line("ỦY BAN NHÂN DÂN", 13, bold=True, align=CENTER),
            Line("XÃ GIA LƯƠNG", 13, bold=True, align=CENTER),
            RULE,
        ],
        "so": [Line(so, 13, align=CENTER)],
        "nation": [
            Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, align=CENTER),
            Line("Độc lập - Tự do - Hạnh phúc", 14, bold=True, align=CENTER),
            RULE,
        ],
        "date": [
            Line(date or "Gia Lương, ngày 29 tháng 01 năm 2022", 14, italic=True, align=CENTER)
        ],
    }


def commune_closing(items: list[str] | None = None) -> dict[str, list[Line]]:
    """Nơi nhận and the signature of a commune's plan."""
    return {
        "noi_nhan": [
            Line("Nơi nhận:", 12, bold=True, italic=True),
            *(Line(x, 11) for x in (items or ["- UBND huyện;", "- Lưu: VT, VP."])),
        ],
        "signature": [
            Line("TM. ỦY BAN NHÂN DÂN", 14, bold=True, align=CENTER),
            Line("CHỦ TỊCH", 14, bold=True, align=CENTER),
            Line("", 14),
            Line("Đoàn Thanh Bình", 14, bold=True, align=CENTER),
        ],
    }


def body_line(text: str) -> Line:
    """A paragraph of the body as the decree sets it: 14 pt, justified, first line indented; a
    heading ("I. MỤC ĐÍCH", "1. Mục đích") in bold."""
    khoan = re.match(r"^\d+\.\s*(\S.*)$", text)
    heading = bool(re.match(r"^[IVX]+\.\s", text)) or bool(
        khoan and len(khoan[1].split()) <= 12 and not text.endswith((".", ":", ";", ","))
    )
    return Line(text, 14, bold=heading, align=JUSTIFY, indent=True)


def plan(
    body: list[str],
    *,
    so: str = "Số: 49/KH-UBND",
    items: list[str] | None = None,
    font: str = "Times New Roman",
) -> bytes:
    """A commune's plan typed in Word with ``body`` as its paragraphs under its title, in
    ``font``."""
    return typed(
        Typed(
            **commune_header(so),
            body=[
                Line("KẾ HOẠCH", 14, bold=True, align=CENTER),
                Line("Cải cách hành chính nhà nước năm 2022", 14, bold=True, align=CENTER),
                RULE,
                *(body_line(x) for x in body),
            ],
            **commune_closing(items),
            font=font,
        )
    )


# The reference plan, as typed --------------------------------------------------------------------

_MARKER = re.compile(r"^(?:[IVX]+\.|\d{1,2}\.|[a-zđ]\)|- )")


def _paragraphs_of(text: str) -> list[str]:
    """The plan's paragraphs from the text a PDF gave: lines wrapped at the page's width are
    joined back, a block cut by a blank line in mid-sentence too, page numbers dropped."""
    blocks: list[list[str]] = []
    dropped_page_number = False
    for raw in re.split(r"\n\s*\n", text):
        lines = [x.strip() for x in raw.splitlines() if x.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].isdigit():
            dropped_page_number = True  # the PDF's page number, "4"
            continue
        first = lines[0]
        goes_on = bool(blocks) and (
            dropped_page_number
            or first[0].islower()
            or (first[0].isdigit() and not _MARKER.match(first))
        )
        dropped_page_number = False
        if goes_on:
            blocks[-1].extend(lines)
        else:
            blocks.append(lines)
    paragraphs: list[str] = []
    for block in blocks:
        current = ""
        previous = ""
        for line in block:
            starts_new = bool(_MARKER.match(line)) or (
                previous.endswith(".") and len(previous) < 40 and line[0].isupper()
            )
            if current and starts_new:
                paragraphs.append(current)
                current = line
            elif not current:
                current = line
            elif re.search(r"\d-$", current):
                current += line  # "2021-" / "2025": a code or a range cut at its hyphen
            else:
                current += " " + line
            previous = line
        paragraphs.append(current)
    return paragraphs


@dataclass(frozen=True)
class ReferencePlan:
    """The reference plan's parts, as typed."""

    agency: list[str]
    so: str
    nation: list[str]
    date: str
    title: str
    summary: str
    body: list[str]
    noi_nhan: list[str]
    signature: list[str]


def reference_plan_parts(text: str) -> ReferencePlan:
    """The reference plan cut into its parts (its .txt gives the header's cells one after the
    other: agency, Số, Quốc hiệu and Tiêu ngữ, date; then the title, the body, Nơi nhận and the
    signature)."""
    paragraphs = _paragraphs_of(text)
    agency, so, nation, date, title = paragraphs[:5]
    office, commune = agency.split(" XÃ ")
    quoc_hieu, tieu_ngu = nation.split(" Độc lập")
    noi_nhan_at = next(i for i, x in enumerate(paragraphs) if x.startswith("Nơi nhận"))
    signature_at = next(
        i for i in range(noi_nhan_at + 1, len(paragraphs)) if not paragraphs[i].startswith("- ")
    )
    return ReferencePlan(
        agency=[office, f"XÃ {commune}"],
        so=so,
        nation=[quoc_hieu, f"Độc lập{tieu_ngu}"],
        date=date,
        title=title.split(" ", 2)[0] + " " + title.split(" ", 2)[1],
        summary=title.split(" ", 2)[2],
        body=paragraphs[5:noi_nhan_at],
        noi_nhan=paragraphs[noi_nhan_at:signature_at],
        signature=paragraphs[signature_at:],
    )


def reference_plan(
    text: str, *, font: str = "Times New Roman", a4: bool = True, formatted: bool = True
) -> bytes:
    """The reference plan typed in Word: its header as a two-column table, its paragraphs, its
    Nơi nhận and signature in a second table; every typing mistake of the text kept. Its page,
    font and formatting as the decree says, unless ``font``, ``a4`` or ``formatted`` say
    otherwise (a clerk who kept Word's page, another font, or typed every line at 12 pt, upright,
    not bold, left-aligned: mistakes ``--fix`` mends)."""
    parts = reference_plan_parts(text)
    doc = Typed(
        agency=[*(Line(x, 13, bold=True, align=CENTER) for x in parts.agency), RULE],
        so=[Line(parts.so, 13, align=CENTER)],
        nation=[
            Line(parts.nation[0], 13, bold=True, align=CENTER),
            Line(parts.nation[1], 14, bold=True, align=CENTER),
            RULE,
        ],
        date=[Line(parts.date, 14, italic=True, align=CENTER)],
        body=[
            Line(parts.title, 14, bold=True, align=CENTER),
            Line(parts.summary, 14, bold=True, align=CENTER),
            RULE,
            *(body_line(x) for x in parts.body),
        ],
        noi_nhan=[
            Line(parts.noi_nhan[0], 12, bold=True, italic=True),
            *(Line(x, 11) for x in parts.noi_nhan[1:]),
        ],
        signature=[Line(x, 14, bold=True, align=CENTER) for x in parts.signature[:2]]
        + [Line("", 14), *(Line(x, 14, bold=True, align=CENTER) for x in parts.signature[2:])],
        font=font,
        a4=a4,
    )
    if not formatted:
        for cells in (doc.agency, doc.so, doc.nation, doc.date, doc.body, doc.noi_nhan):
            cells[:] = [Line(x.text, 12) for x in cells]
        doc.signature[:] = [Line(x.text, 12) for x in doc.signature]
    return typed(doc)


# Documents from other offices ---------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
UNDERLINE = '<w:u w:val="single"/>'


def text_box(
    lines: list[tuple[str, bool, bool]], font: str, *, underlined: tuple[str, ...] = ()
) -> str:
    """A paragraph anchoring a floating text box (wps:txbx in mc:AlternateContent, with the VML
    copy in mc:Fallback) holding ``lines`` of (text, bold, italic), 13 pt, centred; a line in
    ``underlined`` is underlined (the rule under it typed as an underline)."""
    content = "".join(
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
        f"{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}"
        f'<w:sz w:val="26"/>{UNDERLINE if text in underlined else ""}'
        f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        for text, bold, italic in lines
    )
    box = f"<w:txbxContent>{content}</w:txbxContent>"
    return (
        f'<w:p xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


LINE_SHAPE = (
    f'<w:p xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvCnPr/><wps:spPr><a:prstGeom prst="line"/></wps:spPr><wps:bodyPr/>'
    "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "</mc:AlternateContent></w:r></w:p>"
)
"""A paragraph anchoring a line drawn with Word's line tool (DrawingML, as Word 2010+ saves it):
the rules under the header's lines of an office that draws them."""


def _numbering_part(document: docx.document.Document, fmt: str) -> int:
    """A list of format ``fmt`` ("decimal", "bullet") in numbering.xml (the default template
    has the part), its numId."""
    numbering = document.part.numbering_part.element
    text = "%1." if fmt == "decimal" else "-"
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return 90


def other_office(
    *, font: str = "Arial", auto_numbering: bool = False, bullets: bool = False
) -> bytes:
    """A Công văn from a district office typed its own way: the header in two floating text
    boxes, old tone marks ("hoà", "Uỷ", "thuỷ"), the date pushed right with tabs, manual
    numbering with a gap, a citation with a space in its code, ``font`` everywhere; with
    ``auto_numbering`` the body's items are numbered by Word (w:numPr) instead, with
    ``bullets`` they are Word's bulleted list."""
    document = docx.Document()
    document.styles["Normal"].font.name = font
    document.styles["Normal"].font.size = Pt(13)
    _a4(document)
    body = document.element.body
    sect = body[-1]
    sect.addprevious(
        parse_xml(
            text_box([("UBND HUYỆN GIA LỘC", False, False), ("PHÒNG NỘI VỤ", True, False)], font)
        )
    )
    sect.addprevious(
        parse_xml(
            text_box(
                [
                    ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                    ("Độc lập - Tự do - Hạnh phúc", True, False),
                ],
                font,
            )
        )
    )
    sect.addprevious(parse_xml(LINE_SHAPE))
    document.add_paragraph("Số: 12/NV-TCBC")
    date = document.add_paragraph("\t\tGia Lộc, ngày 05 tháng 3 năm 2022")
    date.runs[0].italic = True
    document.add_paragraph("V/v báo cáo công tác thuỷ lợi")
    document.add_paragraph("Kính gửi: Ủy ban nhân dân các xã, thị trấn")
    items = [
        "Thực hiện Quyết định số 1847/QĐ- TTg ngày 27/12/2018 của Thủ tướng Chính phủ, Phòng "
        "Nội vụ đề nghị Uỷ ban nhân dân các xã báo cáo:",
        "Tình hình công tác thuỷ lợi năm 2021;",
        "Kế hoạch năm 2022 .",
    ]
    if auto_numbering or bullets:
        num = _numbering_part(document, "bullet" if bullets else "decimal")
        document.add_paragraph(items[0])
        for item in items[1:]:
            paragraph = document.add_paragraph(item)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/>'
                    f'<w:numId w:val="{num}"/></w:numPr>'
                )
            )
    else:
        document.add_paragraph(items[0])
        document.add_paragraph(f"1. {items[1]}")
        document.add_paragraph(f"3. {items[2]}")
    document.add_paragraph("Đề nghị các xã thực hiện đúng thời hạn./.")
    closing = document.add_table(rows=1, cols=2)
    _fill(
        closing.cell(0, 0),
        [Line("Nơi nhận:", 12, True, True), Line("- Như trên;", 11), Line("- Lưu: VT.", 11)],
        font,
    )
    _fill(
        closing.cell(0, 1),
        [Line("TRƯỞNG PHÒNG", 14, True), Line(""), Line("Nguyễn Văn A", 14, True)],
        font,
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def save(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` and return it."""
    path.write_bytes(data)
    return path
