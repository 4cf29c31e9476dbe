"""The 10 pt box at the top right of page 1 that stands for a signature shown without an image:
the body's on an attachment in a separate file ("Số: 12/QĐ-UBND; 29/01/2022; 09:15:02 +07:00",
NĐ 30/2020, Phụ lục I, mục II.8.b, III.1.d; Phụ lục III, Mẫu 1.3 electronic, Mẫu 2.2) and the
copying body's on an electronic copy ("SAO Y; <body>; <time>", phần II, mục I.3; Mẫu 3.2, ô 14).

Times New Roman, regular, upright, 10 pt, black (the decree's words for both), embedded as a
subset (:mod:`vanban.ky_so.font`), right-aligned at the right margin, inside the top margin
above the header; a line wider than the text area breaks after a ";". The box is page content,
so it is written before the PDF is signed (new content after a signature invalidates it), as an
incremental update: the PDF's own bytes, its PDF/A identification included, stay as they were.
"""

from __future__ import annotations

import io
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from vanban.errors import SigningError
from vanban.ky_so.font import Font
from vanban.ky_so.pdfa import align_producer

SIZE_PT = 10.0
"""NĐ 30/2020, Phụ lục I, mục II.8.b, III.1.d, phần II mục I.3.c: "cỡ chữ 10"."""
RIGHT_MM = 15.0
"""The right margin of vanban's pages (Phụ lục I, mục I.3: 15-20 mm): the box ends there."""
LEFT_MM = 30.0
"""The left margin (Phụ lục I, mục I.3: 30-35 mm): a longer box breaks into lines."""
TOP_MM = 10.0
"""The top of the box: inside the 20 mm top margin, above the header (the samples' place)."""
LEADING = 1.15
"""Line spacing of a box broken into lines, in text sizes."""
FONT_NAME = "/VbHop"
"""The box's font in the page's resources."""

_MM = 72 / 25.4


def wrap(text: str, font: Font, room: float) -> list[str]:
    """The lines of ``text``, broken after "; " where a line would pass ``room`` points."""
    lines: list[str] = []
    for part in text.split("; "):
        if lines and font.width(f"{lines[-1]}; {part}") <= room:
            lines[-1] = f"{lines[-1]}; {part}"
        elif lines:
            lines[-1] += ";"
            lines.append(part)
        else:
            lines.append(part)
    return lines


def stamp(pdf: bytes, text: str, *, font: Path | None = None) -> bytes:
    """``pdf`` with the box ``text`` at the top right of page 1, Times New Roman 10 pt, black,
    in an incremental update. ``font``: a TrueType file to use instead of the installed Times
    New Roman. The caller checks the PDF may be stamped (not signed, not encrypted, page 1
    upright): :func:`vanban.ban_sao_dien_tu.stamp_ban_sao_dien_tu` and
    :func:`vanban.ky_so.kem_theo.issue_attachment` do."""
    text = " ".join(text.split())
    if not text:
        raise SigningError("the box's text is empty")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    left, _bottom, right, top = _box(page)
    face = Font(writer, SIZE_PT, path=font)
    room = right - left - (RIGHT_MM + LEFT_MM) * _MM
    commands = [b"q 0 g BT", f"{FONT_NAME} {SIZE_PT:g} Tf".encode()]
    baseline = top - TOP_MM * _MM - face.ascent * SIZE_PT
    for line in wrap(text, face, room):
        shaped = face.line(line)
        x = right - RIGHT_MM * _MM - shaped.width
        commands.append(f"1 0 0 1 {x:.2f} {baseline:.2f} Tm".encode() + b" " + shaped.operators)
        baseline -= SIZE_PT * LEADING
    commands.append(b"ET Q")
    if "/Contents" not in page:
        page[generic.NameObject("/Contents")] = generic.ArrayObject()
    else:  # whatever the page's content leaves in the graphics state is undone first
        writer.add_stream_to_page(
            0, writer.add_object(generic.StreamObject(stream_data=b"q")), prepend=True
        )
        commands.insert(0, b"Q")
    resources = generic.DictionaryObject(
        {
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject(FONT_NAME): face.resource}
            )
        }
    )
    content = writer.add_object(generic.StreamObject(stream_data=b"\n".join(commands)))
    writer.add_stream_to_page(0, content, resources=resources)
    align_producer(writer)  # PDF/A: the information dictionary says what the XMP says
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _box(page: generic.DictionaryObject) -> tuple[float, float, float, float]:
    """Page 1's visible box (CropBox, else MediaBox, inherited from the page tree if need be)."""
    node: generic.PdfObject | None = page
    while node is not None:
        node = node.get_object()
        assert isinstance(node, generic.DictionaryObject)
        for key in ("/CropBox", "/MediaBox"):
            if key in node:
                x0, y0, x1, y1 = (float(v) for v in node[key])
                return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
        node = node.get("/Parent")
    raise SigningError("page 1 has no MediaBox")
