"""Any .docx read safely into what the checker needs: its paragraphs in reading order (text, style,
alignment, each run's font, size, bold and italic as Word would show them, the table cell they
sit in) and each section's page size and margins.

The package goes through vanban's own checks first (:func:`vanban.render.package.read_package`:
bounded sizes, sane member names, no DTD, safe XML), so a hostile file is refused with a
:class:`vanban.PackageError` before any part is read. Nothing here depends on how vanban names
its styles: a document typed in Word, LibreOffice or WPS reads the same way.

Formatting is resolved as Word resolves it (ECMA-376 Part 1, §17.7.2, style hierarchy): the run's
own properties, then its character style, then the paragraph's style and the styles it is based
on, then the document defaults; a font given as a theme font (``w:asciiTheme``) is the typeface
the theme names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from vanban.errors import PackageError
from vanban.render.package import DEFAULT_LIMITS, Package, PackageLimits, read_file, read_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
TWIPS_PER_MM = 1440 / 25.4
_OFF = frozenset({"0", "false", "off"})


@dataclass(frozen=True)
class Run:
    """One run of text with its effective formatting (None: the document does not say)."""

    text: str
    font: str | None
    """The typeface of its Latin letters (``w:ascii``, and ``w:hAnsi`` where it differs, the one
    Word uses for Vietnamese letters outside ASCII)."""
    size: float | None
    """Points."""
    bold: bool
    italic: bool
    underline: bool = False
    """The run's own ``w:u`` (not "none")."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph in reading order: the body's, a table cell's or a text box's."""

    index: int
    text: str
    """Its text, NOT normalised (NFD text stays NFD so that it can be found); a tab is "\\t", a
    hard line break "\\n"."""
    style: str | None
    """The paragraph style's name, as Word shows it."""
    alignment: str | None
    """``w:jc``: "left", "center", "right", "both" (justified) …; None: left, Word's default."""
    runs: tuple[Run, ...]
    cell: tuple[int, int, int] | None
    """(table, row, column) of the top-level table the paragraph sits in, tables counted from 0
    in the body's order; None outside tables."""
    numbering: str | None = None
    """When Word numbers it itself (``w:numPr``, §17.3.1.19; its number or bullet is not in
    :attr:`text`): the level's format (``w:numFmt``: "decimal", "lowerLetter", "upperRoman",
    "bullet" …), "?" when numbering.xml does not say; None when Word does not number it."""
    border_below: bool = False
    """A bottom border drawn under it (``w:pBdr/w:bottom``, §17.3.1.7)."""
    drawing: str | None = None
    """A shape anchored in it, other than a text box: "line" (a line or straight connector,
    DrawingML or VML), "other" (a picture or a shape the checker does not read), None."""

    @property
    def words(self) -> tuple[Run, ...]:
        """The runs that hold something other than spaces."""
        return tuple(r for r in self.runs if r.text.strip())

    @property
    def italic(self) -> bool:
        """Every run with visible text is italic (False for an empty paragraph)."""
        return bool(self.words) and all(r.italic for r in self.words)

    @property
    def bold(self) -> bool:
        """Every run with visible text is bold (False for an empty paragraph)."""
        return bool(self.words) and all(r.bold for r in self.words)


@dataclass(frozen=True)
class PageNumber:
    """A PAGE field in a section's header or footer (ECMA-376 Part 1, §17.10, §17.16.5.45)."""

    part: str
    """"header" or "footer"."""
    which: str
    """The pages it shows on: "default", "first" (with ``w:titlePg``) or "even"."""
    alignment: str | None
    size: float | None
    italic: bool


@dataclass(frozen=True)
class Page:
    """One section's page: size and margins in millimetres; its page numbers."""

    section: int
    width: float
    height: float
    top: float | None
    bottom: float | None
    left: float | None
    right: float | None
    title_page: bool = False
    """``w:titlePg``: page 1 has headers and footers of its own (the "first" ones)."""
    number_format: str = "decimal"
    """``w:pgNumType/@w:fmt``: "decimal" (1, 2, 3), "upperRoman" …"""
    page_numbers: tuple[PageNumber, ...] = ()
    """The PAGE fields of the headers and footers the section uses (inherited from the section
    before when it names none of a type, §17.10.5)."""


