"""Where things are on a rendered page: the signature's place (ô 7c) and the blanks of a draft's
number and date, found from the text's positions (pypdf), not from fixed coordinates.

vanban made the document, so it knows how the page is built: the signature block (ô 7a, 7b) is the
right-hand column level with "Nơi nhận:" (ô 9b), its title lines on top, room for the signature and
the seal, then the signer's name (NĐ 30/2020, Phụ lục I, mục IV, the layout diagram; mục II.7); a
Biên bản's signers sign in columns above "Nơi nhận:", THƯ KÝ left, CHỦ TỌA right (Phụ lục III, Mẫu
1.9). A draft keeps its number and date as runs of no-break spaces, "Số:      /QĐ-UBND" and "ngày
tháng      năm" (Phụ lục III's samples; docs/thanh-phan.md, "Numbered at issue: drafts"). Each
no-break space is a text chunk of its own in LibreOffice's PDF, with its position, so a blank's
extent is read, not guessed. Text widths are vanban's Times estimates
(:mod:`vanban.typeset.metrics`).

Coordinates are PDF points, origin at the bottom left of the page.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any, Literal

from pypdf import PdfReader

from vanban.errors import SigningError
from vanban.typeset.metrics import text_width_pt

_NBSP = "\u00a0"
_LINE_TOLERANCE = 1.5  # points: chunks whose baselines differ by less sit on one line
_ASCENT = 0.95  # of the size: the top of a capital with a Vietnamese tone mark above it
_DESCENT = 0.25  # of the size: below the baseline


@dataclass(frozen=True)
class Rect:
    """A rectangle on a page, in PDF points from the page's bottom left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """x1 - x0."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """y1 - y0."""
        return self.y1 - self.y0

    def box(self) -> tuple[int, int, int, int]:
        """The rectangle in whole points, inside this one (pyHanko's field boxes are whole)."""
        import math

        return (math.ceil(self.x0), math.ceil(self.y0), math.floor(self.x1), math.floor(self.y1))


@dataclass(frozen=True)
class Chunk:
    """One piece of text as the page draws it: where its baseline starts, its size and font."""

    x: float
    y: float
    size: float
    text: str
    bold: bool
    italic: bool

    @property
    def width(self) -> float:
        """The estimated printed width (Times metrics)."""
        return text_width_pt(self.text, self.size, bold=self.bold)

    @property
    def blank(self) -> bool:
        """Only no-break spaces (and spaces), at least one no-break space: part of a blank."""
        return _NBSP in self.text and self.text.strip(" " + _NBSP) == ""


@dataclass(frozen=True)
class Line:
    """Chunks on one baseline, left to right."""

    chunks: tuple[Chunk, ...]

    @property
    def y(self) -> float:
        """The baseline."""
        return self.chunks[0].y

    @property
    def size(self) -> float:
        """The largest size on the line."""
        return max(chunk.size for chunk in self.chunks)

    @property
    def x0(self) -> float:
        """Where the line starts."""
        return min(chunk.x for chunk in self.chunks)

    @property
    def x1(self) -> float:
        """Where the line ends (estimated)."""
        return max(chunk.x + chunk.width for chunk in self.chunks)

    @property
    def text(self) -> str:
        """The line's text."""
        return "".join(chunk.text for chunk in self.chunks)


Kind = Literal["so", "ngay", "thang", "nam"]
"""What a blank holds: the number, the day, the month, the year (NĐ 30/2020, Phụ lục I, mục II.3,
II.4)."""


@dataclass(frozen=True)
class Blank:
    """A blank of a draft to be filled at issue: what it holds, its page and rectangle, and the
    size and style of the text around it (the filled text matches it)."""

    kind: Kind
    page: int
    rect: Rect
    size: float
    italic: bool
    after: str = ""
    """The text right after the blank (up to a wide gap): the number's is its ký hiệu,
    "/BB-UBND"."""


