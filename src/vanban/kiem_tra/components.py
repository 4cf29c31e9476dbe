"""The components of a document (NĐ 30/2020, Phụ lục I, mục IV: the numbered cells "ô") found
by their content and position, never by style names: a document typed in Word has none of
vanban's styles. A component is a :class:`Line`: a paragraph, or one line of a paragraph whose
lines are split by hard line breaks (Shift+Enter: "Nơi nhận:" and its items typed as one
paragraph, the Quốc hiệu and the Tiêu ngữ as one).

- Quốc hiệu (ô 1): one of the first paragraphs reading "CỘNG HÒA XÃ HỘI CHỦ NGHĨA …" once
  marks and case are set aside; the Tiêu ngữ (ô 1) the next paragraph reading "Độc lập …".
- The header: the table holding the Quốc hiệu when there is one (the samples of Phụ lục III
  build it as a two-column table); otherwise the paragraphs up to the last of its lines found.
- "Số:" (ô 3): the header's first line starting "Số" and a colon.
- Place and date (ô 4): the header's line that is a place, a comma and "ngày … tháng … năm …"
  and nothing else.
- Tên loại (ô 5a): the first line after the header, when it is in capitals; the trích yếu the
  line under it when it is centred (a line ending in ":" opens the body instead: Mẫu 1.8).
- "(Kèm theo … số … ngày … của …)": a line of the first few after the header, the mark of a text
  attached to a Quyết định (Mẫu 1.3) or of a Phụ lục (Mẫu 2.1) in a file of its own, whose
  header has no Số and no date.
- Kính gửi (ô 9a): the first line after the header starting "Kính gửi", and its "- " lines.
- Nơi nhận (ô 9b): the last line starting "Nơi nhận"; its items are the lines after it in its
  table cell, or the "- " lines after it outside a table.
- The signature (ô 7): the other cells of the table holding Nơi nhận.
- The body (ô 6): the paragraphs outside tables after all of these and before Nơi nhận (or the
  table holding it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vanban.kiem_tra.docx import Docx, Paragraph, nfc

HEADER_SEARCH = 30
"""How many paragraphs from the top the header's lines are looked for in."""

_DATE_LINE = re.compile(
    r"^[^:;\n]{0,80}?,?\s*ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}\s*\.?\s*$", re.IGNORECASE
)
_SO = re.compile(r"^\s*số\s*:", re.IGNORECASE)
_DASHES = ("-", "\u2013", "\u2014", "\u2012", "\u2212", "+", "*", "\u2022")


def fold(text: str) -> str:
    """``text`` compared loosely: NFC, no marks (đ as d), capitals, one space between words."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").upper().split())


def is_rule_line(paragraph: Paragraph) -> bool:
    """A line drawn with low lines ("____"), as the decree's samples draw rules."""
    text = paragraph.text.strip()
    return bool(text) and set(text) <= {"_"}


@dataclass(frozen=True)
class Line:
    """One line of a paragraph (the whole paragraph when it has no hard line break)."""

    paragraph: Paragraph
    text: str

    @property
    def index(self) -> int:
        """The paragraph's index."""
        return self.paragraph.index


def lines_of(paragraph: Paragraph) -> list[Line]:
    """The paragraph's lines that hold text (hard line breaks split them)."""
    return [Line(paragraph, text) for text in paragraph.text.split("\n") if text.strip()]


def _matches(pattern: re.Pattern[str], line: Line) -> bool:
    return pattern.match(nfc(line.text).strip()) is not None


@dataclass(frozen=True)
class Components:
    """Where each component is (None or empty when not found)."""

    quoc_hieu: Line | None
    tieu_ngu: Line | None
    so_ky_hieu: Line | None
    dia_danh_ngay: Line | None
    ten_loai: Line | None
    kem_theo: Line | None
    kinh_gui: tuple[Line, ...]
    noi_nhan: Line | None
    noi_nhan_muc: tuple[Line, ...]
    chu_ky: tuple[Paragraph, ...]
    header: tuple[int, ...]
    """Indexes of the header's paragraphs."""
    trich_yeu: Line | None = None
    """The line under the tên loại, centred (ô 5a), when there is one."""
    body: tuple[int, ...] = ()
    """Indexes of the body's paragraphs outside tables (ô 6): after the header, the tên loại,
    the trích yếu and Kính gửi, before Nơi nhận and the signature."""

    def component_of(self, index: int) -> str:
        """The component paragraph ``index`` belongs to ("noi_dung" for the body)."""
        named: tuple[tuple[str, tuple[Line | Paragraph | None, ...]], ...] = (
            ("quoc_hieu", (self.quoc_hieu,)),
            ("tieu_ngu", (self.tieu_ngu,)),
            ("so_ky_hieu", (self.so_ky_hieu,)),
            ("dia_danh_ngay", (self.dia_danh_ngay,)),
            ("ten_loai", (self.ten_loai,)),
            ("kinh_gui", self.kinh_gui),
            ("noi_nhan", (self.noi_nhan, *self.noi_nhan_muc)),
            ("chu_ky", self.chu_ky),
        )
        for name, places in named:
            if any(p is not None and p.index == index for p in places):
                return name
        return "tieu_de" if index in self.header else "noi_dung"