@dataclass(frozen=True)
class Docx:
    """What the checker reads of a .docx."""

    name: str
    paragraphs: tuple[Paragraph, ...]
    pages: tuple[Page, ...]


@dataclass
class _Props:
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None

    def under(self, other: _Props) -> _Props:
        """These properties, with ``other``'s where these say nothing."""
        return _Props(
            self.font if self.font is not None else other.font,
            self.size if self.size is not None else other.size,
            self.bold if self.bold is not None else other.bold,
            self.italic if self.italic is not None else other.italic,
        )


@dataclass
class _Style:
    name: str
    based_on: str | None
    props: _Props
    alignment: str | None


class _Styles:
    """styles.xml and the theme's fonts, resolved with the style hierarchy (§17.7.2)."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self.theme = _theme_fonts(theme)
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.defaults = _Props()
        self.default_alignment: str | None = None
        if styles is None:
            return
        rpr = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        if rpr is not None:
            self.defaults = self.props(rpr)
        ppr = styles.find(f"{_W}docDefaults/{_W}pPrDefault/{_W}pPr")
        if ppr is not None:
            self.default_alignment = _val(ppr.find(f"{_W}jc"))
        for style in styles.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if not style_id:
                continue
            name = _val(style.find(f"{_W}name")) or style_id
            rpr = style.find(f"{_W}rPr")
            ppr = style.find(f"{_W}pPr")
            self.by_id[style_id] = _Style(
                name,
                _val(style.find(f"{_W}basedOn")),
                self.props(rpr) if rpr is not None else _Props(),
                _val(ppr.find(f"{_W}jc")) if ppr is not None else None,
            )
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
                self.default_paragraph = style_id

    def props(self, rpr: etree._Element) -> _Props:
        """The properties one ``w:rPr`` states."""
        fonts = rpr.find(f"{_W}rFonts")
        font = None
        if fonts is not None:
            font = self._font(fonts, "ascii") or self._font(fonts, "hAnsi")
            other = self._font(fonts, "hAnsi")
            if font is not None and other is not None and other != font:
                font = f"{font} / {other}"
        size_element = rpr.find(f"{_W}sz")
        size = None
        if size_element is not None:
            try:
                size = int(size_element.get(f"{_W}val", "")) / 2
            except ValueError:
                size = None
        return _Props(font, size, _toggle(rpr.find(f"{_W}b")), _toggle(rpr.find(f"{_W}i")))

    def _font(self, fonts: etree._Element, which: str) -> str | None:
        theme = fonts.get(f"{_W}{which}Theme")
        if theme is not None:  # a theme font wins over the name beside it (§17.3.2.26)
            return self.theme.get("major" if theme.startswith("major") else "minor")
        name = fonts.get(f"{_W}{which}")
        return None if name is None else str(name)

    def chain(self, style_id: str | None) -> tuple[_Props, str | None]:
        """A style's properties with those of the styles it is based on, and its alignment."""
        props = _Props()
        alignment = None
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            props = props.under(style.props)
            alignment = alignment or style.alignment
            style_id = style.based_on
        return props, alignment


