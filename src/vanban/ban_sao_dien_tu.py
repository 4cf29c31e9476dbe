"""Bản sao điện tử (Mẫu 3.2): the box of the copying body's digital signature on page 1 of a PDF.

NĐ 30/2020, Phụ lục I, phần II, mục I.3: the body's signature on an electronic copy shows no
image; at the top right of page 1 (ô 14 of Phần I, mục IV) it shows the form of the copy, the
copying body's name and the signing time (ngày tháng năm; giờ phút giây; Vietnam's time zone,
ISO 8601), in Times New Roman, lower case ("chữ in thường"), upright, 10 pt, black. The text is
:func:`vanban.hop_ban_sao_dien_tu`; :func:`stamp_ban_sao_dien_tu` writes it on page 1, right
aligned at the right margin, inside the top margin, before the PDF is signed.

The text is set in Times New Roman, embedded as a subset of the glyphs used, with a ToUnicode map
so the words can be searched and copied (:mod:`vanban.ky_so.font`, which finds the font as
LibreOffice does and takes Liberation Serif, its metric twin, where it is missing); the box is
drawn by :func:`vanban.ky_so.hop.stamp`, which the attachments' box shares. Both need the
``signing`` extra, as the signature that follows does.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from vanban.errors import VanBanError

__all__ = ["BanSaoDienTuError", "stamp_ban_sao_dien_tu"]

SIZE_PT = 10.0  # Phụ lục I, phần II, mục I.3.c: cỡ chữ 10
RIGHT_MM = 15.0  # the right margin of vanban's pages (Phụ lục I, mục I.3: 15-20 mm)
TOP_MM = 10.0  # the top of the box, inside the 20 mm top margin, where page numbers stand
_MAX_PDF_BYTES = 256 * 1024 * 1024


class BanSaoDienTuError(VanBanError, ValueError):
    """A PDF the box cannot be written on (not a PDF, encrypted, already signed, rotated page 1),
    or a character the font does not have, or no font to set it in; the message says which."""


def stamp_ban_sao_dien_tu(pdf: bytes, hop: str, *, font: Path | None = None) -> bytes:
    """``pdf`` with the electronic copy's box ``hop`` (:func:`vanban.hop_ban_sao_dien_tu`) at
    the top right of page 1, Times New Roman 10 pt, black (NĐ 30/2020, Phụ lục I, phần II, mục
    I.3). A line longer than the text area is broken after a ";". The PDF is stamped before it
    is signed: a signed PDF is refused (new content would break its signature). ``font`` is a
    TrueType file to use instead of the installed Times New Roman (or Liberation Serif). Needs
    the ``signing`` extra (the font is embedded with pyHanko's OpenType support).
    """
    check_stampable(pdf, BanSaoDienTuError)
    if not " ".join(hop.split()):
        raise BanSaoDienTuError("the box's text is empty (vanban.hop_ban_sao_dien_tu makes it)")
    try:
        from vanban.ky_so.hop import stamp
    except ImportError as error:
        raise BanSaoDienTuError(
            f"the box's font is embedded with pyHanko: pip install 'vanban[signing]' ({error})"
        ) from None
    from vanban.errors import SigningError

    try:
        return stamp(pdf, hop, font=font)
    except SigningError as error:
        raise BanSaoDienTuError(str(error)) from None


def check_stampable(pdf: bytes, error: type[VanBanError]) -> None:
    """Refuse, with ``error``, a PDF the box cannot be written on: too large, not readable,
    encrypted, without pages, signed already (new content after a signature invalidates it),
    or whose page 1 is rotated."""
    if len(pdf) > _MAX_PDF_BYTES:
        raise error(f"the PDF is {len(pdf)} bytes, over {_MAX_PDF_BYTES}")
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise error("the PDF is encrypted; stamp the box on an open PDF")
        if len(reader.pages) == 0:
            raise error("the PDF has no page")
        form = reader.root_object.get("/AcroForm")
        if form is not None and int(form.get_object().get("/SigFlags", 0)) & 1:
            raise error(
                "the PDF is already signed; the box is written before the body signs "
                "(new content after a signature invalidates it)"
            )
        if int(reader.pages[0].get("/Rotate", 0)) % 360:
            raise error("page 1 is rotated; the box needs an upright page 1")
    except PdfReadError as problem:
        raise error(f"not a PDF that can be read: {problem}") from None