def find_components(doc: Docx) -> Components:
    """Find the components of ``doc`` (see the module's docstring)."""
    paragraphs = doc.paragraphs
    top = [line for p in paragraphs[:HEADER_SEARCH] for line in lines_of(p)]
    quoc_hieu = next((x for x in top if fold(x.text).startswith("CONG HOA XA HOI CHU")), None)
    tieu_ngu = None
    if quoc_hieu is not None:
        after = top[_position(top, quoc_hieu) + 1 :][:3]
        tieu_ngu = next((x for x in after if fold(x.text).startswith("DOC LAP")), None)
    cell = quoc_hieu.paragraph.cell if quoc_hieu is not None else None
    table = cell[0] if cell is not None else None
    if table is not None:
        in_table = [p for p in paragraphs if p.cell is not None and p.cell[0] == table]
        region = [line for p in in_table for line in lines_of(p)]
    else:
        region = top
    so = next((x for x in region if _matches(_SO, x)), None)
    ngay = next((x for x in region if _matches(_DATE_LINE, x)), None)
    if table is not None:
        header = tuple(p.index for p in in_table)
    else:
        found = [x.index for x in (quoc_hieu, tieu_ngu, so, ngay) if x is not None]
        header = tuple(range(max(found) + 1)) if found else ()
    end = max(header, default=-1)
    rest = [line for p in paragraphs[end + 1 :] if not is_rule_line(p) for line in lines_of(p)]
    ten_loai = None
    if header and rest:
        letters = [ch for ch in rest[0].text if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters):
            ten_loai = rest[0]
    kem_theo = next((x for x in rest[:5] if fold(x.text).startswith("(KEM THEO")), None)
    kinh_gui = _kinh_gui(rest[:HEADER_SEARCH])
    every = [line for p in paragraphs for line in lines_of(p)]
    noi_nhan = next((x for x in reversed(every) if fold(x.text).startswith("NOI NHAN")), None)
    items: tuple[Line, ...] = ()
    signature: tuple[Paragraph, ...] = ()
    if noi_nhan is not None:
        items = _noi_nhan_items(every, noi_nhan)
        home = noi_nhan.paragraph.cell
        if home is not None:
            signature = tuple(
                p
                for p in paragraphs
                if p.cell is not None and p.cell[0] == home[0] and p.cell != home and p.text.strip()
            )
    trich_yeu = None
    if ten_loai is not None and len(rest) > 1 and rest[1] is not kem_theo:
        # centred under the title; a line ending in ":" opens the body (Giấy giới thiệu, Mẫu 1.8)
        centred = rest[1].paragraph.alignment == "center"
        trich_yeu = rest[1] if centred and not rest[1].text.rstrip().endswith(":") else None
    body = _body(paragraphs, end, (ten_loai, trich_yeu, kem_theo, *kinh_gui), noi_nhan)
    return Components(
        quoc_hieu,
        tieu_ngu,
        so,
        ngay,
        ten_loai,
        kem_theo,
        kinh_gui,
        noi_nhan,
        items,
        signature,
        header,
        trich_yeu,
        body,
    )


def _body(
    paragraphs: tuple[Paragraph, ...],
    header_end: int,
    above: tuple[Line | None, ...],
    noi_nhan: Line | None,
) -> tuple[int, ...]:
    start = max([header_end, *(x.index for x in above if x is not None)]) + 1
    stop = len(paragraphs)
    if noi_nhan is not None:
        home = noi_nhan.paragraph.cell
        stop = noi_nhan.index
        if home is not None:  # the table of Nơi nhận and the signature
            stop = min(p.index for p in paragraphs if p.cell is not None and p.cell[0] == home[0])
    return tuple(
        p.index
        for p in paragraphs[start:stop]
        if p.cell is None and p.text.strip() and not is_rule_line(p)
    )


def _starts_with_dash(line: Line) -> bool:
    return line.text.strip().startswith(_DASHES)


def _kinh_gui(lines: list[Line]) -> tuple[Line, ...]:
    for i, line in enumerate(lines):
        if fold(line.text).startswith("KINH GUI"):
            found = [line]
            for following in lines[i + 1 :]:
                if not _starts_with_dash(following):
                    break
                found.append(following)
            return tuple(found)
    return ()


def _noi_nhan_items(lines: list[Line], heading: Line) -> tuple[Line, ...]:
    """The lines after "Nơi nhận:": the rest of its cell in a table, else its "- " lines."""
    after = lines[_position(lines, heading) + 1 :]
    home = heading.paragraph.cell
    if home is not None:
        return tuple(x for x in after if x.paragraph.cell == home)
    items: list[Line] = []
    for line in after:
        if not _starts_with_dash(line):
            break
        items.append(line)
    return tuple(items)


def _position(lines: list[Line], line: Line) -> int:
    return next(i for i, x in enumerate(lines) if x is line)
