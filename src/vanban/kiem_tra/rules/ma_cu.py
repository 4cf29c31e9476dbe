"""Text in a legacy Vietnamese encoding (TCVN3, VNI) instead of Unicode (NĐ 30/2020, Phụ lục I,
mục I.4: the font of the Vietnamese alphabet of the Unicode character set, TCVN 6909:2001).

A run is legacy text when its font is a TCVN3 font (".VnTime", ".VnTimeH" …) or a VNI font
("VNI-Times" …), whatever its letters (a run in ".VnTime" holding only ASCII still prints in a
font without Unicode Vietnamese), or when its paragraph reads as TCVN3 or VNI text by its shape
(:func:`vanban.text.ma_cu.text_encoding`: "Céng hoµ x· héi" in Times New Roman, the font changed
and the bytes not converted). The finding's expected text is the paragraph's legacy text in
Unicode; its edits (``guarded``: a person confirms the reading) replace each run's text with its
conversion and, for a legacy font, set the run's font to Times New Roman.
"""

from __future__ import annotations

from collections.abc import Iterator

from vanban.kiem_tra.components import Components
from vanban.kiem_tra.docx import Docx, Paragraph
from vanban.kiem_tra.edits import Edit, ReplaceText, SetRun
from vanban.kiem_tra.rules.base import ND30, Hit, rule
from vanban.text.ma_cu import Encoding, font_encoding, text_encoding, to_unicode
from vanban.typeset.page import FONT

SHOWN_CHARS = 70
"""At most this many characters of the text are shown in a finding."""
_NAMES = {"tcvn3": "bảng mã TCVN3", "vni": "bảng mã VNI"}


def _legacy_font(font: str | None) -> tuple[str, Encoding, bool] | None:
    """(the font's name, its encoding, capitals font) when the run's font is a legacy one; a
    run's font reads "ascii / hAnsi" when the two differ, and either may be the legacy one."""
    for name in reversed((font or "").split(" / ")):  # hAnsi first: the Vietnamese letters'
        found = font_encoding(name)
        if found is not None:
            return name, found[0], found[1]
    return None


def _shown(text: str) -> str:
    text = text.replace("\n", " ").replace("\t", " ").strip()
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _paragraph_hit(p: Paragraph) -> Hit | None:
    shape = text_encoding(p.text)
    edits: list[Edit] = []
    found: list[str] = []
    converted: list[str] = []
    fonts: list[str] = []
    at = None
    start = 0
    for run in p.runs:
        end = start + len(run.text)
        legacy = _legacy_font(run.font)
        if legacy is not None:
            name, encoding, upper = legacy
            new = to_unicode(run.text, encoding, upper_font=upper)
            if name not in fonts:
                fonts.append(name)
        elif shape is not None:
            new = to_unicode(run.text, shape)
        else:
            start = end
            continue
        if new != run.text:
            edits.append(ReplaceText(p.index, start, end, new))
        if legacy is not None and run.text:
            edits.append(SetRun(p.index, start, end, "font", FONT))
        if new != run.text or legacy is not None:
            at = start if at is None else at
            found.append(run.text)
            converted.append(new)
        start = end
    if at is None or not "".join(found).strip():
        return None
    where = ", ".join(fonts) if fonts else _NAMES[shape or "tcvn3"]
    expected = _shown("".join(converted)) + (f" ({FONT})" if fonts else "")
    return Hit(p, f"{_shown(''.join(found))} ({where})", expected, at=at, edits=tuple(edits))


@rule(
    "ma_cu.unicode",
    "Chữ Việt theo bộ mã Unicode, không gõ bằng bảng mã cũ TCVN3 (phông .VnTime, .VnTimeH …) "
    "hay VNI (phông VNI-Times …)",
    f"{ND30}, mục I.4 (bộ mã Unicode TCVN 6909:2001)",
    "loi",
    "van_ban",
    "guarded",
    "Céng hßa (.VnTime) → Cộng hòa (Times New Roman)",
)
def legacy_hits(doc: Docx, parts: Components) -> Iterator[Hit]:
    """A hit per paragraph holding text in a TCVN3 or VNI font, or shaped as such text."""
    for p in doc.paragraphs:
        hit = _paragraph_hit(p)
        if hit is not None:
            yield hit
