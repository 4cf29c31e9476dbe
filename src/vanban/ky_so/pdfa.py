"""Keeping a PDF/A-2b file PDF/A-2b through vanban's incremental updates (ISO 19005-2), and the
checks that say so without veraPDF (which no package registry this project uses carries).

What the updates could break, and how they do not:

- fonts: every font drawn with is embedded (6.2.11.4.1): the number, the date and the boxes
  are set in Times New Roman embedded as a subset (:mod:`vanban.ky_so.font`);
- images: the signature and the seal are PNGs with an alpha channel, drawn as images with a soft
  mask, which PDF/A-2 allows (6.2.10; PDF/A-1 did not), under LibreOffice's sRGB output intent;
- annotations: every widget is printed and has a normal appearance (6.3.2, 6.3.3), the
  invisible signature fields of attachments and copies an empty one;
- metadata: the XMP keeps its ``pdfaid`` identification (pyHanko rewrites the packet at each
  update, keeping it), and the document information dictionary must say what the XMP says
  (6.6.2.3.1): pyHanko appends itself to the dictionary's /Producer ("LibreOffice 7.4; pyHanko
  …") but writes its own name alone into the XMP's pdf:Producer, so the first update vanban
  makes drops the dictionary's /Producer, which pyHanko then fills with the same words as the
  XMP (:func:`align_producer`).

:func:`problems` reads a PDF back and lists what it finds against these rules.
"""

from __future__ import annotations

import io
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import BasePdfFileWriter


def align_producer(writer: BasePdfFileWriter) -> None:
    """Drop /Producer from the document information dictionary, so that pyHanko's update writes
    the one it writes into the XMP (ISO 19005-2, 6.6.2.3.1: the two say the same)."""
    info_ref = getattr(writer, "_info", None)  # pyHanko keeps the trailer's /Info here
    if info_ref is None:
        return
    info = info_ref.get_object()
    if isinstance(info, generic.DictionaryObject) and "/Producer" in info:
        del info["/Producer"]
        writer.mark_update(info_ref)


def problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from PDF/A-2b among what pypdf can read: no ``pdfaid`` part 2 in the
    XMP, no output intent, a font drawn with and not embedded (page content, form XObjects,
    annotation appearances, on every page), an annotation not printed or without its normal
    appearance, a document information entry that differs from its XMP property (Title, Author,
    Subject, Creator, Producer). Empty: none found. Not a validator: veraPDF checks much more
    (colour spaces, glyph widths against the font program, structure)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: list[str] = []
    root: Any = reader.trailer["/Root"]
    xmp = reader.xmp_metadata
    if "/Metadata" not in root or xmp is None:
        return ["no XMP metadata"]
    packet = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    if 'pdfaid:part="2"' not in packet and "<pdfaid:part>2<" not in packet:
        found.append("the XMP has no pdfaid:part 2")
    if "/OutputIntents" not in root:
        found.append("no output intent (the images' transparency needs one, 6.2.10)")
    seen: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        _fonts(page.get("/Resources"), f"page {number}", found, seen)
        for annotation in page.get("/Annots", []) or []:
            found.extend(_annotation(annotation.get_object(), number))
            appearance = annotation.get_object().get("/AP")
            for state in ("/N", "/R", "/D"):
                stream = None if appearance is None else appearance.get(state)
                if stream is not None and hasattr(stream.get_object(), "get_data"):
                    name = annotation.get_object().get("/T", "an annotation")
                    _fonts(stream.get_object().get("/Resources"), str(name), found, seen)
    info: Any = reader.metadata or {}
    pairs = {
        "/Title": xmp.dc_title.get("x-default") if xmp.dc_title else None,
        "/Author": ", ".join(xmp.dc_creator) if xmp.dc_creator else None,
        "/Subject": xmp.dc_description.get("x-default") if xmp.dc_description else None,
        "/Creator": xmp.xmp_creator_tool,
        "/Producer": xmp.pdf_producer,
    }
    for key, value in pairs.items():
        if key in info and str(info[key]) != (value or ""):
            found.append(f"Info {key} {str(info[key])!r} is not the XMP's {value!r}")
    return found


_PRINT, _HIDDEN, _INVISIBLE, _NO_VIEW, _TOGGLE_NO_VIEW = 4, 2, 1, 32, 256


def _annotation(annotation: Any, page: int) -> list[str]:
    """ISO 19005-2, 6.3.2 and 6.3.3: an annotation is printed and not hidden (its /F), and has
    an appearance dictionary with a normal appearance only (Popup and Link excepted)."""
    name = f"page {page}: annotation {annotation.get('/T', annotation.get('/Subtype'))}"
    found = []
    flags = int(annotation.get("/F", 0))
    if not flags & _PRINT or flags & (_HIDDEN | _INVISIBLE | _NO_VIEW | _TOGGLE_NO_VIEW):
        found.append(f"{name}: flags {flags}, not printed or hidden")
    if annotation.get("/Subtype") not in ("/Popup", "/Link"):
        appearance = annotation.get("/AP")
        if appearance is None:
            found.append(f"{name}: no appearance dictionary")
        elif set(appearance.keys()) != {"/N"}:
            found.append(f"{name}: appearances {sorted(appearance.keys())}, not /N only")
    return found


def _fonts(resources: Any, where: str, found: list[str], seen: set[int]) -> None:
    """Every font of ``resources`` and of the form XObjects it names, checked for a font
    program; each object once."""
    if resources is None:
        return
    resources = resources.get_object()
    for name, ref in (resources.get("/Font") or {}).items():
        font = ref.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        described = font
        if font.get("/Subtype") == "/Type0":
            described = font["/DescendantFonts"][0].get_object()
        descriptor = described.get("/FontDescriptor")
        program = None
        if descriptor is not None:
            descriptor = descriptor.get_object()
            program = next(
                (key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor),
                None,
            )
        if program is None:
            found.append(f"{where}: font {name} ({font.get('/BaseFont')}) is not embedded")
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if id(xobject) in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(id(xobject))
        _fonts(xobject.get("/Resources"), where, found, seen)
