"""Bản sao (Mẫu 3.1): an existing .docx with the copy block added after its last content.

NĐ 30/2020, Phụ lục I, phần II, mục II.2.a: the copy's components stand on the same sheet,
"ngay sau phần cuối cùng của văn bản cần sao dưới một đường kẻ nét liền, kéo dài hết chiều ngang
của vùng trình bày văn bản" — right after the copied document's last content, under a solid rule
as wide as the text area. vanban adds, before the document's final section properties:

1. the rule: an empty paragraph with a top border, indents 0 (the whole text width of the last
   section);
2. one borderless table of two rows (Phụ lục III, Mẫu 3.1): the copying body (bold capitals, 13,
   its short rule) and "Số: 05/SY-UBND" (13) on the left, "SAO Y" (bold, 14: mục II.2.b, 13-14)
   and the italic place-and-date line on the right; then Nơi nhận ("Nơi nhận:" bold italic 12,
   the lines 11, "- Lưu: VT." last) and the copier's signature block (bold 14, room for the
   signature and seal, the name bold);
3. a tiny empty paragraph (a Word body ends with a paragraph).

The block is kept whole: every paragraph of it keeps with the next and keeps its lines, and the
rows cannot split, so Word and LibreOffice move it whole to a new page when it does not fit on
the last one. Its formatting is direct (fonts, sizes, spacing, indents), never a style of the
original: the copied document's styles are not changed, and the block looks the same in any
document. Every part of the package but the main document part is copied byte for byte; in the
main part only the new elements are added (a TRÍCH SAO also leaves out the blocks not chosen).

The original is untrusted: it is read by :mod:`vanban.render.package` (bounded sizes, safe XML).
A file that is not a .docx, a password-protected (encrypted) one, a digitally signed one, and one
with tracked changes are refused with a :class:`vanban.BanSaoError` or
:class:`vanban.PackageError` naming the file and the reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from vanban.errors import BanSaoError
from vanban.models.mau_3_1 import BanSao, HinhThucSao
from vanban.render.package import DEFAULT_LIMITS, Package, PackageLimits, read_file, read_package
from vanban.render.zipparts import Member, write_package
from vanban.typeset import page
from vanban.typeset.metrics import RULE_SIZE_PT, short_rule

__all__ = ["Khoi", "copy_document", "document_blocks", "parse_trich"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted .docx or a .doc
_BLOCKS = frozenset(f"{{{W}}}{tag}" for tag in ("p", "tbl", "sdt", "customXml", "altChunk"))
_REVISIONS = tuple(f"{{{W}}}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo"))
_TWIPS_PER_MM = 1440 / 25.4
_ROW_GAP_TWIPS = 240  # 12 pt between the number row and Nơi nhận, as the sample's blank line
_RULE_GAP_TWIPS = 120  # 6 pt between the original's last line and the rule
_SIGN_ROOM = 4  # empty lines for the signature and the seal (ô 5c, ô 6), as signature_block


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Khoi:
    """One block of a document's body, as numbered for a TRÍCH SAO: its number (from 1), its
    kind ("đoạn" for a paragraph, "bảng" for a table, "khối" for a content control), and the
    start of its text."""

    so: int
    kieu: str
    van_ban: str

    def __str__(self) -> str:
        return f"{self.so:>4}  {self.kieu:<5} {self.van_ban}".rstrip()


def copy_document(
    original: str | os.PathLike[str] | bytes,
    ban_sao: BanSao,
    *,
    trich: str | Iterable[int] | None = None,
    limits: PackageLimits = DEFAULT_LIMITS,
) -> bytes:
    """The .docx of ``original`` with the copy block of ``ban_sao`` after its last content.

    ``original`` is a path or the bytes of a .docx (vanban's or any other program's).
    ``trich`` chooses the part a TRÍCH SAO keeps (NĐ 30/2020, Điều 25.3): the numbers of the
    body's blocks, as :func:`document_blocks` lists them, written ``"1-6, 9, 14-20"`` or given
    as numbers. The blocks not chosen are left out; the ones kept are unchanged. A TRÍCH SAO
    "makes the document's formal components again in full" (Điều 25.3.b): choose the header,
    the title and the signature blocks with the part of the content. SAO Y and SAO LỤC copy the
    whole document and take no ``trich``.
    """
    package, name = _open(original, limits)
    part, root = _main_part(package, name)
    body = root.find(_w("body"))
    if body is None:
        raise BanSaoError(f"{name}: the document has no body")
    _refuse_revisions(root, name)
    if ban_sao.hinh_thuc is HinhThucSao.TRICH_SAO:
        if trich is None:
            raise BanSaoError(
                f"{name}: trich — a TRÍCH SAO copies a part of the document (NĐ 30/2020, Điều "
                "25.3): give the blocks it keeps, e.g. trich='1-6,12-15' (vanban copy --list "
                "shows them numbered)"
            )
        _keep_only(body, _chosen(trich, len(_blocks(body)), name), name)
    elif trich is not None:
        raise BanSaoError(
            f"{name}: trich — {ban_sao.hinh_thuc.chu} copies the whole document (NĐ 30/2020, "
            "Điều 25.1-25.2); a part is copied by TRÍCH SAO (hinh_thuc: trich_sao)"
        )
    final = body[-1] if len(body) and body[-1].tag == _w("sectPr") else None
    width = _text_width_twips(final)
    for element in _copy_block(ban_sao, width):
        if final is None:
            body.append(element)
        else:
            final.addprevious(element)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    members = [
        Member.from_bytes(m.name, xml, m.date_time, 6) if m.name == part else m
        for m in package.members
    ]
    return write_package(members)


def document_blocks(
    original: str | os.PathLike[str] | bytes, *, limits: PackageLimits = DEFAULT_LIMITS
) -> list[Khoi]:
    """The body's blocks, numbered as ``trich`` of :func:`copy_document` counts them."""
    package, name = _open(original, limits)
    _, root = _main_part(package, name)
    body = root.find(_w("body"))
    if body is None:
        return []
    out = []
    for number, block in enumerate(_blocks(body), start=1):
        kind = {"p": "đoạn", "tbl": "bảng"}.get(etree.QName(block).localname, "khối")
        paragraphs = block.iter(_w("p")) if block.tag != _w("p") else [block]
        words = ("".join(t.text or "" for t in p.iter(_w("t"))) for p in paragraphs)
        text = " ".join(" ".join(words).split())
        out.append(Khoi(number, kind, text if len(text) <= 70 else text[:69] + "…"))
    return out