@dataclass(frozen=True)
class SignaturePlace:
    """The signature block on its page: the room for the signature between the title lines and
    the name (``rect``), and those lines."""

    page: int
    rect: Rect
    titles: tuple[Line, ...]
    name: Line

    @property
    def title(self) -> str:
        """The title lines as one text: "CHỦ TỌA", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"."""
        return " ".join(line.text.strip() for line in self.titles if line.text.strip())


def chunks(reader: PdfReader, page: int) -> list[Chunk]:
    """The text chunks of one page, with their positions (pypdf's text visitor)."""
    found: list[Chunk] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text or text.strip("\n") == "" or font is None:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        name = str(font.get("/BaseFont", ""))
        found.append(
            Chunk(
                x=float(x),
                y=float(y),
                size=float(size) * (float(c) ** 2 + float(d) ** 2) ** 0.5,
                text=text.replace("\n", ""),
                bold="Bold" in name,
                italic="Italic" in name or "Oblique" in name,
            )
        )

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def lines(items: list[Chunk]) -> list[Line]:
    """Chunks grouped by baseline, top of the page first, each line left to right."""
    ordered = sorted(items, key=lambda chunk: -chunk.y)
    groups: list[list[Chunk]] = []
    for chunk in ordered:
        if groups and abs(groups[-1][0].y - chunk.y) < _LINE_TOLERANCE:
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    return [Line(tuple(sorted(group, key=lambda chunk: chunk.x))) for group in groups]


def reader_of(pdf: bytes) -> PdfReader:
    """A pypdf reader of ``pdf``; a file that is not a PDF is a :class:`SigningError`."""
    from pypdf.errors import PdfReadError

    try:
        return PdfReader(io.BytesIO(pdf))
    except (PdfReadError, ValueError) as error:
        raise SigningError(f"not a readable PDF: {error}") from None


_LABEL = "Nơi nhận:"
_ROOM = 2.5
"""Lines further apart than this many text sizes leave room for a signature: the template puts
four empty lines between the title lines and the name (ô 7c, ô 8); title lines follow each other
at a line's height, and the rows of a Biên bản's columns one empty line apart."""


def signature_places(pdf: bytes, *, padding: float = 2.0) -> list[SignaturePlace]:
    """Every signature's place (ô 7c) in reading order, rows top to bottom, each row left to
    right: the room between a block's title lines (ô 7a) and its name (ô 7b), as wide as the
    block's widest line and centred on the name (NĐ 30/2020, Phụ lục I, mục II.7.d: the image
    "giữa chức vụ và họ tên").

    Most layouts have one signature block, the right-hand column level with "Nơi nhận:" (ô 9b;
    Phụ lục I, mục IV): its title lines are the lines above its largest gap, the name the line
    below it. A Biên bản (Mẫu 1.9) signs in columns under the text, "THƯ KÝ" left and "CHỦ TỌA"
    right, further signers two per row, Nơi nhận under the Thư ký: there each column is the
    stack of bold lines centred on one axis above "Nơi nhận:" (up to the closing line, over a
    page break if the rows run over one), its name the line after a gap of more than
    :data:`_ROOM` sizes."""
    reader = reader_of(pdf)
    for page in range(len(reader.pages)):
        items = chunks(reader, page)
        label = next((c for c in items if c.text.replace(_NBSP, " ").strip() == _LABEL), None)
        if label is None:
            continue
        width = float(reader.pages[page].mediabox.width)
        column = label.x + (width - label.x) / 3
        right = [
            c
            for c in items
            if c.x > column and c.y <= label.y + label.size and c.text.strip(" " + _NBSP)
        ]
        block = lines(right)
        if len(block) >= 2:
            gaps = [upper.y - lower.y for upper, lower in itertools.pairwise(block)]
            split = gaps.index(max(gaps)) + 1
            return [_place(page, tuple(block[:split]), block[split], padding)]
        places = _columns(reader, page, label, padding)
        if not places:
            raise SigningError(
                f"page {page + 1}: no signature block beside or above '{_LABEL}' (title lines "
                "and the signer's name, NĐ 30/2020, Phụ lục I, mục II.7)"
            )
        return places
    raise SigningError(
        f"no signature block: no page has '{_LABEL}' (ô 9b), beside or above which the signature "
        "block stands (NĐ 30/2020, Phụ lục I, mục IV); is this a PDF vanban rendered?"
    )


