"""Text vanban writes into a PDF after LibreOffice made it: the number and date filled in at
issue, the 10 pt box of an attachment in a separate file and of an electronic copy. One font for
all of it: Times New Roman, the decree's font (NĐ 30/2020, Điều 8.1.b; Phụ lục I, mục II.8.b,
III.1.d; phần II, mục I.3.c: "phông chữ Times New Roman ... cỡ chữ 10"), embedded as a subset of
the glyphs used (Type 0, Identity-H, with a ToUnicode map so the words can be searched and
copied): a PDF/A-2b file must embed every font it draws with (ISO 19005-2, 6.2.11.4.1), and the
standard 14 fonts have no Vietnamese letters.

The font is found as LibreOffice finds it (:func:`vanban.fonts.installed_font`, fontconfig):
Times New Roman, or Liberation Serif where it is missing, the metric twin LibreOffice lays the
document itself out in then (the PDF converter warns of it). Neither is a
:class:`~vanban.errors.SigningError` naming what to install. Shaping and subsetting are pyHanko's
(``pyhanko.pdf_utils.font.opentype``: HarfBuzz and fontTools, the ``signing`` extra).
"""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.writer import BasePdfFileWriter

from vanban.errors import SigningError
from vanban.fonts import installed_font

FAMILIES = ("Times New Roman", "Liberation Serif")
"""The families accepted: the decree's, then its metric twin (the one LibreOffice uses when
Times New Roman is missing)."""

logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset; dropped" is fine

INSTALL = (
    "install Times New Roman (Debian/Ubuntu: apt-get install ttf-mscorefonts-installer, or copy "
    "the Windows fonts to ~/.fonts) or its metric twin Liberation Serif (apt-get install "
    "fonts-liberation2)"
)


@cache
def font_file(italic: bool = False) -> Path:
    """The TrueType file of Times New Roman (upright or italic) as fontconfig gives it, or of
    Liberation Serif where Times New Roman is missing; else a :class:`SigningError` saying what
    to install."""
    style = "Times New Roman:italic" if italic else "Times New Roman:regular"
    found = installed_font(style)
    if (
        found is None
        or found.file is None
        or found.family not in FAMILIES
        or found.file.suffix.lower() != ".ttf"
        or not found.file.is_file()
    ):
        given = "no fontconfig" if found is None else f"fontconfig gives {found.family!r}"
        raise SigningError(
            f"no Times New Roman{' Italic' if italic else ''} to embed ({given}); the text "
            f"vanban writes on a PDF is set in it (NĐ 30/2020, Phụ lục I): {INSTALL}"
        )
    return found.file


@cache
def _program(path: Path) -> bytes:
    """The font file as embedded: scaled to 1000 units per em, the PDF's glyph space, because
    pyHanko's OpenType embedding writes the font's own units into the font dictionary's widths
    (/W), bounding box and ascent, which a PDF reads in thousandths of an em (ISO 32000-1, 9.2.4,
    9.7.4.3; Times New Roman and Liberation Serif have 2048 units per em); without its hinting
    (instructions for screens at small sizes, not scaled with the outlines)."""
    from fontTools.ttLib import TTFont, TTLibError
    from fontTools.ttLib.scaleUpem import scale_upem

    try:
        font = TTFont(io.BytesIO(path.read_bytes()))
        if "glyf" not in font:
            raise SigningError(f"{path}: not a TrueType font (no glyf table)")
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        glyphs = font["glyf"]
        for name in font.getGlyphOrder():
            glyphs[name].removeHinting()
        for table in ("fpgm", "prep", "cvt ", "hdmx", "VDMX", "LTSH"):
            if table in font:
                del font[table]
        out = io.BytesIO()
        font.save(out)
    except (OSError, TTLibError, KeyError) as error:
        raise SigningError(f"{path}: not a TrueType font vanban can embed ({error})") from None
    return out.getvalue()


@dataclass
class Line:
    """A line of text shaped in the font: its PDF text operators (the glyphs, a TJ) and its
    width in points."""

    operators: bytes
    width: float


class Font:
    """Times New Roman in one PDF being written (a pyHanko writer): :meth:`line` shapes text in
    it, :attr:`resource` is the font to name in the resources; the subset of the glyphs used is
    embedded when the writer writes."""

    def __init__(
        self,
        writer: BasePdfFileWriter,
        size: float,
        *,
        italic: bool = False,
        path: Path | None = None,
    ) -> None:
        self.size = size
        self.path = path or font_file(italic)
        self._engine = GlyphAccumulator(writer, io.BytesIO(_program(self.path)), size)
        self._cmap: dict[int, str] = self._engine.tt.getBestCmap() or {}
        self.ascent = self._engine.tt["hhea"].ascent / self._engine.units_per_em
        """The font's ascent, in ems."""

    @property
    def resource(self) -> generic.IndirectObject:
        """The font dictionary (written with the PDF)."""
        return self._engine.as_resource()

    def line(self, text: str) -> Line:
        """``text`` shaped; a character the font does not have is a :class:`SigningError`."""
        text = unicodedata.normalize("NFC", text)
        for ch in text:
            if ord(ch) not in self._cmap:
                raise SigningError(
                    f"{ch!r} (U+{ord(ch):04X}) is not in the font {self.path.name}; the text "
                    f"{text!r} cannot be set in it"
                )
        shaped = self._engine.shape(text, with_actual_text=False)
        return Line(shaped.graphics_ops, shaped.x_advance * self.size)

    def width(self, text: str) -> float:
        """The width of ``text`` in points."""
        return self.line(text).width