def parse_trich(text: str) -> list[int]:
    """The block numbers of ``"1-6, 9, 14-20"`` in order, each once (a :class:`ValueError`
    saying what is wrong otherwise)."""
    numbers: list[int] = []
    for piece in text.split(","):
        piece = piece.strip()
        match = re.fullmatch(r"(\d+)(?:\s*[-–]\s*(\d+))?", piece)
        if match is None:
            raise ValueError(f"{piece!r} is not a block number or a range of them ('3' or '1-6')")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise ValueError(f"{piece!r}: a range runs from the smaller number to the larger")
        numbers.extend(n for n in range(first, last + 1) if n not in numbers)
    return numbers


# --- reading the original ---------------------------------------------------------------------


def _open(original: str | os.PathLike[str] | bytes, limits: PackageLimits) -> tuple[Package, str]:
    if isinstance(original, bytes):
        data, name = original, "the original"
    else:
        path = Path(original)
        name = str(path)
        try:
            data = read_file(path, limits, name=name)
        except OSError as error:
            raise BanSaoError(f"{name}: {error.strerror or error}") from None
    if data.startswith(_OLE):
        raise BanSaoError(
            f"{name}: is a password-protected (encrypted) .docx or an old Word .doc, not a .docx "
            "vanban can read; open it in Word and save it as .docx without a password"
        )
    package = read_package(data, name, limits)
    signed = [m.name for m in package.members if m.name.casefold().startswith("_xmlsignatures/")]
    if signed:
        raise BanSaoError(
            f"{name}: is digitally signed ({signed[0]}); adding the copy block would break its "
            "signature — copy the unsigned original, or print the signed one and copy the print"
        )
    return package, name


def _main_part(package: Package, name: str) -> tuple[str, etree._Element]:
    """The main document part's name and its parsed XML (from the package relationships)."""
    if "_rels/.rels" not in package:
        raise BanSaoError(f"{name}: not a Word document (the package has no _rels/.rels)")
    rels = package.xml("_rels/.rels")
    target = None
    for rel in rels.iter(f"{{{_REL}}}Relationship"):
        if rel.get("Type") in _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            target = (rel.get("Target") or "").lstrip("/")
    if not target or target not in package:
        raise BanSaoError(f"{name}: not a Word document (no main document part)")
    root = package.xml(target)
    if root.tag != _w("document"):
        raise BanSaoError(
            f"{name}: not a Word document (its main part {target} is <{etree.QName(root).localname}>)"
        )
    return target, root


def _refuse_revisions(root: etree._Element, name: str) -> None:
    count = sum(1 for _ in root.iter(*_REVISIONS))
    if count:
        raise BanSaoError(
            f"{name}: holds {count} tracked change(s) (insertions, deletions or moves); a copy "
            "reproduces the document as issued — accept or reject the changes in Word first"
        )


def _blocks(body: etree._Element) -> list[etree._Element]:
    return [child for child in body if child.tag in _BLOCKS]


