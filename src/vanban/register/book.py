"""The register book: the Sổ đăng ký văn bản đi printed in full (NĐ 30/2020, Điều 16.2.b).

A register kept in software must be printed in full, in the register's form, and bound at the end
of the year (Điều 16.2.b). The form is Phụ lục IV, mục I:

- "1. Bìa và trang đầu": the cover and the first page carry the same words — TÊN CƠ QUAN CHỦ QUẢN
  TRỰC TIẾP, TÊN CƠ QUAN/ĐƠN VỊ, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: …", "Từ ngày … đến ngày …",
  "Từ số … đến số …", "Quyển số: …";
- "2. Nội dung đăng ký văn bản đi", at least ten columns, with the headers and relative widths of
  the form's table (:data:`COLUMNS`) and a row numbering them (1)–(10).

:func:`export` writes one book per series of the rows (a series is its own sổ: Điều 15.1.c, 15.2)
as a .docx built here with python-docx (landscape A4, Times New Roman; the two header rows repeat
on every page and no row splits across pages), as a PDF through :class:`vanban.pdf.PdfConverter`,
or as an .xlsx workbook with a sheet per book for clerks who work in Excel. A cancelled or
recalled number keeps its line, marked in Ghi chú (Điều 15.1: numbers are never reused; Phụ lục VI,
I.III.8: a recalled document stays, marked).
"""

from __future__ import annotations

import copy
import io
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from vanban.errors import RegisterError
from vanban.models.co_quan import CoQuan
from vanban.register.row import RegisterRow, TrangThai
from vanban.render import TEMP_PREFIX, atomic_write
from vanban.text.case import viet_hoa
from vanban.typeset.page import FONT

if TYPE_CHECKING:
    from vanban.pdf import PdfConverter
    from vanban.register.core import Register

__all__ = [
    "COLUMNS",
    "FORMATS",
    "TIEU_DE",
    "Book",
    "export",
    "export_register",
    "ghi_chu",
    "to_docx",
    "to_xlsx",
]

TIEU_DE: Final = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
"""The book's title, as Phụ lục IV, mục I.1 words it."""

COLUMNS: Final[tuple[tuple[str, int], ...]] = (
    ("Số, ký hiệu văn bản", 1021),
    ("Ngày tháng văn bản", 1077),
    ("Tên loại và trích yếu nội dung văn bản", 1768),
    ("Người ký", 993),
    ("Nơi nhận văn bản", 850),
    ("Đơn vị, người nhận bản lưu", 1276),
    ("Số lượng bản", 992),
    ("Ngày chuyển", 1134),
    ("Ký nhận", 851),
    ("Ghi chú", 708),
)
"""The ten columns of Phụ lục IV, mục I.2, in order: the header text and the column's width in the
decree's own table (twentieths of a point; the book scales them to its page)."""

FORMATS: Final = (".docx", ".pdf", ".xlsx")
"""The formats :func:`export` writes, chosen by the output's extension."""

# Page: A4 landscape ("landscape allowed for wide tables"), the margins of NĐ 30/2020, Phụ lục I,
# mục I.5 (top and bottom 20–25 mm, left 30–35 mm for the binding, right 15–20 mm).
_MM: Final = 36000  # EMU per millimetre
_PAGE_W, _PAGE_H = 297 * _MM, 210 * _MM
_TOP, _BOTTOM, _LEFT, _RIGHT = 20 * _MM, 20 * _MM, 30 * _MM, 15 * _MM
_TWIPS_PER_MM: Final = 1440 / 25.4
_TEXT_TWIPS: Final = round((297 - 30 - 15) * _TWIPS_PER_MM)
# Type: Times New Roman (Phụ lục I, mục I.4); the table at 12 pt, the cover's lines in the form's
# proportions (its box sets the body names at 10 pt, the title bold and the lines at 13 pt),
# enlarged to fill a page.
_TABLE_PT: Final = 11
_NAME_PT: Final = 14
_TITLE_PT: Final = 20
_LINE_PT: Final = 16
# Columns set centred (short values, as the form's header); the others read left to right.
_CENTRED: Final = frozenset({0, 1, 6, 7})