def read_docx(
    source: Path | bytes, limits: PackageLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> Docx:
    """Read ``source`` (a path or the bytes of a .docx). A file that is not a safe, readable
    .docx raises :class:`vanban.PackageError` naming it."""
    return open_docx(source, limits, name=name).docx


@dataclass(frozen=True)
class Opened:
    """A .docx as read, with the XML it was read from: what ``--fix`` needs to find, in the
    package, the places the checker names (a paragraph's index, a section's index)."""

    package: Package
    part: str
    """The main document part's name (usually ``word/document.xml``)."""
    root: etree._Element
    """That part parsed (``w:document``); edits change it in place."""
    docx: Docx
    elements: tuple[etree._Element, ...]
    """``w:p`` of each paragraph of :attr:`Docx.paragraphs`, by index."""
    sections: tuple[etree._Element, ...]
    """``w:sectPr`` of each page of :attr:`Docx.pages`, by index."""


def open_docx(
    source: Path | bytes, limits: PackageLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> Opened:
    """Read ``source`` as :func:`read_docx` does, keeping the package and the XML elements each
    paragraph and section was read from."""
    if isinstance(source, Path):
        name = name or source.name
        data = read_file(source, limits, name=name)
    else:
        name = name or "(bytes)"
        data = source
    package = read_package(data, name, limits, keep_xml=_PARTS)  # each part parsed once
    document = _main_part(package)
    if document not in package:
        raise PackageError(f"{name}: the package has no document part {document!r}")
    root = package.xml(document)
    styles = _Styles(
        package.xml("word/styles.xml") if "word/styles.xml" in package else None,
        package.xml("word/theme/theme1.xml") if "word/theme/theme1.xml" in package else None,
    )
    body = root.find(f"{_W}body")
    if body is None:
        raise PackageError(f"{name}: {document} has no w:body; not a Word document")
    lists = _lists(package.xml("word/numbering.xml")) if "word/numbering.xml" in package else {}
    reader = _Reader(styles, lists)
    reader.block(body, None)
    sections = tuple(body.iter(f"{_W}sectPr"))
    numbers = _PageNumbers(package, document, styles)
    pages = tuple(_page(i, sect, numbers) for i, sect in enumerate(sections))
    doc = Docx(name, tuple(reader.paragraphs), pages)
    return Opened(package, document, root, doc, tuple(reader.elements), sections)


_PARTS = ("_rels/.rels", "word/document.xml", "word/styles.xml", "word/theme/theme1.xml")
"""The parts the checker reads (the main part where the package relationships usually put it)."""


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _lists(numbering: etree._Element) -> dict[tuple[str, str], str]:
    """(numId, ilvl) → the level's w:numFmt, through the list's w:abstractNum (§17.9)."""
    formats: dict[str, dict[str, str]] = {}
    for abstract in numbering.findall(f"{_W}abstractNum"):
        levels = formats.setdefault(str(abstract.get(f"{_W}abstractNumId", "")), {})
        for lvl in abstract.findall(f"{_W}lvl"):
            levels[str(lvl.get(f"{_W}ilvl", "0"))] = _val(lvl.find(f"{_W}numFmt")) or "decimal"
    found: dict[tuple[str, str], str] = {}
    for num in numbering.findall(f"{_W}num"):
        abstract_id = _val(num.find(f"{_W}abstractNumId"))
        for level, fmt in formats.get(str(abstract_id), {}).items():
            found[(str(num.get(f"{_W}numId", "")), level)] = fmt
    return found


class _PageNumbers:
    """The PAGE fields of the headers and footers, section by section (a section that names no
    header of a type keeps the one before it, §17.10.5)."""

    def __init__(self, package: Package, document: str, styles: _Styles) -> None:
        self.package = package
        self.styles = styles
        self.targets: dict[str, str] = {}
        folder = document.rsplit("/", 1)[0] + "/" if "/" in document else ""
        rels = f"{folder}_rels/{document.rsplit('/', 1)[-1]}.rels"
        if rels in package:
            for rel in package.xml(rels):
                target = str(rel.get("Target", ""))
                path = target.lstrip("/") if target.startswith("/") else folder + target
                self.targets[str(rel.get("Id", ""))] = path
        self.current: dict[tuple[str, str], tuple[PageNumber, ...]] = {}

    def of(self, sect: etree._Element) -> tuple[PageNumber, ...]:
        for part in ("header", "footer"):
            for ref in sect.findall(f"{_W}{part}Reference"):
                which = ref.get(f"{_W}type", "default")
                path = self.targets.get(str(ref.get(f"{_R}id", "")))
                found: tuple[PageNumber, ...] = ()
                if path is not None and path in self.package:
                    found = self._read(self.package.xml(path), part, which)
                self.current[(part, which)] = found
        return tuple(n for numbers in self.current.values() for n in numbers)

    def _read(self, root: etree._Element, part: str, which: str) -> tuple[PageNumber, ...]:
        found = []
        for p in root.iter(f"{_W}p"):
            instructions = [t.text or "" for t in p.iter(f"{_W}instrText")]
            instructions += [str(f.get(f"{_W}instr", "")) for f in p.iter(f"{_W}fldSimple")]
            if not any(i.split()[:1] == ["PAGE"] for i in instructions if i.split()):
                continue
            reader = _Reader(self.styles)
            reader.paragraph(p, None)
            read = reader.paragraphs[0]
            sizes = [r.size for r in read.runs if r.size is not None]
            italic = any(r.italic for r in read.runs)
            found.append(
                PageNumber(part, which, read.alignment, sizes[0] if sizes else None, italic)
            )
        return tuple(found)


def _main_part(package: Package) -> str:
    """The main document part the package relationships name (usually word/document.xml)."""
    if "_rels/.rels" in package:
        for rel in package.xml("_rels/.rels"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return str(rel.get("Target", "")).lstrip("/")
    return "word/document.xml"


class _Reader:
    def __init__(self, styles: _Styles, lists: dict[tuple[str, str], str] | None = None) -> None:
        self.styles = styles
        self.lists = lists or {}
        self.paragraphs: list[Paragraph] = []
        self.elements: list[etree._Element] = []
        self.tables = 0

    def block(self, parent: etree._Element, cell: tuple[int, int, int] | None) -> None:
        """Paragraphs and tables of a body, cell or content control, in order."""
        for child in parent:
            if child.tag == f"{_W}p":
                self.paragraph(child, cell)
            elif child.tag == f"{_W}tbl":
                self.table(child, cell)
            elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent")
                self.block(content if content is not None else child, cell)

    def table(self, table: etree._Element, cell: tuple[int, int, int] | None) -> None:
        index = self.tables
        if cell is None:
            self.tables += 1
        for r, row in enumerate(table.findall(f"{_W}tr")):
            for c, tc in enumerate(row.findall(f"{_W}tc")):
                self.block(tc, cell if cell is not None else (index, r, c))

    def paragraph(self, p: etree._Element, cell: tuple[int, int, int] | None) -> None:
        ppr = p.find(f"{_W}pPr")
        style_id = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        style_props, style_alignment = self.styles.chain(style_id)
        alignment = _val(ppr.find(f"{_W}jc")) if ppr is not None else None
        alignment = alignment or style_alignment or self.styles.default_alignment
        elements, boxes = paragraph_runs(p)
        runs = [self.run(r, style_props) for r in elements]
        text = "".join(r.text for r in runs)
        name = self.styles.by_id[style_id].name if style_id in self.styles.by_id else None
        num = ppr.find(f"{_W}numPr/{_W}numId") if ppr is not None else None
        numbering = None
        if num is not None and _val(num) not in (None, "0"):
            level = _val(ppr.find(f"{_W}numPr/{_W}ilvl")) if ppr is not None else None
            numbering = self.lists.get((str(_val(num)), level or "0"), "?")
        bottom = ppr.find(f"{_W}pBdr/{_W}bottom") if ppr is not None else None
        border = bottom is not None and _val(bottom) not in (None, "none", "nil")
        self.paragraphs.append(
            Paragraph(
                len(self.paragraphs),
                text,
                name,
                alignment,
                tuple(runs),
                cell,
                numbering,
                border,
                _drawing(p),
            )
        )
        self.elements.append(p)
        for box in boxes:  # floating text (text boxes): read after the paragraph anchoring it
            self.block(box, cell)

    def run(self, r: etree._Element, paragraph_props: _Props) -> Run:
        rpr = r.find(f"{_W}rPr")
        own = self.styles.props(rpr) if rpr is not None else _Props()
        char_style = _val(rpr.find(f"{_W}rStyle")) if rpr is not None else None
        props = own.under(self.styles.chain(char_style)[0]).under(paragraph_props)
        props = props.under(self.styles.defaults)
        caps = rpr is not None and _toggle(rpr.find(f"{_W}caps")) is True
        text = run_text(r)
        u = rpr.find(f"{_W}u") if rpr is not None else None
        return Run(
            text.upper() if caps else text,
            props.font,
            props.size,
            bool(props.bold),
            bool(props.italic),
            u is not None and _val(u) not in (None, "none"),
        )


def paragraph_runs(p: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """The runs (``w:r``) of paragraph ``p`` whose text is the paragraph's, in order — not those
    of text boxes inside it, nor deleted ones (``w:del``) — and the text boxes (``w:txbxContent``)
    it anchors, but not their copies in ``mc:Fallback``. The one walk the reader and the fixer
    share, so that a paragraph's index and the spans of its text name the same XML for both."""
    runs: list[etree._Element] = []
    boxes: list[etree._Element] = []
    for element in p.iter(f"{_W}r", f"{_W}txbxContent"):
        if element.tag == f"{_W}txbxContent":
            if _outer_paragraph(element) is p and not _in_fallback(element, p):
                boxes.append(element)
            continue
        if _outer_paragraph(element) is not p or _in(element, p, f"{_W}del"):
            continue
        runs.append(element)
    return runs, boxes


TEXT_TAGS: dict[str, str | None] = {
    f"{_W}t": None,
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
"""A run's children that hold its text: ``w:t`` its own text, the others one character each."""


def child_text(child: etree._Element) -> str:
    """The text one child of a run holds ("" for those that hold none: ``w:rPr``, drawings …)."""
    if child.tag not in TEXT_TAGS:
        return ""
    fixed = TEXT_TAGS[child.tag]
    return fixed if fixed is not None else (child.text or "")


def run_text(r: etree._Element) -> str:
    """The text of run ``r`` as stored (``w:caps`` not applied)."""
    return "".join(child_text(child) for child in r)


_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_VML = "{urn:schemas-microsoft-com:vml}"
_LINES = frozenset({"line", "straightConnector1"})


def _drawing(p: etree._Element) -> str | None:
    """What shape a paragraph anchors, text boxes aside: "line", "other" or None (DrawingML
    ``wps:wsp`` with its ``a:prstGeom``, §20.1.9.18; VML ``v:line`` in an older file)."""
    found = None
    for shape in p.iter(f"{_WPS}wsp", f"{_VML}line", f"{{{A}}}graphic"):
        if shape.tag == f"{_VML}line":
            return "line"
        if shape.tag == f"{{{A}}}graphic":
            if next(shape.iter(f"{_WPS}wsp"), None) is None:
                found = "other"  # a picture, a chart
            continue
        if shape.find(f"{_WPS}txbx") is not None:
            continue
        geometry = shape.find(f".//{{{A}}}prstGeom")
        if geometry is not None and geometry.get("prst") in _LINES:
            return "line"
        found = "other"
    return found


def _outer_paragraph(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != f"{_W}p":
        parent = parent.getparent()
    return parent


def _in(element: etree._Element, stop: etree._Element, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _in_fallback(element: etree._Element, stop: etree._Element) -> bool:
    """Inside mc:Fallback: the copy of a text box an older Word reads, not a second text."""
    return _in(element, stop, f"{{{MC}}}Fallback")


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _toggle(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return element.get(f"{_W}val", "1").lower() not in _OFF


def _theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for which in ("major", "minor"):
        latin = theme.find(f".//{{{A}}}{which}Font/{{{A}}}latin")
        if latin is not None and latin.get("typeface"):
            fonts[which] = latin.get("typeface", "")
    return fonts


def _page(index: int, sect: etree._Element, numbers: _PageNumbers) -> Page:
    size = sect.find(f"{_W}pgSz")
    fmt = sect.find(f"{_W}pgNumType")
    margins = sect.find(f"{_W}pgMar")

    def mm(element: etree._Element | None, attribute: str) -> float | None:
        if element is None or element.get(f"{_W}{attribute}") is None:
            return None
        try:
            return abs(int(element.get(f"{_W}{attribute}", ""))) / TWIPS_PER_MM
        except ValueError:
            return None

    return Page(
        index,
        mm(size, "w") or 0.0,
        mm(size, "h") or 0.0,
        mm(margins, "top"),
        mm(margins, "bottom"),
        mm(margins, "left"),
        mm(margins, "right"),
        _toggle(sect.find(f"{_W}titlePg")) is True,
        str(fmt.get(f"{_W}fmt", "decimal")) if fmt is not None else "decimal",
        numbers.of(sect),
    )


def nfc(text: str) -> str:
    """``text`` in NFC, the form rules compare against."""
    return unicodedata.normalize("NFC", text)