def _chosen(trich: str | Iterable[int], count: int, name: str) -> set[int]:
    try:
        numbers = parse_trich(trich) if isinstance(trich, str) else [int(n) for n in trich]
    except ValueError as error:
        raise BanSaoError(f"{name}: trich — {error}") from None
    outside = [n for n in numbers if not 1 <= n <= count]
    if outside:
        raise BanSaoError(
            f"{name}: trich — block {outside[0]} does not exist; the document has blocks 1 to "
            f"{count} (vanban copy --list shows them)"
        )
    if not numbers:
        raise BanSaoError(f"{name}: trich — no block chosen; a TRÍCH SAO keeps a part")
    if len(set(numbers)) == count:
        raise BanSaoError(
            f"{name}: trich — every block is kept: the whole document is copied by SAO Y, not "
            "TRÍCH SAO (NĐ 30/2020, Điều 25)"
        )
    return set(numbers)


def _keep_only(body: etree._Element, keep: set[int], name: str) -> None:
    """Leave out the blocks not in ``keep``. A block that ends a section (its paragraph holds the
    section's properties) may be left out only with everything after it: then the kept part
    ends in that section, whose properties become the document's last (the sections after it,
    a Phụ lục's say, are left out whole)."""
    blocks = _blocks(body)
    last_kept = max(keep)
    ending: etree._Element | None = None  # the properties of the section the kept part ends in
    for number, block in enumerate(blocks, start=1):
        if number in keep:
            continue
        properties = block.find(f"{_w('pPr')}/{_w('sectPr')}")
        if properties is not None and number < last_kept:
            raise BanSaoError(
                f"{name}: trich — block {number} ends a section of the document (it holds the "
                f"page setup of the pages before it) and block {last_kept} after it is kept; "
                "keep it too"
            )
        if properties is not None and ending is None:
            ending = properties
        body.remove(block)
    final = body[-1] if len(body) and body[-1].tag == _w("sectPr") else None
    if ending is not None and final is not None:
        final.getparent().replace(final, ending)


def _text_width_twips(sect_pr: etree._Element | None) -> int:
    """The width of the last section's text area (page width less the side margins); A4 with
    vanban's margins when the document does not say (NĐ 30/2020, Phụ lục I, mục I.1-3)."""
    default = round(page.TEXT_WIDTH_MM * _TWIPS_PER_MM)
    if sect_pr is None:
        return default
    size, margins = sect_pr.find(_w("pgSz")), sect_pr.find(_w("pgMar"))
    try:
        width = int(size.get(_w("w"))) if size is not None else None
        left = int(margins.get(_w("left"), 0)) if margins is not None else None
        right = int(margins.get(_w("right"), 0)) if margins is not None else None
    except (TypeError, ValueError):
        return default
    if width is None or left is None or right is None:
        return default
    text = width - left - right
    return text if 1440 <= text <= 31680 else default  # 1 to 22 inches, Word's page limits


# --- the copy block -----------------------------------------------------------------------------


def _el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    element = etree.Element(_w(tag)) if parent is None else etree.SubElement(parent, _w(tag))
    for key, value in attrs.items():
        element.set(_w(key), value)
    return element


def _run_props(parent: etree._Element, size: float, *, bold: bool, italic: bool) -> None:
    rpr = _el("rPr", parent)
    fonts = _el("rFonts", rpr)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_w(script), page.FONT)  # Phụ lục I, mục I.4: Times New Roman
    _el("b", rpr, val="1" if bold else "0")
    _el("bCs", rpr, val="1" if bold else "0")
    _el("i", rpr, val="1" if italic else "0")
    _el("iCs", rpr, val="1" if italic else "0")
    _el("caps", rpr, val="0")
    _el("strike", rpr, val="0")
    _el("color", rpr, val="000000")
    half_points = str(round(size * 2))
    _el("sz", rpr, val=half_points)
    _el("szCs", rpr, val=half_points)
    _el("u", rpr, val="none")
    _el("vertAlign", rpr, val="baseline")
    _el("lang", rpr, val="vi-VN")


def _para(
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    keep: bool = True,
    before: int = 0,
    border: bool = False,
) -> etree._Element:
    """One paragraph of the block, every property direct (the original's styles do not reach it)."""
    p = _el("p")
    ppr = _el("pPr", p)
    if keep:
        _el("keepNext", ppr)
    _el("keepLines", ppr)
    _el("pageBreakBefore", ppr, val="0")
    _el("widowControl", ppr)
    numbering = _el("numPr", ppr)
    _el("ilvl", numbering, val="0")
    _el("numId", numbering, val="0")
    if border:  # the full-width solid rule over the block (Phụ lục I, phần II, mục II.2.a)
        borders = _el("pBdr", ppr)
        _el("top", borders, val="single", sz="6", space="1", color="000000")
    _el("spacing", ppr, before=str(before), after="0", line="240", lineRule="auto")
    _el("ind", ppr, left="0", right="0", firstLine="0")
    _el("jc", ppr, val=align)
    _run_props(ppr, size, bold=bold, italic=italic)
    if text:
        run = _el("r", p)
        _run_props(run, size, bold=bold, italic=italic)
        t = _el("t", run)
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _cell(row: etree._Element, width: int, span: int, paragraphs: Sequence[etree._Element]) -> None:
    tc = _el("tc", row)
    tcpr = _el("tcPr", tc)
    _el("tcW", tcpr, w=str(width), type="dxa")
    if span > 1:
        _el("gridSpan", tcpr, val=str(span))
    for paragraph in paragraphs:
        tc.append(paragraph)