def _place(page: int, titles: tuple[Line, ...], name: Line, padding: float) -> SignaturePlace:
    last = titles[-1]
    top = last.y - _DESCENT * last.size - padding
    bottom = name.y + _ASCENT * name.size + padding
    if top <= bottom:
        raise SigningError(
            f"page {page + 1}: no room for the signature between '{last.text.strip()}' and "
            f"'{name.text.strip()}' (NĐ 30/2020, Phụ lục I, mục II.7.d)"
        )
    every = (*titles, name)
    span = max(line.x1 - line.x0 for line in every)
    centre = (name.x0 + name.x1) / 2
    rect = Rect(centre - span / 2, bottom, centre + span / 2, top)
    return SignaturePlace(page, rect, titles, name)


def _signing_lines(reader: PdfReader, page: int, label: Chunk | None) -> list[tuple[int, Line]]:
    """The lines above "Nơi nhận:" that are all bold (the columns' titles and names), top to
    bottom, walking up to the first line that is not (the closing line), over page breaks; the
    running head (the page number, in the top margin) is skipped."""
    from vanban.typeset.page import MARGIN_TOP_MM, mm_to_pt

    found: list[tuple[int, Line]] = []
    while page >= 0:
        height = float(reader.pages[page].mediabox.height)
        head = height - mm_to_pt(MARGIN_TOP_MM)
        items = [c for c in chunks(reader, page) if c.text.strip(" " + _NBSP) and c.y < head]
        if label is not None:
            items = [c for c in items if c.y > label.y + _LINE_TOLERANCE]
        for line in reversed(lines(items)):
            if not all(c.bold for c in line.chunks if c.text.strip(" " + _NBSP)):
                return found
            found.insert(0, (page, line))
        page, label = page - 1, None
    return found


@dataclass
class _Column:
    page: int
    centre: float
    titles: list[Line]
    name: Line | None = None


def _columns(reader: PdfReader, page: int, label: Chunk, padding: float) -> list[SignaturePlace]:
    """The signature columns above "Nơi nhận:" (Mẫu 1.9), in reading order."""
    open_: list[_Column] = []
    done: list[_Column] = []
    for at, line in _signing_lines(reader, page, label):
        for part in row_parts(line):
            centre = (part.x0 + part.x1) / 2
            match = next(
                (c for c in open_ if c.page == at and abs(c.centre - centre) < part.size / 2),
                None,
            )
            if match is None:
                open_.append(_Column(at, centre, [part]))
            elif match.titles[-1].y - part.y > _ROOM * part.size:
                match.name = part
                open_.remove(match)
                done.append(match)
            else:
                match.titles.append(part)
    done.sort(key=lambda c: (c.page, -round(c.titles[0].y), c.centre))
    places = []
    for column in done:
        assert column.name is not None
        places.append(_place(column.page, tuple(column.titles), column.name, padding))
    return places


def row_parts(line: Line) -> list[Line]:
    """A line split where its chunks stand more than a text size apart: the columns of a row
    share a baseline."""
    parts: list[list[Chunk]] = [[line.chunks[0]]]
    for before, chunk in itertools.pairwise(line.chunks):
        if chunk.x - (before.x + before.width) > chunk.size:
            parts.append([chunk])
        else:
            parts[-1].append(chunk)
    return [Line(tuple(part)) for part in parts]


Column = int | str
"""Which signature column: its index in :func:`signature_places` (0 first, in reading order) or
its title text ("THƯ KÝ", "CHỦ TỌA"; case and spacing aside)."""


