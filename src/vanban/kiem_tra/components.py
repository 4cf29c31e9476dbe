"""The components of a document (NĐ 30/2020, Phụ lục I, mục IV: the numbered cells "ô") found
by their content and position, never by style names: a document typed in Word has none of
vanban's styles.

- Quốc hiệu (ô 1): one of the first paragraphs reading "CỘNG HÒA XÃ HỘI CHỦ NGHĨA …" once
  marks and case are set aside; the Tiêu ngữ (ô 1) the next paragraph reading "Độc lập …".
- The header: the table holding the Quốc hiệu when there is one (the samples of Phụ lục III
  build it as a two-column table); otherwise the paragraphs up to the last of its lines found.
- "Số:" (ô 3): the header's first line starting "Số" and a colon.
- Place and date (ô 4): the header's line that is a place, a comma and "ngày … tháng … năm …"
  and nothing else.
- Tên loại (ô 5a): the first line after the header, when it is in capitals.
- "(Kèm theo … số … ngày … của …)": a line of the first few after the header, the mark of a text
  attached to a Quyết định (Mẫu 1.3) or of a Phụ lục (Mẫu 2.1) in a file of its own, whose
  header has no Số and no date.
- Kính gửi (ô 9a): the first line after the header starting "Kính gửi", and its "- " lines.
- Nơi nhận (ô 9b): the last line starting "Nơi nhận"; its items are the lines after it in its
  table cell, or the "- " lines after it outside a table.
- The signature (ô 7): the other cells of the table holding Nơi nhận.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vanban.kiem_tra.docx import Docx, Paragraph

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
class Components:
    """Where each component is, as paragraphs (None or empty when not found)."""

    quoc_hieu: Paragraph | None
    tieu_ngu: Paragraph | None
    so_ky_hieu: Paragraph | None
    dia_danh_ngay: Paragraph | None
    ten_loai: Paragraph | None
    kem_theo: Paragraph | None
    kinh_gui: tuple[Paragraph, ...]
    noi_nhan: Paragraph | None
    noi_nhan_muc: tuple[Paragraph, ...]
    chu_ky: tuple[Paragraph, ...]
    header: tuple[int, ...]
    """Indexes of the header's paragraphs."""

    def component_of(self, index: int) -> str:
        """The component paragraph ``index`` belongs to ("noi_dung" for the body)."""
        named = (
            ("quoc_hieu", (self.quoc_hieu,)),
            ("tieu_ngu", (self.tieu_ngu,)),
            ("so_ky_hieu", (self.so_ky_hieu,)),
            ("dia_danh_ngay", (self.dia_danh_ngay,)),
            ("ten_loai", (self.ten_loai,)),
            ("kinh_gui", self.kinh_gui),
            ("noi_nhan", (self.noi_nhan, *self.noi_nhan_muc)),
            ("chu_ky", self.chu_ky),
        )
        for name, paragraphs in named:
            if any(p is not None and p.index == index for p in paragraphs):
                return name
        return "tieu_de" if index in self.header else "noi_dung"


def find_components(doc: Docx) -> Components:
    """Find the components of ``doc`` (see the module's docstring)."""
    paragraphs = doc.paragraphs
    top = paragraphs[:HEADER_SEARCH]
    quoc_hieu = next((p for p in top if fold(p.text).startswith("CONG HOA XA HOI CHU")), None)
    tieu_ngu = None
    if quoc_hieu is not None:
        after = [p for p in paragraphs[quoc_hieu.index + 1 :] if p.text.strip()][:3]
        tieu_ngu = next((p for p in after if fold(p.text).startswith("DOC LAP")), None)
    table = quoc_hieu.cell[0] if quoc_hieu is not None and quoc_hieu.cell else None
    if table is not None:
        region = [p for p in paragraphs if p.cell is not None and p.cell[0] == table]
    else:
        region = list(top)
    so = next((p for p in region if _SO.match(p.text)), None)
    ngay = next((p for p in region if _DATE_LINE.match(p.text.strip())), None)
    if table is not None:
        header = tuple(p.index for p in region)
    else:
        found = [p.index for p in (quoc_hieu, tieu_ngu, so, ngay) if p is not None]
        header = tuple(range(max(found) + 1)) if found else ()
    end = max(header, default=-1)
    rest = [p for p in paragraphs[end + 1 :] if p.text.strip() and not is_rule_line(p)]
    ten_loai = None
    if header and rest:
        first = rest[0]
        letters = [ch for ch in first.text if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters):
            ten_loai = first
    kem_theo = next((p for p in rest[:5] if fold(p.text).startswith("(KEM THEO")), None)
    kinh_gui = _kinh_gui(paragraphs, end)
    noi_nhan = next((p for p in reversed(paragraphs) if fold(p.text).startswith("NOI NHAN")), None)
    items: tuple[Paragraph, ...] = ()
    signature: tuple[Paragraph, ...] = ()
    if noi_nhan is not None:
        items = _noi_nhan_items(paragraphs, noi_nhan)
        if noi_nhan.cell is not None:
            table_index = noi_nhan.cell[0]
            signature = tuple(
                p
                for p in paragraphs
                if p.cell is not None
                and p.cell[0] == table_index
                and p.cell != noi_nhan.cell
                and p.text.strip()
            )
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
    )


def _kinh_gui(paragraphs: tuple[Paragraph, ...], end: int) -> tuple[Paragraph, ...]:
    for p in paragraphs[end + 1 : end + 1 + HEADER_SEARCH]:
        if fold(p.text).startswith("KINH GUI"):
            lines = [p]
            for q in paragraphs[p.index + 1 :]:
                if not q.text.strip().startswith(_DASHES):
                    break
                lines.append(q)
            return tuple(lines)
    return ()


def _noi_nhan_items(paragraphs: tuple[Paragraph, ...], heading: Paragraph) -> tuple[Paragraph, ...]:
    after = paragraphs[heading.index + 1 :]
    if heading.cell is not None:
        return tuple(p for p in after if p.cell == heading.cell and p.text.strip())
    items: list[Paragraph] = []
    for p in after:
        if not p.text.strip().startswith(_DASHES):
            break
        items.append(p)
    return tuple(items)