def _copy_block(ban_sao: BanSao, width: int) -> list[etree._Element]:
    """The rule, the table of the copy block and the closing paragraph, in order."""
    values = ban_sao.context()
    # The column grid: ô 2-3 under the issuing body's column of the header, Nơi nhận under
    # its own, as the built-in templates place them (vanban.typeset.page), scaled to the width.
    scale = width / (page.TEXT_WIDTH_MM * _TWIPS_PER_MM)
    first = round(page.HEADER_LEFT_MM * _TWIPS_PER_MM * scale)
    second = round(page.SIGN_LEFT_MM * _TWIPS_PER_MM * scale) - first
    third = width - first - second
    column_pt = page.mm_to_pt(page.HEADER_LEFT_MM * scale - 2 * page.CELL_MARGIN_MM)

    rule = _para("", 2, border=True, before=_RULE_GAP_TWIPS)
    tbl = _el("tbl")
    tblpr = _el("tblPr", tbl)
    _el("tblW", tblpr, w=str(width), type="dxa")
    _el("jc", tblpr, val="center")
    _el("tblInd", tblpr, w="0", type="dxa")
    borders = _el("tblBorders", tblpr)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _el(edge, borders, val="nil")
    _el("tblLayout", tblpr, type="fixed")
    margins = _el("tblCellMar", tblpr)
    cell_margin = str(round(page.CELL_MARGIN_MM * _TWIPS_PER_MM))
    for edge in ("top", "left", "bottom", "right"):  # CT_TblCellMar's order (§17.4.42)
        _el(edge, margins, w=cell_margin if edge in ("left", "right") else "0", type="dxa")
    grid = _el("tblGrid", tbl)
    for column in (first, second, third):
        _el("gridCol", grid, w=str(column))

    agency = [_para(line, page.SIZE_CO_QUAN) for line in values["co_quan"]["chu_quan"]]
    agency += [_para(line, page.SIZE_CO_QUAN, bold=True) for line in values["co_quan"]["dong"]]
    agency_rule = short_rule(
        values["co_quan"]["dong"], page.SIZE_CO_QUAN, bold=True, max_width_pt=column_pt
    )
    agency.append(_para(agency_rule, RULE_SIZE_PT))
    agency.append(_para(f"Số: {values['so_ky_hieu']}", page.SIZE_SO_KY_HIEU))
    form = [
        _para(values["hinh_thuc"], SIZE_HINH_THUC, bold=True),
        _para(values["dia_danh_ngay_thang"], page.SIZE_DIA_DANH, italic=True),
    ]
    top = _el("tr", tbl)
    _el("cantSplit", _el("trPr", top))
    _cell(top, first, 1, agency)
    _cell(top, second + third, 2, form)

    recipients = [
        _para(
            "Nơi nhận:",
            page.SIZE_NOI_NHAN_TITLE,
            bold=True,
            italic=True,
            align="left",
            before=_ROW_GAP_TWIPS,
        )
    ]
    recipients += [_para(line, page.SIZE_NOI_NHAN, align="left") for line in values["noi_nhan"]]
    titles = values["chu_ky"]["dong"]
    signer = [
        _para(line, page.SIZE_CHU_KY, bold=True, before=_ROW_GAP_TWIPS if i == 0 else 0)
        for i, line in enumerate(titles)
    ]
    signer += [_para("", page.SIZE_CHU_KY) for _ in range(_SIGN_ROOM)]
    signer.append(_para(values["chu_ky"]["ho_ten"], page.SIZE_CHU_KY, bold=True))
    bottom = _el("tr", tbl)
    _el("cantSplit", _el("trPr", bottom))
    _cell(bottom, first + second, 2, recipients)
    _cell(bottom, third, 1, signer)
    closing = _para("", 2, keep=False)
    return [rule, tbl, closing]


SIZE_HINH_THUC = 14.0
""""SAO Y", "SAO LỤC", "TRÍCH SAO": capitals, 13-14, upright, bold (NĐ 30/2020, Phụ lục I,
phần II, mục II.2.b); 14 as the sample (Phụ lục III, Mẫu 3.1) sets it."""