_MARK: Final = {TrangThai.HUY: "Hủy", TrangThai.THU_HOI: "Thu hồi", TrangThai.GIU_SO: "Giữ số"}


def ghi_chu(row: RegisterRow) -> str:
    """Column 10 of a row: its notes, which for a number that is not plainly issued say so — a
    cancelled number stays in the register, marked, never reused (Điều 15.1); a recalled document
    keeps its line, marked (Phụ lục VI, I.III.8); a reserved number waits for its document.

    :class:`Register` writes the mark with the reason ("Hủy: lập sai trích yếu"); a row whose
    notes lack it gets it here, so the printed book never shows such a number as issued.
    """
    if row.trang_thai is TrangThai.DA_CAP:
        return row.ghi_chu
    mark = _MARK[row.trang_thai]
    if row.ghi_chu == mark or f"{mark}: " in row.ghi_chu:
        return row.ghi_chu
    return f"{mark}: {row.ghi_chu}" if row.ghi_chu else mark


def _ngay(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def _so(so: int) -> str:
    """A number as the register writes it: a leading zero under 10 (Phụ lục I, mục II.3.a)."""
    return f"{so:02d}"


def _cells(row: RegisterRow) -> list[str]:
    """The ten columns of a row as text."""
    return [
        row.so_ky_hieu,
        _ngay(row.ngay),
        row.ten_loai_trich_yeu,
        row.nguoi_ky,
        row.noi_nhan,
        row.don_vi_nhan_ban_luu,
        "" if row.so_luong_ban is None else str(row.so_luong_ban),
        _ngay(row.ngay_chuyen),
        row.ky_nhan,
        ghi_chu(row),
    ]


@dataclass(frozen=True)
class Book:
    """One bound book: a series' rows of one year, in the order of their numbers."""

    co_quan: CoQuan
    nam: int
    series: str
    rows: tuple[RegisterRow, ...]
    quyen_so: int = 1
    ten_so: str | None = None
    """The series' own name printed under the title ("Sổ quyết định"), or None for none."""

    @property
    def tu_ngay(self) -> date | None:
        """The first date in the book ("Từ ngày"), None when it has no dated row."""
        dates = [row.ngay for row in self.rows if row.ngay is not None]
        return min(dates) if dates else None

    @property
    def den_ngay(self) -> date | None:
        """The last date in the book ("đến ngày")."""
        dates = [row.ngay for row in self.rows if row.ngay is not None]
        return max(dates) if dates else None

    @property
    def tu_so(self) -> str | None:
        """The first number ("Từ số"), "01"; None for an empty book."""
        return _so(self.rows[0].so) if self.rows else None

    @property
    def den_so(self) -> str | None:
        """The last number ("đến số")."""
        return _so(self.rows[-1].so) if self.rows else None

    def bia(self) -> list[str]:
        """The cover's lines, in the words of Phụ lục IV, mục I.1 ("Từ ngày 05/01/2022 đến ngày
        28/12/2022"); a value not known yet (an empty book) stays dotted, as on the form."""
        return ["".join(text for text, _, _ in line) for line, _, _ in self._bia()]

    def _bia(self) -> list[tuple[list[tuple[str, bool, bool]], int, int]]:
        """The cover's lines as runs (text, bold, italic), with their size and the space before
        them in points: the body names small (the body itself bold), the title bold, the year and
        the "Từ … đến …" words in italics, "Quyển số" bold — as the form's box sets them."""
        dots = "………"
        lines: list[tuple[list[tuple[str, bool, bool]], int, int]] = []
        if self.co_quan.chu_quan:
            lines.append(([(viet_hoa(self.co_quan.chu_quan), False, False)], _NAME_PT, 0))
        lines.append(([(viet_hoa(self.co_quan.ten), True, False)], _NAME_PT, 0))
        lines.append(([(TIEU_DE, True, False)], _TITLE_PT, 72))
        if self.ten_so:
            lines.append(([(f"({self.ten_so})", True, False)], _LINE_PT, 6))
        lines.append(([(f"Năm: {self.nam}", False, True)], _LINE_PT, 48))
        for first, last, label, before in (
            (_ngay(self.tu_ngay), _ngay(self.den_ngay), "ngày", 24),
            (self.tu_so, self.den_so, "số", 6),
        ):
            lines.append(
                (
                    [
                        (f"Từ {label} ", False, True),
                        (first or dots, False, False),
                        (f" đến {label} ", False, True),
                        (last or dots, False, False),
                    ],
                    _LINE_PT,
                    before,
                )
            )
        lines.append(
            ([("Quyển số: ", True, False), (str(self.quyen_so), False, False)], _LINE_PT, 96)
        )
        return lines


def books(
    rows: Iterable[RegisterRow],
    co_quan: CoQuan,
    nam: int,
    *,
    quyen_so: int = 1,
    series: str | None = None,
    ten_so: Mapping[str, str] | None = None,
) -> list[Book]:
    """The books of ``rows``: one per series (or only ``series``'s), rows in number order.

    A row of another year is refused: a book holds one year, from 01 on 1 January (Điều 15.1).
    ``ten_so`` names series for their covers ({"quyet_dinh": "Sổ quyết định"}); a series not
    in it (the general one) has the form's title alone.
    """
    if quyen_so < 1:
        raise RegisterError(f"quyen_so: {quyen_so} — a book is numbered from 1 (Quyển số 1)")
    by_series: dict[str, list[RegisterRow]] = {}
    for row in rows:
        if row.nam != nam:
            raise RegisterError(
                f"{row.so_ky_hieu} ({row.series}) is of {row.nam}, not {nam}: a register book "
                "holds one year (NĐ 30/2020, Điều 15.1)"
            )
        if series is None or row.series == series:
            by_series.setdefault(row.series, []).append(row)
    if series is not None and series not in by_series:
        by_series[series] = []  # an empty book of that series: the form with its dots
    if not by_series:
        by_series[""] = []
    names = ten_so or {}
    return [
        Book(
            co_quan=co_quan,
            nam=nam,
            series=name,
            rows=tuple(sorted(found, key=lambda row: row.so)),
            quyen_so=quyen_so,
            ten_so=names.get(name),
        )
        for name, found in sorted(by_series.items())
    ]


def export(
    rows: Iterable[RegisterRow],
    co_quan: CoQuan,
    nam: int,
    out: str | os.PathLike[str],
    *,
    quyen_so: int = 1,
    series: str | None = None,
    ten_so: Mapping[str, str] | None = None,
    overwrite: bool = False,
    converter: PdfConverter | None = None,
) -> Path:
    """Write the register book of year ``nam`` to ``out``; the extension picks the format:
    .docx, .pdf (the .docx through LibreOffice; pass a warm ``converter`` to reuse one) or .xlsx.

    ``series`` keeps only that series' rows; otherwise each series of ``rows`` is its own book
    (sections of the .docx, sheets of the .xlsx). The file is written atomically; an existing
    file is refused unless ``overwrite``. Returns the path written.
    """
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise RegisterError(
            f"{target}: a register book is written as {', '.join(FORMATS)} — the extension "
            "picks the format"
        )
    if not overwrite and os.path.lexists(target):
        raise _exists(target)
    made = books(rows, co_quan, nam, quyen_so=quyen_so, series=series, ten_so=ten_so)
    if suffix == ".xlsx":
        return _write(target, to_xlsx(made), overwrite=overwrite)
    if suffix == ".docx":
        return _write(target, to_docx(made), overwrite=overwrite)
    return _write_pdf(target, to_docx(made), overwrite=overwrite, converter=converter)


def export_register(
    register: Register,
    nam: int,
    out: str | os.PathLike[str],
    *,
    quyen_so: int = 1,
    series: str | None = None,
    overwrite: bool = False,
    converter: PdfConverter | None = None,
) -> Path:
    """:func:`export` of a register's rows of year ``nam``: of ``series``, or else of every series
    with a row in the year, a book each, each series other than the general one named on its
    cover by its rule ("Sổ quyết định").

    The series of secret documents is printed only when asked for by name (``series="mat"``):
    secret documents are registered under the law on state secrets (Điều 16.3), so their lines
    never go into the general book by default.
    """
    rules = register.series_rules()
    if series is not None and series not in rules:
        raise RegisterError(
            f"series {series!r}: not a series of this register; it has "
            f"{', '.join(map(repr, sorted(rules)))}"
        )
    names = {name: rule.ten for name, rule in rules.items() if rule.ten and not rule.chung}
    rows = register.rows(nam, series)
    if series is None:
        rows = [row for row in rows if not rules[row.series].mat]
        if not rows:  # an empty year: the general series' book, with the form's dots
            series = next((name for name, rule in rules.items() if rule.chung), None)
    return export(
        rows,
        register.co_quan,
        nam,
        out,
        quyen_so=quyen_so,
        series=series,
        ten_so=names,
        overwrite=overwrite,
        converter=converter,
    )


def _write(target: Path, data: bytes, *, overwrite: bool) -> Path:
    """Write atomically; without ``overwrite``, never over a file, even one that appeared while
    the book was being made."""
    if overwrite:
        return atomic_write(target, data)
    staged = target.with_name(f"{TEMP_PREFIX}{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        atomic_write(staged, data)
        _link_new(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    return target


def _link_new(staged: Path, target: Path) -> None:
    """Give ``staged``'s content the name ``target`` unless that name exists: a hard link is
    made atomically or not at all. Where the file system has no hard links, the name is checked
    and the file moved."""
    try:
        os.link(staged, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:
        if os.path.lexists(target):
            raise _exists(target) from None
        os.replace(staged, target)


def _exists(target: Path) -> RegisterError:
    return RegisterError(
        f"{target}: already exists; choose another name, or replace it (overwrite=True)",
        f"{target}: already exists; choose another name, or replace it (--overwrite)",
    )


def _write_pdf(
    target: Path, data: bytes, *, overwrite: bool, converter: PdfConverter | None
) -> Path:
    from vanban.pdf import PdfConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=target.parent) as work:
        source = Path(work) / f"{target.stem}.docx"
        source.write_bytes(data)
        made = Path(work) / f"{target.stem}.pdf"
        if converter is None:
            with PdfConverter() as own:
                own.convert(source, made)
        else:
            converter.convert(source, made)
        if overwrite:
            os.replace(made, target)
        else:
            _link_new(made, target)
    return target


# --- .docx ----------------------------------------------------------------------------------------


def to_docx(made: Sequence[Book]) -> bytes:
    """The books as one .docx: for each, the cover, the first page, then the table."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(_TABLE_PT)
    _all_scripts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    properties = document.core_properties  # the blank template's are python-docx's own
    properties.title = TIEU_DE
    properties.author = properties.last_modified_by = made[0].co_quan.ten if made else ""
    properties.subject = f"Năm {made[0].nam}" if made else ""
    properties.comments = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    for index, book in enumerate(made):
        section = document.sections[0] if index == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, WD_ORIENT.LANDSCAPE)
        if index:
            section.header.is_linked_to_previous = False  # no page number on a cover
        _cover(document, book, new_page=False)
        _cover(document, book, new_page=True)  # the first page repeats the cover (mục I.1)
        table_section = document.add_section(WD_SECTION.NEW_PAGE)
        _page(table_section, WD_ORIENT.LANDSCAPE)
        _header_page_number(table_section)
        _tiny_paragraph(document)  # LibreOffice drops the header of a section opening on a table
        _table(document, book)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page(section: Any, orientation: Any) -> None:
    section.orientation = orientation
    section.page_width = _PAGE_W
    section.page_height = _PAGE_H
    section.top_margin = _TOP
    section.bottom_margin = _BOTTOM
    section.left_margin = _LEFT
    section.right_margin = _RIGHT


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(f"w:{tag}"))


def _header_page_number(section: Any) -> None:
    """The table's pages numbered from 1, centred in the top margin (as NĐ 30/2020, Phụ lục I,
    mục I.6 places page numbers), so a bound book's pages can be counted; the cover has none."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from lxml import etree

    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind in ("begin", " PAGE ", "separate", "1", "end"):  # a field, a run per part
        run = paragraph.add_run()
        run.font.size = Pt(_TABLE_PT)
        if kind == " PAGE ":
            instr = etree.SubElement(run._r, _w("instrText"))
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = kind
        elif kind == "1":
            run.text = kind
        else:
            etree.SubElement(run._r, _w("fldChar")).set(_w("fldCharType"), kind)
    sect = section._sectPr
    _remove(sect, "pgNumType")
    etree.SubElement(sect, _w("pgNumType")).set(_w("start"), "1")
    _order_sect(sect)


def _remove(parent: Any, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(_w(tag)):
            parent.remove(child)


# The order of w:sectPr's children (ECMA-376 Part 1, 17.6.17): Word refuses another.
_SECT_ORDER: Final = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)  # fmt: skip


def _order_sect(sect: Any) -> None:
    rank = {_w(tag): index for index, tag in enumerate(_SECT_ORDER)}
    children = list(sect)
    children.sort(key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        sect.append(child)


def _all_scripts(rpr: Any) -> None:
    """Times New Roman for every script slot, so Vietnamese letters never fall to another font."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_w(slot), FONT)


def _cover(document: Any, book: Book, *, new_page: bool) -> None:
    """One page of "Bìa và trang đầu" (Phụ lục IV, mục I.1), as :meth:`Book.bia` words it, in a
    ruled box filling the page with the words centred, as the form draws it."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, Twips

    if new_page:
        _page_break(document)
    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    row = box.rows[0]
    row.height = _COVER_HEIGHT
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    cell = row.cells[0]
    cell.width = Twips(_TEXT_TWIPS)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, (runs, size, before) in enumerate(book._bia()):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        for text, bold, italic in runs:
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.bold = bold
            run.italic = italic


# The cover's box: the page's height inside the margins, less room for the paragraph Word
# requires after a table (else the box would push a blank page).
_COVER_HEIGHT: Final = (210 - 20 - 20 - 12) * _MM


def _page_break(document: Any) -> None:
    """A page break in a paragraph too small to take room."""
    from docx.enum.text import WD_BREAK

    _tiny_paragraph(document).runs[0].add_break(WD_BREAK.PAGE)


def _tiny_paragraph(document: Any) -> Any:
    """An empty paragraph 1 pt high."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.add_run().font.size = Pt(1)
    return paragraph


def _table(document: Any, book: Book) -> None:
    """The ten columns (Phụ lục IV, mục I.2): the header and the (1)–(10) row repeat on every
    page (w:tblHeader); a row never splits across pages (w:cantSplit); a line per number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    total = sum(width for _, width in COLUMNS)
    widths = [round(width * _TEXT_TWIPS / total) for _, width in COLUMNS]
    table = document.add_table(rows=3, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    tbl = table._tbl
    _fixed_layout(tbl, sum(widths))
    for gridcol, width in zip(tbl.tblGrid.findall(_w("gridCol")), widths, strict=True):
        gridcol.set(_w("w"), str(width))
    for index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.width = Twips(widths[column])
            paragraph = cell.paragraphs[0]
            centred = index < 2 or column in _CENTRED
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            run = paragraph.add_run(
                COLUMNS[column][0] if index == 0 else f"({column + 1})" if index == 1 else ""
            )
            run.bold = index == 0
        _row_flags(row._tr, header=index < 2)
    prototype = table.rows[2]._tr
    tbl.remove(prototype)
    for register_row in book.rows:
        tr = copy.deepcopy(prototype)
        for tc, text in zip(tr.findall(_w("tc")), _cells(register_row), strict=True):
            _set_text(tc, text)
        tbl.append(tr)


def _fixed_layout(tbl: Any, width: int) -> None:
    from lxml import etree

    tblpr = tbl.tblPr
    for tag in ("tblW", "tblLayout"):
        _remove(tblpr, tag)
    tblw = etree.SubElement(tblpr, _w("tblW"))
    tblw.set(_w("w"), str(width))
    tblw.set(_w("type"), "dxa")
    layout = etree.SubElement(tblpr, _w("tblLayout"))
    layout.set(_w("type"), "fixed")
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
             "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
             "shd", "tblLayout", "tblCellMar", "tblLook"]  # fmt: skip
    rank = {_w(tag): index for index, tag in enumerate(order)}
    children = sorted(tblpr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        tblpr.append(child)


def _row_flags(tr: Any, *, header: bool) -> None:
    from lxml import etree

    trpr = tr.get_or_add_trPr()
    etree.SubElement(trpr, _w("cantSplit"))
    if header:
        etree.SubElement(trpr, _w("tblHeader"))


def _set_text(tc: Any, text: str) -> None:
    """Put ``text`` into the cell's run; a line break in the text is a line break in the cell.
    A character XML cannot hold is refused, naming the text."""
    from lxml import etree

    run = tc.find(f"{_w('p')}/{_w('r')}")
    for child in run.findall(_w("t")):
        run.remove(child)
    for index, part in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, _w("br"))
        t = etree.SubElement(run, _w("t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        try:
            t.text = part
        except ValueError:
            raise RegisterError(
                f"{part!r}: holds a character a .docx cannot store (a control character)"
            ) from None


# --- .xlsx ----------------------------------------------------------------------------------------


def to_xlsx(made: Sequence[Book]) -> bytes:
    """The books as an .xlsx workbook: a sheet per book, the ten columns with the form's headers,
    the header rows frozen, dates as dates, set to print landscape A4 with the headers on every
    page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = TIEU_DE
    if made:
        workbook.properties.creator = made[0].co_quan.ten
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=FONT, size=_TABLE_PT, bold=True)
    plain = Font(name=FONT, size=_TABLE_PT)
    total = sum(width for _, width in COLUMNS)
    used: set[str] = set()
    for book in made:
        sheet = workbook.create_sheet(_sheet_name(book, used))
        sheet.append([title for title, _ in COLUMNS])
        sheet.append([f"({index})" for index in range(1, len(COLUMNS) + 1)])
        for row in book.rows:
            cells: list[object] = list(_cells(row))
            cells[1] = row.ngay
            cells[6] = row.so_luong_ban
            cells[7] = row.ngay_chuyen
            sheet.append(cells)
        for column, (_, width) in enumerate(COLUMNS):
            letter = sheet.cell(row=1, column=column + 1).column_letter
            sheet.column_dimensions[letter].width = round(width * 130 / total, 1)
        for index, line in enumerate(sheet.iter_rows(), start=1):
            for column, cell in enumerate(line):
                cell.border = border
                cell.font = bold if index == 1 else plain
                centred = index <= 2 or column in _CENTRED
                cell.alignment = Alignment(
                    horizontal="center" if centred else "left", vertical="top", wrap_text=True
                )
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A3"
        sheet.print_title_rows = "1:2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.print_options.gridLines = False
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_SHEET_FORBIDDEN: Final = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(book: Book, used: set[str]) -> str:
    """A sheet's name: the series and the year ("chung 2022"), within Excel's 31 characters,
    without the characters Excel refuses (nor an apostrophe first or last), unique in the workbook."""
    base = f"{book.series.strip(chr(39)) or 'so'} {book.nam}".translate(_SHEET_FORBIDDEN)
    name, count = base[:31].rstrip("'"), 2
    while name.casefold() in used:
        suffix = f" ({count})"
        name = base[: 31 - len(suffix)] + suffix
        count += 1
    used.add(name.casefold())
    return name
