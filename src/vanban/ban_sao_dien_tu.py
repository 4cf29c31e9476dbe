"""Bản sao điện tử (Mẫu 3.2): the box of the copying body's digital signature on page 1 of a PDF.

NĐ 30/2020, Phụ lục I, phần II, mục I.3: the body's signature on an electronic copy shows no
image; at the top right of page 1 (ô 14 of Phần I, mục IV) it shows the form of the copy, the
copying body's name and the signing time (ngày tháng năm; giờ phút giây; Vietnam's time zone,
ISO 8601), in Times New Roman, lower case ("chữ in thường"), upright, 10 pt, black. The text is
:func:`vanban.hop_ban_sao_dien_tu`; :func:`stamp_ban_sao_dien_tu` writes it on page 1, right
aligned at the right margin, inside the top margin, before the PDF is signed.

The text is set in a TrueType font embedded whole (Type 0, Identity-H, with a ToUnicode map, so
the words can be searched and copied): Times New Roman where it is installed, else Liberation
Serif, which has Times New Roman's metrics (the font LibreOffice substitutes for it).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from vanban.errors import VanBanError
from vanban.fonts import installed_font

__all__ = ["BanSaoDienTuError", "stamp_ban_sao_dien_tu"]

SIZE_PT = 10.0  # Phụ lục I, phần II, mục I.3.c: cỡ chữ 10
RIGHT_MM = 15.0  # the right margin of vanban's pages (Phụ lục I, mục I.3: 15-20 mm)
TOP_MM = 10.0  # the top of the box, inside the 20 mm top margin, where page numbers stand
FONTS = (
    Path("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf"),
    Path("/usr/share/fonts/truetype/msttcorefonts/times.ttf"),
    Path("C:/Windows/Fonts/times.ttf"),
    Path("/Library/Fonts/Times New Roman.ttf"),
    Path("/System/Library/Fonts/Supplemental/Times New Roman.ttf"),
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/liberation-serif/LiberationSerif-Regular.ttf"),
)
"""Where the font is looked for when fontconfig does not give Times New Roman or its metric twin
Liberation Serif: Times New Roman first, then Liberation Serif."""
_MM = 72 / 25.4
_MAX_PDF_BYTES = 256 * 1024 * 1024


class BanSaoDienTuError(VanBanError, ValueError):
    """A PDF the box cannot be written on (not a PDF, encrypted, already signed, rotated page 1),
    or a character no installed font has; the message says which."""


def stamp_ban_sao_dien_tu(pdf: bytes, hop: str, *, font: Path | None = None) -> bytes:
    """``pdf`` with the electronic copy's box ``hop`` (:func:`vanban.hop_ban_sao_dien_tu`) at
    the top right of page 1, Times New Roman 10 pt, black (NĐ 30/2020, Phụ lục I, phần II, mục
    I.3). A line longer than the text area is broken after a ";". The PDF is stamped before it
    is signed: a signed PDF is refused (new content would break its signature). ``font`` is a
    TrueType file to use instead of the installed Times New Roman or Liberation Serif.
    """
    if len(pdf) > _MAX_PDF_BYTES:
        raise BanSaoDienTuError(f"the PDF is {len(pdf)} bytes, over {_MAX_PDF_BYTES}")
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise BanSaoDienTuError("the PDF is encrypted; stamp the copy's box on an open PDF")
        if len(reader.pages) == 0:
            raise BanSaoDienTuError("the PDF has no page")
        form = reader.root_object.get("/AcroForm")
        if form is not None and int(form.get_object().get("/SigFlags", 0)) & 1:
            raise BanSaoDienTuError(
                "the PDF is already signed; the box is written before the copying body signs "
                "(new content after a signature invalidates it)"
            )
        writer = PdfWriter(clone_from=reader)
    except PdfReadError as error:
        raise BanSaoDienTuError(f"not a PDF that can be read: {error}") from None
    lines = " ".join(hop.split())
    if not lines:
        raise BanSaoDienTuError("the box's text is empty (vanban.hop_ban_sao_dien_tu makes it)")
    face = _font(font)
    page = writer.pages[0]
    if int(page.get("/Rotate", 0)) % 360:
        raise BanSaoDienTuError("page 1 is rotated; the box needs an upright page 1")
    box = page.cropbox
    left, bottom = float(box.left), float(box.bottom)
    right, top = float(box.right), float(box.top)
    room = right - left - RIGHT_MM * _MM - 30 * _MM  # the text area (left margin 30 mm)
    overlay = PageObject.create_blank_page(width=right - left, height=top - bottom)
    font_ref = writer._add_object(_font_object(face, writer))
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/FBS"): font_ref})}
    )
    commands = ["q", "0 g", "BT", f"/FBS {SIZE_PT:g} Tf"]
    baseline = top - TOP_MM * _MM - face.ascent * SIZE_PT
    for line in _wrap(lines, face, room):
        x = right - RIGHT_MM * _MM - face.width(line) * SIZE_PT
        commands.append(f"1 0 0 1 {x:.2f} {baseline:.2f} Tm <{face.glyphs(line)}> Tj")
        baseline -= SIZE_PT * 1.15
    commands += ["ET", "Q"]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(commands).encode("ascii"))
    overlay[NameObject("/Contents")] = writer._add_object(stream)
    page.merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _wrap(text: str, face: _Face, room: float) -> list[str]:
    """The lines of ``text``, broken after "; " where a line would pass ``room`` points."""
    lines: list[str] = []
    for part in text.split("; "):
        if lines and face.width(f"{lines[-1]}; {part}") * SIZE_PT <= room:
            lines[-1] = f"{lines[-1]}; {part}"
        elif lines:
            lines[-1] += ";"
            lines.append(part)
        else:
            lines.append(part)
    return lines


# --- the TrueType font --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    """What the box needs of a TrueType font: its bytes, glyphs, widths and vertical metrics."""

    name: str
    data: bytes
    cmap: dict[int, int]
    advances: tuple[int, ...]
    units: int
    ascent: float  # in ems
    descent: float
    bbox: tuple[int, int, int, int]

    def gid(self, ch: str) -> int:
        glyph = self.cmap.get(ord(ch))
        if glyph is None:
            raise BanSaoDienTuError(
                f"{ch!r} (U+{ord(ch):04X}) is not in the font {self.name}; pass font= a "
                "TrueType file that has it"
            )
        return glyph

    def advance(self, glyph: int) -> int:
        return self.advances[min(glyph, len(self.advances) - 1)]

    def width(self, text: str) -> float:
        """The width of ``text`` in ems."""
        return sum(self.advance(self.gid(ch)) for ch in text) / self.units

    def glyphs(self, text: str) -> str:
        """``text`` as Identity-H codes (glyph ids), in hex."""
        return "".join(f"{self.gid(ch):04X}" for ch in text)


def _font(path: Path | None) -> _Face:
    if path is not None:
        return _read_face(Path(path))
    found = installed_font("Times New Roman")  # as LibreOffice finds it, ~/.fonts included
    if (
        found is not None
        and found.file is not None
        and found.file.suffix.lower() == ".ttf"
        and found.family in ("Times New Roman", "Liberation Serif")
    ):
        return _read_face(found.file)
    for candidate in FONTS:
        if candidate.is_file():
            return _read_face(candidate)
    raise BanSaoDienTuError(
        "neither Times New Roman nor Liberation Serif (fonts-liberation2) is installed; install "
        "one, or pass font= a TrueType file"
    )


@cache
def _read_face(path: Path) -> _Face:
    try:
        data = path.read_bytes()
        tables = _tables(data)
        head, hhea, hmtx = tables["head"], tables["hhea"], tables["hmtx"]
        units = struct.unpack_from(">H", data, head + 18)[0]
        bbox = struct.unpack_from(">4h", data, head + 36)
        ascent, descent = struct.unpack_from(">2h", data, hhea + 4)
        metrics = struct.unpack_from(">H", data, hhea + 34)[0]
        advances = tuple(struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(metrics))
        cmap = _cmap(data, tables["cmap"])
    except (OSError, KeyError, struct.error) as error:
        raise BanSaoDienTuError(f"{path}: not a TrueType font vanban can read ({error})") from None
    name = "".join(ch for ch in path.stem if ch.isalnum() or ch == "-") or "Font"
    return _Face(name, data, cmap, advances, units, ascent / units, descent / units, bbox)


def _tables(data: bytes) -> dict[str, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    out = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        out[tag.decode("latin-1")] = offset
    return out


def _cmap(data: bytes, offset: int) -> dict[int, int]:
    """The Unicode cmap (format 12 when present, else format 4) as code point -> glyph id."""
    count = struct.unpack_from(">H", data, offset + 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, where = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, offset + where)[0]
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and fmt == 12:
            subtables[12] = offset + where
        elif (platform, encoding) in ((3, 1), (0, 3), (0, 1)) and fmt == 4:
            subtables[4] = offset + where
    if 12 in subtables:
        at = subtables[12]
        groups = struct.unpack_from(">I", data, at + 12)[0]
        out = {}
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">3I", data, at + 16 + 12 * g)
            out.update({code: glyph + code - start for code in range(start, end + 1)})
        return out
    at = subtables[4]
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    out = {}
    for s in range(segments):
        for code in range(starts[s], ends[s] + 1):
            if code == 0xFFFF:
                continue
            if offsets[s] == 0:
                glyph = (code + deltas[s]) & 0xFFFF
            else:
                where = range_at + 2 * s + offsets[s] + 2 * (code - starts[s])
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
            if glyph:
                out[code] = glyph
    return out


def _font_object(face: _Face, writer: PdfWriter) -> DictionaryObject:
    """A Type 0 font (Identity-H) over the whole TrueType file, with widths and ToUnicode for
    the characters of Vietnamese text (ISO 32000-1, 9.7)."""
    scale = 1000 / face.units
    program = StreamObject()
    program._data = zlib.compress(face.data)
    program[NameObject("/Filter")] = NameObject("/FlateDecode")
    program[NameObject("/Length1")] = NumberObject(len(face.data))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject(f"/{face.name}"),
            NameObject("/Flags"): NumberObject(34),  # serif, non-symbolic
            NameObject("/FontBBox"): ArrayObject(
                [NumberObject(round(v * scale)) for v in face.bbox]
            ),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(round(face.ascent * 1000)),
            NameObject("/Descent"): NumberObject(round(face.descent * 1000)),
            NameObject("/CapHeight"): NumberObject(662),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(program),
        }
    )
    used = sorted({glyph for glyph in face.cmap.values() if glyph < 65536})
    widths = ArrayObject()
    for glyph in used:
        widths += [
            NumberObject(glyph),
            ArrayObject([FloatObject(round(face.advance(glyph) * scale, 1))]),
        ]
    cid = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject(f"/{face.name}"),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/W"): widths,
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    to_unicode = StreamObject()
    to_unicode._data = zlib.compress(_to_unicode(face))
    to_unicode[NameObject("/Filter")] = NameObject("/FlateDecode")
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject(f"/{face.name}"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )


def _to_unicode(face: _Face) -> bytes:
    """The CMap from glyph ids back to text (first code point of each glyph, BMP only)."""
    back: dict[int, int] = {}
    for code, glyph in sorted(face.cmap.items()):
        if code <= 0xFFFF and glyph not in back:
            back[glyph] = code
    entries = sorted(back.items())
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{glyph:04X}> <{code:04X}>" for glyph, code in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