def _folded(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def choose(places: list[SignaturePlace], cot: Column | None) -> int:
    """The index of the column ``cot`` among ``places``. ``None`` is the only block of a
    document signed by one signer; a document signed in columns names the column."""
    titles = ", ".join(repr(place.title) for place in places)
    if cot is None:
        if len(places) == 1:
            return 0
        raise SigningError(
            f"the PDF has {len(places)} signature columns ({titles}); say which one signs: "
            "its number in that order (0 first) or its title"
        )
    if isinstance(cot, int):
        if 0 <= cot < len(places):
            return cot
        raise SigningError(
            f"cot: {cot} — the PDF has {len(places)} signature column(s) ({titles}), numbered "
            f"from 0"
        )
    wanted = _folded(cot)
    found = [
        i
        for i, place in enumerate(places)
        if wanted in {_folded(place.title), *(_folded(line.text) for line in place.titles)}
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise SigningError(f"cot: {cot!r} — no signature column has that title ({titles})")
    raise SigningError(
        f"cot: {cot!r} — {len(found)} signature columns have that title ({titles}); give its "
        "number instead (0 first)"
    )


def signature_place(
    pdf: bytes, cot: Column | None = None, *, padding: float = 2.0
) -> SignaturePlace:
    """The place of one signature (:func:`signature_places`): the only one of a document signed
    by one signer, or the column ``cot`` (:func:`choose`) of a Biên bản."""
    places = signature_places(pdf, padding=padding)
    return places[choose(places, cot)]


def _kind(before: str, after: str) -> Kind | None:
    before = before.replace(_NBSP, " ").strip()
    if after.lstrip().startswith("/"):
        return "so"  # "Số: ____/QĐ-UBND", "(Kèm theo Quyết định số ____/QĐ-UBND ...)"
    for word, kind in (("ngày", "ngay"), ("tháng", "thang"), ("năm", "nam")):
        if before.endswith(word):
            return kind  # type: ignore[return-value]
    return None


def blanks(pdf: bytes) -> list[Blank]:
    """The blanks of a draft's number and date, every page, top to bottom: runs of no-break
    spaces before "/" of the số ký hiệu, after "ngày", "tháng" and "năm". A year printed with the
    draft (``nam``) has no blank; a line that ends in "năm" after a day blank gets a year blank
    as wide as a year."""
    reader = reader_of(pdf)
    found: list[Blank] = []
    for page in range(len(reader.pages)):
        for line in lines(chunks(reader, page)):
            found.extend(_line_blanks(page, line))
    return found


def _line_blanks(page: int, line: Line) -> list[Blank]:
    found: list[Blank] = []
    items = line.chunks
    i = 0
    while i < len(items):
        if not items[i].blank:
            i += 1
            continue
        j = i
        while j < len(items) and items[j].blank:
            j += 1
        before = "".join(c.text for c in items[:i])
        after = items[j].text if j < len(items) else ""
        kind = _kind(before, after)
        if kind is not None:
            near = items[i - 1] if i > 0 else items[i]
            end = items[j].x if j < len(items) else items[j - 1].x + items[j - 1].width
            rest = _run(items[j:]).replace(_NBSP, " ")
            found.append(_blank(kind, page, items[i].x, end, line.y, near, rest))
        i = j
    last = items[-1]
    has_day = any(blank.kind == "ngay" for blank in found)
    if has_day and last.text.replace(_NBSP, " ").rstrip().endswith("năm"):
        start = last.x + text_width_pt(last.text.rstrip(" " + _NBSP) + " ", last.size)
        end = start + text_width_pt("0000 ", last.size)
        found.append(_blank("nam", page, start, end, line.y, last))
    return found


def _run(items: tuple[Chunk, ...]) -> str:
    """The text of the chunks that follow each other without a gap wider than the text's size:
    the ký hiệu after a number's blank, not the date line beside it on the same baseline."""
    if not items:
        return ""
    text = items[0].text
    for before, chunk in itertools.pairwise(items):
        if chunk.x - (before.x + before.width) > chunk.size:
            break
        text += chunk.text
    return text


def _blank(
    kind: Kind, page: int, x0: float, x1: float, y: float, near: Chunk, after: str = ""
) -> Blank:
    rect = Rect(x0, y - _DESCENT * near.size, x1, y + _ASCENT * near.size)
    return Blank(kind, page, rect, near.size, near.italic, after)
